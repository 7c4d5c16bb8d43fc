// Key derivation built on the provider's HMAC: HKDF (RFC 5869) and the TLS 1.2
// PRF (RFC 5246 5).
#pragma once

#include <string_view>

#include "common/bytes.h"
#include "crypto/hash.h"
#include "crypto/provider.h"
#include "crypto/secret.h"

namespace parley::crypto {

// RFC 5869 2.2. An empty salt means hash_size zero bytes.
Secret hkdf_extract(const Provider& provider, HashAlgorithm alg, ByteView salt, ByteView ikm);
// RFC 5869 2.3. `length` at most 255 * hash_size.
Secret hkdf_expand(const Provider& provider, HashAlgorithm alg, ByteView prk, ByteView info,
                   size_t length);

// RFC 5246 5: PRF(secret, label, seed) = P_<hash>(secret, label + seed).
Secret tls12_prf(const Provider& provider, HashAlgorithm alg, ByteView secret,
                 std::string_view label, ByteView seed, size_t length);
// The same with an HMAC already keyed with the secret, so that several PRF
// outputs of one secret share its key setup; `keyed` is left ready for reuse.
Secret tls12_prf(Hmac& keyed, std::string_view label, ByteView seed, size_t length);

}  // namespace parley::crypto

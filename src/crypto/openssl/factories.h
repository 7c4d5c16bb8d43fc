// The libcrypto implementations behind OpenSslProvider, one function per
// Provider method. Internal to crypto/openssl/.
#pragma once

#include <memory>

#include "common/bytes.h"
#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/key_exchange.h"
#include "crypto/signature.h"
#include "parley/error.h"

namespace parley::crypto::openssl {

Result<std::unique_ptr<Aead>> new_aead(AeadAlgorithm alg, ByteView key);
std::unique_ptr<Hash> new_hash(HashAlgorithm alg);
std::unique_ptr<Hmac> new_hmac(HashAlgorithm alg, ByteView key);

Result<std::unique_ptr<KeyExchange>> new_key_exchange(KeyExchangeGroup group);
Result<std::unique_ptr<KeyExchange>> new_key_exchange_from_private(KeyExchangeGroup group,
                                                                   ByteView private_key);
Result<std::unique_ptr<KeyExchange>> new_custom_dh(ByteView p, ByteView g, size_t min_bits);

Result<std::unique_ptr<PublicKey>> parse_spki(ByteView spki_der);
Result<std::unique_ptr<PrivateKey>> parse_private(ByteView der, PrivateKeyFormat format);

void random_bytes(std::span<uint8_t> out);

}  // namespace parley::crypto::openssl

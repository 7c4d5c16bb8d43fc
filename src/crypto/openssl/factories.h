// The libcrypto implementations behind OpenSslProvider, one function per
// Provider method. Internal to crypto/openssl/.
#pragma once

#include <memory>

#include "common/bytes.h"
#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/kem.h"
#include "crypto/key_exchange.h"
#include "crypto/sha3.h"
#include "crypto/signature.h"
#include "parley/error.h"

namespace parley::crypto::openssl {

Result<std::unique_ptr<Aead>> new_aead(AeadAlgorithm alg, ByteView key);
std::unique_ptr<Hash> new_hash(HashAlgorithm alg);
std::unique_ptr<Hmac> new_hmac(HashAlgorithm alg, ByteView key);
std::unique_ptr<Sha3> new_sha3();

// ML-KEM: libcrypto's where it has one (3.5 and later), else parley's own.
bool libcrypto_has_kem(KemAlgorithm alg);
Result<std::unique_ptr<KemDecapsulationKey>> new_kem_key(KemAlgorithm alg, ByteView seed);
Result<std::unique_ptr<KemDecapsulationKey>> parse_kem_key(KemAlgorithm alg, ByteView dk);
Result<KemEncapsulation> kem_encapsulate(KemAlgorithm alg, ByteView encapsulation_key, ByteView m);

Result<std::unique_ptr<KeyExchange>> new_key_exchange(KeyExchangeGroup group);
Result<std::unique_ptr<KeyExchange>> new_key_exchange_from_private(KeyExchangeGroup group,
                                                                   ByteView private_key);
Result<std::unique_ptr<KeyExchange>> new_custom_dh(ByteView p, ByteView g, size_t min_bits);

Result<std::unique_ptr<PublicKey>> parse_spki(ByteView spki_der);
Result<std::unique_ptr<PrivateKey>> parse_private(ByteView der, PrivateKeyFormat format);

void random_bytes(std::span<uint8_t> out);

}  // namespace parley::crypto::openssl

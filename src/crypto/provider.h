// The crypto provider: the one seam between parley and the library that
// supplies primitives. Everything above crypto/ obtains algorithm objects
// here; only crypto/openssl/ implements it.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "common/bytes.h"
#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/kem.h"
#include "crypto/key_exchange.h"
#include "crypto/sha3.h"
#include "crypto/signature.h"
#include "parley/crypto_provider.h"
#include "parley/error.h"

namespace parley::crypto {

// Derives from the public opaque handle, so a config can name a provider
// without the public headers naming this interface.
class Provider : public CryptoProvider {
 public:
  // `key` must be aead_key_size(alg) bytes.
  virtual Result<std::unique_ptr<Aead>> make_aead(AeadAlgorithm alg, ByteView key) const = 0;
  virtual std::unique_ptr<Hash> make_hash(HashAlgorithm alg) const = 0;
  virtual std::unique_ptr<Hmac> make_hmac(HashAlgorithm alg, ByteView key) const = 0;
  virtual std::unique_ptr<Sha3> make_sha3() const = 0;

  // A fresh ephemeral key pair in a named group (not kCustomDh).
  virtual Result<std::unique_ptr<KeyExchange>> make_key_exchange(KeyExchangeGroup group) const = 0;
  // A key pair from a given private key, for test vectors (RFC 8448).
  virtual Result<std::unique_ptr<KeyExchange>> make_key_exchange_from_private(
      KeyExchangeGroup group, ByteView private_key) const = 0;
  // A fresh key pair in a finite-field group given by big-endian p and g
  // (TLS 1.2 DHE). Rejects p under `min_bits` and g outside 1 < g < p-1.
  virtual Result<std::unique_ptr<KeyExchange>> make_dh(ByteView p, ByteView g,
                                                       size_t min_bits) const = 0;

  // ML-KEM (FIPS 203) in its deterministic form; generate_kem_key and
  // kem_encapsulate below draw the randomness. KeyGen_internal from the seed
  // d || z:
  virtual Result<std::unique_ptr<KemDecapsulationKey>> make_kem_key(KemAlgorithm alg,
                                                                    ByteView seed) const = 0;
  // A decapsulation key in its byte form, after the checks of FIPS 203 7.3.
  virtual Result<std::unique_ptr<KemDecapsulationKey>> parse_kem_key(KemAlgorithm alg,
                                                                     ByteView dk) const = 0;
  // Encaps_internal(ek, m) after the checks of FIPS 203 7.2 (illegal_parameter).
  virtual Result<KemEncapsulation> kem_encapsulate(KemAlgorithm alg, ByteView encapsulation_key,
                                                   ByteView m) const = 0;
  // "libcrypto" or "parley": whose ML-KEM the calls above run.
  virtual std::string_view kem_implementation(KemAlgorithm alg) const = 0;

  virtual Result<std::unique_ptr<PublicKey>> parse_public_key(ByteView spki_der) const = 0;
  virtual Result<std::unique_ptr<PrivateKey>> parse_private_key(ByteView der,
                                                                PrivateKeyFormat format) const = 0;

  // Cryptographically secure random bytes.
  virtual void random(std::span<uint8_t> out) const = 0;
  // The same, for values that are sent in the clear or only need to be
  // unpredictable and unique (hello randoms, session IDs, nonces), never for
  // keys: a provider may serve these from a cheaper pool, the way OpenSSL
  // keeps RAND_priv_bytes apart from RAND_bytes and GnuTLS has a nonce level.
  virtual void public_random(std::span<uint8_t> out) const { random(out); }
};

// The process-wide default provider (libcrypto).
const Provider& default_provider();

// FIPS 203 Algorithm 19 ML-KEM.KeyGen and 20 ML-KEM.Encaps: the deterministic
// provider calls with fresh random seeds.
Result<std::unique_ptr<KemDecapsulationKey>> generate_kem_key(const Provider& provider,
                                                              KemAlgorithm alg);
Result<KemEncapsulation> encapsulate(const Provider& provider, KemAlgorithm alg,
                                     ByteView encapsulation_key);

// The provider a config names (null: the default), or null when it is not
// one of parley's (an application's own class deriving from the handle).
const Provider* provider_for(const CryptoProvider* configured);

// One-shot hash.
Bytes hash(const Provider& provider, HashAlgorithm alg, ByteView data);

}  // namespace parley::crypto

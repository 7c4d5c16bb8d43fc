// A crypto provider for tests that forwards every call to libcrypto's;
// a test derives from it and overrides only what it watches or scripts.
// Header only, so that every test folder can use it.
#pragma once

#include <memory>
#include <span>
#include <string_view>

#include "crypto/provider.h"

namespace parley::crypto::testing {

class DelegatingProvider : public Provider {
 public:
  Result<std::unique_ptr<Aead>> make_aead(AeadAlgorithm alg, ByteView key) const override {
    return base().make_aead(alg, key);
  }
  std::unique_ptr<Hash> make_hash(HashAlgorithm alg) const override {
    return base().make_hash(alg);
  }
  std::unique_ptr<Hmac> make_hmac(HashAlgorithm alg, ByteView key) const override {
    return base().make_hmac(alg, key);
  }
  std::unique_ptr<Sha3> make_sha3() const override { return base().make_sha3(); }
  Result<std::unique_ptr<KeyExchange>> make_key_exchange(KeyExchangeGroup group) const override {
    return base().make_key_exchange(group);
  }
  Result<std::unique_ptr<KeyExchange>> make_key_exchange_from_private(
      KeyExchangeGroup group, ByteView private_key) const override {
    return base().make_key_exchange_from_private(group, private_key);
  }
  Result<std::unique_ptr<KeyExchange>> make_dh(ByteView p, ByteView g,
                                               size_t min_bits) const override {
    return base().make_dh(p, g, min_bits);
  }
  Result<std::unique_ptr<KemDecapsulationKey>> make_kem_key(KemAlgorithm alg,
                                                            ByteView seed) const override {
    return base().make_kem_key(alg, seed);
  }
  Result<std::unique_ptr<KemDecapsulationKey>> parse_kem_key(KemAlgorithm alg,
                                                             ByteView dk) const override {
    return base().parse_kem_key(alg, dk);
  }
  Result<KemEncapsulation> kem_encapsulate(KemAlgorithm alg, ByteView ek,
                                           ByteView m) const override {
    return base().kem_encapsulate(alg, ek, m);
  }
  std::string_view kem_implementation(KemAlgorithm alg) const override {
    return base().kem_implementation(alg);
  }
  Result<std::unique_ptr<PublicKey>> parse_public_key(ByteView spki) const override {
    return base().parse_public_key(spki);
  }
  Result<std::unique_ptr<PrivateKey>> parse_private_key(ByteView der,
                                                        PrivateKeyFormat format) const override {
    return base().parse_private_key(der, format);
  }
  void random(std::span<uint8_t> out) const override { base().random(out); }

 protected:
  static const Provider& base() { return default_provider(); }
};

}  // namespace parley::crypto::testing

// crypto::Provider on OpenSSL libcrypto 3.x.
#include "crypto/provider.h"

#include <openssl/rand.h>

#include <algorithm>
#include <climits>

#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto {
namespace openssl {

void random_bytes(std::span<uint8_t> out) {
  while (!out.empty()) {
    size_t chunk = std::min<size_t>(out.size(), INT_MAX);
    check_or_abort(RAND_bytes(out.data(), static_cast<int>(chunk)) == 1, "RAND_bytes");
    out = out.subspan(chunk);
  }
}

namespace {

class OpenSslProvider final : public Provider {
 public:
  Result<std::unique_ptr<Aead>> make_aead(AeadAlgorithm alg, ByteView key) const override {
    return new_aead(alg, key);
  }
  std::unique_ptr<Hash> make_hash(HashAlgorithm alg) const override { return new_hash(alg); }
  std::unique_ptr<Hmac> make_hmac(HashAlgorithm alg, ByteView key) const override {
    return new_hmac(alg, key);
  }
  std::unique_ptr<Sha3> make_sha3() const override { return new_sha3(); }
  Result<std::unique_ptr<KemDecapsulationKey>> make_kem_key(KemAlgorithm alg,
                                                            ByteView seed) const override {
    return new_kem_key(alg, seed);
  }
  Result<std::unique_ptr<KemDecapsulationKey>> parse_kem_key(KemAlgorithm alg,
                                                             ByteView dk) const override {
    return openssl::parse_kem_key(alg, dk);
  }
  Result<KemEncapsulation> kem_encapsulate(KemAlgorithm alg, ByteView encapsulation_key,
                                           ByteView m) const override {
    return openssl::kem_encapsulate(alg, encapsulation_key, m);
  }
  std::string_view kem_implementation(KemAlgorithm alg) const override {
    return libcrypto_has_kem(alg) ? "libcrypto" : "parley";
  }
  Result<std::unique_ptr<KeyExchange>> make_key_exchange(KeyExchangeGroup group) const override {
    return new_key_exchange(group);
  }
  Result<std::unique_ptr<KeyExchange>> make_key_exchange_from_private(
      KeyExchangeGroup group, ByteView private_key) const override {
    return new_key_exchange_from_private(group, private_key);
  }
  Result<std::unique_ptr<KeyExchange>> make_dh(ByteView p, ByteView g,
                                               size_t min_bits) const override {
    return new_custom_dh(p, g, min_bits);
  }
  Result<std::unique_ptr<PublicKey>> parse_public_key(ByteView spki_der) const override {
    return parse_spki(spki_der);
  }
  Result<std::unique_ptr<PrivateKey>> parse_private_key(ByteView der,
                                                        PrivateKeyFormat format) const override {
    return parse_private(der, format);
  }
  void random(std::span<uint8_t> out) const override { random_bytes(out); }
};

}  // namespace
}  // namespace openssl

const Provider& default_provider() {
  static const openssl::OpenSslProvider provider;
  return provider;
}

}  // namespace parley::crypto

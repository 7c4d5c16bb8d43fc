// ML-KEM-768 for the provider: libcrypto's EVP "ML-KEM-768" when the
// libcrypto in use has it (OpenSSL 3.5 and later, detected at run time, so a
// build against 3.0 headers uses 3.5's when run with it), else parley's own
// (crypto/mlkem/) on libcrypto's SHA-3. The EVP calls below exist since 3.0;
// only the algorithm is newer.
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {
namespace {

constexpr const char* kMlKem768Name = "ML-KEM-768";
// OpenSSL 3.5's parameter names (OSSL_PKEY_PARAM_ML_KEM_SEED, OSSL_KEM_PARAM_IKME),
// spelled out since 3.0's headers lack them.
constexpr const char* kSeedParam = "seed";
constexpr const char* kEncapsulationRandomParam = "ikme";

class EvpKemKey final : public KemDecapsulationKey {
 public:
  EvpKemKey(PkeyPtr key, Bytes encapsulation_key)
      : key_(std::move(key)), encapsulation_key_(std::move(encapsulation_key)) {}

  ByteView encapsulation_key() const override { return encapsulation_key_; }

  Secret decapsulation_key() const override {
    Secret dk(kMlKem768DecapsulationKeySize);
    size_t size = dk.size();
    if (EVP_PKEY_get_raw_private_key(key_.get(), dk.data(), &size) != 1 || size != dk.size()) {
      take_openssl_errors();
      return Secret();
    }
    return dk;
  }

  Result<Secret> decapsulate(ByteView ciphertext) override {
    if (ciphertext.size() != kMlKem768CiphertextSize) {
      return illegal_parameter("ML-KEM-768 ciphertext length");  // FIPS 203 7.3
    }
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    Secret shared(kMlKem768SharedSecretSize);
    size_t size = shared.size();
    if (!ctx || EVP_PKEY_decapsulate_init(ctx.get(), nullptr) != 1 ||
        EVP_PKEY_decapsulate(ctx.get(), shared.data(), &size, ciphertext.data(),
                             ciphertext.size()) != 1 ||
        size != shared.size()) {
      return openssl_error("ML-KEM decapsulation");
    }
    return shared;
  }

 private:
  PkeyPtr key_;
  Bytes encapsulation_key_;
};

Result<std::unique_ptr<KemDecapsulationKey>> wrap_evp_key(PkeyPtr key) {
  Bytes ek(kMlKem768EncapsulationKeySize);
  size_t size = ek.size();
  if (EVP_PKEY_get_raw_public_key(key.get(), ek.data(), &size) != 1 || size != ek.size()) {
    return openssl_error("ML-KEM encapsulation key");
  }
  return std::unique_ptr<KemDecapsulationKey>(
      std::make_unique<EvpKemKey>(std::move(key), std::move(ek)));
}

Result<std::unique_ptr<KemDecapsulationKey>> evp_key_from_seed(ByteView seed) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, kMlKem768Name, nullptr));
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(kSeedParam, const_cast<uint8_t*>(seed.data()), seed.size()),
      OSSL_PARAM_construct_end()};
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_params(ctx.get(), params) != 1 || EVP_PKEY_generate(ctx.get(), &key) != 1) {
    return openssl_error("ML-KEM key generation");
  }
  return wrap_evp_key(PkeyPtr(key));
}

Result<std::unique_ptr<KemDecapsulationKey>> evp_parse_key(ByteView dk) {
  // libcrypto makes the checks of FIPS 203 7.3 on import.
  PkeyPtr key(
      EVP_PKEY_new_raw_private_key_ex(nullptr, kMlKem768Name, nullptr, dk.data(), dk.size()));
  if (!key)
    return illegal_parameter("invalid ML-KEM-768 decapsulation key" + take_openssl_errors());
  return wrap_evp_key(std::move(key));
}

Result<KemEncapsulation> evp_encapsulate(ByteView ek, ByteView m) {
  // libcrypto makes the checks of FIPS 203 7.2 on import.
  PkeyPtr key(
      EVP_PKEY_new_raw_public_key_ex(nullptr, kMlKem768Name, nullptr, ek.data(), ek.size()));
  if (!key) {
    return illegal_parameter("invalid ML-KEM-768 encapsulation key" + take_openssl_errors());
  }
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
  const OSSL_PARAM params[] = {
      OSSL_PARAM_construct_octet_string(kEncapsulationRandomParam, const_cast<uint8_t*>(m.data()),
                                        m.size()),
      OSSL_PARAM_construct_end()};
  KemEncapsulation out{Bytes(kMlKem768CiphertextSize), Secret(kMlKem768SharedSecretSize)};
  size_t ciphertext_size = out.ciphertext.size();
  size_t secret_size = out.shared_secret.size();
  if (!ctx || EVP_PKEY_encapsulate_init(ctx.get(), params) != 1 ||
      EVP_PKEY_encapsulate(ctx.get(), out.ciphertext.data(), &ciphertext_size,
                           out.shared_secret.data(), &secret_size) != 1 ||
      ciphertext_size != out.ciphertext.size() || secret_size != out.shared_secret.size()) {
    return openssl_error("ML-KEM encapsulation");
  }
  return out;
}

}  // namespace

bool libcrypto_has_kem(KemAlgorithm /*alg*/) {
  static const bool has = [] {
    EVP_KEYMGMT* manager = EVP_KEYMGMT_fetch(nullptr, kMlKem768Name, nullptr);
    EVP_KEYMGMT_free(manager);
    ERR_clear_error();  // the failed fetch of 3.0 and earlier
    return manager != nullptr;
  }();
  return has;
}

Result<std::unique_ptr<KemDecapsulationKey>> new_kem_key(KemAlgorithm alg, ByteView seed) {
  if (seed.size() != kMlKem768SeedSize) return illegal_parameter("ML-KEM-768 seed length");
  if (libcrypto_has_kem(alg)) return evp_key_from_seed(seed);
  return mlkem::key_from_seed(new_sha3(), seed);
}

Result<std::unique_ptr<KemDecapsulationKey>> parse_kem_key(KemAlgorithm alg, ByteView dk) {
  if (dk.size() != kMlKem768DecapsulationKeySize) {
    return illegal_parameter("ML-KEM-768 decapsulation key length");
  }
  if (libcrypto_has_kem(alg)) return evp_parse_key(dk);
  return mlkem::parse_decapsulation_key(new_sha3(), dk);
}

Result<KemEncapsulation> kem_encapsulate(KemAlgorithm alg, ByteView encapsulation_key, ByteView m) {
  if (m.size() != kMlKem768EncapsulationRandomSize) {
    return illegal_parameter("ML-KEM-768 randomness length");
  }
  if (encapsulation_key.size() != kMlKem768EncapsulationKeySize) {
    return illegal_parameter("ML-KEM-768 encapsulation key length");  // FIPS 203 7.2
  }
  if (libcrypto_has_kem(alg)) return evp_encapsulate(encapsulation_key, m);
  thread_local const std::unique_ptr<Sha3> sha3 = new_sha3();
  return mlkem::encapsulate(*sha3, encapsulation_key, m);
}

}  // namespace parley::crypto::openssl

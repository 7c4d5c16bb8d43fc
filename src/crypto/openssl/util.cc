#include "crypto/openssl/util.h"

#include <openssl/core_names.h>
#include <openssl/err.h>

#include <array>
#include <cstdio>
#include <cstdlib>

namespace parley::crypto::openssl {
namespace {

constexpr std::array<HashAlgorithm, 4> kHashes = {HashAlgorithm::kSha1, HashAlgorithm::kSha256,
                                                  HashAlgorithm::kSha384, HashAlgorithm::kSha512};

const char* digest_name(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kSha1:
      return "SHA1";
    case HashAlgorithm::kSha256:
      return "SHA256";
    case HashAlgorithm::kSha384:
      return "SHA384";
    case HashAlgorithm::kSha512:
      return "SHA512";
  }
  return "";
}

constexpr std::array<Sha3Function, 4> kSha3Functions = {
    Sha3Function::kSha3_256, Sha3Function::kSha3_512, Sha3Function::kShake128,
    Sha3Function::kShake256};

const char* sha3_name(Sha3Function function) {
  switch (function) {
    case Sha3Function::kSha3_256:
      return "SHA3-256";
    case Sha3Function::kSha3_512:
      return "SHA3-512";
    case Sha3Function::kShake128:
      return "SHAKE128";
    case Sha3Function::kShake256:
      return "SHAKE256";
  }
  return "";
}

const char* cipher_name(AeadAlgorithm alg) {
  switch (alg) {
    case AeadAlgorithm::kAes128Gcm:
      return "AES-128-GCM";
    case AeadAlgorithm::kAes256Gcm:
      return "AES-256-GCM";
    case AeadAlgorithm::kChaCha20Poly1305:
      return "ChaCha20-Poly1305";
  }
  return "";
}

// Everything fetched once, on first use, and released at exit. Constructing
// this initialises libcrypto, which registers its own atexit cleanup during
// our constructor, so our destructor runs before libcrypto shuts down.
class Algorithms {
 public:
  Algorithms() {
    for (HashAlgorithm alg : kHashes) {
      size_t i = static_cast<size_t>(alg);
      digests_[i] = EVP_MD_fetch(nullptr, digest_name(alg), nullptr);
      check_or_abort(digests_[i] != nullptr, digest_name(alg));
    }
    for (Sha3Function function : kSha3Functions) {
      size_t i = static_cast<size_t>(function);
      sha3_[i] = EVP_MD_fetch(nullptr, sha3_name(function), nullptr);
      check_or_abort(sha3_[i] != nullptr, sha3_name(function));
    }
    for (AeadAlgorithm alg :
         {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305}) {
      size_t i = static_cast<size_t>(alg);
      ciphers_[i] = EVP_CIPHER_fetch(nullptr, cipher_name(alg), nullptr);
      check_or_abort(ciphers_[i] != nullptr, cipher_name(alg));
    }
  }
  ~Algorithms() {
    for (EVP_CIPHER* c : ciphers_) EVP_CIPHER_free(c);
    for (EVP_MD* md : digests_) EVP_MD_free(md);
    for (EVP_MD* md : sha3_) EVP_MD_free(md);
  }
  Algorithms(const Algorithms&) = delete;
  Algorithms& operator=(const Algorithms&) = delete;

  const EVP_MD* digest(HashAlgorithm alg) const { return digests_[static_cast<size_t>(alg)]; }
  const EVP_CIPHER* cipher(AeadAlgorithm alg) const { return ciphers_[static_cast<size_t>(alg)]; }
  const EVP_MD* sha3(Sha3Function function) const { return sha3_[static_cast<size_t>(function)]; }

 private:
  std::array<EVP_MD*, kHashes.size()> digests_{};
  std::array<EVP_MD*, kSha3Functions.size()> sha3_{};
  std::array<EVP_CIPHER*, 3> ciphers_{};
};

const Algorithms& algorithms() {
  static const Algorithms instance;
  return instance;
}

}  // namespace

const EVP_MD* digest(HashAlgorithm alg) {
  return algorithms().digest(alg);
}
const EVP_CIPHER* cipher(AeadAlgorithm alg) {
  return algorithms().cipher(alg);
}
const EVP_MD* sha3_digest(Sha3Function function) {
  return algorithms().sha3(function);
}

std::string take_openssl_errors() {
  std::string out;
  while (unsigned long code = ERR_get_error()) {
    std::array<char, 256> text{};
    ERR_error_string_n(code, text.data(), text.size());
    out += out.empty() ? " (" : "; ";
    out += text.data();
  }
  if (!out.empty()) out += ")";
  return out;
}

Error openssl_error(std::string what) {
  return internal_error(what + take_openssl_errors());
}

void check_or_abort(bool ok, const char* what) {
  if (ok) return;
  std::fprintf(stderr, "parley: libcrypto failure: %s%s\n", what, take_openssl_errors().c_str());
  std::abort();
}

const uint8_t* non_null_data(ByteView data) {
  static constexpr uint8_t kEmpty = 0;
  return data.data() != nullptr ? data.data() : &kEmpty;
}

}  // namespace parley::crypto::openssl

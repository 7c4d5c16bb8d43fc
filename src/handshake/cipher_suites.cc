#include "handshake/cipher_suites.h"

#include <array>

namespace parley::handshake {
namespace {

using crypto::AeadAlgorithm;
using crypto::HashAlgorithm;

constexpr CipherSuiteInfo tls13(CipherSuite suite, AeadAlgorithm aead, HashAlgorithm hash) {
  return {suite,
          ProtocolVersion::kTls13,
          aead,
          hash,
          crypto::aead_key_size(aead),
          crypto::kAeadNonceSize,
          KeyExchangeKind::kAny,
          AuthenticationKind::kAny};
}

constexpr CipherSuiteInfo tls12(CipherSuite suite, AeadAlgorithm aead, HashAlgorithm hash,
                                KeyExchangeKind kx, AuthenticationKind auth) {
  const size_t fixed_iv = aead == AeadAlgorithm::kChaCha20Poly1305 ? crypto::kAeadNonceSize : 4;
  return {suite, ProtocolVersion::kTls12, aead, hash, crypto::aead_key_size(aead), fixed_iv, kx,
          auth};
}

constexpr auto kGcm128 = AeadAlgorithm::kAes128Gcm;
constexpr auto kGcm256 = AeadAlgorithm::kAes256Gcm;
constexpr auto kChaCha = AeadAlgorithm::kChaCha20Poly1305;
constexpr auto kSha256 = HashAlgorithm::kSha256;
constexpr auto kSha384 = HashAlgorithm::kSha384;
constexpr auto kEcdhe = KeyExchangeKind::kEcdhe;
constexpr auto kDhe = KeyExchangeKind::kDhe;
constexpr auto kRsaKx = KeyExchangeKind::kRsa;
constexpr auto kRsa = AuthenticationKind::kRsa;
constexpr auto kEcdsa = AuthenticationKind::kEcdsa;

constexpr std::array kSuites = {
    tls13(CipherSuite::kTlsAes128GcmSha256, kGcm128, kSha256),
    tls13(CipherSuite::kTlsAes256GcmSha384, kGcm256, kSha384),
    tls13(CipherSuite::kTlsChaCha20Poly1305Sha256, kChaCha, kSha256),
    tls12(CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, kGcm128, kSha256, kEcdhe, kEcdsa),
    tls12(CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384, kGcm256, kSha384, kEcdhe, kEcdsa),
    tls12(CipherSuite::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256, kChaCha, kSha256, kEcdhe, kEcdsa),
    tls12(CipherSuite::kTlsEcdheRsaWithAes128GcmSha256, kGcm128, kSha256, kEcdhe, kRsa),
    tls12(CipherSuite::kTlsEcdheRsaWithAes256GcmSha384, kGcm256, kSha384, kEcdhe, kRsa),
    tls12(CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256, kChaCha, kSha256, kEcdhe, kRsa),
    tls12(CipherSuite::kTlsDheRsaWithAes128GcmSha256, kGcm128, kSha256, kDhe, kRsa),
    tls12(CipherSuite::kTlsDheRsaWithAes256GcmSha384, kGcm256, kSha384, kDhe, kRsa),
    tls12(CipherSuite::kTlsDheRsaWithChaCha20Poly1305Sha256, kChaCha, kSha256, kDhe, kRsa),
    tls12(CipherSuite::kTlsRsaWithAes128GcmSha256, kGcm128, kSha256, kRsaKx, kRsa),
    tls12(CipherSuite::kTlsRsaWithAes256GcmSha384, kGcm256, kSha384, kRsaKx, kRsa),
};

}  // namespace

std::span<const CipherSuiteInfo> all_cipher_suites() {
  return kSuites;
}

const CipherSuiteInfo* find_cipher_suite(CipherSuite suite) {
  for (const CipherSuiteInfo& info : kSuites) {
    if (info.suite == suite) return &info;
  }
  return nullptr;
}

}  // namespace parley::handshake

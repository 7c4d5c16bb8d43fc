#include "handshake/negotiation.h"

#include <algorithm>

#include "crypto/hash.h"

namespace parley::handshake {

using crypto::KeyType;
using crypto::SignatureAlgorithm;

std::vector<CipherSuite> default_cipher_suites() {
  // AEAD suites with forward secrecy only. Static RSA key exchange (no forward
  // secrecy, Bleichenbacher-style risk) and DHE (slow, small-group risk) must
  // be enabled explicitly.
  return {
      CipherSuite::kTlsAes128GcmSha256,
      CipherSuite::kTlsAes256GcmSha384,
      CipherSuite::kTlsChaCha20Poly1305Sha256,
      CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256,
      CipherSuite::kTlsEcdheRsaWithAes128GcmSha256,
      CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384,
      CipherSuite::kTlsEcdheRsaWithAes256GcmSha384,
      CipherSuite::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256,
      CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256,
  };
}

std::vector<NamedGroup> default_groups() {
  // The post-quantum hybrid first: traffic recorded today stays private
  // against a future quantum computer (draft-ietf-tls-ecdhe-mlkem 1).
  // A client sends shares for the first and the first classical group only
  // (client.cc), so listing the P-256 hybrid costs it nothing.
  return {NamedGroup::kX25519MlKem768, NamedGroup::kSecp256r1MlKem768, NamedGroup::kX25519,
          NamedGroup::kSecp256r1,      NamedGroup::kSecp384r1,         NamedGroup::kSecp521r1,
          NamedGroup::kFfdhe2048,      NamedGroup::kFfdhe3072};
}

std::vector<SignatureScheme> default_signature_schemes() {
  return {
      SignatureScheme::kEcdsaSecp256r1Sha256, SignatureScheme::kEcdsaSecp384r1Sha384,
      SignatureScheme::kEcdsaSecp521r1Sha512, SignatureScheme::kEd25519,
      SignatureScheme::kRsaPssRsaeSha256,     SignatureScheme::kRsaPssRsaeSha384,
      SignatureScheme::kRsaPssRsaeSha512,     SignatureScheme::kRsaPssPssSha256,
      SignatureScheme::kRsaPssPssSha384,      SignatureScheme::kRsaPssPssSha512,
      SignatureScheme::kRsaPkcs1Sha256,       SignatureScheme::kRsaPkcs1Sha384,
      SignatureScheme::kRsaPkcs1Sha512,
  };
}

namespace {
template <typename T>
std::vector<T> or_default(const std::vector<T>& configured, std::vector<T> (*fallback)()) {
  return configured.empty() ? fallback() : configured;
}

bool implements(SignatureScheme scheme) {
  return signature_scheme_info(scheme).has_value();
}

// RFC 9155 4, 5: no TLS 1.2 signature is made with SHA-1; parley only
// verifies them, for peers configured to allow it.
bool signs_with(SignatureScheme scheme) {
  return implements(scheme) && scheme != SignatureScheme::kRsaPkcs1Sha1 &&
         scheme != SignatureScheme::kEcdsaSha1;
}

std::vector<SignatureScheme> only(std::vector<SignatureScheme> schemes,
                                  bool (*keep)(SignatureScheme)) {
  std::erase_if(schemes, [keep](SignatureScheme scheme) { return !keep(scheme); });
  return schemes;
}
}  // namespace

std::vector<CipherSuite> configured_cipher_suites(const CommonConfig& config) {
  return or_default(config.cipher_suites, &default_cipher_suites);
}
std::vector<NamedGroup> configured_groups(const CommonConfig& config) {
  return or_default(config.groups, &default_groups);
}
std::vector<SignatureScheme> configured_signature_schemes(const CommonConfig& config) {
  // RFC 8446 4.2.3: we offer only what we can verify. A scheme parley does
  // not have (e.g. a private-use code point) never reaches the wire.
  return only(or_default(config.signature_schemes, &default_signature_schemes), &implements);
}

bool names_an_implemented_signature_scheme(const CommonConfig& config) {
  return config.signature_schemes.empty() ||
         std::any_of(config.signature_schemes.begin(), config.signature_schemes.end(), &implements);
}

std::vector<SignatureScheme> configured_signing_schemes(const CommonConfig& config) {
  return only(config.signing_schemes.empty() ? configured_signature_schemes(config)
                                             : config.signing_schemes,
              &signs_with);
}

bool is_tls13_suite(CipherSuite suite) {
  return suite == CipherSuite::kTlsAes128GcmSha256 || suite == CipherSuite::kTlsAes256GcmSha384 ||
         suite == CipherSuite::kTlsChaCha20Poly1305Sha256;
}

bool is_known_suite(CipherSuite suite) {
  switch (suite) {
    case CipherSuite::kTlsAes128GcmSha256:
    case CipherSuite::kTlsAes256GcmSha384:
    case CipherSuite::kTlsChaCha20Poly1305Sha256:
    case CipherSuite::kTlsRsaWithAes128GcmSha256:
    case CipherSuite::kTlsRsaWithAes256GcmSha384:
    case CipherSuite::kTlsDheRsaWithAes128GcmSha256:
    case CipherSuite::kTlsDheRsaWithAes256GcmSha384:
    case CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256:
    case CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384:
    case CipherSuite::kTlsEcdheRsaWithAes128GcmSha256:
    case CipherSuite::kTlsEcdheRsaWithAes256GcmSha384:
    case CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256:
    case CipherSuite::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256:
    case CipherSuite::kTlsDheRsaWithChaCha20Poly1305Sha256:
      return true;
    default:
      return false;
  }
}

std::optional<crypto::KeyExchangeGroup> key_exchange_group(NamedGroup group) {
  switch (group) {
    case NamedGroup::kX25519:
      return crypto::KeyExchangeGroup::kX25519;
    case NamedGroup::kSecp256r1:
      return crypto::KeyExchangeGroup::kSecp256r1;
    case NamedGroup::kSecp384r1:
      return crypto::KeyExchangeGroup::kSecp384r1;
    case NamedGroup::kSecp521r1:
      return crypto::KeyExchangeGroup::kSecp521r1;
    case NamedGroup::kFfdhe2048:
      return crypto::KeyExchangeGroup::kFfdhe2048;
    case NamedGroup::kFfdhe3072:
      return crypto::KeyExchangeGroup::kFfdhe3072;
    case NamedGroup::kX25519MlKem768:
      return crypto::KeyExchangeGroup::kX25519MlKem768;
    case NamedGroup::kSecp256r1MlKem768:
      return crypto::KeyExchangeGroup::kSecp256r1MlKem768;
    default:
      return std::nullopt;
  }
}

bool is_tls13_only(NamedGroup group) {
  const auto kx = key_exchange_group(group);
  return kx && crypto::is_hybrid(*kx);
}

bool is_ffdhe(NamedGroup group) {
  return group == NamedGroup::kFfdhe2048 || group == NamedGroup::kFfdhe3072;
}

std::optional<SignatureSchemeInfo> signature_scheme_info(SignatureScheme scheme) {
  const std::vector<KeyType> rsa = {KeyType::kRsa};
  const std::vector<KeyType> rsa_pss = {KeyType::kRsaPss};
  const std::vector<KeyType> any_ec = {KeyType::kEcP256, KeyType::kEcP384, KeyType::kEcP521};
  switch (scheme) {
    case SignatureScheme::kRsaPkcs1Sha1:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPkcs1Sha1, rsa, false};
    case SignatureScheme::kRsaPkcs1Sha256:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPkcs1Sha256, rsa, false};
    case SignatureScheme::kRsaPkcs1Sha384:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPkcs1Sha384, rsa, false};
    case SignatureScheme::kRsaPkcs1Sha512:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPkcs1Sha512, rsa, false};
    case SignatureScheme::kEcdsaSha1:
      return SignatureSchemeInfo{SignatureAlgorithm::kEcdsaSha1, any_ec, false};
    case SignatureScheme::kEcdsaSecp256r1Sha256:
      return SignatureSchemeInfo{SignatureAlgorithm::kEcdsaSha256, any_ec, true};
    case SignatureScheme::kEcdsaSecp384r1Sha384:
      return SignatureSchemeInfo{SignatureAlgorithm::kEcdsaSha384, any_ec, true};
    case SignatureScheme::kEcdsaSecp521r1Sha512:
      return SignatureSchemeInfo{SignatureAlgorithm::kEcdsaSha512, any_ec, true};
    case SignatureScheme::kRsaPssRsaeSha256:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPssSha256, rsa, true};
    case SignatureScheme::kRsaPssRsaeSha384:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPssSha384, rsa, true};
    case SignatureScheme::kRsaPssRsaeSha512:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPssSha512, rsa, true};
    case SignatureScheme::kRsaPssPssSha256:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPssSha256, rsa_pss, true};
    case SignatureScheme::kRsaPssPssSha384:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPssSha384, rsa_pss, true};
    case SignatureScheme::kRsaPssPssSha512:
      return SignatureSchemeInfo{SignatureAlgorithm::kRsaPssSha512, rsa_pss, true};
    case SignatureScheme::kEd25519:
      return SignatureSchemeInfo{SignatureAlgorithm::kEd25519, {KeyType::kEd25519}, true};
    default:
      return std::nullopt;
  }
}

namespace {
// RFC 8446 4.2.3: in TLS 1.3 an ECDSA scheme names its curve.
std::optional<KeyType> tls13_ecdsa_curve(SignatureScheme scheme) {
  switch (scheme) {
    case SignatureScheme::kEcdsaSecp256r1Sha256:
      return KeyType::kEcP256;
    case SignatureScheme::kEcdsaSecp384r1Sha384:
      return KeyType::kEcP384;
    case SignatureScheme::kEcdsaSecp521r1Sha512:
      return KeyType::kEcP521;
    default:
      return std::nullopt;
  }
}
}  // namespace

bool scheme_fits_key(SignatureScheme scheme, KeyType type, ProtocolVersion version) {
  auto info = signature_scheme_info(scheme);
  if (!info) return false;
  if (std::find(info->key_types.begin(), info->key_types.end(), type) == info->key_types.end()) {
    return false;
  }
  if (version == ProtocolVersion::kTls13) {
    if (!info->allowed_in_tls13) return false;
    auto curve = tls13_ecdsa_curve(scheme);
    if (curve && *curve != type) return false;
  }
  return true;
}

namespace {
// The digest of an RSA-PSS algorithm (its salt length too, RFC 8446 4.2.3).
std::optional<crypto::HashAlgorithm> rsa_pss_hash(SignatureAlgorithm algorithm) {
  switch (algorithm) {
    case SignatureAlgorithm::kRsaPssSha256:
      return crypto::HashAlgorithm::kSha256;
    case SignatureAlgorithm::kRsaPssSha384:
      return crypto::HashAlgorithm::kSha384;
    case SignatureAlgorithm::kRsaPssSha512:
      return crypto::HashAlgorithm::kSha512;
    default:
      return std::nullopt;
  }
}
}  // namespace

bool scheme_fits_key_size(SignatureScheme scheme, size_t key_bits) {
  auto info = signature_scheme_info(scheme);
  if (!info) return false;
  const auto hash = rsa_pss_hash(info->algorithm);
  if (!hash) return true;
  const size_t digest = crypto::hash_size(*hash);
  // RFC 8017 9.1.1: EMSA-PSS needs emLen >= hLen + sLen + 2, where emLen is
  // ceil((modBits - 1) / 8); a 1024-bit key cannot carry SHA-512's.
  const size_t encoded_length = key_bits == 0 ? 0 : (key_bits - 1 + 7) / 8;
  return encoded_length >= 2 * digest + 2;
}

std::optional<SignatureScheme> choose_signature_scheme(std::span<const SignatureScheme> ours,
                                                       std::span<const SignatureScheme> peer,
                                                       const CertifiedKey& key,
                                                       ProtocolVersion version) {
  const crypto::KeyType type = x509::key_type(key);
  const size_t bits = x509::key_bits(key);
  for (SignatureScheme scheme : ours) {
    if (!scheme_fits_key(scheme, type, version)) continue;
    if (!scheme_fits_key_size(scheme, bits)) continue;
    if (std::find(peer.begin(), peer.end(), scheme) != peer.end()) return scheme;
  }
  return std::nullopt;
}

}  // namespace parley::handshake

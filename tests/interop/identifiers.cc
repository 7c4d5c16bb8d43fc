#include "interop/identifiers.h"

#include <array>
#include <cctype>
#include <cstdio>
#include <cstdlib>

namespace parley::interop {
namespace {

using V = ProtocolVersion;
using S = CipherSuite;

constexpr std::array kSuites = {
    SuiteNames{S::kTlsAes128GcmSha256, V::kTls13, "TLS_AES_128_GCM_SHA256",
               "TLS_AES_128_GCM_SHA256", "AES-128-GCM", ""},
    SuiteNames{S::kTlsAes256GcmSha384, V::kTls13, "TLS_AES_256_GCM_SHA384",
               "TLS_AES_256_GCM_SHA384", "AES-256-GCM", ""},
    SuiteNames{S::kTlsChaCha20Poly1305Sha256, V::kTls13, "TLS_CHACHA20_POLY1305_SHA256",
               "TLS_CHACHA20_POLY1305_SHA256", "CHACHA20-POLY1305", ""},
    SuiteNames{S::kTlsEcdheEcdsaWithAes128GcmSha256, V::kTls12,
               "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "ECDHE-ECDSA-AES128-GCM-SHA256",
               "AES-128-GCM", "ECDHE-ECDSA"},
    SuiteNames{S::kTlsEcdheEcdsaWithAes256GcmSha384, V::kTls12,
               "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "ECDHE-ECDSA-AES256-GCM-SHA384",
               "AES-256-GCM", "ECDHE-ECDSA"},
    SuiteNames{S::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256, V::kTls12,
               "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-ECDSA-CHACHA20-POLY1305",
               "CHACHA20-POLY1305", "ECDHE-ECDSA"},
    SuiteNames{S::kTlsEcdheRsaWithAes128GcmSha256, V::kTls12,
               "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
               "AES-128-GCM", "ECDHE-RSA"},
    SuiteNames{S::kTlsEcdheRsaWithAes256GcmSha384, V::kTls12,
               "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
               "AES-256-GCM", "ECDHE-RSA"},
    SuiteNames{S::kTlsEcdheRsaWithChaCha20Poly1305Sha256, V::kTls12,
               "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "ECDHE-RSA-CHACHA20-POLY1305",
               "CHACHA20-POLY1305", "ECDHE-RSA"},
    SuiteNames{S::kTlsDheRsaWithAes128GcmSha256, V::kTls12, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256",
               "DHE-RSA-AES128-GCM-SHA256", "AES-128-GCM", "DHE-RSA"},
    SuiteNames{S::kTlsDheRsaWithAes256GcmSha384, V::kTls12, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384",
               "DHE-RSA-AES256-GCM-SHA384", "AES-256-GCM", "DHE-RSA"},
    SuiteNames{S::kTlsDheRsaWithChaCha20Poly1305Sha256, V::kTls12,
               "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", "DHE-RSA-CHACHA20-POLY1305",
               "CHACHA20-POLY1305", "DHE-RSA"},
    SuiteNames{S::kTlsRsaWithAes128GcmSha256, V::kTls12, "TLS_RSA_WITH_AES_128_GCM_SHA256",
               "AES128-GCM-SHA256", "AES-128-GCM", "RSA"},
    SuiteNames{S::kTlsRsaWithAes256GcmSha384, V::kTls12, "TLS_RSA_WITH_AES_256_GCM_SHA384",
               "AES256-GCM-SHA384", "AES-256-GCM", "RSA"},
};

constexpr std::array kGroups = {
    GroupNames{NamedGroup::kX25519, "x25519", "X25519", "X25519"},
    GroupNames{NamedGroup::kSecp256r1, "secp256r1", "P-256", "SECP256R1"},
    GroupNames{NamedGroup::kSecp384r1, "secp384r1", "P-384", "SECP384R1"},
    GroupNames{NamedGroup::kFfdhe2048, "ffdhe2048", "ffdhe2048", "FFDHE2048"},
};

constexpr std::array kSchemes = {
    SchemeNames{SignatureScheme::kEcdsaSecp256r1Sha256, "ecdsa_secp256r1_sha256",
                "ECDSA-SECP256R1-SHA256", "ECDSA-SHA256"},
    SchemeNames{SignatureScheme::kRsaPssRsaeSha256, "rsa_pss_rsae_sha256", "RSA-PSS-RSAE-SHA256",
                "RSA-PSS-RSAE-SHA256"},
    SchemeNames{SignatureScheme::kRsaPkcs1Sha256, "rsa_pkcs1_sha256", "RSA-SHA256", "RSA-SHA256"},
    SchemeNames{SignatureScheme::kEd25519, "ed25519", "EdDSA-Ed25519", "EdDSA-Ed25519"},
};

CipherSuite key_of(const SuiteNames& row) {
  return row.suite;
}
NamedGroup key_of(const GroupNames& row) {
  return row.group;
}
SignatureScheme key_of(const SchemeNames& row) {
  return row.scheme;
}

template <typename Row, size_t N, typename Key>
const Row* find_row(const std::array<Row, N>& rows, Key key) {
  for (const Row& row : rows) {
    if (key_of(row) == key) return &row;
  }
  return nullptr;
}

std::string hex16(uint16_t value) {
  char text[8];
  std::snprintf(text, sizeof text, "0x%04x", value);
  return text;
}

bool equal_ignoring_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

// Identifiers missing from the tables are a bug in a test: fail loudly.
template <typename Row>
const Row& require(const Row* row) {
  if (row == nullptr) std::abort();
  return *row;
}

}  // namespace

const SuiteNames& names_of(CipherSuite suite) {
  return require(find_row(kSuites, suite));
}
const GroupNames& names_of(NamedGroup group) {
  return require(find_row(kGroups, group));
}
const SchemeNames& names_of(SignatureScheme scheme) {
  return require(find_row(kSchemes, scheme));
}

std::optional<CipherSuite> suite_from_name(std::string_view name) {
  for (const auto& row : kSuites) {
    if (row.openssl == name || row.iana == name) return row.suite;
  }
  return std::nullopt;
}

std::optional<NamedGroup> group_from_iana_name(std::string_view name) {
  for (const auto& row : kGroups) {
    if (row.iana == name) return row.group;
  }
  return std::nullopt;
}

std::optional<SignatureScheme> scheme_from_iana_name(std::string_view name) {
  for (const auto& row : kSchemes) {
    if (row.iana == name) return row.scheme;
  }
  return std::nullopt;
}

std::optional<CipherSuite> suite_from_gnutls(ProtocolVersion version, std::string_view kx,
                                             std::string_view cipher) {
  for (const auto& row : kSuites) {
    if (row.version == version && row.gnutls_cipher == cipher &&
        (version == ProtocolVersion::kTls13 || row.gnutls_kx == kx)) {
      return row.suite;
    }
  }
  return std::nullopt;
}

std::optional<NamedGroup> group_from_gnutls_name(std::string_view name) {
  for (const auto& row : kGroups) {
    if (equal_ignoring_case(row.gnutls, name)) return row.group;
  }
  return std::nullopt;
}

std::optional<SignatureScheme> scheme_from_gnutls_name(std::string_view name) {
  for (const auto& row : kSchemes) {
    if (equal_ignoring_case(row.gnutls, name) || equal_ignoring_case(row.gnutls_tls12, name)) {
      return row.scheme;
    }
  }
  return std::nullopt;
}

std::optional<ProtocolVersion> version_from_openssl_name(std::string_view name) {
  if (name == "TLSv1.3") return ProtocolVersion::kTls13;
  if (name == "TLSv1.2") return ProtocolVersion::kTls12;
  return std::nullopt;
}

std::string_view openssl_name(ProtocolVersion version) {
  return version == ProtocolVersion::kTls13 ? "TLSv1.3" : "TLSv1.2";
}

std::string describe(ProtocolVersion version) {
  switch (version) {
    case ProtocolVersion::kTls13:
      return "TLS 1.3";
    case ProtocolVersion::kTls12:
      return "TLS 1.2";
    default:
      return hex16(static_cast<uint16_t>(version));
  }
}

std::optional<ProtocolVersion> version_from_description(std::string_view text) {
  for (auto version : {ProtocolVersion::kTls13, ProtocolVersion::kTls12}) {
    if (describe(version) == text) return version;
  }
  return std::nullopt;
}

std::string describe(CipherSuite suite) {
  const auto* row = find_row(kSuites, suite);
  return row ? std::string(row->iana) : hex16(static_cast<uint16_t>(suite));
}

std::string describe(NamedGroup group) {
  const auto* row = find_row(kGroups, group);
  return row ? std::string(row->iana) : hex16(static_cast<uint16_t>(group));
}

std::string describe(SignatureScheme scheme) {
  const auto* row = find_row(kSchemes, scheme);
  return row ? std::string(row->iana) : hex16(static_cast<uint16_t>(scheme));
}

}  // namespace parley::interop

#include "interop/scenarios.h"

#include <string>

// The tables below name only the fields that differ from Scenario's defaults;
// the omitted ones are default-initialized, which is the point.
#pragma GCC diagnostic ignored "-Wmissing-field-initializers"

namespace parley::interop {
namespace {

using S = CipherSuite;
using G = NamedGroup;
using Sig = SignatureScheme;
constexpr auto kTls12 = ProtocolVersion::kTls12;

const std::vector<std::string> kH2AndHttp11 = {"h2", "http/1.1"};
const std::vector<std::string> kHttp11 = {"http/1.1"};

}  // namespace

std::vector<Scenario> tls13_scenarios() {
  return {
      {.name = "tls13_aes128_x25519_ecdsa",
       .suite = S::kTlsAes128GcmSha256,
       .scheme = Sig::kEcdsaSecp256r1Sha256},
      {.name = "tls13_aes256",
       .suite = S::kTlsAes256GcmSha384,
       .scheme = Sig::kEcdsaSecp256r1Sha256},
      {.name = "tls13_chacha20",
       .suite = S::kTlsChaCha20Poly1305Sha256,
       .scheme = Sig::kEcdsaSecp256r1Sha256},
      {.name = "tls13_p256", .group = G::kSecp256r1, .scheme = Sig::kEcdsaSecp256r1Sha256},
      {.name = "tls13_rsa_pss",
       .server_cert = CertKind::kRsa2048,
       .scheme = Sig::kRsaPssRsaeSha256},
      {.name = "tls13_ed25519", .server_cert = CertKind::kEd25519, .scheme = Sig::kEd25519},
      {.name = "tls13_hello_retry", .group = G::kSecp256r1, .hello_retry = true},
      {.name = "tls13_client_auth", .client_auth = true},
      {.name = "tls13_client_auth_missing", .client_auth = true, .client_omits_certificate = true},
      {.name = "tls13_alpn_h2",
       .client_alpn = kH2AndHttp11,
       .server_alpn = kH2AndHttp11,
       .alpn = "h2"},
      {.name = "tls13_alpn_http11",
       .client_alpn = kH2AndHttp11,
       .server_alpn = kHttp11,
       .alpn = "http/1.1"},
  };
}

std::vector<Scenario> tls12_scenarios() {
  struct SuiteCase {
    const char* name;
    CipherSuite suite;
    CertKind cert;
    std::optional<NamedGroup> group;  // nullopt: no ECDHE
  };
  const SuiteCase suites[] = {
      {"ecdhe_ecdsa_aes128", S::kTlsEcdheEcdsaWithAes128GcmSha256, CertKind::kEcdsaP256,
       G::kX25519},
      {"ecdhe_ecdsa_aes256", S::kTlsEcdheEcdsaWithAes256GcmSha384, CertKind::kEcdsaP256,
       G::kX25519},
      {"ecdhe_ecdsa_chacha20", S::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256, CertKind::kEcdsaP256,
       G::kX25519},
      {"ecdhe_rsa_aes128", S::kTlsEcdheRsaWithAes128GcmSha256, CertKind::kRsa2048, G::kX25519},
      {"ecdhe_rsa_aes256", S::kTlsEcdheRsaWithAes256GcmSha384, CertKind::kRsa2048, G::kX25519},
      {"ecdhe_rsa_chacha20", S::kTlsEcdheRsaWithChaCha20Poly1305Sha256, CertKind::kRsa2048,
       G::kX25519},
      {"dhe_rsa_aes128", S::kTlsDheRsaWithAes128GcmSha256, CertKind::kRsa2048, std::nullopt},
      {"dhe_rsa_chacha20", S::kTlsDheRsaWithChaCha20Poly1305Sha256, CertKind::kRsa2048,
       std::nullopt},
      {"rsa_aes128", S::kTlsRsaWithAes128GcmSha256, CertKind::kRsa2048, std::nullopt},
      {"rsa_aes256", S::kTlsRsaWithAes256GcmSha384, CertKind::kRsa2048, std::nullopt},
  };
  std::vector<Scenario> scenarios;
  for (const auto& entry : suites) {
    scenarios.push_back({.name = std::string("tls12_") + entry.name,
                         .version = kTls12,
                         .suite = entry.suite,
                         .server_cert = entry.cert,
                         .group = entry.group});
  }
  const auto ecdhe_rsa = S::kTlsEcdheRsaWithAes128GcmSha256;
  const auto ecdhe_ecdsa = S::kTlsEcdheEcdsaWithAes128GcmSha256;
  const auto rsa = CertKind::kRsa2048;
  scenarios.insert(scenarios.end(), {
                                        {.name = "tls12_ecdhe_ecdsa_p256",
                                         .version = kTls12,
                                         .suite = ecdhe_ecdsa,
                                         .group = G::kSecp256r1,
                                         .scheme = Sig::kEcdsaSecp256r1Sha256},
                                        {.name = "tls12_ecdhe_rsa_pkcs1",
                                         .version = kTls12,
                                         .suite = ecdhe_rsa,
                                         .server_cert = rsa,
                                         .scheme = Sig::kRsaPkcs1Sha256,
                                         .client_offers_only_scheme = true},
                                        {.name = "tls12_ecdhe_rsa_pss",
                                         .version = kTls12,
                                         .suite = ecdhe_rsa,
                                         .server_cert = rsa,
                                         .scheme = Sig::kRsaPssRsaeSha256,
                                         .client_offers_only_scheme = true},
                                        {.name = "tls12_client_auth",
                                         .version = kTls12,
                                         .suite = ecdhe_ecdsa,
                                         .client_auth = true},
                                        {.name = "tls12_rsa_client_auth",
                                         .version = kTls12,
                                         .suite = S::kTlsRsaWithAes128GcmSha256,
                                         .server_cert = rsa,
                                         .group = std::nullopt,
                                         .client_auth = true},
                                        {.name = "tls12_client_auth_missing",
                                         .version = kTls12,
                                         .suite = ecdhe_ecdsa,
                                         .client_auth = true,
                                         .client_omits_certificate = true},
                                        {.name = "tls12_alpn_h2",
                                         .version = kTls12,
                                         .suite = ecdhe_ecdsa,
                                         .client_alpn = kH2AndHttp11,
                                         .server_alpn = kH2AndHttp11,
                                         .alpn = "h2"},
                                    });
  return scenarios;
}

std::vector<Scenario> sanity_scenarios() {
  return {
      {.name = "tls13_ed25519_client_auth",
       .server_cert = CertKind::kEd25519,
       .scheme = Sig::kEd25519,
       .client_auth = true},
      {.name = "tls13_hello_retry_alpn",
       .group = G::kSecp256r1,
       .hello_retry = true,
       .client_alpn = kHttp11,
       .server_alpn = kHttp11,
       .alpn = "http/1.1"},
      {.name = "tls12_ecdhe_rsa_chacha20",
       .version = kTls12,
       .suite = S::kTlsEcdheRsaWithChaCha20Poly1305Sha256,
       .server_cert = CertKind::kRsa2048},
  };
}

}  // namespace parley::interop

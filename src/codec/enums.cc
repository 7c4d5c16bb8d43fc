#include "codec/enums.h"

#include <array>
#include <cstdio>
#include <string>
#include <utility>

namespace parley::codec {

namespace {

// One table per registry serves both directions (value -> name, name -> value).
template <typename E>
struct Named {
  E value;
  std::string_view name;
};

template <typename E, size_t N>
std::optional<std::string_view> find_name(const std::array<Named<E>, N>& table, E value) {
  for (const auto& entry : table) {
    if (entry.value == value) return entry.name;
  }
  return std::nullopt;
}

template <typename E, size_t N>
std::optional<E> find_value(const std::array<Named<E>, N>& table, std::string_view name) {
  for (const auto& entry : table) {
    if (entry.name == name) return entry.value;
  }
  return std::nullopt;
}

std::string hex_label(unsigned value, int digits) {
  char buffer[16];
  std::snprintf(buffer, sizeof(buffer), "0x%0*x", digits, value);
  return buffer;
}

// Name, then GREASE, then hex: the printable form of a 16-bit code point.
template <typename E, size_t N>
std::string label16(const std::array<Named<E>, N>& table, E value) {
  if (auto name = find_name(table, value)) return std::string(*name);
  const auto raw = static_cast<uint16_t>(value);
  if (is_grease(raw)) return "GREASE(" + hex_label(raw, 4) + ")";
  return hex_label(raw, 4);
}

using CS = CipherSuite;
constexpr std::array<Named<CS>, 17> kCipherSuites = {{
    {CS::kTlsAes128GcmSha256, "TLS_AES_128_GCM_SHA256"},
    {CS::kTlsAes256GcmSha384, "TLS_AES_256_GCM_SHA384"},
    {CS::kTlsChaCha20Poly1305Sha256, "TLS_CHACHA20_POLY1305_SHA256"},
    {CS::kTlsRsaWithAes128GcmSha256, "TLS_RSA_WITH_AES_128_GCM_SHA256"},
    {CS::kTlsRsaWithAes256GcmSha384, "TLS_RSA_WITH_AES_256_GCM_SHA384"},
    {CS::kTlsDheRsaWithAes128GcmSha256, "TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"},
    {CS::kTlsDheRsaWithAes256GcmSha384, "TLS_DHE_RSA_WITH_AES_256_GCM_SHA384"},
    {CS::kTlsEcdheEcdsaWithAes128GcmSha256, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"},
    {CS::kTlsEcdheEcdsaWithAes256GcmSha384, "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384"},
    {CS::kTlsEcdheRsaWithAes128GcmSha256, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"},
    {CS::kTlsEcdheRsaWithAes256GcmSha384, "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"},
    {CS::kTlsEcdheRsaWithChaCha20Poly1305Sha256, "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {CS::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256, "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256"},
    {CS::kTlsDheRsaWithChaCha20Poly1305Sha256, "TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256"},
    {CS::kTlsEmptyRenegotiationInfoScsv, "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"},
    {CS::kTlsFallbackScsv, "TLS_FALLBACK_SCSV"},
    // Not an AEAD suite; named because the RFC 8448 traces and many clients offer it.
    {static_cast<CS>(0x002f), "TLS_RSA_WITH_AES_128_CBC_SHA"},
}};

using NG = NamedGroup;
constexpr std::array<Named<NG>, 12> kGroups = {{
    {NG::kSecp256r1, "secp256r1"},
    {NG::kSecp384r1, "secp384r1"},
    {NG::kSecp521r1, "secp521r1"},
    {NG::kX25519, "x25519"},
    {NG::kX448, "x448"},
    {NG::kFfdhe2048, "ffdhe2048"},
    {NG::kFfdhe3072, "ffdhe3072"},
    {NG::kFfdhe4096, "ffdhe4096"},
    {static_cast<NG>(0x0103), "ffdhe6144"},
    {static_cast<NG>(0x0104), "ffdhe8192"},
    {NG::kSecp256r1MlKem768, "SecP256r1MLKEM768"},
    {NG::kX25519MlKem768, "X25519MLKEM768"},
}};

using SS = SignatureScheme;
constexpr std::array<Named<SS>, 16> kSignatureSchemes = {{
    {SS::kRsaPkcs1Sha1, "rsa_pkcs1_sha1"},
    {SS::kEcdsaSha1, "ecdsa_sha1"},
    {SS::kRsaPkcs1Sha256, "rsa_pkcs1_sha256"},
    {SS::kRsaPkcs1Sha384, "rsa_pkcs1_sha384"},
    {SS::kRsaPkcs1Sha512, "rsa_pkcs1_sha512"},
    {SS::kEcdsaSecp256r1Sha256, "ecdsa_secp256r1_sha256"},
    {SS::kEcdsaSecp384r1Sha384, "ecdsa_secp384r1_sha384"},
    {SS::kEcdsaSecp521r1Sha512, "ecdsa_secp521r1_sha512"},
    {SS::kRsaPssRsaeSha256, "rsa_pss_rsae_sha256"},
    {SS::kRsaPssRsaeSha384, "rsa_pss_rsae_sha384"},
    {SS::kRsaPssRsaeSha512, "rsa_pss_rsae_sha512"},
    {SS::kEd25519, "ed25519"},
    {SS::kEd448, "ed448"},
    {SS::kRsaPssPssSha256, "rsa_pss_pss_sha256"},
    {SS::kRsaPssPssSha384, "rsa_pss_pss_sha384"},
    {SS::kRsaPssPssSha512, "rsa_pss_pss_sha512"},
}};

using ET = ExtensionType;
constexpr std::array<Named<ET>, 33> kExtensions = {{
    {ET::kServerName, "server_name"},
    {ET::kMaxFragmentLength, "max_fragment_length"},
    {ET::kStatusRequest, "status_request"},
    {ET::kSupportedGroups, "supported_groups"},
    {ET::kEcPointFormats, "ec_point_formats"},
    {ET::kSignatureAlgorithms, "signature_algorithms"},
    {ET::kUseSrtp, "use_srtp"},
    {ET::kHeartbeat, "heartbeat"},
    {ET::kApplicationLayerProtocolNegotiation, "application_layer_protocol_negotiation"},
    {ET::kSignedCertificateTimestamp, "signed_certificate_timestamp"},
    {ET::kClientCertificateType, "client_certificate_type"},
    {ET::kServerCertificateType, "server_certificate_type"},
    {ET::kPadding, "padding"},
    {ET::kEncryptThenMac, "encrypt_then_mac"},
    {ET::kExtendedMasterSecret, "extended_master_secret"},
    {ET::kCompressCertificate, "compress_certificate"},
    {ET::kRecordSizeLimit, "record_size_limit"},
    {ET::kSessionTicket, "session_ticket"},
    {ET::kPreSharedKey, "pre_shared_key"},
    {ET::kEarlyData, "early_data"},
    {ET::kSupportedVersions, "supported_versions"},
    {ET::kCookie, "cookie"},
    {ET::kPskKeyExchangeModes, "psk_key_exchange_modes"},
    {ET::kCertificateAuthorities, "certificate_authorities"},
    {ET::kOidFilters, "oid_filters"},
    {ET::kPostHandshakeAuth, "post_handshake_auth"},
    {ET::kSignatureAlgorithmsCert, "signature_algorithms_cert"},
    {ET::kKeyShare, "key_share"},
    {ET::kEncryptedClientHello, "encrypted_client_hello"},
    {ET::kRenegotiationInfo, "renegotiation_info"},
    // Common in the wild, not implemented by parley: named for traces.
    {static_cast<ET>(17), "status_request_v2"},
    {static_cast<ET>(13172), "next_protocol_negotiation"},
    {static_cast<ET>(17513), "application_settings"},
}};

using HT = HandshakeType;
constexpr std::array<Named<HT>, 17> kHandshakeTypes = {{
    {HT::kHelloRequest, "hello_request"},
    {HT::kClientHello, "client_hello"},
    {HT::kServerHello, "server_hello"},
    {HT::kNewSessionTicket, "new_session_ticket"},
    {HT::kEndOfEarlyData, "end_of_early_data"},
    {HT::kEncryptedExtensions, "encrypted_extensions"},
    {HT::kCertificate, "certificate"},
    {HT::kServerKeyExchange, "server_key_exchange"},
    {HT::kCertificateRequest, "certificate_request"},
    {HT::kServerHelloDone, "server_hello_done"},
    {HT::kCertificateVerify, "certificate_verify"},
    {HT::kClientKeyExchange, "client_key_exchange"},
    {HT::kFinished, "finished"},
    {HT::kCertificateStatus, "certificate_status"},
    {HT::kKeyUpdate, "key_update"},
    {HT::kCompressedCertificate, "compressed_certificate"},
    {HT::kMessageHash, "message_hash"},
}};

using CCA = CertificateCompressionAlgorithm;
constexpr std::array<Named<CCA>, 3> kCertificateCompressionAlgorithms = {{
    {CCA::kZlib, "zlib"},
    {CCA::kBrotli, "brotli"},
    {CCA::kZstd, "zstd"},
}};

using CT = ContentType;
constexpr std::array<Named<CT>, 5> kContentTypes = {{
    {CT::kInvalid, "invalid"},
    {CT::kChangeCipherSpec, "change_cipher_spec"},
    {CT::kAlert, "alert"},
    {CT::kHandshake, "handshake"},
    {CT::kApplicationData, "application_data"},
}};

using PV = ProtocolVersion;
constexpr std::array<Named<PV>, 5> kVersions = {{
    {PV::kSsl30, "SSL 3.0"},
    {PV::kTls10, "TLS 1.0"},
    {PV::kTls11, "TLS 1.1"},
    {PV::kTls12, "TLS 1.2"},
    {PV::kTls13, "TLS 1.3"},
}};

}  // namespace

std::string_view cipher_suite_name(CipherSuite suite) {
  return find_name(kCipherSuites, suite).value_or("unknown_cipher_suite");
}
std::string_view named_group_name(NamedGroup group) {
  return find_name(kGroups, group).value_or("unknown_group");
}
std::string_view signature_scheme_name(SignatureScheme scheme) {
  return find_name(kSignatureSchemes, scheme).value_or("unknown_signature_scheme");
}
std::string_view extension_name(ExtensionType type) {
  return find_name(kExtensions, type).value_or("unknown_extension");
}
std::string_view handshake_type_name(HandshakeType type) {
  return find_name(kHandshakeTypes, type).value_or("unknown_handshake_type");
}
std::string_view content_type_name(ContentType type) {
  return find_name(kContentTypes, type).value_or("unknown_content_type");
}
std::string_view protocol_version_name(ProtocolVersion version) {
  return find_name(kVersions, version).value_or("unknown_version");
}

std::optional<CipherSuite> cipher_suite_from_name(std::string_view name) {
  return find_value(kCipherSuites, name);
}
std::optional<NamedGroup> named_group_from_name(std::string_view name) {
  return find_value(kGroups, name);
}
std::optional<SignatureScheme> signature_scheme_from_name(std::string_view name) {
  return find_value(kSignatureSchemes, name);
}

std::string cipher_suite_label(CipherSuite suite) {
  return label16(kCipherSuites, suite);
}
std::string named_group_label(NamedGroup group) {
  return label16(kGroups, group);
}
std::string signature_scheme_label(SignatureScheme scheme) {
  return label16(kSignatureSchemes, scheme);
}
std::string extension_label(ExtensionType type) {
  return label16(kExtensions, type);
}
std::string protocol_version_label(ProtocolVersion version) {
  return label16(kVersions, version);
}
std::string certificate_compression_label(uint16_t algorithm) {
  return label16(kCertificateCompressionAlgorithms, static_cast<CCA>(algorithm));
}

}  // namespace parley::codec

namespace parley {

std::string_view name_of(CertificateCompressionAlgorithm algorithm) {
  return codec::find_name(codec::kCertificateCompressionAlgorithms, algorithm).value_or("unknown");
}

}  // namespace parley

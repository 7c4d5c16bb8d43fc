// IANA TLS registries used by parley (RFC 8446 B.3, RFC 5246 A, and the
// registries at iana.org/assignments/tls-parameters).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "parley/alert.h"

namespace parley::codec {

// RFC 8446 5.1
enum class ContentType : uint8_t {
  kInvalid = 0,
  kChangeCipherSpec = 20,
  kAlert = 21,
  kHandshake = 22,
  kApplicationData = 23,
};

// RFC 8446 4.1.2 legacy_version / supported_versions values.
enum class ProtocolVersion : uint16_t {
  kSsl30 = 0x0300,
  kTls10 = 0x0301,
  kTls11 = 0x0302,
  kTls12 = 0x0303,
  kTls13 = 0x0304,
};

// RFC 8446 4, RFC 5246 7.4
enum class HandshakeType : uint8_t {
  kHelloRequest = 0,
  kClientHello = 1,
  kServerHello = 2,
  kNewSessionTicket = 4,
  kEndOfEarlyData = 5,
  kEncryptedExtensions = 8,
  kCertificate = 11,
  kServerKeyExchange = 12,
  kCertificateRequest = 13,
  kServerHelloDone = 14,
  kCertificateVerify = 15,
  kClientKeyExchange = 16,
  kFinished = 20,
  kCertificateStatus = 22,
  kKeyUpdate = 24,
  kMessageHash = 254,
};

enum class CipherSuite : uint16_t {
  // TLS 1.3, RFC 8446 B.4
  kTlsAes128GcmSha256 = 0x1301,
  kTlsAes256GcmSha384 = 0x1302,
  kTlsChaCha20Poly1305Sha256 = 0x1303,
  // TLS 1.2 AEAD suites, RFC 5288 / RFC 5289 / RFC 7905
  kTlsRsaWithAes128GcmSha256 = 0x009c,
  kTlsRsaWithAes256GcmSha384 = 0x009d,
  kTlsDheRsaWithAes128GcmSha256 = 0x009e,
  kTlsDheRsaWithAes256GcmSha384 = 0x009f,
  kTlsEcdheEcdsaWithAes128GcmSha256 = 0xc02b,
  kTlsEcdheEcdsaWithAes256GcmSha384 = 0xc02c,
  kTlsEcdheRsaWithAes128GcmSha256 = 0xc02f,
  kTlsEcdheRsaWithAes256GcmSha384 = 0xc030,
  kTlsEcdheRsaWithChaCha20Poly1305Sha256 = 0xcca8,
  kTlsEcdheEcdsaWithChaCha20Poly1305Sha256 = 0xcca9,
  kTlsDheRsaWithChaCha20Poly1305Sha256 = 0xccaa,
  // Signalling values
  kTlsEmptyRenegotiationInfoScsv = 0x00ff,  // RFC 5746 3.3
  kTlsFallbackScsv = 0x5600,                // RFC 7507
};

// RFC 8446 4.2.7, RFC 7919
enum class NamedGroup : uint16_t {
  kSecp256r1 = 0x0017,
  kSecp384r1 = 0x0018,
  kSecp521r1 = 0x0019,
  kX25519 = 0x001d,
  kX448 = 0x001e,
  kFfdhe2048 = 0x0100,
  kFfdhe3072 = 0x0101,
  kFfdhe4096 = 0x0102,
};

// RFC 8446 4.2.3
enum class SignatureScheme : uint16_t {
  kRsaPkcs1Sha1 = 0x0201,
  kEcdsaSha1 = 0x0203,
  kRsaPkcs1Sha256 = 0x0401,
  kRsaPkcs1Sha384 = 0x0501,
  kRsaPkcs1Sha512 = 0x0601,
  kEcdsaSecp256r1Sha256 = 0x0403,
  kEcdsaSecp384r1Sha384 = 0x0503,
  kEcdsaSecp521r1Sha512 = 0x0603,
  kRsaPssRsaeSha256 = 0x0804,
  kRsaPssRsaeSha384 = 0x0805,
  kRsaPssRsaeSha512 = 0x0806,
  kEd25519 = 0x0807,
  kEd448 = 0x0808,
  kRsaPssPssSha256 = 0x0809,
  kRsaPssPssSha384 = 0x080a,
  kRsaPssPssSha512 = 0x080b,
};

// RFC 8446 4.2 and the IANA ExtensionType registry.
enum class ExtensionType : uint16_t {
  kServerName = 0,
  kStatusRequest = 5,
  kSupportedGroups = 10,
  kEcPointFormats = 11,
  kSignatureAlgorithms = 13,
  kApplicationLayerProtocolNegotiation = 16,
  kSignedCertificateTimestamp = 18,
  kPadding = 21,
  kEncryptThenMac = 22,
  kExtendedMasterSecret = 23,
  kRecordSizeLimit = 28,
  kSessionTicket = 35,
  kPreSharedKey = 41,
  kEarlyData = 42,
  kSupportedVersions = 43,
  kCookie = 44,
  kPskKeyExchangeModes = 45,
  kCertificateAuthorities = 47,
  kPostHandshakeAuth = 49,
  kSignatureAlgorithmsCert = 50,
  kKeyShare = 51,
  kRenegotiationInfo = 0xff01,
};

// RFC 8446 4.2.9
enum class PskKeyExchangeMode : uint8_t { kPskKe = 0, kPskDheKe = 1 };

// RFC 8446 4.6.3
enum class KeyUpdateRequest : uint8_t { kUpdateNotRequested = 0, kUpdateRequested = 1 };

// RFC 8422 5.1.2
enum class EcPointFormat : uint8_t { kUncompressed = 0 };

// RFC 8422 5.4 ECParameters curve_type
enum class EcCurveType : uint8_t { kNamedCurve = 3 };

// RFC 8701: GREASE values look like 0x?a?a with both bytes equal.
constexpr bool is_grease(uint16_t value) {
  return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
}

// IANA names ("TLS_AES_128_GCM_SHA256", "x25519", "ecdsa_secp256r1_sha256",
// "server_name"), for traces, the CLI and error messages; nullopt-name lookups
// return std::nullopt for unknown strings.
std::string_view cipher_suite_name(CipherSuite suite);
std::string_view named_group_name(NamedGroup group);
std::string_view signature_scheme_name(SignatureScheme scheme);
std::string_view extension_name(ExtensionType type);
std::string_view handshake_type_name(HandshakeType type);
std::string_view content_type_name(ContentType type);
std::string_view protocol_version_name(ProtocolVersion version);

std::optional<CipherSuite> cipher_suite_from_name(std::string_view name);
std::optional<NamedGroup> named_group_from_name(std::string_view name);
std::optional<SignatureScheme> signature_scheme_from_name(std::string_view name);

}  // namespace parley::codec

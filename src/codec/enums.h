// IANA TLS registries used by parley (RFC 8446 B.3, RFC 5246 A, and the
// registries at iana.org/assignments/tls-parameters).
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "parley/alert.h"
#include "parley/compression.h"
#include "parley/protocol.h"

namespace parley::codec {

using parley::CertificateCompressionAlgorithm;
using parley::CipherSuite;
using parley::NamedGroup;
using parley::ProtocolVersion;
using parley::SignatureScheme;

// RFC 8446 5.1
enum class ContentType : uint8_t {
  kInvalid = 0,
  kChangeCipherSpec = 20,
  kAlert = 21,
  kHandshake = 22,
  kApplicationData = 23,
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
  kCompressedCertificate = 25,  // RFC 8879 4
  kMessageHash = 254,
};

// RFC 8446 4.2 and the IANA ExtensionType registry.
enum class ExtensionType : uint16_t {
  kServerName = 0,
  kMaxFragmentLength = 1,
  kStatusRequest = 5,
  kSupportedGroups = 10,
  kEcPointFormats = 11,
  kSignatureAlgorithms = 13,
  kApplicationLayerProtocolNegotiation = 16,
  kUseSrtp = 14,
  kHeartbeat = 15,
  kSignedCertificateTimestamp = 18,
  kClientCertificateType = 19,
  kServerCertificateType = 20,
  kPadding = 21,
  kEncryptThenMac = 22,
  kExtendedMasterSecret = 23,
  kCompressCertificate = 27,
  kRecordSizeLimit = 28,
  kSessionTicket = 35,
  kPreSharedKey = 41,
  kEarlyData = 42,
  kSupportedVersions = 43,
  kCookie = 44,
  kPskKeyExchangeModes = 45,
  kCertificateAuthorities = 47,
  kOidFilters = 48,
  kPostHandshakeAuth = 49,
  kSignatureAlgorithmsCert = 50,
  kKeyShare = 51,
  kEncryptedClientHello = 0xfe0d,
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

// RFC 6066 3 NameType
enum class ServerNameType : uint8_t { kHostName = 0 };

// RFC 6066 8 CertificateStatusType
enum class CertificateStatusType : uint8_t { kOcsp = 1 };

// RFC 5246 7.4.4 ClientCertificateType, RFC 8422 5.5
enum class ClientCertificateType : uint8_t { kRsaSign = 1, kDssSign = 2, kEcdsaSign = 64 };

// RFC 8701: GREASE values look like 0x?a?a with both bytes equal.
constexpr bool is_grease(uint16_t value) {
  return (value & 0x0f0f) == 0x0a0a && (value >> 8) == (value & 0xff);
}

// IANA names ("TLS_AES_128_GCM_SHA256", "x25519", "ecdsa_secp256r1_sha256",
// "server_name"), for traces, the CLI and error messages. A value without a
// name gives "unknown_<registry>" (like alert_name); *_label() below gives a
// printable form for any value. The *_from_name lookups return std::nullopt
// for unknown strings.
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

// The IANA name, "GREASE(0x0a0a)" for RFC 8701 values, or the value in hex
// ("0x1234"); for traces.
std::string cipher_suite_label(CipherSuite suite);
std::string named_group_label(NamedGroup group);
std::string signature_scheme_label(SignatureScheme scheme);
std::string extension_label(ExtensionType type);
std::string protocol_version_label(ProtocolVersion version);
// RFC 8879 7.3: "brotli", or the value in hex for one without a name.
std::string certificate_compression_label(uint16_t algorithm);

}  // namespace parley::codec

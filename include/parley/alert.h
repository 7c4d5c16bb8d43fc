/// @file
/// TLS alert descriptions (RFC 8446 6, RFC 5246 7.2), shared by the public
/// error type and the wire codec.
#pragma once

#include <cstdint>
#include <string_view>

#include "parley/export.h"

namespace parley {

/// An alert's level (RFC 5246 7.2; TLS 1.3 treats every alert but
/// close_notify and user_canceled as fatal).
enum class AlertLevel : uint8_t { kWarning = 1, kFatal = 2 };

/// The alert codes of RFC 8446 6 and RFC 5246 7.2; alert_name() names them.
enum class AlertDescription : uint8_t {
  kCloseNotify = 0,
  kUnexpectedMessage = 10,
  kBadRecordMac = 20,
  kRecordOverflow = 22,
  kHandshakeFailure = 40,
  kBadCertificate = 42,
  kUnsupportedCertificate = 43,
  kCertificateRevoked = 44,
  kCertificateExpired = 45,
  kCertificateUnknown = 46,
  kIllegalParameter = 47,
  kUnknownCa = 48,
  kAccessDenied = 49,
  kDecodeError = 50,
  kDecryptError = 51,
  kProtocolVersion = 70,
  kInsufficientSecurity = 71,
  kInternalError = 80,
  kInappropriateFallback = 86,
  kUserCanceled = 90,
  kNoRenegotiation = 100,
  kMissingExtension = 109,
  kUnsupportedExtension = 110,
  kUnrecognizedName = 112,
  kBadCertificateStatusResponse = 113,
  kUnknownPskIdentity = 115,
  kCertificateRequired = 116,
  kNoApplicationProtocol = 120,
};

/// The IANA name of an alert ("decode_error"), or "unknown_alert".
PARLEY_EXPORT std::string_view alert_name(AlertDescription alert);

}  // namespace parley

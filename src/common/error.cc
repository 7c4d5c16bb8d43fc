#include "parley/error.h"

namespace parley {

std::string_view alert_name(AlertDescription alert) {
  switch (alert) {
    case AlertDescription::kCloseNotify:
      return "close_notify";
    case AlertDescription::kUnexpectedMessage:
      return "unexpected_message";
    case AlertDescription::kBadRecordMac:
      return "bad_record_mac";
    case AlertDescription::kRecordOverflow:
      return "record_overflow";
    case AlertDescription::kHandshakeFailure:
      return "handshake_failure";
    case AlertDescription::kBadCertificate:
      return "bad_certificate";
    case AlertDescription::kUnsupportedCertificate:
      return "unsupported_certificate";
    case AlertDescription::kCertificateRevoked:
      return "certificate_revoked";
    case AlertDescription::kCertificateExpired:
      return "certificate_expired";
    case AlertDescription::kCertificateUnknown:
      return "certificate_unknown";
    case AlertDescription::kIllegalParameter:
      return "illegal_parameter";
    case AlertDescription::kUnknownCa:
      return "unknown_ca";
    case AlertDescription::kAccessDenied:
      return "access_denied";
    case AlertDescription::kDecodeError:
      return "decode_error";
    case AlertDescription::kDecryptError:
      return "decrypt_error";
    case AlertDescription::kProtocolVersion:
      return "protocol_version";
    case AlertDescription::kInsufficientSecurity:
      return "insufficient_security";
    case AlertDescription::kInternalError:
      return "internal_error";
    case AlertDescription::kInappropriateFallback:
      return "inappropriate_fallback";
    case AlertDescription::kUserCanceled:
      return "user_canceled";
    case AlertDescription::kNoRenegotiation:
      return "no_renegotiation";
    case AlertDescription::kMissingExtension:
      return "missing_extension";
    case AlertDescription::kUnsupportedExtension:
      return "unsupported_extension";
    case AlertDescription::kUnrecognizedName:
      return "unrecognized_name";
    case AlertDescription::kBadCertificateStatusResponse:
      return "bad_certificate_status_response";
    case AlertDescription::kUnknownPskIdentity:
      return "unknown_psk_identity";
    case AlertDescription::kCertificateRequired:
      return "certificate_required";
    case AlertDescription::kNoApplicationProtocol:
      return "no_application_protocol";
  }
  return "unknown_alert";
}

std::string_view error_kind_name(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kDecode:
      return "decode";
    case ErrorKind::kProtocol:
      return "protocol";
    case ErrorKind::kCrypto:
      return "crypto";
    case ErrorKind::kCertificate:
      return "certificate";
    case ErrorKind::kPeerAlert:
      return "peer alert";
    case ErrorKind::kClosed:
      return "closed";
    case ErrorKind::kConfig:
      return "config";
    case ErrorKind::kIo:
      return "io";
    case ErrorKind::kInternal:
      return "internal";
  }
  return "unknown";
}

std::string Error::to_string() const {
  std::string out(error_kind_name(kind));
  out += " error";
  if (alert) {
    out += " (";
    out += alert_name(*alert);
    out += ")";
  }
  out += ": ";
  out += message;
  return out;
}

std::string_view certificate_failure_name(CertificateFailure failure) {
  switch (failure) {
    case CertificateFailure::kNone:
      return "none";
    case CertificateFailure::kMalformed:
      return "malformed certificate";
    case CertificateFailure::kNoCertificate:
      return "no certificate";
    case CertificateFailure::kHostNameMismatch:
      return "host name mismatch";
    case CertificateFailure::kExpired:
      return "expired";
    case CertificateFailure::kNotYetValid:
      return "not yet valid";
    case CertificateFailure::kUnknownIssuer:
      return "unknown issuer";
    case CertificateFailure::kBadSignature:
      return "bad signature";
    case CertificateFailure::kUnsupportedAlgorithm:
      return "unsupported algorithm";
    case CertificateFailure::kUsageNotAllowed:
      return "usage not allowed";
    case CertificateFailure::kNotACa:
      return "issuer is not a CA";
    case CertificateFailure::kPathTooLong:
      return "path too long";
    case CertificateFailure::kNameConstraintViolation:
      return "name constraint violation";
    case CertificateFailure::kPolicyViolation:
      return "policy violation";
    case CertificateFailure::kUnknownCriticalExtension:
      return "unknown critical extension";
    case CertificateFailure::kInvalidProfile:
      return "invalid certificate profile";
    case CertificateFailure::kTooComplex:
      return "path building too complex";
    case CertificateFailure::kRevoked:
      return "revoked";
    case CertificateFailure::kBadStatusResponse:
      return "bad certificate status response";
  }
  return "unknown";
}

namespace {
Error error_of(ErrorKind kind, std::optional<AlertDescription> alert, std::string message) {
  Error error;
  error.kind = kind;
  error.alert = alert;
  error.message = std::move(message);
  return error;
}
}  // namespace

Error make_error(ErrorKind kind, AlertDescription alert, std::string message) {
  return error_of(kind, alert, std::move(message));
}
Error decode_error(std::string message) {
  return make_error(ErrorKind::kDecode, AlertDescription::kDecodeError, std::move(message));
}
Error illegal_parameter(std::string message) {
  return make_error(ErrorKind::kProtocol, AlertDescription::kIllegalParameter, std::move(message));
}
Error unexpected_message(std::string message) {
  return make_error(ErrorKind::kProtocol, AlertDescription::kUnexpectedMessage, std::move(message));
}
Error internal_error(std::string message) {
  return make_error(ErrorKind::kInternal, AlertDescription::kInternalError, std::move(message));
}

Error handshake_failure(std::string message) {
  return make_error(ErrorKind::kProtocol, AlertDescription::kHandshakeFailure, std::move(message));
}
Error missing_extension(std::string message) {
  return make_error(ErrorKind::kProtocol, AlertDescription::kMissingExtension, std::move(message));
}
Error unsupported_extension(std::string message) {
  return make_error(ErrorKind::kProtocol, AlertDescription::kUnsupportedExtension,
                    std::move(message));
}
Error config_error(std::string message) {
  return error_of(ErrorKind::kConfig, std::nullopt, std::move(message));
}

}  // namespace parley

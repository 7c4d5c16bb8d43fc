/// @file
/// parley's single error type: errors are values and never cross the API as
/// exceptions.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

#include "parley/alert.h"
#include "parley/export.h"

namespace parley {

/// The class of an Error.
enum class ErrorKind {
  kDecode,       ///< malformed bytes from the peer
  kProtocol,     ///< well-formed but not allowed here
  kCrypto,       ///< a primitive failed or a MAC/signature did not verify
  kCertificate,  ///< the peer's certificate chain was rejected
  kPeerAlert,    ///< the peer sent a fatal alert
  kClosed,       ///< the connection is closed
  kConfig,       ///< the local configuration is unusable
  kIo,           ///< the transport failed (io/ adapters only)
  kInternal,     ///< a bug or resource failure on our side
};

/// The kind's name, e.g. "certificate".
PARLEY_EXPORT std::string_view error_kind_name(ErrorKind kind);

/// Why a certificate chain was rejected (Error::certificate_failure), so a
/// program can tell one reason from another without parsing messages. A
/// minor release may add reasons: switch with a default case.
enum class CertificateFailure {
  kNone,                      ///< not a certificate error
  kMalformed,                 ///< a certificate does not parse (DER, X.509 structure)
  kNoCertificate,             ///< the peer sent none where one is needed
  kHostNameMismatch,          ///< the leaf is not valid for the name or address connected to
  kExpired,                   ///< a certificate's notAfter is in the past
  kNotYetValid,               ///< a certificate's notBefore is in the future
  kUnknownIssuer,             ///< no path to a trust anchor (untrusted or missing issuer)
  kBadSignature,              ///< a certificate's signature does not verify with its issuer's key
  kUnsupportedAlgorithm,      ///< a key or signature algorithm (or key size) is not accepted
  kUsageNotAllowed,           ///< keyUsage / extKeyUsage forbid this use, or a CA as the leaf
  kNotACa,                    ///< an issuer is not marked as a CA (basicConstraints, keyCertSign)
  kPathTooLong,               ///< pathLenConstraint or the path length limit is exceeded
  kNameConstraintViolation,   ///< a name is outside an issuer's nameConstraints
  kPolicyViolation,           ///< no certificate policy is valid for the whole path
  kUnknownCriticalExtension,  ///< a critical extension parley does not process
  kInvalidProfile,            ///< another RFC 5280 / CA/Browser Forum profile rule is broken
  kTooComplex,                ///< path building gave up (too many signature checks)
  kRevoked,                   ///< the stapled OCSP response says the leaf is revoked
  kBadStatusResponse,         ///< the stapled OCSP response is invalid, stale, or missing
};

/// The reason's name, e.g. "host name mismatch".
PARLEY_EXPORT std::string_view certificate_failure_name(CertificateFailure failure);

/// parley's one error type: what went wrong, the alert it means, and a
/// message for people. docs/errors.md shows how to act on it.
struct PARLEY_EXPORT Error {
  /// The class of failure.
  ErrorKind kind = ErrorKind::kInternal;
  /// The alert to send (or, for kPeerAlert, the one received).
  std::optional<AlertDescription> alert;
  /// One line naming what was wrong, for logs and people.
  std::string message;
  /// For kCertificate errors: why the chain was rejected.
  CertificateFailure certificate_failure = CertificateFailure::kNone;
  /// For kCertificate errors: the subject of the certificate at fault, on
  /// one line ("CN=example.com, O=Example"); empty when none parsed.
  std::string certificate_subject = {};

  /// "certificate error (bad_certificate): leaf certificate 'CN=...': ...".
  std::string to_string() const;
};

/// An Error of `kind` with `alert`.
PARLEY_EXPORT Error make_error(ErrorKind kind, AlertDescription alert, std::string message);
PARLEY_EXPORT Error decode_error(std::string message);        ///< kDecode, decode_error
PARLEY_EXPORT Error illegal_parameter(std::string message);   ///< kProtocol, illegal_parameter
PARLEY_EXPORT Error unexpected_message(std::string message);  ///< kProtocol, unexpected_message
PARLEY_EXPORT Error internal_error(std::string message);      ///< kInternal, internal_error
PARLEY_EXPORT Error handshake_failure(std::string message);   ///< kProtocol, handshake_failure
PARLEY_EXPORT Error missing_extension(std::string message);   ///< kProtocol, missing_extension
PARLEY_EXPORT Error
unsupported_extension(std::string message);             ///< kProtocol, unsupported_extension
PARLEY_EXPORT Error config_error(std::string message);  ///< kConfig, no alert: a local problem

/// A T or an Error: what every fallible call returns. A minimal stand-in for
/// C++23 std::expected; check ok() (or the bool conversion) before value().
template <typename T>
class [[nodiscard]] Result {
 public:
  /// A success holding `value`.
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  /// A failure holding `error`.
  Result(Error error) : v_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  /// True when it holds a value.
  bool ok() const { return v_.index() == 0; }
  /// ok().
  explicit operator bool() const { return ok(); }

  /// The value; only when ok().
  T& value() & { return std::get<0>(v_); }
  /// The value; only when ok().
  const T& value() const& { return std::get<0>(v_); }
  /// The value, moved out; only when ok().
  T&& value() && { return std::get<0>(std::move(v_)); }
  /// value().
  T& operator*() & { return value(); }
  /// value().
  const T& operator*() const& { return value(); }
  /// value(), moved out.
  T&& operator*() && { return std::move(*this).value(); }
  /// Member access to the value; only when ok().
  T* operator->() { return &value(); }
  /// Member access to the value; only when ok().
  const T* operator->() const { return &value(); }

  /// The error; only when !ok().
  const Error& error() const& { return std::get<1>(v_); }
  /// The error, moved out; only when !ok().
  Error&& error() && { return std::get<1>(std::move(v_)); }

 private:
  std::variant<T, Error> v_;
};

/// Success or an Error, for calls that return nothing else.
template <>
class [[nodiscard]] Result<void> {
 public:
  /// Success.
  Result() = default;
  /// A failure holding `error`.
  Result(Error error) : error_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  /// True on success.
  bool ok() const { return !error_.has_value(); }
  /// ok().
  explicit operator bool() const { return ok(); }
  /// The error; only when !ok().
  const Error& error() const& { return *error_; }
  /// The error, moved out; only when !ok().
  Error&& error() && { return std::move(*error_); }

 private:
  std::optional<Error> error_;
};

/// Success or an Error.
using Status = Result<void>;

}  // namespace parley

#define PARLEY_CONCAT_INNER(a, b) a##b
#define PARLEY_CONCAT(a, b) PARLEY_CONCAT_INNER(a, b)

/// Returns the error from the enclosing function if `expr` (a Result or
/// Status) failed.
#define PARLEY_TRY(expr)                                                      \
  do {                                                                        \
    auto&& parley_try_result = (expr);                                        \
    if (!parley_try_result.ok()) return std::move(parley_try_result).error(); \
  } while (false)

/// PARLEY_ASSIGN_OR_RETURN(auto x, f()); declares x = *f() or returns the error.
#define PARLEY_ASSIGN_OR_RETURN(decl, expr) \
  PARLEY_ASSIGN_OR_RETURN_IMPL(PARLEY_CONCAT(parley_result_, __LINE__), decl, expr)
#define PARLEY_ASSIGN_OR_RETURN_IMPL(tmp, decl, expr) \
  auto tmp = (expr);                                  \
  if (!tmp.ok()) return std::move(tmp).error();       \
  decl = std::move(tmp).value()

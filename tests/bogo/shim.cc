// BoGo shim: speaks BoringSSL's test-runner protocol (../shared/bogo/SHIM.md)
// with parley in either role. The runner starts one process per test; its
// flags say what the connection must do and what it must see. Exit 0 when the
// test's expectations held, 89 for a feature parley does not have, 1 for
// anything else (a parley error, printed as a BoringSSL-style ":NAME:").
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/connection.h"
#include "parley/session.h"

namespace {

constexpr int kExitUnimplemented = 89;

[[noreturn]] void fail(const std::string& message) {
  std::cerr << message << "\n";
  std::exit(1);
}

[[noreturn]] void unimplemented(const std::string& what) {
  // stdout: the runner only reports the exit status for these.
  std::cout << "unimplemented: " << what << "\n";
  // BOGO_SHIM_UNIMPLEMENTED_LOG=FILE collects the reasons across a run.
  if (const char* log = std::getenv("BOGO_SHIM_UNIMPLEMENTED_LOG")) {
    std::ofstream(log, std::ios::app) << what << "\n";
  }
  std::exit(kExitUnimplemented);
}

// ---------------------------------------------------------------------------
// Errors, as the BoringSSL reason strings the runner looks for

std::string upper(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return out;
}

// A received alert: BoringSSL names the SSL 3.0 ones SSLV3_ALERT_*.
std::string peer_alert_name(parley::AlertDescription alert) {
  using A = parley::AlertDescription;
  static const std::set<A> ssl3 = {A::kCloseNotify,        A::kUnexpectedMessage,
                                   A::kBadRecordMac,       A::kHandshakeFailure,
                                   A::kBadCertificate,     A::kUnsupportedCertificate,
                                   A::kCertificateRevoked, A::kCertificateExpired,
                                   A::kCertificateUnknown, A::kIllegalParameter};
  // Alerts RFC 8446 6 keeps only as reserved, which parley has no names for.
  static const std::map<uint8_t, std::string_view> reserved = {
      {21, ":TLSV1_ALERT_DECRYPTION_FAILED:"},
      {30, ":SSLV3_ALERT_DECOMPRESSION_FAILURE:"},
      {41, ":SSLV3_ALERT_NO_CERTIFICATE:"},
      {60, ":TLSV1_ALERT_EXPORT_RESTRICTION:"},
  };
  if (auto r = reserved.find(static_cast<uint8_t>(alert)); r != reserved.end()) {
    return std::string(r->second);
  }
  const std::string name = upper(parley::alert_name(alert));
  return ssl3.count(alert) ? ":SSLV3_ALERT_" + name + ":" : ":TLSV1_ALERT_" + name + ":";
}

// The reason string for an error parley raised, from the alert it sends.
std::string local_error_name(const parley::Error& error) {
  using A = parley::AlertDescription;
  if (error.kind == parley::ErrorKind::kCertificate) return ":CERTIFICATE_VERIFY_FAILED:";
  if (!error.alert) return ":INTERNAL_ERROR:";
  switch (*error.alert) {
    case A::kUnexpectedMessage:
      return ":UNEXPECTED_MESSAGE:";
    case A::kDecodeError:
      return ":DECODE_ERROR:";
    case A::kBadRecordMac:
      return ":DECRYPTION_FAILED_OR_BAD_RECORD_MAC:";
    case A::kRecordOverflow:
      return ":DATA_LENGTH_TOO_LONG:";
    case A::kHandshakeFailure:
      return ":HANDSHAKE_FAILURE:";
    case A::kProtocolVersion:
      return ":UNSUPPORTED_PROTOCOL:";
    case A::kDecryptError:
      return ":BAD_SIGNATURE:";
    case A::kInappropriateFallback:
      return ":INAPPROPRIATE_FALLBACK:";
    case A::kMissingExtension:
      return ":MISSING_EXTENSION:";
    case A::kUnsupportedExtension:
      return ":UNEXPECTED_EXTENSION:";
    case A::kNoRenegotiation:
      return ":NO_RENEGOTIATION:";
    case A::kCertificateRequired:
      return ":PEER_DID_NOT_RETURN_A_CERTIFICATE:";
    default:
      return ":" + upper(parley::alert_name(*error.alert)) + ":";
  }
}

// parley's error messages that name a more precise BoringSSL reason than
// their alert does (first match wins). Only unambiguous ones: where one
// parley message stands for several BoringSSL reasons, the alert decides.
const std::vector<std::pair<std::string_view, std::string_view>>& message_names() {
  static const std::vector<std::pair<std::string_view, std::string_view>> names = {
      {"EC key share is not an uncompressed point", ":BAD_ECPOINT:"},
      {"handshake message split across a key change", ":EXCESS_HANDSHAKE_DATA:"},
      {"handshake message split across change_cipher_spec", ":UNEXPECTED_RECORD:"},
      {"keyUsage does not include", ":KEY_USAGE_BIT_INCORRECT:"},
      {"certificate key does not fit the cipher suite", ":WRONG_CERTIFICATE_TYPE:"},
      {"the peer sent plaintext HTTP", ":HTTP_REQUEST:"},
      {"key_share is not for a group we sent", ":WRONG_CURVE:"},
      {"HelloRetryRequest asks for a group we did not offer", ":WRONG_CURVE:"},
      {"uses a curve we did not offer", ":WRONG_CURVE:"},
      {"after HelloRetryRequest changed the key share", ":WRONG_CURVE:"},
      {"too many consecutive warning alerts", ":TOO_MANY_WARNING_ALERTS:"},
      {"too many consecutive empty records", ":TOO_MANY_EMPTY_FRAGMENTS:"},
      {"too many consecutive post-handshake messages", ":TOO_MANY_KEY_UPDATES:"},
      {"no TLS 1.2 cipher suite in common", ":NO_SHARED_CIPHER:"},
      {"no cipher suite in common with the client", ":NO_SHARED_CIPHER:"},
      {"TLS 1.3 with a TLS 1.2 cipher suite", ":WRONG_CIPHER_RETURNED:"},
      {"TLS 1.2 ServerHello with a TLS 1.3 cipher suite", ":WRONG_CIPHER_RETURNED:"},
      {"no certificate fits the client's signature schemes", ":NO_COMMON_SIGNATURE_ALGORITHMS:"},
      {"Finished does not verify", ":DIGEST_CHECK_FAILED:"},
      {"Finished: verify_data of", ":DIGEST_CHECK_FAILED:"},
      {"PSK binder does not verify", ":DIGEST_CHECK_FAILED:"},
      {"which was not offered or does not fit the key", ":WRONG_SIGNATURE_TYPE:"},
      {"server chose a cipher suite we did not offer", ":WRONG_CIPHER_RETURNED:"},
      {"cipher suite changed after HelloRetryRequest", ":WRONG_CIPHER_RETURNED:"},
      {"identities but", ":PSK_IDENTITY_BINDER_COUNT_MISMATCH:"},
      {"pre_shared_key is not the last extension", ":PRE_SHARED_KEY_MUST_BE_LAST:"},
      {"without key_share", ":MISSING_KEY_SHARE:"},
      {"ClientHello offers compression", ":INVALID_COMPRESSION_LIST:"},
      {"does not offer the null compression method", ":INVALID_COMPRESSION_LIST:"},
      {"server chose a compression method", ":UNSUPPORTED_COMPRESSION_ALGORITHM:"},
      {"server selected an ALPN protocol we did not offer", ":INVALID_ALPN_PROTOCOL:"},
      {"ChangeCipherSpec is not expected", ":UNEXPECTED_RECORD:"},
      {"while waiting for the server ChangeCipherSpec", ":UNEXPECTED_RECORD:"},
      {"while waiting for the client ChangeCipherSpec", ":UNEXPECTED_RECORD:"},
      {"protected record of content type", ":UNEXPECTED_RECORD:"},
      {"change_cipher_spec is not the single byte", ":BAD_CHANGE_CIPHER_SPEC:"},
      {"TLSInnerPlaintext has no content type", ":DECRYPTION_FAILED_OR_BAD_RECORD_MAC:"},
      {"downgrade sentinel", ":TLS13_DOWNGRADE:"},
      {"server resumed a session we did not offer", ":SERVER_ECHOED_INVALID_SESSION_ID:"},
      {"extended master secret session without EMS", ":RESUMED_EMS_SESSION_WITHOUT_EMS_EXTENSION:"},
      {"server selected a PSK identity we did not offer", ":PSK_IDENTITY_NOT_FOUND:"},
      {"client sent no certificate, and one is required", ":PEER_DID_NOT_RETURN_A_CERTIFICATE:"},
      {"server sent an empty Certificate", ":PEER_DID_NOT_RETURN_A_CERTIFICATE:"},
      {"server resumed with a suite of another hash", ":OLD_SESSION_PRF_HASH_MISMATCH:"},
      {"is not allowed in a TLS 1.3 ServerHello", ":UNEXPECTED_EXTENSION:"},
      {"accepted early data under another cipher suite", ":CIPHER_MISMATCH_ON_EARLY_DATA:"},
      {"accepted early data under another ALPN protocol", ":ALPN_MISMATCH_ON_EARLY_DATA:"},
      {"extension application_layer_protocol_negotiation: ProtocolName", ":PARSE_TLSEXT:"},
      {"HelloRetryRequest asks for no change", ":EMPTY_HELLO_RETRY_REQUEST:"},
      {"two KeyShareEntry values for one group", ":DUPLICATE_KEY_SHARE:"},
      {"Alert.description: truncated", ":BAD_ALERT:"},
      {"trailing bytes after Alert", ":BAD_ALERT:"},
      {"ECDSA certificate is on a curve we did not offer", ":BAD_ECC_CERT:"},
      {"does not support uncompressed points", ":ERROR_PARSING_EXTENSION:"},
      {"is not allowed in EncryptedExtensions", ":ERROR_PARSING_EXTENSION:"},
      {"record version", ":WRONG_VERSION_NUMBER:"},
      // Certificate compression (RFC 8879).
      {"duplicate certificate compression algorithm", ":ERROR_PARSING_EXTENSION:"},
      {"CompressedCertificate with an algorithm we did not offer",
       ":UNKNOWN_CERT_COMPRESSION_ALG:"},
      {"CompressedCertificate uncompressed_length", ":UNCOMPRESSED_CERT_TOO_LARGE:"},
      {"CompressedCertificate does not decompress", ":CERT_DECOMPRESSION_FAILED:"},
      // OCSP stapling and SCTs (ocsp branch): a malformed extension body.
      {"extension signed_certificate_timestamp:", ":ERROR_PARSING_EXTENSION:"},
      {"CertificateEntry: duplicate extension", ":DUPLICATE_EXTENSION:"},
  };
  return names;
}

// --- Precise error names (bogo3: the run needs no -loose-errors) ---------
// What one connection has seen so far, from parley's trace: where BoringSSL
// gives one parley error two names, the difference is where it happened.
struct ErrorContext {
  bool server = false;
  bool resumption = false;  // a session was offered (client)
  size_t handshake_messages_received = 0;
  bool read_protected = false;  // the peer's records are encrypted
  bool hello_retry_request = false;
};

// Updates `context` from one trace event.
void observe_for_errors(ErrorContext& context, const parley::TraceEvent& event) {
  if (event.outgoing || event.local) return;
  if (event.message == "ChangeCipherSpec") {
    // TLS 1.2's switches the peer to its keys; TLS 1.3's is ignored.
    if (event.details.empty()) context.read_protected = true;
    return;
  }
  if (event.message == "Alert" || event.message == "EarlyData" || event.message == "PSK" ||
      event.message == "Session") {
    return;
  }
  ++context.handshake_messages_received;
  if (event.message == "HelloRetryRequest") context.hello_retry_request = true;
  // A TLS 1.3 ServerHello installs the server's handshake keys.
  if (event.message == "ServerHello" && event.details.find("1.3") != std::string::npos) {
    context.read_protected = true;
  }
  if (event.message == "ClientHello") context.read_protected = false;
}

// Names BoringSSL gives by where an error happened, or nullopt.
std::optional<std::string> contextual_error_name(const parley::Error& error,
                                                 const ErrorContext& context) {
  using A = parley::AlertDescription;
  const auto says = [&](std::string_view text) {
    return error.message.find(text) != std::string::npos;
  };
  if (error.kind == parley::ErrorKind::kPeerAlert) {
    // A handshake_failure answering the ClientHello (BoringSSL's
    // ssl_hs_read_server_hello).
    if (!context.server && error.alert == A::kHandshakeFailure &&
        context.handshake_messages_received == 0) {
      return ":HANDSHAKE_FAILURE_ON_CLIENT_HELLO:";
    }
    return std::nullopt;
  }
  if (says("application data before the handshake completed")) {
    // A client's plaintext epoch: the server's handshake should be there.
    return !context.server && !context.read_protected ? ":APPLICATION_DATA_INSTEAD_OF_HANDSHAKE:"
                                                      : ":UNEXPECTED_RECORD:";
  }
  // Before the first handshake message BoringSSL checks the record version
  // first, which a non-TLS byte stream fails.
  if (says("unknown record content type")) {
    return context.handshake_messages_received == 0 ? ":WRONG_VERSION_NUMBER:"
                                                    : ":UNEXPECTED_RECORD:";
  }
  if (says("server accepted a PSK we did not offer")) {
    // With a session offered, it was one of another version.
    return context.resumption ? ":OLD_SESSION_VERSION_NOT_RETURNED:" : ":UNEXPECTED_EXTENSION:";
  }
  if (context.hello_retry_request && (says("TLS 1.3 extension in a TLS 1.2 ServerHello") ||
                                      says("server selected a version we did not offer") ||
                                      says("server downgraded after HelloRetryRequest"))) {
    return ":SECOND_SERVERHELLO_VERSION_MISMATCH:";
  }
  if (says("legacy_version other than 0x0303")) {
    return context.hello_retry_request ? ":DECODE_ERROR:" : ":UNSUPPORTED_PROTOCOL:";
  }
  return std::nullopt;
}

// Messages whose BoringSSL name is not their alert's.
const std::vector<std::pair<std::string_view, std::string_view>>& precise_message_names() {
  static const std::vector<std::pair<std::string_view, std::string_view>> names = {
      {"the peer sent an HTTP CONNECT request", ":HTTPS_PROXY_REQUEST:"},
      {"the peer sent no certificate", ":DECODE_ERROR:"},
      {"KeyUpdate.request_update", ":DECODE_ERROR:"},
      {"CertificateRequest with a context during the handshake", ":DECODE_ERROR:"},
      {"compression method in a TLS 1.3 ServerHello", ":DECODE_ERROR:"},
      {"supported_versions selects", ":UNEXPECTED_EXTENSION:"},
      {"server accepted early data without our PSK", ":UNEXPECTED_EXTENSION:"},
      {"ClientHello without signature_algorithms", ":NO_COMMON_SIGNATURE_ALGORITHMS:"},
      {"ClientHello without supported_groups", ":NO_SHARED_GROUP:"},
      {"unprotected record of type", ":INVALID_OUTER_RECORD_TYPE:"},
      {"after we offered 0-RTT data", ":WRONG_VERSION_ON_EARLY_DATA:"},
      // BoringSSL counts every TLS 1.3 change_cipher_spec as an empty record.
      {"a second change_cipher_spec", ":TOO_MANY_EMPTY_FRAGMENTS:"},
      {"split across ServerHelloDone", ":EXCESS_HANDSHAKE_DATA:"},
      {"split across application data", ":UNEXPECTED_RECORD:"},
      {"is not expected while waiting for the server NewSessionTicket", ":UNEXPECTED_MESSAGE:"},
      {"only once the handshake is complete", ":HANDSHAKE_NOT_COMPLETE:"},
  };
  return names;
}

// A ciphertext over the limit, not a plaintext (the deframer's message).
bool ciphertext_too_long(const parley::Error& error) {
  return error.message.rfind("record of ", 0) == 0 &&
         error.message.find("exceeds the limit of") != std::string::npos;
}
// --- end of precise error names -------------------------------------------

std::string error_name(const parley::Error& error, const ErrorContext* context = nullptr) {
  if (context) {
    if (auto name = contextual_error_name(error, *context)) return *name;
  }
  if (error.kind == parley::ErrorKind::kPeerAlert && error.alert) {
    return peer_alert_name(*error.alert);
  }
  if (ciphertext_too_long(error)) return ":ENCRYPTED_LENGTH_TOO_LONG:";
  for (const auto& [text, name] : precise_message_names()) {
    if (error.message.find(text) != std::string::npos) return std::string(name);
  }
  for (const auto& [text, name] : message_names()) {
    if (error.message.find(text) != std::string::npos) return std::string(name);
  }
  return local_error_name(error);
}

// ---------------------------------------------------------------------------
// Flags

struct Options {
  bool server = false;
  int port = 0;
  uint64_t shim_id = 0;
  bool ipv6 = false;
  int resume_count = 0;

  std::string key_file;
  std::string cert_file;
  std::string trust_cert;

  std::optional<uint16_t> min_version;
  std::optional<uint16_t> max_version;
  std::optional<uint16_t> expect_version;
  bool no_tls13 = false;
  bool no_tls12 = false;
  bool fips_202205 = false;  // BoringSSL's compliance policies
  bool wpa_202304 = false;

  std::vector<uint16_t> curves;
  std::vector<uint16_t> signing_prefs;
  std::vector<uint16_t> verify_prefs;
  std::string cipher;

  std::string host_name;
  std::string expect_server_name;
  std::string advertise_alpn;  // wire format
  std::string select_alpn;
  std::optional<std::string> expect_alpn;
  bool decline_alpn = false;

  bool require_any_client_certificate = false;
  bool verify_peer = false;
  bool verify_fail = false;
  bool reverify_on_resume = false;
  bool async = false;                       // hooks: pending private-key operations
  bool use_custom_verify_callback = false;  // hooks: -verify-fail's alert
  std::string expect_peer_cert_file;

  std::optional<uint16_t> expect_curve_id;
  std::optional<uint16_t> expect_peer_signature_algorithm;
  std::optional<uint16_t> expect_cipher;
  bool expect_hrr = false;
  bool expect_no_hrr = false;
  bool expect_extended_master_secret = false;
  bool expect_secure_renegotiation = false;
  bool expect_no_session = false;
  bool fallback_scsv = false;

  // Resumption and 0-RTT.
  bool expect_session_miss = false;
  bool expect_ticket_renewal = false;
  bool expect_session_id = false;
  bool expect_no_session_id = false;
  bool no_ticket = false;
  bool enable_early_data = false;
  bool expect_accept_early_data = false;
  bool expect_reject_early_data = false;
  bool expect_ticket_supports_early_data = false;
  bool expect_no_offer_early_data = false;
  std::string expect_early_data_reason;
  int resumption_delay = 0;

  // OCSP stapling and SCTs (issue 13, ocsp branch): BoringSSL's
  // SSL_enable_ocsp_stapling / SSL_enable_signed_cert_timestamps on a client,
  // the staples of the server's certificate, and what the client must get.
  bool enable_ocsp_stapling = false;
  bool enable_signed_cert_timestamps = false;
  std::string ocsp_response;
  std::string signed_cert_timestamps;
  std::optional<std::string> expect_ocsp_response;
  std::optional<std::string> expect_signed_cert_timestamps;

  // Exporters (RFC 8446 7.5, RFC 5705).
  int export_keying_material = 0;
  std::string export_label;
  std::string export_context;
  bool use_export_context = false;

  bool shim_writes_first = false;
  bool shim_shuts_down = false;
  bool check_close_notify = false;
  bool key_update = false;
  int read_size = 0;
  int max_send_fragment = 0;

  // Certificate compression (RFC 8879): the runner's test algorithms.
  bool install_cert_compression_algs = false;
  int install_one_cert_compression_alg = 0;
};

int to_int(const std::string& flag, const std::string& value) {
  char* end = nullptr;
  errno = 0;
  const long parsed = std::strtol(value.c_str(), &end, 10);
  if (errno != 0 || end == value.c_str() || *end != '\0') {
    fail("flag " + flag + " wants an integer, got '" + value + "'");
  }
  return static_cast<int>(parsed);
}

std::string base64_decode(const std::string& flag, const std::string& text) {
  static const std::string_view kAlphabet =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  uint32_t bits = 0;
  int count = 0;
  for (char c : text) {
    if (c == '=') break;
    const size_t index = kAlphabet.find(c);
    if (index == std::string_view::npos) fail("flag " + flag + " wants base64");
    bits = (bits << 6) | static_cast<uint32_t>(index);
    count += 6;
    if (count >= 8) {
      count -= 8;
      out.push_back(static_cast<char>((bits >> count) & 0xff));
    }
  }
  return out;
}

// Flags that BoringSSL's shim uses to exercise its own API (callbacks,
// asynchronous I/O, buffer sizes); they do not change what a correct peer sees.
const std::set<std::string_view>& ignored_flags() {
  static const std::set<std::string_view> flags = {
      "-use-old-client-cert-callback",
      "-use-early-callback",
      "-implicit-handshake",
      "-peek-then-read",
      "-no-op-extra-handshake",
      "-handshake-twice",
      "-forbid-renegotiation-after-handshake",
      "-renegotiate-ignore",
      // BoringSSL's verify result is X509_V_OK whenever its callback accepts.
      "-expect-verify-result",
      // Versions parley never has (RFC 7568, RFC 8996): already off.
      "-no-tls1",
      "-no-tls11",
      "-no-ssl3",
  };
  return flags;
}

// Features parley deliberately does not have, or does not have yet (the
// shim exits 89 when a test asks for one).
const std::set<std::string_view>& unsupported_flags() {
  static const std::set<std::string_view> flags = {
      "-dtls",
      "-quic",
      "-handoff",
      "-handshaker-path",
      "-handshake-hints",
      // Renegotiation is refused by design.
      "-renegotiate-freely",
      "-renegotiate-once",
      "-renegotiate-explicit",
      "-expect-total-renegotiations",
      // Resumption, tickets and 0-RTT: issue 9.
      "-ticket-key",
      "-renew-ticket",
      "-use-ticket-callback",
      "-expect-ticket-age-skew",
      "-early-write-after-message",
      "-read-with-unfinished-write",
      "-quic-early-data-context",
      // OCSP callbacks (BoringSSL API), certificate compression, exporters: issue 13.
      "-use-ocsp-callback",
      "-fail-ocsp-callback",
      "-set-ocsp-in-callback",
      "-decline-ocsp-callback",
      "-export-traffic-secrets",
      "-tls-unique",
      "-use-exporter-between-reads",
      // Not in parley: ECH, NPN, Channel ID, ALPS, SRTP, PSK, delegated
      // credentials, GREASE, False Start, extension permutation.
      "-ech-config-list",
      "-expect-ech-accept",
      "-ech-server-key",
      "-ech-server-config",
      "-ech-is-retry-config",
      "-enable-ech-grease",
      "-expect-ech-retry-configs",
      "-expect-no-ech-retry-configs",
      "-expect-ech-name-override",
      "-expect-no-ech-name-override",
      "-advertise-npn",
      "-select-next-proto",
      "-expect-next-proto",
      "-send-channel-id",
      "-enable-channel-id",
      "-expect-channel-id",
      "-verify-peer-if-no-obc",
      "-application-settings",
      "-expect-peer-application-settings",
      "-alps-use-new-codepoint",
      "-defer-alps",
      "-srtp-profiles",
      "-psk",
      "-psk-identity",
      "-delegated-credential",
      "-expect-delegated-credential-used",
      "-enable-grease",
      "-false-start",
      "-allow-false-start-without-alpn",
      "-permute-extensions",
      "-expect-advertised-alpn",
      "-expect-peer-verify-pref",
      "-use-client-ca-list",
      "-expect-client-ca-list",
      "-expect-certificate-types",
      "-install-ddos-callback",
      "-fail-ddos-callback",
      "-fail-early-callback",
      "-fail-cert-callback",
      "-jdk11-workaround",
      "-retain-only-sha256-client-cert",
      "-expect-sha256-client-cert",
      "-send-alert",
      "-server-preference",
      "-reject-alpn",
      "-select-empty-alpn",
      "-max-cert-list",
      "-allow-unknown-alpn-protos",
      // parley always enforces keyUsage (RFC 5246 7.4.2).
      "-ignore-rsa-key-usage",
      "-expect-key-usage-invalid",
      "-partial-write",
      "-write-different-record-sizes",
      "-cbc-record-splitting",
      "-handshake-never-done",
      "-expect-msg-callback",
      "-quic-transport-params",
      "-expect-quic-transport-params",
      "-quic-use-legacy-codepoint",
      "-expect-no-secure-renegotiation",
      "-mtu",
      "-initial-timeout-duration-ms",
      "-expect-cipher-aes",
      "-expect-cipher-no-aes",
      "-write-settings",
      "-allow-hint-mismatch",
      "-expect-early-data-info",
      "-expect-hrr-ech",
      "-expect-not-resumable-across-names",
      "-expect-resumable-across-names",
      "-expect-selected-credential",
      "-wait-for-debugger",
      "-key-shares",
  };
  return flags;
}

struct FlagTable {
  std::map<std::string_view, std::function<void(Options&)>> booleans;
  std::map<std::string_view, std::function<void(Options&, const std::string&)>> valued;
};

const FlagTable& flag_table() {
  static const FlagTable table = [] {
    FlagTable t;
    auto boolean = [&](std::string_view name, bool Options::*field) {
      t.booleans[name] = [field](Options& o) { o.*field = true; };
    };
    auto text = [&](std::string_view name, std::string Options::*field) {
      t.valued[name] = [field](Options& o, const std::string& v) { o.*field = v; };
    };
    auto u16 = [&](std::string_view name, std::optional<uint16_t> Options::*field) {
      t.valued[name] = [name, field](Options& o, const std::string& v) {
        o.*field = static_cast<uint16_t>(to_int(std::string(name), v));
      };
    };
    auto u16_list = [&](std::string_view name, std::vector<uint16_t> Options::*field) {
      t.valued[name] = [name, field](Options& o, const std::string& v) {
        (o.*field).push_back(static_cast<uint16_t>(to_int(std::string(name), v)));
      };
    };
    auto integer = [&](std::string_view name, int Options::*field) {
      t.valued[name] = [name, field](Options& o, const std::string& v) {
        o.*field = to_int(std::string(name), v);
      };
    };
    boolean("-server", &Options::server);
    boolean("-ipv6", &Options::ipv6);
    boolean("-no-tls13", &Options::no_tls13);
    boolean("-no-tls12", &Options::no_tls12);
    boolean("-fips-202205", &Options::fips_202205);
    boolean("-wpa-202304", &Options::wpa_202304);
    boolean("-decline-alpn", &Options::decline_alpn);
    boolean("-require-any-client-certificate", &Options::require_any_client_certificate);
    boolean("-verify-peer", &Options::verify_peer);
    boolean("-verify-fail", &Options::verify_fail);
    boolean("-reverify-on-resume", &Options::reverify_on_resume);
    boolean("-async", &Options::async);                                            // hooks
    boolean("-use-custom-verify-callback", &Options::use_custom_verify_callback);  // hooks
    boolean("-expect-hrr", &Options::expect_hrr);
    boolean("-expect-no-hrr", &Options::expect_no_hrr);
    boolean("-expect-extended-master-secret", &Options::expect_extended_master_secret);
    boolean("-expect-secure-renegotiation", &Options::expect_secure_renegotiation);
    boolean("-expect-no-session", &Options::expect_no_session);
    boolean("-fallback-scsv", &Options::fallback_scsv);
    boolean("-expect-session-miss", &Options::expect_session_miss);
    boolean("-expect-ticket-renewal", &Options::expect_ticket_renewal);
    boolean("-expect-session-id", &Options::expect_session_id);
    boolean("-expect-no-session-id", &Options::expect_no_session_id);
    boolean("-no-ticket", &Options::no_ticket);
    boolean("-enable-early-data", &Options::enable_early_data);
    boolean("-expect-accept-early-data", &Options::expect_accept_early_data);
    boolean("-expect-reject-early-data", &Options::expect_reject_early_data);
    boolean("-expect-ticket-supports-early-data", &Options::expect_ticket_supports_early_data);
    boolean("-expect-no-offer-early-data", &Options::expect_no_offer_early_data);
    text("-expect-early-data-reason", &Options::expect_early_data_reason);
    integer("-resumption-delay", &Options::resumption_delay);
    integer("-export-keying-material", &Options::export_keying_material);
    text("-export-label", &Options::export_label);
    text("-export-context", &Options::export_context);
    boolean("-use-export-context", &Options::use_export_context);
    // OCSP stapling and SCTs (issue 13, ocsp branch).
    auto base64 = [&]<typename Field>(std::string_view name, Field Options::*field) {
      t.valued[name] = [name, field](Options& o, const std::string& v) {
        o.*field = base64_decode(std::string(name), v);
      };
    };
    boolean("-enable-ocsp-stapling", &Options::enable_ocsp_stapling);
    boolean("-enable-signed-cert-timestamps", &Options::enable_signed_cert_timestamps);
    base64("-ocsp-response", &Options::ocsp_response);
    base64("-signed-cert-timestamps", &Options::signed_cert_timestamps);
    base64("-expect-ocsp-response", &Options::expect_ocsp_response);
    base64("-expect-signed-cert-timestamps", &Options::expect_signed_cert_timestamps);
    boolean("-shim-writes-first", &Options::shim_writes_first);
    boolean("-shim-shuts-down", &Options::shim_shuts_down);
    boolean("-check-close-notify", &Options::check_close_notify);
    boolean("-key-update", &Options::key_update);
    t.booleans["-client"] = [](Options&) {};  // the default role
    integer("-port", &Options::port);
    integer("-resume-count", &Options::resume_count);
    integer("-read-size", &Options::read_size);
    integer("-max-send-fragment", &Options::max_send_fragment);
    t.valued["-shim-id"] = [](Options& o, const std::string& v) {
      o.shim_id = std::strtoull(v.c_str(), nullptr, 10);
    };
    text("-key-file", &Options::key_file);
    text("-cert-file", &Options::cert_file);
    text("-trust-cert", &Options::trust_cert);
    text("-cipher", &Options::cipher);
    text("-host-name", &Options::host_name);
    text("-expect-server-name", &Options::expect_server_name);
    text("-select-alpn", &Options::select_alpn);
    text("-expect-peer-cert-file", &Options::expect_peer_cert_file);
    t.valued["-advertise-alpn"] = [](Options& o, const std::string& v) { o.advertise_alpn = v; };
    t.valued["-expect-alpn"] = [](Options& o, const std::string& v) { o.expect_alpn = v; };
    u16("-min-version", &Options::min_version);
    u16("-max-version", &Options::max_version);
    u16("-expect-version", &Options::expect_version);
    u16("-expect-curve-id", &Options::expect_curve_id);
    u16("-expect-peer-signature-algorithm", &Options::expect_peer_signature_algorithm);
    u16("-expect-cipher", &Options::expect_cipher);
    u16_list("-curves", &Options::curves);
    u16_list("-signing-prefs", &Options::signing_prefs);
    u16_list("-verify-prefs", &Options::verify_prefs);
    // Certificate compression (RFC 8879).
    boolean("-install-cert-compression-algs", &Options::install_cert_compression_algs);
    integer("-install-one-cert-compression-alg", &Options::install_one_cert_compression_alg);
    return t;
  }();
  return table;
}

bool takes_value(std::string_view name) {
  static const std::set<std::string_view> valued_unsupported = {
      "-ech-config-list",
      "-ech-server-key",
      "-ech-server-config",
      "-ech-is-retry-config",
      "-expect-ech-retry-configs",
      "-expect-ech-name-override",
      "-advertise-npn",
      "-select-next-proto",
      "-expect-next-proto",
      "-send-channel-id",
      "-expect-channel-id",
      "-application-settings",
      "-expect-peer-application-settings",
      "-srtp-profiles",
      "-psk",
      "-psk-identity",
      "-delegated-credential",
      "-ticket-key",
      "-expect-ticket-age-skew",
      "-expect-advertised-alpn",
      "-expect-peer-verify-pref",
      "-expect-client-ca-list",
      "-expect-certificate-types",
      "-max-cert-list",
      "-expect-msg-callback",
      "-quic-transport-params",
      "-expect-quic-transport-params",
      "-mtu",
      "-initial-timeout-duration-ms",
      "-early-write-after-message",
      "-quic-early-data-context",
      "-expect-total-renegotiations",
      "-key-shares",
      "-expect-selected-credential",
  };
  return flag_table().valued.count(name) > 0 || valued_unsupported.count(name) > 0;
}

// The flags for connection `index` (0: initial, >0: resumption). Prefixed
// flags apply to one connection only. `retry`: the flags of the connection
// a client retries after the server rejected its 0-RTT data (BoringSSL's
// SSL_reset_early_data_reject): unprefixed and -on-retry- ones.
Options parse(const std::vector<std::string>& args, int index, bool retry = false) {
  Options options;
  const FlagTable& table = flag_table();
  for (size_t i = 0; i < args.size(); ++i) {
    std::string name = args[i];
    bool applies = true;
    // Prefixes nest (-on-handshaker-on-resume-...). In split-handshake mode
    // this process is always the "shim", never the "handshaker".
    for (bool stripped = true; stripped;) {
      stripped = false;
      for (const auto& [prefix, for_connection] :
           std::initializer_list<std::pair<std::string_view, int>>{{"-on-initial-", 0},
                                                                   {"-on-resume-", 1},
                                                                   {"-on-shim-", -1},
                                                                   {"-on-handshaker-", -2},
                                                                   {"-on-retry-", 2}}) {
        if (name.rfind(prefix, 0) != 0) continue;
        name = "-" + name.substr(prefix.size());
        if (for_connection == -2) applies = false;
        if (for_connection == 2 && !retry) applies = false;
        if ((for_connection == 0 || for_connection == 1) &&
            (retry || for_connection != (index > 0 ? 1 : 0))) {
          applies = false;
        }
        stripped = true;
      }
    }
    const bool has_value = takes_value(name);
    if (has_value && i + 1 >= args.size()) fail("flag " + name + " needs a value");
    const std::string value = has_value ? args[++i] : std::string();
    if (!applies) {
      if (!table.booleans.count(name) && !has_value && !unsupported_flags().count(name) &&
          !ignored_flags().count(name)) {
        fail("unknown flag: " + args[i]);
      }
      continue;
    }
    if (auto b = table.booleans.find(name); b != table.booleans.end()) {
      b->second(options);
    } else if (auto v = table.valued.find(name); v != table.valued.end()) {
      v->second(options, value);
    } else if (unsupported_flags().count(name)) {
      unimplemented(name);
    } else if (!ignored_flags().count(name)) {
      fail("unknown flag: " + name);
    }
  }
  return options;
}

// ---------------------------------------------------------------------------
// Configuration

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("cannot read " + path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

std::vector<parley::ProtocolVersion> versions(const Options& o) {
  uint16_t low = o.min_version.value_or(0x0303);
  uint16_t high = o.max_version.value_or(0x0304);
  if (high < 0x0303) unimplemented("versions below TLS 1.2");
  std::vector<parley::ProtocolVersion> out;
  if (high >= 0x0304 && !o.no_tls13) out.push_back(parley::ProtocolVersion::kTls13);
  if (low <= 0x0303 && !o.no_tls12) out.push_back(parley::ProtocolVersion::kTls12);
  return out;
}

// BoringSSL's default cipher order (TLS 1.2: ECDHE with AES-GCM and
// ChaCha20, then plain RSA key exchange), restricted to what parley has.
std::vector<parley::CipherSuite> default_suites() {
  using S = parley::CipherSuite;
  return {S::kTlsAes128GcmSha256,
          S::kTlsAes256GcmSha384,
          S::kTlsChaCha20Poly1305Sha256,
          S::kTlsEcdheEcdsaWithAes128GcmSha256,
          S::kTlsEcdheRsaWithAes128GcmSha256,
          S::kTlsEcdheEcdsaWithAes256GcmSha384,
          S::kTlsEcdheRsaWithAes256GcmSha384,
          S::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256,
          S::kTlsEcdheRsaWithChaCha20Poly1305Sha256,
          S::kTlsRsaWithAes128GcmSha256,
          S::kTlsRsaWithAes256GcmSha384};
}

// OpenSSL cipher-string syntax, the subset the runner uses: IANA names with
// or without the TLS_ prefix, "ALL"/"DEFAULT", and "!NAME" exclusions.
std::vector<parley::CipherSuite> cipher_suites(const std::string& spec) {
  std::vector<parley::CipherSuite> out;
  std::vector<parley::CipherSuite> tls13;
  for (parley::CipherSuite s : default_suites()) {
    if (parley::name_of(s).find("WITH") == std::string_view::npos) tls13.push_back(s);
  }
  out = tls13;  // RFC 8446 suites are not configured by the cipher string
  std::stringstream items(spec);
  std::string item;
  while (std::getline(items, item, ':')) {
    if (item.empty()) continue;
    if (item.find_first_of("[|]+@") != std::string::npos) unimplemented("cipher string " + spec);
    if (item == "ALL" || item == "DEFAULT") {
      for (parley::CipherSuite s : default_suites()) {
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
      }
      continue;
    }
    const bool remove = item[0] == '!' || item[0] == '-';
    const std::string name = remove ? item.substr(1) : item;
    std::vector<parley::CipherSuite> matched;
    for (parley::CipherSuite s : default_suites()) {
      const std::string_view iana = parley::name_of(s);
      const std::string short_name = std::string(iana.substr(iana.rfind("TLS_", 0) == 0 ? 4 : 0));
      if (iana == name || short_name == name || iana.find("_" + name + "_") != std::string::npos) {
        matched.push_back(s);
      }
    }
    if (matched.empty()) {
      if (remove) continue;
      unimplemented("cipher " + name);
    }
    for (parley::CipherSuite s : matched) {
      auto at = std::find(out.begin(), out.end(), s);
      if (remove && at != out.end()) out.erase(at);
      if (!remove && at == out.end()) out.push_back(s);
    }
  }
  if (out.size() == tls13.size()) unimplemented("no TLS 1.2 cipher in " + spec);
  return out;
}

template <typename T>
std::vector<T> as_enums(const std::vector<uint16_t>& values) {
  std::vector<T> out;
  for (uint16_t v : values) out.push_back(static_cast<T>(v));
  return out;
}

std::vector<std::string> alpn_list(const std::string& wire) {
  std::vector<std::string> out;
  for (size_t i = 0; i < wire.size();) {
    const size_t length = static_cast<uint8_t>(wire[i]);
    if (i + 1 + length > wire.size()) fail("malformed -advertise-alpn");
    out.push_back(wire.substr(i + 1, length));
    i += 1 + length;
  }
  return out;
}

// --- Compliance policies (bogo3) --------------------------------------------
// BoringSSL's SSL_set_compliance_policy is a preset of algorithm lists; the
// shim gives parley the same lists, so the runner checks that parley
// negotiates nothing outside its configuration.
template <typename T>
void restrict_to(std::vector<T>& configured, const std::vector<T>& allowed) {
  if (configured.empty()) {
    configured = allowed;
    return;
  }
  std::erase_if(configured, [&](T value) {
    return std::find(allowed.begin(), allowed.end(), value) == allowed.end();
  });
}

void apply_compliance_policy(const Options& o, parley::CommonConfig& config) {
  if (!o.fips_202205 && !o.wpa_202304) return;
  using S = parley::CipherSuite;
  using G = parley::NamedGroup;
  using Sig = parley::SignatureScheme;
  if (o.fips_202205) {
    restrict_to(config.cipher_suites,
                {S::kTlsAes128GcmSha256, S::kTlsAes256GcmSha384,
                 S::kTlsEcdheEcdsaWithAes128GcmSha256, S::kTlsEcdheRsaWithAes128GcmSha256,
                 S::kTlsEcdheEcdsaWithAes256GcmSha384, S::kTlsEcdheRsaWithAes256GcmSha384});
    restrict_to(config.groups, {G::kSecp256r1, G::kSecp384r1});
    const std::vector<Sig> schemes = {Sig::kRsaPkcs1Sha256,       Sig::kRsaPkcs1Sha384,
                                      Sig::kRsaPkcs1Sha512,       Sig::kEcdsaSecp256r1Sha256,
                                      Sig::kEcdsaSecp384r1Sha384, Sig::kRsaPssRsaeSha256,
                                      Sig::kRsaPssRsaeSha384,     Sig::kRsaPssRsaeSha512};
    restrict_to(config.signature_schemes, schemes);
    restrict_to(config.signing_schemes, schemes);
  }
  if (o.wpa_202304) {
    restrict_to(config.cipher_suites, {S::kTlsAes256GcmSha384, S::kTlsEcdheEcdsaWithAes256GcmSha384,
                                       S::kTlsEcdheRsaWithAes256GcmSha384});
    restrict_to(config.groups, {G::kSecp384r1});
    const std::vector<Sig> schemes = {Sig::kRsaPkcs1Sha384, Sig::kRsaPkcs1Sha512,
                                      Sig::kEcdsaSecp384r1Sha384, Sig::kRsaPssRsaeSha384,
                                      Sig::kRsaPssRsaeSha512};
    restrict_to(config.signature_schemes, schemes);
    restrict_to(config.signing_schemes, schemes);
  }
}
// --- end of compliance policies ---------------------------------------------

// ---------------------------------------------------------------------------
// Certificate compression (RFC 8879): the runner's three test algorithms
// (runner.go shrinkingCompression, expandingCompression, randomCompression).

class RunnerCompressor final : public parley::CertificateCompressor {
 public:
  enum class Kind : uint16_t { kShrinking = 0xff01, kExpanding = 0xff02, kRandom = 0xff03 };
  explicit RunnerCompressor(Kind kind) : kind_(kind) {}
  parley::CertificateCompressionAlgorithm algorithm() const override {
    return static_cast<parley::CertificateCompressionAlgorithm>(kind_);
  }
  parley::Result<std::vector<uint8_t>> compress(std::span<const uint8_t> in) const override {
    switch (kind_) {
      case Kind::kShrinking:  // drops the Certificate's leading two zero bytes
        if (in.size() < 2 || in[0] != 0 || in[1] != 0) return parley::internal_error("prefix");
        return std::vector<uint8_t>(in.begin() + 2, in.end());
      case Kind::kExpanding:
        return prefixed(kExpandingPrefix, in);
      case Kind::kRandom:
        return prefixed({static_cast<uint8_t>(std::rand())}, in);
    }
    return parley::internal_error("unknown kind");
  }
  parley::Result<std::vector<uint8_t>> decompress(std::span<const uint8_t> in,
                                                  size_t length) const override {
    const size_t strip = kind_ == Kind::kExpanding ? kExpandingPrefix.size() : 1;
    if (kind_ == Kind::kShrinking) {
      if (in.size() + 2 != length) return parley::decode_error("wrong length");
      return prefixed({0, 0}, in);
    }
    if (in.size() < strip ||
        (kind_ == Kind::kExpanding &&
         !std::equal(kExpandingPrefix.begin(), kExpandingPrefix.end(), in.begin()))) {
      return parley::decode_error("bad prefix");
    }
    if (in.size() - strip != length) return parley::decode_error("wrong length");
    return std::vector<uint8_t>(in.begin() + static_cast<ptrdiff_t>(strip), in.end());
  }

 private:
  static inline const std::vector<uint8_t> kExpandingPrefix = {1, 2, 3, 4};
  static std::vector<uint8_t> prefixed(const std::vector<uint8_t>& prefix,
                                       std::span<const uint8_t> in) {
    std::vector<uint8_t> out = prefix;
    out.insert(out.end(), in.begin(), in.end());
    return out;
  }
  Kind kind_;
};

// BoringSSL's shim compresses only when told to; parley's default (every
// built-in algorithm) would answer tests that expect no compression.
std::vector<std::shared_ptr<const parley::CertificateCompressor>> runner_compressors(
    const Options& o) {
  using K = RunnerCompressor::Kind;
  std::vector<std::shared_ptr<const parley::CertificateCompressor>> out;
  if (o.install_cert_compression_algs) {
    // The runner's CertCompressionPriority expects expanding over shrinking.
    for (K kind : {K::kExpanding, K::kShrinking, K::kRandom}) {
      out.push_back(std::make_shared<RunnerCompressor>(kind));
    }
  }
  if (o.install_one_cert_compression_alg != 0) {
    const auto kind = static_cast<K>(o.install_one_cert_compression_alg);
    if (kind != K::kShrinking && kind != K::kExpanding && kind != K::kRandom) {
      unimplemented("certificate compression algorithm " +
                    std::to_string(o.install_one_cert_compression_alg));
    }
    out.push_back(std::make_shared<RunnerCompressor>(kind));
  }
  return out;
}

void configure_common(const Options& o, parley::CommonConfig& config) {
  config.versions = versions(o);
  if (config.versions.empty()) unimplemented("no version parley supports is enabled");
  config.cipher_suites = o.cipher.empty() ? default_suites() : cipher_suites(o.cipher);
  static const std::set<uint16_t> kGroups = {0x0017, 0x0018, 0x0019, 0x001d, 0x0100, 0x0101};
  for (uint16_t group : o.curves) {
    if (!kGroups.count(group)) unimplemented("group " + std::to_string(group));
  }
  config.groups = as_enums<parley::NamedGroup>(o.curves);
  config.signature_schemes = as_enums<parley::SignatureScheme>(o.verify_prefs);
  config.signing_schemes = as_enums<parley::SignatureScheme>(o.signing_prefs);
  if (o.signing_prefs.empty() && !o.verify_prefs.empty()) {
    // BoringSSL's -verify-prefs limit what it accepts, not what it signs
    // with; parley signs with signature_schemes unless told otherwise.
    using S = parley::SignatureScheme;
    config.signing_schemes = {S::kEcdsaSecp256r1Sha256, S::kEcdsaSecp384r1Sha384,
                              S::kEcdsaSecp521r1Sha512, S::kEd25519,
                              S::kRsaPssRsaeSha256,     S::kRsaPssRsaeSha384,
                              S::kRsaPssRsaeSha512,     S::kRsaPkcs1Sha256,
                              S::kRsaPkcs1Sha384,       S::kRsaPkcs1Sha512};
  }
  apply_compliance_policy(o, config);
  // BoGo's certificates are test certificates; the checks are the runner's.
  config.strict_trust_anchors = false;
  config.certificate_compressors = runner_compressors(o);  // certificate compression
}

// --- hooks (issue 13: CertificateVerifier, asynchronous Signer) ---------
// -async: every private-key operation is left pending, as a remote signer
// would, and the Session completes it on its next turn, so each handshake
// suspends at parley's signing points. -verify-fail: a CertificateVerifier
// refuses the peer (certificate_unknown with -use-custom-verify-callback,
// else handshake_failure, as BoringSSL's two callbacks do).
std::vector<std::function<void()>>& pending_key_operations() {
  static std::vector<std::function<void()>> operations;
  return operations;
}

class PendingSigner final : public parley::Signer {
 public:
  explicit PendingSigner(std::shared_ptr<const parley::Signer> inner) : inner_(std::move(inner)) {}
  parley::PrivateKeyResult sign(const parley::SignRequest& request,
                                const parley::PrivateKeyCompletion& completion) const override {
    pending_key_operations().push_back(
        [inner = inner_, copy = parley::SignRequest(request), completion,
         message = std::vector<uint8_t>(request.message.begin(), request.message.end())]() mutable {
          copy.message = message;
          completion.complete(std::move(*inner->sign(copy, completion)));
        });
    return std::nullopt;
  }

 private:
  std::shared_ptr<const parley::Signer> inner_;
};

void complete_pending_key_operations() {
  auto operations = std::exchange(pending_key_operations(), {});
  for (auto& operation : operations) operation();
}

// With -async, `key` behind a PendingSigner, unless a static-RSA suite may
// need it to decrypt (parley's own Signer only signs).
std::shared_ptr<const parley::CertifiedKey> maybe_async(
    const Options& o, std::shared_ptr<const parley::CertifiedKey> key,
    const parley::CommonConfig& config) {
  if (!o.async || !key) return key;
  for (parley::CipherSuite suite : config.cipher_suites) {
    if (parley::name_of(suite).starts_with("TLS_RSA_")) return key;
  }
  auto pending = parley::CertifiedKey::from_signer(key->chain(),
                                                   std::make_shared<PendingSigner>(key->signer()));
  if (!pending.ok()) fail(error_name(pending.error()) + " " + pending.error().to_string());
  return *pending;
}

class RefusingVerifier final : public parley::CertificateVerifier {
 public:
  explicit RefusingVerifier(parley::AlertDescription alert) : alert_(alert) {}
  parley::Result<std::vector<std::vector<uint8_t>>> verify(
      const parley::CertificateVerificationInput& /*input*/) const override {
    return parley::make_error(parley::ErrorKind::kCertificate, alert_,
                              "-verify-fail: the verify callback refuses the chain");
  }

 private:
  parley::AlertDescription alert_;
};

bool verification_fails(const Options& o);  // below

std::shared_ptr<const parley::CertificateVerifier> refusing_verifier(const Options& o) {
  return std::make_shared<RefusingVerifier>(o.use_custom_verify_callback
                                                ? parley::AlertDescription::kCertificateUnknown
                                                : parley::AlertDescription::kHandshakeFailure);
}
// --- end of hooks ----------------------------------------------------------

std::shared_ptr<const parley::CertifiedKey> certified_key(const Options& o) {
  if (o.cert_file.empty() || o.key_file.empty()) return nullptr;
  auto key = parley::CertifiedKey::from_pem_files(o.cert_file, o.key_file);
  if (!key.ok()) fail(error_name(key.error()) + " " + key.error().to_string());
  return *key;
}

// ---------------------------------------------------------------------------
// Transport

class Socket {
 public:
  explicit Socket(const Options& o) {
    fd_ = ::socket(o.ipv6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) fail("socket: " + std::string(std::strerror(errno)));
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    int rc = 0;
    if (o.ipv6) {
      sockaddr_in6 address{};
      address.sin6_family = AF_INET6;
      address.sin6_port = htons(static_cast<uint16_t>(o.port));
      address.sin6_addr = in6addr_loopback;
      rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    } else {
      sockaddr_in address{};
      address.sin_family = AF_INET;
      address.sin_port = htons(static_cast<uint16_t>(o.port));
      address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
      rc = ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof(address));
    }
    if (rc != 0) fail("connect: " + std::string(std::strerror(errno)));
    std::array<uint8_t, 8> id{};
    for (size_t i = 0; i < id.size(); ++i) id[i] = static_cast<uint8_t>(o.shim_id >> (8 * i));
    if (!write_all(id)) fail("cannot send the shim id");
  }
  ~Socket() { ::close(fd_); }
  Socket(const Socket&) = delete;
  Socket& operator=(const Socket&) = delete;

  bool write_all(std::span<const uint8_t> data) {
    while (!data.empty()) {
      const ssize_t n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n < 0 && errno == EINTR) continue;
      if (n <= 0) return false;
      data = data.subspan(static_cast<size_t>(n));
    }
    return true;
  }
  // Bytes read; 0 at end of stream; -1 on an error.
  ssize_t read(std::span<uint8_t> out) {
    for (;;) {
      const ssize_t n = ::recv(fd_, out.data(), out.size(), 0);
      if (n < 0 && errno == EINTR) continue;
      return n;
    }
  }

 private:
  int fd_ = -1;
};

// One TLS connection over the runner's socket.
class Session {
 public:
  Session(parley::Connection& connection, Socket& socket, const ErrorContext* errors = nullptr)
      : connection_(connection), socket_(socket), errors_(errors) {}

  // Sends whatever parley has queued; false if the socket is gone.
  bool flush() {
    auto pending = connection_.pending_tls();
    if (pending.empty()) return true;
    const bool sent = socket_.write_all(pending);
    connection_.consume_tls(pending.size());
    return sent;
  }

  // Fails the test with parley's error, after sending its alert.
  [[noreturn]] void die() {
    flush();
    const auto& error = connection_.error();
    if (!error) fail(":INTERNAL_ERROR: connection failed without an error");
    fail(error_name(*error, errors_) + " " + error->to_string());
  }

  // Reads from the socket once and feeds parley. False at end of stream.
  bool receive() {
    if (input_.empty()) {
      std::array<uint8_t, 16384> buffer{};
      const ssize_t n = socket_.read(buffer);
      if (n <= 0) return false;
      input_.assign(buffer.begin(), buffer.begin() + n);
    }
    auto taken = connection_.receive_tls(input_);
    if (!taken.ok()) die();
    input_.erase(input_.begin(), input_.begin() + static_cast<ptrdiff_t>(*taken));
    return true;
  }

  void handshake() {
    while (connection_.is_handshaking()) {
      if (!flush()) fail(":WRITE_ERROR: the runner closed the connection");
      if (connection_.failed()) die();
      if (connection_.wants_private_key_operation()) {  // hooks: -async
        complete_pending_key_operations();
        if (!connection_.poll_private_key_operation().ok()) die();
        continue;
      }
      if (!receive()) {
        flush();
        fail(":UNEXPECTED_EOF: the runner closed the connection during the handshake");
      }
    }
    if (connection_.failed()) die();
    flush();
  }

  void write(std::span<const uint8_t> data) {
    if (!connection_.write(data).ok()) die();
    if (!flush()) fail(":WRITE_ERROR: the runner closed the connection");
  }

  // Echoes application data XORed with 0xff until the peer closes.
  void echo(const Options& o, bool& saw_close_notify) {
    const size_t chunk = o.read_size > 0 ? static_cast<size_t>(o.read_size) : 16384;
    std::vector<uint8_t> data(chunk);
    for (;;) {
      while (connection_.readable() > 0) {
        const size_t n = connection_.read(data);
        for (size_t i = 0; i < n; ++i) data[i] ^= 0xff;
        write(std::span<const uint8_t>(data.data(), n));
      }
      if (connection_.peer_closed()) {
        saw_close_notify = true;
        return;
      }
      if (!flush()) return;
      if (!receive()) return;
      if (connection_.failed()) die();
    }
  }

  // Waits for the peer's close_notify after ours.
  bool wait_for_close_notify() {
    while (!connection_.peer_closed()) {
      while (connection_.readable() > 0) {
        std::array<uint8_t, 1024> discard{};
        (void)connection_.read(discard);
      }
      if (!receive()) return false;
      if (connection_.failed()) die();
    }
    return true;
  }

 private:
  parley::Connection& connection_;
  Socket& socket_;
  const ErrorContext* errors_;
  std::vector<uint8_t> input_;
};

// ---------------------------------------------------------------------------
// Expectations

template <typename T>
void expect_equal(std::string_view what, const std::optional<T>& got,
                  const std::optional<uint16_t>& wanted) {
  if (!wanted) return;
  if (!got || static_cast<uint16_t>(*got) != *wanted) {
    fail("wrong " + std::string(what) + ": got " +
         (got ? std::to_string(static_cast<uint16_t>(*got)) : std::string("none")) + ", wanted " +
         std::to_string(*wanted));
  }
}

std::vector<std::vector<uint8_t>> pem_certificates_der(const std::string& path);

void check_expectations(const Options& o, const parley::SessionInfo& info) {
  expect_equal("version", info.version, o.expect_version);
  expect_equal("cipher", info.cipher_suite, o.expect_cipher);
  expect_equal("curve", info.group, o.expect_curve_id);
  expect_equal("peer signature algorithm", info.signature_scheme,
               o.expect_peer_signature_algorithm);
  if (o.expect_alpn && info.alpn_protocol != *o.expect_alpn) {
    fail("wrong ALPN: got '" + info.alpn_protocol + "', wanted '" + *o.expect_alpn + "'");
  }
  if (!o.expect_server_name.empty() && info.server_name != o.expect_server_name) {
    fail("wrong server name: got '" + info.server_name + "'");
  }
  if (o.expect_hrr && !info.hello_retry_request) fail("expected a HelloRetryRequest");
  if (o.expect_no_hrr && info.hello_retry_request) fail("unexpected HelloRetryRequest");
  if (o.expect_extended_master_secret && !info.extended_master_secret &&
      info.version == parley::ProtocolVersion::kTls12) {
    fail("expected extended master secret");
  }
  if (!o.expect_peer_cert_file.empty() &&
      info.peer_certificates != pem_certificates_der(o.expect_peer_cert_file)) {
    fail("the peer's certificate chain is not " + o.expect_peer_cert_file);
  }
}

std::vector<std::vector<uint8_t>> pem_certificates_der(const std::string& path) {
  const std::string pem = read_file(path);
  std::vector<std::vector<uint8_t>> out;
  const std::string begin = "-----BEGIN CERTIFICATE-----";
  const std::string end = "-----END CERTIFICATE-----";
  for (size_t at = pem.find(begin); at != std::string::npos; at = pem.find(begin, at)) {
    const size_t stop = pem.find(end, at);
    if (stop == std::string::npos) break;
    std::string body;
    for (char c : pem.substr(at + begin.size(), stop - at - begin.size())) {
      if (!std::isspace(static_cast<unsigned char>(c))) body.push_back(c);
    }
    const std::string der = base64_decode(path, body);
    out.emplace_back(der.begin(), der.end());
    at = stop;
  }
  return out;
}

// ---------------------------------------------------------------------------
// What outlives a connection: -resume-count runs several in one process,
// sharing the clock, the server's ticket keys, session store and replay
// cache, and the client's sessions.

// BoringSSL's shim offers, on connection N, the newest session connection
// N-1 received, once; this cache does the same.
class PreviousSessionCache : public parley::ClientSessionCache {
 public:
  void put(const std::string& /*key*/, std::vector<uint8_t> session) override {
    received_ = std::move(session);
    ++received_count_;
    received_early_data_ = ticket_allows_early_data;
  }
  std::optional<std::vector<uint8_t>> take(const std::string& /*key*/) override {
    return std::exchange(offer_, std::nullopt);
  }
  // The next connection offers what the last one received; false if none.
  bool next_connection() {
    offer_ = std::exchange(received_, std::nullopt);
    received_count_ = 0;
    received_early_data_ = false;
    return offer_.has_value();
  }
  size_t received_count() const { return received_count_; }
  bool received_early_data() const { return received_early_data_; }

  // Set from the trace of the NewSessionTicket being processed.
  bool ticket_allows_early_data = false;

 private:
  std::optional<std::vector<uint8_t>> offer_;
  std::optional<std::vector<uint8_t>> received_;
  size_t received_count_ = 0;
  bool received_early_data_ = false;
};

// The server's session-ID store, counting what it is given (-expect-session-id).
class CountingSessionStore : public parley::SessionStore {
 public:
  void put(std::span<const uint8_t> id, std::vector<uint8_t> state, int64_t expires_at) override {
    ++puts;
    inner_->put(id, std::move(state), expires_at);
  }
  std::optional<std::vector<uint8_t>> get(std::span<const uint8_t> id, int64_t now) override {
    return inner_->get(id, now);
  }
  void remove(std::span<const uint8_t> id) override { inner_->remove(id); }

  size_t puts = 0;

 private:
  std::shared_ptr<parley::SessionStore> inner_ = parley::make_session_store();
};

struct Process {
  int64_t clock_offset = 0;  // -resumption-delay moves time forward
  // BoringSSL reports a resumed connection's peer signature algorithm and
  // (TLS 1.2) group from the session; parley reports this handshake's.
  std::optional<parley::SignatureScheme> session_signature_scheme;
  std::optional<parley::NamedGroup> session_group;
  std::vector<uint8_t> session_ocsp_response;  // OCSP stapling and SCTs (ocsp branch)
  std::vector<uint8_t> session_scts;
  std::shared_ptr<parley::Ticketer> ticketer =
      parley::make_ticketer(std::make_shared<parley::TicketKeys>(
          std::vector<parley::TicketKey>{parley::TicketKey::generate()}));
  std::shared_ptr<CountingSessionStore> session_store = std::make_shared<CountingSessionStore>();
  std::shared_ptr<parley::AntiReplay> anti_replay = parley::make_replay_cache();
  std::shared_ptr<PreviousSessionCache> session_cache = std::make_shared<PreviousSessionCache>();

  parley::Clock clock() {
    return [this] {
      using namespace std::chrono;
      return duration_cast<seconds>(system_clock::now().time_since_epoch()).count() + clock_offset;
    };
  }
};

// What the trace shows of one connection.
struct Observed {
  ErrorContext errors;
  size_t tickets_received = 0;
  std::optional<parley::SignatureScheme> peer_signature_scheme;  // a client's CertificateVerify
};

// The value of `key` in a traced message's "key=value key=value" details.
std::string trace_field(const std::string& details, std::string_view key) {
  const std::string needle = " " + std::string(key) + "=";
  const std::string padded = " " + details;
  const size_t at = padded.find(needle);
  if (at == std::string::npos) return "";
  const size_t begin = at + needle.size();
  return padded.substr(begin, padded.find(' ', begin) - begin);
}

// ---------------------------------------------------------------------------
// One connection

// OCSP stapling and SCTs (ocsp branch), defined below.
void configure_staples(const Options& o, const parley::CertifiedKey& key);

std::unique_ptr<parley::Connection> make_server(const Options& o, Process& process,
                                                const std::shared_ptr<Observed>& observed) {
  auto config = std::make_shared<parley::ServerConfig>();
  configure_common(o, *config);
  config->clock = process.clock();
  observed->errors.server = true;
  config->trace = [observed](const parley::TraceEvent& event) {
    observe_for_errors(observed->errors, event);
    if (event.outgoing || event.message != "CertificateVerify") return;
    auto scheme = parley::parse_signature_schemes(trace_field(event.details, "scheme"));
    if (scheme.ok() && scheme->size() == 1) observed->peer_signature_scheme = scheme->front();
  };
  auto key = certified_key(o);
  if (!key) fail("a server needs -cert-file and -key-file");
  key = maybe_async(o, key, *config);  // hooks
  configure_staples(o, *key);
  config->certificates.push_back(key);
  if (!o.select_alpn.empty()) config->alpn_protocols = {o.select_alpn};
  if (o.require_any_client_certificate || o.verify_peer) {
    config->client_auth = o.require_any_client_certificate ? parley::ClientAuth::kRequired
                                                           : parley::ClientAuth::kOptional;
    // BoringSSL's shim accepts any client certificate (its verify callback).
    config->insecure_skip_client_verification = true;
  }
  if (verification_fails(o)) {  // hooks
    config->insecure_skip_client_verification = false;
    config->client_verifier = refusing_verifier(o);
  }
  // SSL_OP_NO_TICKET: no tickets minted or accepted, in either version.
  config->ticketer = o.no_ticket ? nullptr : process.ticketer;
  if (o.no_ticket) config->session_tickets = 0;
  config->session_store = process.session_store;
  config->anti_replay = process.anti_replay;
  config->early_data = o.enable_early_data;
  auto connection = parley::ServerConnection::create(config);
  if (!connection.ok()) fail(error_name(connection.error()) + " " + connection.error().to_string());
  return std::make_unique<parley::ServerConnection>(std::move(*connection));
}

// OCSP stapling and SCTs (issue 13, ocsp branch): the server certificate's
// staples, and what the client got.
void configure_staples(const Options& o, const parley::CertifiedKey& key) {
  const auto bytes = [](const std::string& text) {
    return std::vector<uint8_t>(text.begin(), text.end());
  };
  key.staples().set_ocsp_response(bytes(o.ocsp_response));
  auto scts = key.staples().set_signed_certificate_timestamps(bytes(o.signed_cert_timestamps));
  if (!scts.ok()) fail(":INVALID_SCT_LIST: " + scts.error().to_string());
}

void check_staples(const Options& o, const parley::SessionInfo& info) {
  const auto text = [](const std::vector<uint8_t>& bytes) {
    return std::string(bytes.begin(), bytes.end());
  };
  if (o.expect_ocsp_response && text(info.ocsp_response) != *o.expect_ocsp_response) {
    fail("wrong OCSP response");
  }
  if (o.expect_signed_cert_timestamps &&
      text(info.signed_certificate_timestamps) != *o.expect_signed_cert_timestamps) {
    fail("wrong SCT list");
  }
}

// -verify-fail: BoringSSL's verify callback refuses the peer's chain (fatal
// with -verify-peer, ignored without: its client's soft-fail mode); the shim
// sets a refusing CertificateVerifier then (hooks block).
bool verification_fails(const Options& o) {
  const bool verifies =
      o.server ? o.verify_peer || o.require_any_client_certificate : o.verify_peer;
  return o.verify_fail && verifies;
}

// Whether the client sends "hello" as 0-RTT data on this connection.
bool writes_early_data(const Options& o, bool is_resume) {
  return !o.server && is_resume && o.enable_early_data && o.shim_writes_first;
}

std::unique_ptr<parley::Connection> make_client(const Options& o, Process& process, bool is_resume,
                                                const std::shared_ptr<Observed>& observed) {
  auto config = std::make_shared<parley::ClientConfig>();
  configure_common(o, *config);
  config->clock = process.clock();
  config->certificate = maybe_async(o, certified_key(o), *config);  // hooks
  if (!o.advertise_alpn.empty()) config->alpn_protocols = alpn_list(o.advertise_alpn);
  // BoringSSL's shim does not verify the server unless asked to.
  config->insecure_skip_verification = true;
  // OCSP stapling and SCTs (issue 13, ocsp branch): BoringSSL's client asks
  // for neither unless told to.
  config->request_ocsp_staple = o.enable_ocsp_stapling;
  config->request_signed_certificate_timestamps = o.enable_signed_cert_timestamps;
  if (verification_fails(o)) {  // hooks
    config->insecure_skip_verification = false;
    config->verifier = refusing_verifier(o);
  }
  if (o.fallback_scsv) unimplemented("-fallback-scsv");
  // parley's client takes every ticket it is given when it has a cache.
  if (o.no_ticket) unimplemented("-no-ticket on a client");
  config->session_cache = process.session_cache;
  std::weak_ptr<PreviousSessionCache> cache = process.session_cache;
  observed->errors.resumption = is_resume;
  config->trace = [observed, cache](const parley::TraceEvent& event) {
    observe_for_errors(observed->errors, event);
    if (event.outgoing || event.message != "NewSessionTicket") return;
    ++observed->tickets_received;
    // RFC 8446 4.6.1 max_early_data_size, when the ticket has the extension.
    const std::string max_early_data = trace_field(event.details, "max_early_data");
    if (auto c = cache.lock()) {
      c->ticket_allows_early_data = std::strtoul(max_early_data.c_str(), nullptr, 10) > 0;
    }
  };
  parley::ConnectOptions options;
  if (writes_early_data(o, is_resume)) {
    const std::string_view hello = "hello";
    options.early_data.assign(hello.begin(), hello.end());
  }
  // Without -host-name the shim sends no SNI; an IP literal is how parley's
  // client says so (RFC 6066 3: no IP addresses in server_name).
  auto connection = parley::ClientConnection::create(
      config, o.host_name.empty() ? "127.0.0.1" : o.host_name, std::move(options));
  if (!connection.ok()) fail(error_name(connection.error()) + " " + connection.error().to_string());
  return std::make_unique<parley::ClientConnection>(std::move(*connection));
}

// BoringSSL's SSL_early_data_reason_string, for what SessionInfo can tell.
std::optional<std::string> early_data_reason(const Options& o, const parley::SessionInfo& info) {
  if (!o.enable_early_data) return "disabled";
  if (info.early_data_accepted) return "accept";
  if (info.version != parley::ProtocolVersion::kTls13) return "protocol_version";
  if (!o.server && !info.psk_offered) return "no_session_offered";
  if (info.hello_retry_request && info.early_data_offered) return "hello_retry_request";
  if (o.server && info.resumed && !info.early_data_offered) return "peer_declined";
  // A client's offer the server declined: with the session, or by not resuming.
  if (!o.server && info.early_data_offered) {
    return info.resumed ? "peer_declined" : "session_not_resumed";
  }
  return std::nullopt;  // parley does not say why
}

void check_resumption(const Options& o, const std::string& expect_early_data_reason,
                      const parley::SessionInfo& info, bool is_resume, Process& process,
                      const Observed& observed, size_t stored_before) {
  const bool expect_resume = is_resume && !o.expect_session_miss;
  if (info.resumed != expect_resume) {
    fail(std::string("session unexpectedly was") + (info.resumed ? "" : " not") + " reused");
  }
  // RFC 7627 5.3, 5.4: parley keeps no TLS 1.2 session without extended
  // master secret; BoringSSL caches one.
  if (!o.server && info.version == parley::ProtocolVersion::kTls12 && info.extended_master_secret) {
    // A resumed session parley caches again is not a new one.
    const bool got_new_session = process.session_cache->received_count() > 0 &&
                                 (!info.resumed || observed.tickets_received > 0);
    const bool expect_new_session =
        !o.expect_no_session && (!info.resumed || o.expect_ticket_renewal);
    if (got_new_session != expect_new_session) {
      fail(std::string("new session was") + (got_new_session ? "" : " not") +
           " cached, but we expected the opposite");
    }
  }
  if (o.server && !is_resume) {
    const bool stored = process.session_store->puts > stored_before;
    if (o.expect_session_id && !stored) fail("session was not cached on the server.");
    if (o.expect_no_session_id && stored) fail("session was unexpectedly cached on the server.");
  }
  if ((o.expect_accept_early_data && !info.early_data_accepted) ||
      (o.expect_reject_early_data && info.early_data_accepted)) {
    fail(std::string("Early data was") + (info.early_data_accepted ? "" : " not") +
         " accepted, but we expected the opposite");
  }
  if (!o.server && is_resume && o.expect_no_offer_early_data && info.early_data_offered) {
    fail("Client unexpectedly offered early data.");
  }
  if (!expect_early_data_reason.empty()) {
    const auto reason = early_data_reason(o, info);
    if (!reason) unimplemented("-expect-early-data-reason " + expect_early_data_reason);
    if (*reason != expect_early_data_reason) {
      fail("Early data reason was \"" + *reason + "\", expected \"" + expect_early_data_reason +
           "\"");
    }
  }
}

// TLS 1.3 tickets come after the handshake: checked once the exchange is over.
void check_tls13_tickets(const Options& o, const parley::SessionInfo& info, Process& process) {
  if (o.server || info.version != parley::ProtocolVersion::kTls13) return;
  const bool got_new_session = process.session_cache->received_count() > 0;
  const bool expect_new_session = !o.expect_no_session && !o.shim_shuts_down;
  if (got_new_session != expect_new_session) {
    fail(std::string("new session was") + (got_new_session ? "" : " not") +
         " cached, but we expected the opposite");
  }
  if (expect_new_session &&
      process.session_cache->received_early_data() != o.expect_ticket_supports_early_data) {
    fail(std::string("new session did") +
         (process.session_cache->received_early_data() ? "" : " not") +
         " support early data, but we expected the opposite");
  }
}

// Connection `index` of the process; `args` give the retry's flags, parsed
// only if there is one.
void run_connection(const Options& o, const std::vector<std::string>& args, int index,
                    Process& process) {
  const bool is_resume = index > 0;
  if (!o.select_alpn.empty() && o.decline_alpn) fail("-select-alpn with -decline-alpn");
  if (o.max_send_fragment > 0) unimplemented("-max-send-fragment");
  if (o.expect_secure_renegotiation) {
    // Always offered and checked by parley (RFC 5746); SessionInfo does not
    // report it, so the expectation cannot be checked from here.
    unimplemented("-expect-secure-renegotiation");
  }
  if (is_resume && o.enable_early_data && o.expect_accept_early_data && o.server) {
    // The runner expects the early data echoed before its Finished.
    unimplemented("half-RTT data: parley's server writes after the handshake");
  }
  if (verification_fails(o) && is_resume && o.reverify_on_resume) {
    unimplemented("-reverify-on-resume: parley verifies no certificate on resumption");
  }
  auto observed = std::make_shared<Observed>();
  const size_t stored_before = process.session_store->puts;
  if (!o.server && !process.session_cache->next_connection() && is_resume) {
    fail("No session to offer.");
  }
  auto connection =
      o.server ? make_server(o, process, observed) : make_client(o, process, is_resume, observed);
  if (o.export_keying_material > 0 && writes_early_data(o, is_resume)) {
    // BoringSSL's shim exports right after its 0-RTT write, mid-handshake.
    auto early = connection->export_keying_material(o.export_label, std::nullopt, 1);
    if (!early.ok()) fail(error_name(early.error()) + " " + early.error().to_string());
  }
  Socket socket(o);
  Session session(*connection, socket, &observed->errors);
  session.handshake();
  parley::SessionInfo info = connection->info();
  // SessionInfo reports the server's signature; a server's peer is the client.
  if (o.server) info.signature_scheme = observed->peer_signature_scheme;
  if (info.resumed) {
    if (!info.signature_scheme) info.signature_scheme = process.session_signature_scheme;
    if (!info.group) info.group = process.session_group;
    // OCSP stapling and SCTs (issue 13, ocsp branch): BoringSSL reports the
    // session's staples on resumption; parley reports what this handshake
    // received, and a resumption authenticates no certificate.
    info.ocsp_response = process.session_ocsp_response;
    info.signed_certificate_timestamps = process.session_scts;
  }
  process.session_signature_scheme = info.signature_scheme;
  process.session_group = info.group;
  // RFC 8446 4.2.10: a client whose 0-RTT data was rejected goes on as if
  // it had not sent it; BoringSSL's shim then takes its -on-retry- flags.
  const bool retried = !o.server && is_resume && connection->info().early_data_offered &&
                       !connection->info().early_data_accepted;
  const Options retry = retried ? parse(args, index, /*retry=*/true) : Options();
  const Options& after = retried ? retry : o;
  if (retried && retry.verify_fail) {
    unimplemented(
        "-on-retry-verify-fail: after a 0-RTT rejection parley goes on in the same handshake, "
        "verified by the first options");
  }
  process.session_ocsp_response = info.ocsp_response;
  process.session_scts = info.signed_certificate_timestamps;
  check_expectations(after, info);
  check_staples(after, info);
  check_resumption(o, after.expect_early_data_reason, connection->info(), is_resume, process,
                   *observed, stored_before);

  if (after.export_keying_material > 0) {
    // The runner checks the exported bytes, written as application data.
    const auto context = std::span<const uint8_t>(
        reinterpret_cast<const uint8_t*>(after.export_context.data()), after.export_context.size());
    auto exported = connection->export_keying_material(
        after.export_label, after.use_export_context ? std::optional(context) : std::nullopt,
        static_cast<size_t>(after.export_keying_material));
    if (!exported.ok()) fail(error_name(exported.error()) + " " + exported.error().to_string());
    session.write(*exported);
  }
  if (after.key_update && !connection->update_keys(false).ok()) session.die();
  // Rejected 0-RTT data is not sent again unless the retry writes first.
  if (after.shim_writes_first && (!writes_early_data(o, is_resume) || retried)) {
    const std::string_view hello = "hello";
    session.write(
        std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(hello.data()), hello.size()));
  }
  if (after.shim_shuts_down) {
    check_tls13_tickets(after, connection->info(), process);
    connection->close();
    session.flush();
    if (after.check_close_notify && !session.wait_for_close_notify()) {
      fail("Unexpected SSL_shutdown result: -1 != 1");
    }
    return;
  }
  bool saw_close_notify = false;
  session.echo(after, saw_close_notify);
  check_tls13_tickets(after, connection->info(), process);
  if (after.check_close_notify && !saw_close_notify) {
    fail(":UNEXPECTED_EOF: the runner closed without close_notify");
  }
  if (saw_close_notify) {
    connection->close();
    session.flush();
  }
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.size() == 1 && args[0] == "-is-handshaker-supported") {
    std::cout << "No\n";
    return 0;
  }
  const Options initial = parse(args, 0);
  Process process;
  for (int i = 0; i <= initial.resume_count; ++i) {
    const Options options = parse(args, i);
    run_connection(options, args, i, process);
    process.clock_offset += options.resumption_delay;
  }
  return 0;
}

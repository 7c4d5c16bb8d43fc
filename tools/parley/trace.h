// What the parley command prints about a handshake: --trace lines, NSS key
// log lines (--keylog / SSLKEYLOGFILE) and the one-line session summary.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "parley/config.h"
#include "parley/connection.h"
#include "parley/error.h"

namespace parley::cli {

// "client -> server  ClientHello  versions=..." when the client sent the
// message, "client <- server  ServerHello  ..." when the server did: the
// arrows read the same whichever side prints them.
std::string format_trace_line(const TraceEvent& event);
// Prints each event's line to stderr.
TraceCallback make_stderr_trace();
// Without --trace: prints only the chain verification step, as
// "parley: verify: "CN=leaf" issued by "CN=CA" (trust anchor): ok".
TraceCallback make_verification_report();

// A DER certificate as PEM (RFC 7468), for --showcerts.
std::string pem_certificate(std::span<const uint8_t> der);

// "LABEL <client_random hex> <secret hex>" (NSS key log format).
std::string format_key_log_line(std::string_view label, std::span<const uint8_t> client_random,
                                std::span<const uint8_t> secret);
// The key log file: --keylog if given, else $SSLKEYLOGFILE, else none ("").
std::string key_log_path(const std::string& keylog_option);
// Appends lines to `path`, created readable by its owner only (it holds
// secrets).
Result<KeyLogCallback> open_key_log(const std::string& path);

// The negotiated parameters as (key, value) pairs: version, suite, group,
// sigalg, alpn; "none" for what was not used.
std::vector<std::pair<std::string, std::string>> session_fields(const SessionInfo& info);
// "version=TLS1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 ..." on one line.
std::string describe_session(const SessionInfo& info);

// "parley: <context>: <error>" on stderr ("parley: <error>" without context).
void report_error(std::string_view context, const Error& error);

}  // namespace parley::cli

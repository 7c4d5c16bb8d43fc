// What a peer reports about a finished handshake, parsed from its output.
// Each field is set only when the peer printed it, so both sides of an
// exchange can be checked against the same expectations.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parley/protocol.h"

namespace parley::interop {

struct Observation {
  std::optional<ProtocolVersion> version;
  std::optional<CipherSuite> suite;
  std::optional<NamedGroup> group;
  std::optional<SignatureScheme> server_signature;  // CertificateVerify / ServerKeyExchange
  std::optional<std::string> alpn;                  // "" when none was negotiated
  std::optional<bool> hello_retry_request;
  std::optional<std::string> client_certificate_subject;  // as the server printed it

  std::string to_string() const;
};

// `openssl s_client -trace` / `openssl s_server -trace` output; `is_server`
// says which side printed it (the trace says "Sent"/"Received").
Observation parse_openssl_trace(std::string_view output, bool is_server);

// gnutls-cli / gnutls-serv standard output ("- Description: (TLS1.3-X.509)-...").
Observation parse_gnutls(std::string_view output, bool is_server);

// `curl -v` standard error.
Observation parse_curl_verbose(std::string_view output);

// The parley command's standard error with --trace: its session line
// ("parley: connected: version=TLS 1.3 suite=... group=... sigalg=...
// alpn=... [client=...]") and trace lines ("client -> server  ClientHello").
Observation parse_parley(std::string_view output, bool is_server);

// The page `parley server --www` serves: a table of the same fields.
Observation parse_parley_page(std::string_view page);

}  // namespace parley::interop

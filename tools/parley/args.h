// The parley command line: a purely syntactic parse into Options (files are
// opened and IANA names resolved later, by config.h).
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/config.h"
#include "parley/error.h"
#include "parley/protocol.h"

namespace parley::cli {

enum class Mode { kHelp, kVersion, kClient, kServer };

// What the server does with a connection's data.
enum class ServerAction {
  kPrint,  // writes it to stdout
  kEcho,   // sends it back
  kWww,    // answers an HTTP GET with a page describing the session
};

struct HostPort {
  std::string host;  // a name or an address literal, without IPv6 brackets
  uint16_t port = 0;
};

struct CertKeyFiles {
  std::string cert;
  std::string key;
};

struct Options {
  Mode mode = Mode::kHelp;
  // kHelp: the command whose help was asked for (kHelp: all of them).
  Mode help_command = Mode::kHelp;
  // Client: the server to connect to. Server: the address to listen on
  // (empty host: every address).
  HostPort address;
  std::string server_name;  // client; defaults to address.host
  // Client: trust anchors for the server (empty: the system's). Server:
  // trust anchors for client certificates.
  std::string ca_file;
  bool insecure = false;                   // client
  bool lenient_anchors = false;            // CommonConfig::strict_trust_anchors off
  std::vector<CertKeyFiles> certificates;  // client: at most one
  ClientAuth client_auth = ClientAuth::kNone;
  ServerAction action = ServerAction::kPrint;
  bool once = false;

  std::optional<ProtocolVersion> only_version;  // --tls1.2 / --tls1.3
  // Colon-separated IANA names, resolved by config.h; empty: defaults.
  std::string cipher_suites;
  std::string groups;
  std::string signature_schemes;  // client
  std::vector<std::string> alpn_protocols;
  bool trace = false;
  std::string keylog_file;
  bool quiet = false;
  // --record-size-limit N: CommonConfig::record_size_limit (RFC 8449; 0:
  // the protocol's maximum).
  unsigned record_size_limit = 0;
  // Resumption. Client: a session to offer (--sess-in) and where to save
  // the newest one (--sess-out), like openssl s_client; --reconnect N
  // resumes N more times after the first connection; --early-data FILE
  // sends FILE as 0-RTT data. Server: --no-tickets, --early-data, and
  // --ticket-keys FILE (48 bytes: a 16-byte name and a 32-byte secret) for
  // servers that resume each other's sessions.
  std::string session_in;
  std::string session_out;
  unsigned reconnect = 0;
  std::string early_data_file;
  bool no_tickets = false;
  bool accept_early_data = false;
  std::string ticket_keys_file;
  // Client: --showcerts prints the server's chain in PEM.
  bool show_certs = false;
  // Server: the event loop. --threads worker threads (0: one per core),
  // --max-connections open at once (more are closed on accept), and the
  // handshake and idle timeouts in milliseconds (given in seconds).
  unsigned threads = 0;
  unsigned max_connections = 4096;
  unsigned handshake_timeout_ms = 10000;
  unsigned idle_timeout_ms = 60000;
  // --www-root DIR: --www serves the files under DIR.
  std::string www_root;
  // Server: --ocsp FILE, a DER OCSP response stapled with the --cert of the
  // same position. Client: --verify-ocsp checks a stapled response
  // (ClientConfig::verify_ocsp_staple).
  std::vector<std::string> ocsp_files;
  bool verify_ocsp = false;
};

// Parses the arguments after the program name. Errors are kConfig errors
// whose message names the offending option.
Result<Options> parse_command_line(std::span<const std::string_view> args);

// "host:port", "192.0.2.1:port" or "[2001:db8::1]:port"; port 1..65535.
Result<HostPort> parse_host_port(std::string_view text);
// --accept's "[HOST:]PORT"; port 0 asks the system for a free one.
Result<HostPort> parse_listen_address(std::string_view text);

// The help text: every command's, or (for `parley client --help`) one command's.
std::string usage(Mode command = Mode::kHelp);

}  // namespace parley::cli

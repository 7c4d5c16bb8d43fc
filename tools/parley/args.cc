#include "args.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <utility>

namespace parley::cli {
namespace {

Error usage_error(std::string message) {
  return config_error(std::move(message));
}

std::string quoted(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// Which commands accept an option.
constexpr unsigned kClientMode = 1;
constexpr unsigned kServerMode = 2;
constexpr unsigned kBothModes = kClientMode | kServerMode;

struct ParseState {
  Options options;
  std::vector<std::string> cert_files;
  std::vector<std::string> key_files;
  std::vector<std::string_view> seen;  // option names, as given
  std::vector<std::string_view> positional;
  bool address_given = false;

  bool given(std::string_view name) const {
    return std::find(seen.begin(), seen.end(), name) != seen.end();
  }
};

struct OptionSpec {
  std::string_view name;
  unsigned modes;
  bool takes_value;
  bool repeatable;
  Status (*apply)(ParseState& state, std::string_view value);
};

// ALPN names are separated by ':' like the other lists, or by ',' as in
// openssl's -alpn (no registered protocol name contains either).
Status parse_alpn(ParseState& state, std::string_view list) {
  // RFC 7301 3.1: each protocol name is 1..255 bytes.
  size_t start = 0;
  while (start <= list.size()) {
    const size_t end = std::min(list.find_first_of(":,", start), list.size());
    const std::string_view name = list.substr(start, end - start);
    if (name.empty() || name.size() > 255) {
      return usage_error("--alpn: protocol names must be 1 to 255 bytes, separated by ':' or ','");
    }
    state.options.alpn_protocols.emplace_back(name);
    start = end + 1;
  }
  return Status();
}

Status parse_verify_client(ParseState& state, std::string_view value) {
  if (value == "optional") {
    state.options.client_auth = ClientAuth::kOptional;
  } else if (value == "require") {
    state.options.client_auth = ClientAuth::kRequired;
  } else {
    return usage_error("--verify-client must be optional or require, not " + quoted(value));
  }
  return Status();
}

// An unsigned count from `min` to `max`, for option `name`.
Result<unsigned> parse_count(std::string_view name, std::string_view value, unsigned min,
                             unsigned max) {
  unsigned n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size() || n < min || n > max) {
    return usage_error(std::string(name) + " needs a number from " + std::to_string(min) + " to " +
                       std::to_string(max) + ", not " + quoted(value));
  }
  return n;
}

// Seconds, possibly fractional ("0.5"), as milliseconds from 1 ms to a day.
Result<unsigned> parse_seconds(std::string_view name, std::string_view value) {
  const std::string text(value);
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (text.empty() || end != text.c_str() + text.size() || !(seconds >= 0.001) || seconds > 86400) {
    return usage_error(std::string(name) + " needs seconds from 0.001 to 86400, not " +
                       quoted(value));
  }
  return static_cast<unsigned>(seconds * 1000);
}

Status parse_accept(ParseState& state, std::string_view value) {
  auto address = parse_listen_address(value);
  if (!address.ok()) return usage_error("--accept: " + address.error().message);
  state.options.address = std::move(*address);
  state.address_given = true;
  return Status();
}

// Captureless lambdas: each option sets one field.
constexpr OptionSpec kOptionSpecs[] = {
    {"--servername", kClientMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.server_name = v;
       return Status();
     }},
    {"--cafile", kBothModes, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.ca_file = v;
       return Status();
     }},
    {"--insecure", kClientMode, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.insecure = true;
       return Status();
     }},
    {"--lenient-anchors", kBothModes, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.lenient_anchors = true;
       return Status();
     }},
    {"--cert", kBothModes, true, true,
     [](ParseState& s, std::string_view v) -> Status {
       s.cert_files.emplace_back(v);
       return Status();
     }},
    {"--key", kBothModes, true, true,
     [](ParseState& s, std::string_view v) -> Status {
       s.key_files.emplace_back(v);
       return Status();
     }},
    {"--tls1.2", kBothModes, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.only_version = ProtocolVersion::kTls12;
       return Status();
     }},
    {"--tls1.3", kBothModes, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.only_version = ProtocolVersion::kTls13;
       return Status();
     }},
    {"--ciphers", kBothModes, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.cipher_suites = v;
       return Status();
     }},
    {"--groups", kBothModes, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.groups = v;
       return Status();
     }},
    {"--sigalgs", kClientMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.signature_schemes = v;
       return Status();
     }},
    {"--alpn", kBothModes, true, false, parse_alpn},
    {"--trace", kBothModes, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.trace = true;
       return Status();
     }},
    {"--keylog", kBothModes, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.keylog_file = v;
       return Status();
     }},
    {"--quiet", kBothModes, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.quiet = true;
       return Status();
     }},
    {"--accept", kServerMode, true, false, parse_accept},
    {"--verify-client", kServerMode, true, false, parse_verify_client},
    {"--www", kServerMode, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.action = ServerAction::kWww;
       return Status();
     }},
    {"--echo", kServerMode, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.action = ServerAction::kEcho;
       return Status();
     }},
    {"--sess-in", kClientMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.session_in = v;
       return Status();
     }},
    {"--sess-out", kClientMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.session_out = v;
       return Status();
     }},
    {"--reconnect", kClientMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       PARLEY_ASSIGN_OR_RETURN(s.options.reconnect, parse_count("--reconnect", v, 0, 100));
       return Status();
     }},
    {"--showcerts", kClientMode, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.show_certs = true;
       return Status();
     }},
    {"--threads", kServerMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       PARLEY_ASSIGN_OR_RETURN(s.options.threads, parse_count("--threads", v, 1, 256));
       return Status();
     }},
    {"--max-connections", kServerMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       PARLEY_ASSIGN_OR_RETURN(s.options.max_connections,
                               parse_count("--max-connections", v, 1, 1000000));
       return Status();
     }},
    {"--handshake-timeout", kServerMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       PARLEY_ASSIGN_OR_RETURN(s.options.handshake_timeout_ms,
                               parse_seconds("--handshake-timeout", v));
       return Status();
     }},
    {"--idle-timeout", kServerMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       PARLEY_ASSIGN_OR_RETURN(s.options.idle_timeout_ms, parse_seconds("--idle-timeout", v));
       return Status();
     }},
    {"--www-root", kServerMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.www_root = v;
       s.options.action = ServerAction::kWww;
       return Status();
     }},
    // --early-data is a FILE for the client and a switch for the server.
    {"--early-data", kClientMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.early_data_file = v;
       return Status();
     }},
    {"--early-data", kServerMode, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.accept_early_data = true;
       return Status();
     }},
    {"--no-tickets", kServerMode, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.no_tickets = true;
       return Status();
     }},
    {"--ticket-keys", kServerMode, true, false,
     [](ParseState& s, std::string_view v) -> Status {
       s.options.ticket_keys_file = v;
       return Status();
     }},
    {"--once", kServerMode, false, false,
     [](ParseState& s, std::string_view) -> Status {
       s.options.once = true;
       return Status();
     }},
};

constexpr std::pair<std::string_view, std::string_view> kMutuallyExclusive[] = {
    {"--cafile", "--insecure"}, {"--lenient-anchors", "--insecure"},
    {"--tls1.2", "--tls1.3"},   {"--www", "--echo"},
    {"--www-root", "--echo"},   {"--once", "--threads"},
};

// The spec for `name` in `mode`, or else any spec of that name (so the
// error can say which command takes it).
const OptionSpec* find_option(std::string_view name, unsigned mode) {
  const OptionSpec* any = nullptr;
  for (const OptionSpec& spec : kOptionSpecs) {
    if (spec.name != name) continue;
    if ((spec.modes & mode) != 0) return &spec;
    any = &spec;
  }
  return any;
}

bool is_help(std::string_view arg) {
  return arg == "--help" || arg == "-h" || arg == "help";
}

bool is_version(std::string_view arg) {
  return arg == "--version" || arg == "-V" || arg == "version";
}

// One option at args[index] (advancing index past its value).
Status parse_option(ParseState& state, unsigned mode, std::span<const std::string_view> args,
                    size_t& index) {
  std::string_view name = args[index];
  std::optional<std::string_view> value;
  if (const size_t equals = name.find('='); equals != std::string_view::npos) {
    value = name.substr(equals + 1);
    name = name.substr(0, equals);
  }
  const OptionSpec* spec = find_option(name, mode);
  if (spec == nullptr) return usage_error("unknown option " + std::string(name));
  if ((spec->modes & mode) == 0) {
    return usage_error(std::string(name) + " is not a " +
                       (mode == kClientMode ? "client" : "server") + " option");
  }
  if (!spec->repeatable && state.given(spec->name)) {
    return usage_error(std::string(name) + " is given more than once");
  }
  if (spec->takes_value && !value) {
    // A following option is a forgotten value, not a value.
    if (index + 1 >= args.size() || args[index + 1].starts_with("--")) {
      return usage_error(std::string(name) + " needs a value");
    }
    value = args[++index];
  }
  if (!spec->takes_value && value) return usage_error(std::string(name) + " takes no value");
  if (spec->takes_value && value->empty()) {
    return usage_error(std::string(name) + " needs a non-empty value");
  }
  state.seen.push_back(spec->name);
  return spec->apply(state, value.value_or(std::string_view()));
}

Status check_exclusive(const ParseState& state) {
  for (const auto& [first, second] : kMutuallyExclusive) {
    if (state.given(first) && state.given(second)) {
      return usage_error(std::string(first) + " and " + std::string(second) +
                         " cannot be used together");
    }
  }
  return Status();
}

// --cert and --key pair up in the order given.
Status pair_certificates(ParseState& state) {
  if (state.cert_files.size() != state.key_files.size()) {
    return usage_error("each --cert needs a matching --key (got " +
                       std::to_string(state.cert_files.size()) + " --cert and " +
                       std::to_string(state.key_files.size()) + " --key)");
  }
  for (size_t i = 0; i < state.cert_files.size(); ++i) {
    state.options.certificates.push_back({state.cert_files[i], state.key_files[i]});
  }
  return Status();
}

Status finish_client(ParseState& state) {
  if (state.positional.empty()) return usage_error("client needs the server's HOST:PORT");
  if (state.positional.size() > 1) {
    return usage_error("unexpected argument " + quoted(state.positional[1]));
  }
  auto address = parse_host_port(state.positional[0]);
  if (!address.ok()) return std::move(address).error();
  state.options.address = std::move(*address);
  if (state.options.server_name.empty()) state.options.server_name = state.options.address.host;
  PARLEY_TRY(pair_certificates(state));
  if (state.options.certificates.size() > 1) {
    return usage_error("the client takes one --cert/--key pair");
  }
  return Status();
}

Status finish_server(ParseState& state) {
  if (!state.positional.empty()) {
    return usage_error("unexpected argument " + quoted(state.positional[0]));
  }
  if (!state.address_given) state.options.address = HostPort{"", 4433};
  PARLEY_TRY(pair_certificates(state));
  if (state.options.certificates.empty()) return usage_error("server needs --cert FILE --key FILE");
  if (state.given("--verify-client") != state.given("--cafile")) {
    return usage_error("--verify-client and --cafile go together");
  }
  return Status();
}

// The port of `address` (named in the error).
Result<uint16_t> parse_port(std::string_view text, uint16_t min_port, std::string_view address) {
  unsigned value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size() ||
      value < min_port || value > 65535) {
    return usage_error("invalid port in " + quoted(address) + " (expected " +
                       std::to_string(min_port) + " to 65535)");
  }
  return static_cast<uint16_t>(value);
}

// "host:port" or "[v6]:port"; without host_required, also a bare "port".
Result<HostPort> split_host_port(std::string_view text, bool host_required, uint16_t min_port) {
  HostPort result;
  std::string_view port_text;
  if (text.starts_with('[')) {
    const size_t close = text.find(']');
    if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':') {
      return usage_error("invalid address " + quoted(text) + " (expected [IPv6]:PORT)");
    }
    result.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (const size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    result.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (result.host.find(':') != std::string::npos) {
      return usage_error("invalid address " + quoted(text) +
                         " (an IPv6 address goes in brackets: [::1]:443)");
    }
  } else if (!host_required) {
    port_text = text;
  } else {
    return usage_error("invalid address " + quoted(text) + " (expected HOST:PORT)");
  }
  if (result.host.empty() && (host_required || port_text.size() != text.size())) {
    return usage_error("invalid address " + quoted(text) + " (missing host)");
  }
  PARLEY_ASSIGN_OR_RETURN(result.port, parse_port(port_text, min_port, text));
  return result;
}

}  // namespace

Result<HostPort> parse_host_port(std::string_view text) {
  return split_host_port(text, /*host_required=*/true, /*min_port=*/1);
}

Result<HostPort> parse_listen_address(std::string_view text) {
  return split_host_port(text, /*host_required=*/false, /*min_port=*/0);
}

Result<Options> parse_command_line(std::span<const std::string_view> args) {
  if (args.empty()) return usage_error("missing command: client or server");
  if (is_help(args[0])) return Options{};
  if (is_version(args[0])) {
    Options version;
    version.mode = Mode::kVersion;
    return version;
  }
  ParseState state;
  unsigned mode = 0;
  if (args[0] == "client") {
    state.options.mode = Mode::kClient;
    mode = kClientMode;
  } else if (args[0] == "server") {
    state.options.mode = Mode::kServer;
    mode = kServerMode;
  } else {
    return usage_error("unknown command " + quoted(args[0]) + " (expected client or server)");
  }
  for (size_t i = 1; i < args.size(); ++i) {
    if (args[i] == "--help" || args[i] == "-h") {
      Options help;
      help.help_command = state.options.mode;
      return help;
    }
    if (args[i].starts_with("-") && args[i].size() > 1) {
      PARLEY_TRY(parse_option(state, mode, args, i));
    } else {
      state.positional.push_back(args[i]);
    }
  }
  PARLEY_TRY(check_exclusive(state));
  PARLEY_TRY(mode == kClientMode ? finish_client(state) : finish_server(state));
  return std::move(state.options);
}

namespace {

// The help text in parts, so that each command's --help shows its own.
constexpr std::string_view kClientSynopsis =
    R"(  parley client HOST:PORT [--servername NAME] [--cafile FILE | --insecure]
                [--lenient-anchors] [--cert FILE --key FILE] [--tls1.2 | --tls1.3] [--ciphers LIST]
                [--groups LIST] [--sigalgs LIST] [--alpn LIST] [--trace]
                [--keylog FILE] [--quiet] [--sess-in FILE] [--sess-out FILE]
                [--reconnect N] [--early-data FILE] [--showcerts]
)";
constexpr std::string_view kServerSynopsis =
    R"(  parley server [--accept [HOST:]PORT] --cert FILE --key FILE [--cert FILE --key FILE ...]
                [--cafile FILE --verify-client optional|require] [--lenient-anchors]
                [--www | --www-root DIR | --echo]
                [--once | --threads N] [--max-connections N] [--handshake-timeout SECONDS]
                [--idle-timeout SECONDS] [--tls1.2 | --tls1.3] [--ciphers LIST] [--groups LIST]
                [--alpn LIST] [--trace] [--keylog FILE] [--quiet]
                [--no-tickets] [--early-data] [--ticket-keys FILE]
)";
constexpr std::string_view kClientText =
    R"(client: connects, sends stdin to the server and writes what it receives to
  stdout. After stdin ends it sends close_notify and reads until the server
  closes. HOST is a name, an IPv4 address or [IPv6]; --servername (SNI and
  the name checked in the certificate) defaults to HOST. Without --cafile or
  --insecure the system's trust store is used. --lenient-anchors also trusts
  roots that fail the CA profile checks (a few old roots in OS bundles).
  It reports the chain and its verification ("parley: verify: ...");
  --showcerts writes the server's chain, in PEM, to stdout first.
)";
constexpr std::string_view kServerText =
    R"(server: listens (default: port 4433 on every address) and serves many
  connections at once, on --threads event loops (default: one per core):
  --echo sends data back, --www answers HTTP GET with a page describing the
  session, --www-root DIR with the files under DIR (no listings, no "..");
  otherwise data goes to stdout. A handshake must end within
  --handshake-timeout (default 10 s) and a connection that sends nothing for
  --idle-timeout (default 60 s) is closed; beyond --max-connections (default
  4096) new connections are closed at once. SIGINT or SIGTERM stops it:
  established connections finish or get close_notify (5 s at most), and a
  summary line is printed. --once serves one connection and exits with its
  outcome as the exit status.
)";
constexpr std::string_view kNotes = R"(
LISTs are colon-separated IANA names, e.g. --ciphers
TLS_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, --groups
x25519:secp256r1, --sigalgs ecdsa_secp256r1_sha256, --alpn h2:http/1.1 (ALPN
names may also be separated by commas).
Resumption: the client saves the newest session to --sess-out FILE and
offers the one in --sess-in FILE; --reconnect N then resumes N more times
(reporting each); --early-data FILE sends FILE as 0-RTT data when the session
allows it (and after the handshake when the server declines it). The server
issues tickets unless --no-tickets, accepts 0-RTT with --early-data, and with
--ticket-keys FILE (48 bytes: key name, secret) shares its ticket key with
other servers given the same file.
--trace prints each handshake message to stderr; --keylog FILE (or, without
it, $SSLKEYLOGFILE) appends NSS key log lines; --quiet keeps stderr to errors.
The trace shows each message, the chain verification and the key schedule
steps (which secret is derived from what; the secrets themselves only go to
the key log).

Exit status: 0 success; 1 the connection, handshake, certificate or a file
failed (the message on stderr says which); 2 the command line is invalid.
)";

}  // namespace

std::string usage(Mode command) {
  std::string text = "usage:\n";
  if (command == Mode::kHelp) text += "  parley --version\n";
  if (command != Mode::kServer) text += kClientSynopsis;
  if (command != Mode::kClient) text += kServerSynopsis;
  text += "\n";
  if (command != Mode::kServer) text += kClientText;
  if (command != Mode::kClient) text += kServerText;
  return text + std::string(kNotes);
}

}  // namespace parley::cli

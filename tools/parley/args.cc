#include "args.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <utility>

namespace parley::cli {
namespace {

Error usage_error(std::string message) {
  return config_error(std::move(message));
}

std::string in_quotes(std::string_view text) {
  return "'" + std::string(text) + "'";
}

// One command's options, declared to CLI11. Values that need checking stay
// text until the whole line is parsed, so every error is ours, in order.
struct ParseState {
  explicit ParseState(Mode command);

  bool given(std::string_view name) const {
    const CLI::Option* option = app.get_option_no_throw(std::string(name));
    return option != nullptr && option->count() > 0;
  }
  void flag(const char* name, bool& target) { app.add_flag(name, target)->disable_flag_override(); }
  void value(const char* name, std::string& target) {
    value_options.push_back(app.add_option(name, target)->take_last());
  }
  // --cert and --key: each occurrence takes one value, in order.
  void repeated(const char* name, std::vector<std::string>& target) {
    value_options.push_back(app.add_option(name, target)->allow_extra_args(false));
  }

  Options options;
  CLI::App app;
  std::vector<CLI::Option*> value_options;
  std::vector<std::string> cert_files;
  std::vector<std::string> key_files;
  std::vector<std::string> positional;
  bool tls12 = false;
  bool tls13 = false;
  bool www = false;
  bool echo = false;
  std::string alpn, accept, verify_client, reconnect, threads, max_connections, handshake_timeout,
      idle_timeout, record_size_limit;
};

ParseState::ParseState(Mode command) {
  options.mode = command;
  app.allow_extras();  // positionals and unknown options, reported by check_extras
  value("--cafile", options.ca_file);
  flag("--lenient-anchors", options.lenient_anchors);
  repeated("--cert", cert_files);
  repeated("--key", key_files);
  flag("--tls1.2", tls12);
  flag("--tls1.3", tls13);
  value("--ciphers", options.cipher_suites);
  value("--groups", options.groups);
  value("--alpn", alpn);
  flag("--trace", options.trace);
  value("--keylog", options.keylog_file);
  flag("--quiet", options.quiet);
  value("--record-size-limit", record_size_limit);
  if (command == Mode::kClient) {
    value("--servername", options.server_name);
    flag("--insecure", options.insecure);
    value("--sigalgs", options.signature_schemes);
    value("--sess-in", options.session_in);
    value("--sess-out", options.session_out);
    value("--reconnect", reconnect);
    value("--early-data", options.early_data_file);  // a FILE here, a switch for the server
    flag("--showcerts", options.show_certs);
    flag("--verify-ocsp", options.verify_ocsp);
    return;
  }
  value("--accept", accept);
  value("--verify-client", verify_client);
  flag("--www", www);
  flag("--echo", echo);
  value("--threads", threads);
  value("--max-connections", max_connections);
  value("--handshake-timeout", handshake_timeout);
  value("--idle-timeout", idle_timeout);
  value("--www-root", options.www_root);
  flag("--early-data", options.accept_early_data);
  flag("--no-tickets", options.no_tickets);
  value("--ticket-keys", options.ticket_keys_file);
  flag("--once", options.once);
  repeated("--ocsp", options.ocsp_files);
}

// ALPN names are separated by ':' like the other lists, or by ',' as in
// openssl's -alpn (no registered protocol name contains either).
Status parse_alpn(ParseState& state) {
  // RFC 7301 3.1: each protocol name is 1..255 bytes.
  const std::string_view list = state.alpn;
  size_t start = 0;
  while (!list.empty() && start <= list.size()) {
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

Status parse_verify_client(ParseState& state) {
  const std::string& value = state.verify_client;
  if (value == "optional") {
    state.options.client_auth = ClientAuth::kOptional;
  } else if (value == "require") {
    state.options.client_auth = ClientAuth::kRequired;
  } else if (!value.empty()) {
    return usage_error("--verify-client must be optional or require, not " + in_quotes(value));
  }
  return Status();
}

// An unsigned count from `min` to `max`, for option `name` (if given).
Status parse_count(std::string_view name, std::string_view value, unsigned min, unsigned max,
                   unsigned& target) {
  if (value.empty()) return Status();
  unsigned n = 0;
  const auto [end, error] = std::from_chars(value.data(), value.data() + value.size(), n);
  if (error != std::errc() || end != value.data() + value.size() || n < min || n > max) {
    return usage_error(std::string(name) + " needs a number from " + std::to_string(min) + " to " +
                       std::to_string(max) + ", not " + in_quotes(value));
  }
  target = n;
  return Status();
}

// Seconds, possibly fractional ("0.5"), as milliseconds from 1 ms to a day.
Status parse_seconds(std::string_view name, const std::string& text, unsigned& target_ms) {
  if (text.empty()) return Status();
  char* end = nullptr;
  const double seconds = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !(seconds >= 0.001) || seconds > 86400) {
    return usage_error(std::string(name) + " needs seconds from 0.001 to 86400, not " +
                       in_quotes(text));
  }
  target_ms = static_cast<unsigned>(seconds * 1000);
  return Status();
}

Status parse_accept(ParseState& state) {
  if (state.accept.empty()) {
    state.options.address = HostPort{"", 4433};
    return Status();
  }
  auto address = parse_listen_address(state.accept);
  if (!address.ok()) return usage_error("--accept: " + address.error().message);
  state.options.address = std::move(*address);
  return Status();
}

// The option values CLI11 left as text, checked and converted.
Status convert_values(ParseState& state) {
  Options& options = state.options;
  if (state.tls12) options.only_version = ProtocolVersion::kTls12;
  if (state.tls13) options.only_version = ProtocolVersion::kTls13;
  if (state.echo) options.action = ServerAction::kEcho;
  if (state.www || !options.www_root.empty()) options.action = ServerAction::kWww;
  PARLEY_TRY(parse_alpn(state));
  PARLEY_TRY(parse_count("--reconnect", state.reconnect, 0, 100, options.reconnect));
  // RFC 8449 4: no less than 64; 2^14 + 1 counts TLS 1.3's content type.
  PARLEY_TRY(parse_count("--record-size-limit", state.record_size_limit, 64, 16385,
                         options.record_size_limit));
  if (options.mode == Mode::kClient) return Status();
  PARLEY_TRY(parse_accept(state));
  PARLEY_TRY(parse_verify_client(state));
  PARLEY_TRY(parse_count("--threads", state.threads, 1, 256, options.threads));
  PARLEY_TRY(
      parse_count("--max-connections", state.max_connections, 1, 1000000, options.max_connections));
  PARLEY_TRY(
      parse_seconds("--handshake-timeout", state.handshake_timeout, options.handshake_timeout_ms));
  return parse_seconds("--idle-timeout", state.idle_timeout, options.idle_timeout_ms);
}

const char* command_name(Mode command) {
  return command == Mode::kClient ? "client" : "server";
}

// What CLI11 did not recognise, in order: options of the other command or
// of none, and the positionals.
Status check_extras(ParseState& state) {
  for (const std::string& arg : state.app.remaining()) {
    if (!arg.starts_with("-") || arg.size() == 1) {
      state.positional.push_back(arg);
      continue;
    }
    const std::string name = arg.substr(0, arg.find('='));
    const Mode other = state.options.mode == Mode::kClient ? Mode::kServer : Mode::kClient;
    if (ParseState(other).app.get_option_no_throw(name) == nullptr) {
      return usage_error("unknown option " + name);
    }
    return usage_error(name + " is not a " + command_name(state.options.mode) + " option");
  }
  return Status();
}

// The options given too often or with an empty value.
Status check_counts(const ParseState& state) {
  for (const CLI::Option* option : state.app.get_options()) {
    const bool repeatable = option->get_name() == "--cert" || option->get_name() == "--key" ||
                            option->get_name() == "--ocsp";
    if (option->count() > 1 && !repeatable) {
      return usage_error(option->get_name() + " is given more than once");
    }
  }
  for (const CLI::Option* option : state.value_options) {
    for (const std::string& result : option->results()) {
      if (result.empty()) return usage_error(option->get_name() + " needs a non-empty value");
      // CLI11 takes the next argument even if it is an option: a forgotten value.
      if (result.starts_with("--")) return usage_error(option->get_name() + " needs a value");
    }
  }
  return Status();
}

constexpr std::pair<std::string_view, std::string_view> kMutuallyExclusive[] = {
    {"--cafile", "--insecure"}, {"--lenient-anchors", "--insecure"},
    {"--tls1.2", "--tls1.3"},   {"--www", "--echo"},
    {"--www-root", "--echo"},   {"--once", "--threads"},
};

Status check_exclusive(const ParseState& state) {
  for (const auto& [first, second] : kMutuallyExclusive) {
    if (state.given(first) && state.given(second)) {
      return usage_error(std::string(first) + " and " + std::string(second) +
                         " cannot be used together");
    }
  }
  return Status();
}

// CLI11's complaint about an option's value count, in our words. Its
// messages start with the option's name (a flag's without the dashes).
Error value_count_error(const CLI::ArgumentMismatch& mismatch,
                        std::span<const std::string_view> args) {
  const std::string message = mismatch.what();
  std::string name = message.substr(0, message.find_first_of(": "));
  if (!name.starts_with("--")) name = "--" + name;
  if (message.find("flag override") != std::string::npos) {
    return usage_error(name + " takes no value");
  }
  if (std::find(args.begin(), args.end(), name + "=") != args.end()) {
    return usage_error(name + " needs a non-empty value");
  }
  return usage_error(name + " needs a value");
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
    return usage_error("unexpected argument " + in_quotes(state.positional[1]));
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
    return usage_error("unexpected argument " + in_quotes(state.positional[0]));
  }
  PARLEY_TRY(pair_certificates(state));
  if (state.options.certificates.empty()) return usage_error("server needs --cert FILE --key FILE");
  if (state.options.ocsp_files.size() > state.options.certificates.size()) {
    return usage_error("more --ocsp than --cert (each --ocsp goes with the --cert in its place)");
  }
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
    return usage_error("invalid port in " + in_quotes(address) + " (expected " +
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
      return usage_error("invalid address " + in_quotes(text) + " (expected [IPv6]:PORT)");
    }
    result.host = text.substr(1, close - 1);
    port_text = text.substr(close + 2);
  } else if (const size_t colon = text.rfind(':'); colon != std::string_view::npos) {
    result.host = text.substr(0, colon);
    port_text = text.substr(colon + 1);
    if (result.host.find(':') != std::string::npos) {
      return usage_error("invalid address " + in_quotes(text) +
                         " (an IPv6 address goes in brackets: [::1]:443)");
    }
  } else if (!host_required) {
    port_text = text;
  } else {
    return usage_error("invalid address " + in_quotes(text) + " (expected HOST:PORT)");
  }
  if (result.host.empty() && (host_required || port_text.size() != text.size())) {
    return usage_error("invalid address " + in_quotes(text) + " (missing host)");
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
  if (args[0] == "--help" || args[0] == "-h" || args[0] == "help") return Options{};
  if (args[0] == "--version" || args[0] == "-V" || args[0] == "version") {
    Options version;
    version.mode = Mode::kVersion;
    return version;
  }
  if (args[0] != "client" && args[0] != "server") {
    return usage_error("unknown command " + in_quotes(args[0]) + " (expected client or server)");
  }
  ParseState state(args[0] == "client" ? Mode::kClient : Mode::kServer);
  // CLI11 takes the arguments last first.
  std::vector<std::string> reversed(args.rbegin(), args.rend() - 1);
  try {
    state.app.parse(reversed);
  } catch (const CLI::CallForHelp&) {
    Options help;
    help.help_command = state.options.mode;
    return help;
  } catch (const CLI::ArgumentMismatch& mismatch) {
    return value_count_error(mismatch, args);
  } catch (const CLI::ParseError& error) {
    return usage_error(error.what());
  }
  PARLEY_TRY(check_extras(state));
  PARLEY_TRY(check_counts(state));
  PARLEY_TRY(convert_values(state));
  PARLEY_TRY(check_exclusive(state));
  PARLEY_TRY(state.options.mode == Mode::kClient ? finish_client(state) : finish_server(state));
  return std::move(state.options);
}

namespace {

// The help text in parts, so that each command's --help shows its own.
constexpr std::string_view kClientSynopsis =
    R"(  parley client HOST:PORT [--servername NAME] [--cafile FILE | --insecure]
                [--lenient-anchors] [--cert FILE --key FILE] [--tls1.2 | --tls1.3] [--ciphers LIST]
                [--groups LIST] [--sigalgs LIST] [--alpn LIST] [--trace]
                [--keylog FILE] [--quiet] [--sess-in FILE] [--sess-out FILE]
                [--reconnect N] [--early-data FILE] [--showcerts] [--verify-ocsp]
                [--record-size-limit N]
)";
constexpr std::string_view kServerSynopsis =
    R"(  parley server [--accept [HOST:]PORT] --cert FILE --key FILE [--cert FILE --key FILE ...]
                [--cafile FILE --verify-client optional|require] [--lenient-anchors]
                [--www | --www-root DIR | --echo]
                [--once | --threads N] [--max-connections N] [--handshake-timeout SECONDS]
                [--idle-timeout SECONDS] [--tls1.2 | --tls1.3] [--ciphers LIST] [--groups LIST]
                [--alpn LIST] [--trace] [--keylog FILE] [--quiet]
                [--no-tickets] [--early-data] [--ticket-keys FILE] [--ocsp FILE ...]
                [--record-size-limit N]
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
OCSP stapling: the server staples the DER OCSP response in --ocsp FILE (one
per --cert, in order) to clients that ask; the client always asks, reports a
staple's size as ocsp_staple=N, and with --verify-ocsp checks it.
--record-size-limit N (64 to 16385) advertises N as the largest record the
peer may send (RFC 8449); the peer's own limit is reported as
peer_record_size_limit=N and always kept to.
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

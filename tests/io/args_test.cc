// The parley command line (tools/parley/args.h): valid command lines and the
// error each invalid one gets.
#include "args.h"

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

namespace parley::cli {
namespace {

Result<Options> parse(const std::vector<std::string_view>& args) {
  return parse_command_line(args);
}

Options parse_ok(const std::vector<std::string_view>& args) {
  auto options = parse(args);
  EXPECT_TRUE(options.ok()) << options.error().message;
  return options.ok() ? *options : Options{};
}

// The error message, which must name the problem.
std::string parse_error(const std::vector<std::string_view>& args) {
  auto options = parse(args);
  if (options.ok()) {
    ADD_FAILURE() << "parsed although invalid";
    return "";
  }
  EXPECT_EQ(options.error().kind, ErrorKind::kConfig);
  EXPECT_FALSE(options.error().alert.has_value());
  return options.error().message;
}

TEST(Args, MinimalClient) {
  const Options options = parse_ok({"client", "example.com:443"});
  EXPECT_EQ(options.mode, Mode::kClient);
  EXPECT_EQ(options.address.host, "example.com");
  EXPECT_EQ(options.address.port, 443);
  EXPECT_EQ(options.server_name, "example.com");  // defaults to HOST
  EXPECT_TRUE(options.ca_file.empty());           // system trust store
  EXPECT_FALSE(options.insecure);
  EXPECT_FALSE(options.lenient_anchors);
  EXPECT_TRUE(options.certificates.empty());
  EXPECT_FALSE(options.only_version.has_value());
  EXPECT_FALSE(options.trace);
}

TEST(Args, FullClient) {
  const Options options = parse_ok({"client",
                                    "127.0.0.1:8443",
                                    "--servername",
                                    "localhost",
                                    "--cafile",
                                    "ca.pem",
                                    "--cert",
                                    "c.pem",
                                    "--key",
                                    "c.key",
                                    "--tls1.3",
                                    "--ciphers",
                                    "TLS_AES_128_GCM_SHA256",
                                    "--groups",
                                    "x25519:secp256r1",
                                    "--sigalgs",
                                    "ecdsa_secp256r1_sha256",
                                    "--alpn",
                                    "h2:http/1.1",
                                    "--trace",
                                    "--keylog",
                                    "keys.txt"});
  EXPECT_EQ(options.address.host, "127.0.0.1");
  EXPECT_EQ(options.address.port, 8443);
  EXPECT_EQ(options.server_name, "localhost");
  EXPECT_EQ(options.ca_file, "ca.pem");
  ASSERT_EQ(options.certificates.size(), 1u);
  EXPECT_EQ(options.certificates[0].cert, "c.pem");
  EXPECT_EQ(options.certificates[0].key, "c.key");
  EXPECT_EQ(options.only_version, ProtocolVersion::kTls13);
  EXPECT_EQ(options.cipher_suites, "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(options.groups, "x25519:secp256r1");
  EXPECT_EQ(options.signature_schemes, "ecdsa_secp256r1_sha256");
  EXPECT_EQ(options.alpn_protocols, (std::vector<std::string>{"h2", "http/1.1"}));
  EXPECT_TRUE(options.trace);
  EXPECT_EQ(options.keylog_file, "keys.txt");
}

TEST(Args, OptionsMayUseEqualsAndComeBeforeTheAddress) {
  const Options options = parse_ok({"client", "--tls1.2", "--cafile=ca.pem", "h:1"});
  EXPECT_EQ(options.only_version, ProtocolVersion::kTls12);
  EXPECT_EQ(options.ca_file, "ca.pem");
  EXPECT_EQ(options.address.host, "h");
  EXPECT_EQ(options.address.port, 1);
}

TEST(Args, AlpnNamesMayBeSeparatedByCommas) {
  EXPECT_EQ(parse_ok({"client", "h:1", "--alpn", "h2,http/1.1:spdy/3"}).alpn_protocols,
            (std::vector<std::string>{"h2", "http/1.1", "spdy/3"}));
  EXPECT_EQ(parse_error({"client", "h:1", "--alpn", "h2,"}),
            "--alpn: protocol names must be 1 to 255 bytes, separated by ':' or ','");
}

TEST(Args, ClientIpv6Literal) {
  const Options options = parse_ok({"client", "[::1]:4433", "--insecure"});
  EXPECT_EQ(options.address.host, "::1");
  EXPECT_EQ(options.address.port, 4433);
  EXPECT_EQ(options.server_name, "::1");
  EXPECT_TRUE(options.insecure);
}

TEST(Args, HostPortForms) {
  struct Case {
    std::string_view text;
    std::string_view host;
    uint16_t port;
  };
  for (const Case& c :
       {Case{"localhost:1", "localhost", 1}, Case{"10.0.0.1:65535", "10.0.0.1", 65535},
        Case{"[2001:db8::1]:443", "2001:db8::1", 443}}) {
    auto parsed = parse_host_port(c.text);
    ASSERT_TRUE(parsed.ok()) << c.text << ": " << parsed.error().message;
    EXPECT_EQ(parsed->host, c.host);
    EXPECT_EQ(parsed->port, c.port);
  }
}

TEST(Args, BadHostPorts) {
  for (std::string_view text :
       {"localhost", "localhost:", ":443", "host:0", "host:65536", "host:44x", "host:-1", "::1:443",
        "[::1]", "[::1]443", "[::1:443", "[]:443", "host:+443"}) {
    auto parsed = parse_host_port(text);
    EXPECT_FALSE(parsed.ok()) << text;
    if (!parsed.ok()) {
      EXPECT_NE(parsed.error().message.find(std::string(text)), std::string::npos)
          << "the message names the input: " << parsed.error().message;
    }
  }
}

TEST(Args, ListenAddressForms) {
  auto port_only = parse_listen_address("4433");
  ASSERT_TRUE(port_only.ok());
  EXPECT_EQ(port_only->host, "");
  EXPECT_EQ(port_only->port, 4433);
  auto any_port = parse_listen_address("127.0.0.1:0");
  ASSERT_TRUE(any_port.ok());
  EXPECT_EQ(any_port->host, "127.0.0.1");
  EXPECT_EQ(any_port->port, 0);
  auto v6 = parse_listen_address("[::]:8443");
  ASSERT_TRUE(v6.ok());
  EXPECT_EQ(v6->host, "::");
  EXPECT_EQ(v6->port, 8443);
  EXPECT_FALSE(parse_listen_address(":4433").ok());
  EXPECT_FALSE(parse_listen_address("").ok());
  EXPECT_FALSE(parse_listen_address("70000").ok());
}

TEST(Args, MinimalServer) {
  const Options options = parse_ok({"server", "--cert", "s.pem", "--key", "s.key"});
  EXPECT_EQ(options.mode, Mode::kServer);
  EXPECT_EQ(options.address.host, "");  // every address
  EXPECT_EQ(options.address.port, 4433);
  ASSERT_EQ(options.certificates.size(), 1u);
  EXPECT_EQ(options.action, ServerAction::kPrint);
  EXPECT_EQ(options.client_auth, ClientAuth::kNone);
  EXPECT_FALSE(options.once);
}

TEST(Args, FullServer) {
  const Options options = parse_ok(
      {"server",      "--accept",        "[::1]:8443", "--cert",
       "rsa.pem",     "--key",           "rsa.key",    "--cert",
       "ec.pem",      "--key",           "ec.key",     "--cafile",
       "clients.pem", "--verify-client", "require",    "--www",
       "--once",      "--tls1.2",        "--ciphers",  "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
       "--groups",    "secp384r1",       "--alpn",     "http/1.1",
       "--trace",     "--keylog",        "k"});
  EXPECT_EQ(options.address.host, "::1");
  EXPECT_EQ(options.address.port, 8443);
  ASSERT_EQ(options.certificates.size(), 2u);
  EXPECT_EQ(options.certificates[0].cert, "rsa.pem");
  EXPECT_EQ(options.certificates[0].key, "rsa.key");
  EXPECT_EQ(options.certificates[1].cert, "ec.pem");
  EXPECT_EQ(options.certificates[1].key, "ec.key");
  EXPECT_EQ(options.ca_file, "clients.pem");
  EXPECT_EQ(options.client_auth, ClientAuth::kRequired);
  EXPECT_EQ(options.action, ServerAction::kWww);
  EXPECT_TRUE(options.once);
  EXPECT_EQ(options.only_version, ProtocolVersion::kTls12);
  EXPECT_EQ(options.alpn_protocols, (std::vector<std::string>{"http/1.1"}));
}

TEST(Args, ServerActionsAndOptionalClientAuth) {
  EXPECT_EQ(parse_ok({"server", "--cert", "c", "--key", "k", "--echo"}).action,
            ServerAction::kEcho);
  EXPECT_EQ(parse_ok({"server", "--cert", "c", "--key", "k", "--cafile", "ca", "--verify-client",
                      "optional"})
                .client_auth,
            ClientAuth::kOptional);
}

TEST(Args, Help) {
  const std::vector<std::vector<std::string_view>> help_requests = {
      {"--help"}, {"-h"}, {"help"}, {"client", "--help"}, {"server", "-h"}};
  for (const auto& args : help_requests) {
    EXPECT_EQ(parse_ok(args).mode, Mode::kHelp);
  }
  EXPECT_NE(usage().find("parley client HOST:PORT"), std::string_view::npos);
  EXPECT_NE(usage().find("--verify-client optional|require"), std::string_view::npos);
  EXPECT_NE(usage().find("Exit status: 0 success"), std::string::npos);
}

TEST(Args, EachCommandHasItsOwnHelp) {
  const Options client = parse_ok({"client", "--help"});
  EXPECT_EQ(client.help_command, Mode::kClient);
  EXPECT_EQ(parse_ok({"server", "-h"}).help_command, Mode::kServer);
  EXPECT_EQ(parse_ok({"--help"}).help_command, Mode::kHelp);
  const std::string client_help = usage(Mode::kClient);
  EXPECT_NE(client_help.find("parley client HOST:PORT"), std::string::npos);
  EXPECT_NE(client_help.find("--showcerts"), std::string::npos);
  EXPECT_EQ(client_help.find("parley server"), std::string::npos);
  const std::string server_help = usage(Mode::kServer);
  EXPECT_NE(server_help.find("--www-root DIR"), std::string::npos);
  EXPECT_EQ(server_help.find("parley client"), std::string::npos);
  for (const std::string& help : {client_help, server_help}) {
    EXPECT_NE(help.find("Exit status"), std::string::npos);
  }
}

// RFC 8449 4: a limit from 64 to 2^14 + 1, in both roles.
TEST(Args, RecordSizeLimit) {
  EXPECT_EQ(parse_ok({"server", "--cert", "c", "--key", "k"}).record_size_limit, 0u);
  EXPECT_EQ(parse_ok({"server", "--cert", "c", "--key", "k", "--record-size-limit", "512"})
                .record_size_limit,
            512u);
  EXPECT_EQ(parse_ok({"client", "h:1", "--record-size-limit", "16385"}).record_size_limit, 16385u);
  EXPECT_EQ(parse_error({"client", "h:1", "--record-size-limit", "63"}),
            "--record-size-limit needs a number from 64 to 16385, not '63'");
  EXPECT_EQ(parse_error({"client", "h:1", "--record-size-limit", "16386"}),
            "--record-size-limit needs a number from 64 to 16385, not '16386'");
}

TEST(Args, ConcurrentServerOptions) {
  const Options defaults = parse_ok({"server", "--cert", "c", "--key", "k"});
  EXPECT_EQ(defaults.threads, 0u);  // one per core
  EXPECT_EQ(defaults.handshake_timeout_ms, 10000u);
  const Options options =
      parse_ok({"server", "--cert", "c", "--key", "k", "--threads", "3", "--max-connections", "10",
                "--handshake-timeout", "0.25", "--idle-timeout", "2", "--www-root", "/srv"});
  EXPECT_EQ(options.threads, 3u);
  EXPECT_EQ(options.max_connections, 10u);
  EXPECT_EQ(options.handshake_timeout_ms, 250u);
  EXPECT_EQ(options.idle_timeout_ms, 2000u);
  EXPECT_EQ(options.www_root, "/srv");
  EXPECT_EQ(options.action, ServerAction::kWww);
  EXPECT_TRUE(parse_ok({"client", "h:1", "--showcerts"}).show_certs);
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--threads", "0"}),
            "--threads needs a number from 1 to 256, not '0'");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--idle-timeout", "soon"}),
            "--idle-timeout needs seconds from 0.001 to 86400, not 'soon'");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--www-root", "d", "--echo"}),
            "--www-root and --echo cannot be used together");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--once", "--threads", "2"}),
            "--once and --threads cannot be used together");
  EXPECT_EQ(parse_error({"client", "h:1", "--threads", "2"}), "--threads is not a client option");
}

TEST(Args, Version) {
  for (std::string_view request : {"--version", "-V", "version"}) {
    EXPECT_EQ(parse_ok({request}).mode, Mode::kVersion);
  }
  EXPECT_NE(usage().find("parley --version"), std::string_view::npos);
  // Only as the command: after one it is an unknown option.
  EXPECT_EQ(parse_error({"client", "h:1", "--version"}), "unknown option --version");
}

TEST(Args, CommandErrors) {
  EXPECT_EQ(parse_error({}), "missing command: client or server");
  EXPECT_EQ(parse_error({"connect", "h:1"}),
            "unknown command 'connect' (expected client or server)");
  EXPECT_EQ(parse_error({"client"}), "client needs the server's HOST:PORT");
  EXPECT_EQ(parse_error({"client", "a:1", "b:2"}), "unexpected argument 'b:2'");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "h:1"}),
            "unexpected argument 'h:1'");
}

TEST(Args, OptionErrors) {
  EXPECT_EQ(parse_error({"client", "h:1", "--bogus"}), "unknown option --bogus");
  EXPECT_EQ(parse_error({"client", "h:1", "--cafile"}), "--cafile needs a value");
  // A forgotten value is not silently taken from the next option.
  EXPECT_EQ(parse_error({"client", "h:1", "--cafile", "--trace"}), "--cafile needs a value");
  EXPECT_EQ(parse_error({"client", "h:1", "--cafile="}), "--cafile needs a non-empty value");
  EXPECT_EQ(parse_error({"client", "h:1", "--trace=yes"}), "--trace takes no value");
  EXPECT_EQ(parse_error({"client", "h:1", "--groups", "x25519", "--groups", "secp256r1"}),
            "--groups is given more than once");
  EXPECT_EQ(parse_error({"client", "h:1", "--echo"}), "--echo is not a client option");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--insecure"}),
            "--insecure is not a server option");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--sigalgs", "ed25519"}),
            "--sigalgs is not a server option");
  EXPECT_EQ(parse_error({"client", "h:1", "--alpn", "h2::http/1.1"}),
            "--alpn: protocol names must be 1 to 255 bytes, separated by ':' or ','");
  EXPECT_EQ(parse_error({"client", "h:1", "--alpn", std::string(256, 'a')}),
            "--alpn: protocol names must be 1 to 255 bytes, separated by ':' or ','");
}

TEST(Args, MutuallyExclusiveOptions) {
  EXPECT_EQ(parse_error({"client", "h:1", "--cafile", "ca", "--insecure"}),
            "--cafile and --insecure cannot be used together");
  EXPECT_EQ(parse_error({"client", "h:1", "--lenient-anchors", "--insecure"}),
            "--lenient-anchors and --insecure cannot be used together");
  EXPECT_EQ(parse_error({"client", "h:1", "--tls1.2", "--tls1.3"}),
            "--tls1.2 and --tls1.3 cannot be used together");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--www", "--echo"}),
            "--www and --echo cannot be used together");
}

TEST(Args, CertificateAndKeyPairing) {
  EXPECT_EQ(parse_error({"client", "h:1", "--cert", "c"}),
            "each --cert needs a matching --key (got 1 --cert and 0 --key)");
  EXPECT_EQ(
      parse_error({"client", "h:1", "--cert", "c", "--key", "k", "--cert", "c2", "--key", "k2"}),
      "the client takes one --cert/--key pair");
  EXPECT_EQ(parse_error({"server"}), "server needs --cert FILE --key FILE");
  EXPECT_EQ(parse_error({"server", "--cert", "a", "--key", "b", "--cert", "c"}),
            "each --cert needs a matching --key (got 2 --cert and 1 --key)");
}

TEST(Args, ClientVerificationOptionsGoTogether) {
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--verify-client", "require"}),
            "--verify-client and --cafile go together");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--cafile", "ca"}),
            "--verify-client and --cafile go together");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--cafile", "ca", "--verify-client",
                         "always"}),
            "--verify-client must be optional or require, not 'always'");
}

TEST(Args, BadAddressesNameTheOption) {
  EXPECT_EQ(parse_error({"client", "localhost"}),
            "invalid address 'localhost' (expected HOST:PORT)");
  EXPECT_EQ(parse_error({"server", "--cert", "c", "--key", "k", "--accept", "99999"}),
            "--accept: invalid port in '99999' (expected 0 to 65535)");
}

}  // namespace
}  // namespace parley::cli

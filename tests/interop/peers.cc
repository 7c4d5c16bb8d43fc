#include "interop/peers.h"

#include "interop/certs.h"
#include "interop/identifiers.h"

namespace parley::interop {
namespace {

bool printed_any(const Process& process, std::initializer_list<std::string_view> messages) {
  for (auto message : messages) {
    if (process.err().find(message) != std::string::npos ||
        process.out().find(message) != std::string::npos) {
      return true;
    }
  }
  return false;
}

using Args = std::vector<std::string>;

bool is_tls13(const Scenario& scenario) {
  return scenario.version == ProtocolVersion::kTls13;
}

std::string host_port(const RunContext& run) {
  return "127.0.0.1:" + std::to_string(run.port);
}

// Names of `groups` in one peer's spelling, colon-separated.
template <typename Spelling>
std::string group_list(const std::vector<NamedGroup>& groups, Spelling spelling) {
  std::vector<std::string> names;
  for (NamedGroup group : groups) names.emplace_back(spelling(names_of(group)));
  return join(names, ":");
}

// ---- OpenSSL --------------------------------------------------------------

std::string_view openssl_version_flag(const Scenario& scenario) {
  return is_tls13(scenario) ? "-tls1_3" : "-tls1_2";
}

class OpenSslServer final : public ServerPeer {
 public:
  std::string_view name() const override { return "openssl"; }
  bool echoes() const override { return false; }

  Result<Args> command(const Scenario& scenario, const RunContext& run, bool http) const override {
    auto& certs = TestCertificates::get();
    PARLEY_ASSIGN_OR_RETURN(const CertFiles server, certs.server(scenario.server_cert));
    Args args = {"openssl",  "s_server", "-accept", host_port(run),
                 "-naccept", "1",        "-cert",   server.cert,
                 "-key",     server.key, "-trace",  std::string(openssl_version_flag(scenario))};
    const auto& suite = names_of(scenario.suite).openssl;
    args.insert(args.end(), {is_tls13(scenario) ? "-ciphersuites" : "-cipher", std::string(suite)});
    if (const auto groups = scenario.server_groups(); !groups.empty()) {
      args.insert(args.end(), {"-groups", group_list(groups, [](auto& n) { return n.openssl; })});
    }
    if (scenario.client_auth) {
      PARLEY_ASSIGN_OR_RETURN(const std::string ca, certs.ca_file());
      args.insert(args.end(), {"-Verify", "1", "-CAfile", ca, "-verify_return_error"});
    }
    if (!scenario.server_alpn.empty()) {
      args.insert(args.end(), {"-alpn", join(scenario.server_alpn, ",")});
    }
    if (http) args.push_back("-WWW");  // serves files from the working directory
    return args;
  }

  Observation observe(const Process& server) const override {
    return parse_openssl_trace(server.out(), /*is_server=*/true);
  }

  bool refused_missing_client_certificate(const Process& server) const override {
    return printed_any(server, {"peer did not return a certificate"});
  }
};

class OpenSslClient final : public ClientPeer {
 public:
  std::string_view name() const override { return "openssl"; }
  // s_client's status after the peer closes first is not a success signal.
  bool exits_zero_on_success() const override { return false; }

  Result<Args> command(const Scenario& scenario, const RunContext& run) const override {
    auto& certs = TestCertificates::get();
    PARLEY_ASSIGN_OR_RETURN(const std::string ca, certs.ca_file());
    Args args = {"openssl",
                 "s_client",
                 "-connect",
                 host_port(run),
                 "-servername",
                 "localhost",
                 "-verify_hostname",
                 "localhost",
                 "-CAfile",
                 ca,
                 "-verify_return_error",
                 "-trace",
                 std::string(openssl_version_flag(scenario))};
    if (const auto groups = scenario.client_groups(); !groups.empty()) {
      args.insert(args.end(), {"-groups", group_list(groups, [](auto& n) { return n.openssl; })});
    }
    if (scenario.client_offers_only_scheme && scenario.scheme) {
      args.insert(args.end(), {"-sigalgs", std::string(names_of(*scenario.scheme).iana)});
    }
    if (scenario.client_auth && !scenario.client_omits_certificate) {
      PARLEY_ASSIGN_OR_RETURN(const CertFiles client, certs.client());
      args.insert(args.end(), {"-cert", client.cert, "-key", client.key});
    }
    if (!scenario.client_alpn.empty()) {
      args.insert(args.end(), {"-alpn", join(scenario.client_alpn, ",")});
    }
    return args;
  }

  Observation observe(const Process& client) const override {
    return parse_openssl_trace(client.out(), /*is_server=*/false);
  }
};

// ---- GnuTLS ---------------------------------------------------------------

// NORMAL restricted to the scenario: the version; on the server the suite;
// the groups each side uses; on the client optionally one signature scheme.
std::string gnutls_priority(const Scenario& scenario, bool server) {
  std::string priority =
      std::string("NORMAL:-VERS-ALL:+VERS-") + (is_tls13(scenario) ? "TLS1.3" : "TLS1.2");
  if (server) {
    const auto& suite = names_of(scenario.suite);
    priority += ":-CIPHER-ALL:+" + std::string(suite.gnutls_cipher);
    if (!is_tls13(scenario)) priority += ":-KX-ALL:+" + std::string(suite.gnutls_kx);
  }
  const auto groups = server ? scenario.server_groups() : scenario.client_groups();
  if (!groups.empty()) {
    priority += ":-GROUP-ALL";
    for (NamedGroup group : groups) priority += ":+GROUP-" + std::string(names_of(group).gnutls);
  }
  if (!server && scenario.client_offers_only_scheme && scenario.scheme) {
    priority += ":-SIGN-ALL:+SIGN-" + std::string(names_of(*scenario.scheme).gnutls);
  }
  return priority;
}

class GnutlsServer final : public ServerPeer {
 public:
  std::string_view name() const override { return "gnutls"; }
  bool echoes() const override { return true; }
  bool serves_one_connection() const override { return false; }

  Result<Args> command(const Scenario& scenario, const RunContext& run, bool http) const override {
    auto& certs = TestCertificates::get();
    PARLEY_ASSIGN_OR_RETURN(const CertFiles server, certs.server(scenario.server_cert));
    // gnutls-serv listens on every address; clients connect over loopback.
    Args args = {"gnutls-serv",    "--port",     std::to_string(run.port),
                 "--x509certfile", server.cert,  "--x509keyfile",
                 server.key,       "--priority", gnutls_priority(scenario, true)};
    if (!http) args.push_back("--echo");  // otherwise it answers GET with a page
    if (scenario.client_auth) {
      PARLEY_ASSIGN_OR_RETURN(const std::string ca, certs.ca_file());
      args.insert(args.end(),
                  {"--require-client-cert", "--verify-client-cert", "--x509cafile", ca});
    }
    for (const auto& protocol : scenario.server_alpn) args.push_back("--alpn=" + protocol);
    return args;
  }

  Observation observe(const Process& server) const override {
    return parse_gnutls(server.out(), /*is_server=*/true);
  }

  bool refused_missing_client_certificate(const Process& server) const override {
    return printed_any(server, {"Error in handshake: Certificate is required",  // TLS 1.3
                                "Error in handshake: No certificate was found"});
  }
};

class GnutlsClient final : public ClientPeer {
 public:
  std::string_view name() const override { return "gnutls"; }

  Result<Args> command(const Scenario& scenario, const RunContext& run) const override {
    auto& certs = TestCertificates::get();
    PARLEY_ASSIGN_OR_RETURN(const std::string ca, certs.ca_file());
    Args args = {"gnutls-cli",
                 "--port",
                 std::to_string(run.port),
                 "--x509cafile",
                 ca,
                 "--sni-hostname=localhost",
                 "--verify-hostname=localhost",
                 "--priority",
                 gnutls_priority(scenario, false)};
    if (scenario.client_auth && !scenario.client_omits_certificate) {
      PARLEY_ASSIGN_OR_RETURN(const CertFiles client, certs.client());
      args.insert(args.end(), {"--x509certfile", client.cert, "--x509keyfile", client.key});
    }
    for (const auto& protocol : scenario.client_alpn) args.push_back("--alpn=" + protocol);
    args.push_back("127.0.0.1");
    return args;
  }

  Observation observe(const Process& client) const override {
    return parse_gnutls(client.out(), /*is_server=*/false);
  }
};

// ---- curl -----------------------------------------------------------------

class CurlClient final : public ClientPeer {
 public:
  std::string_view name() const override { return "curl"; }
  bool http_only() const override { return true; }

  // curl cannot restrict signature schemes, and it offers ALPN as h2 and
  // http/1.1, or http/1.1 alone; an h2 answer would not suit the HTTP/1
  // servers here.
  bool supports(const Scenario& scenario) const override {
    if (scenario.client_offers_only_scheme) return false;
    const std::vector<std::string> both = {"h2", "http/1.1"};
    const std::vector<std::string> http11 = {"http/1.1"};
    if (!scenario.client_alpn.empty() && scenario.client_alpn != both &&
        scenario.client_alpn != http11) {
      return false;
    }
    return scenario.alpn != "h2";
  }

  Result<Args> command(const Scenario& scenario, const RunContext& run) const override {
    auto& certs = TestCertificates::get();
    PARLEY_ASSIGN_OR_RETURN(const std::string ca, certs.ca_file());
    const std::string port = std::to_string(run.port);
    const std::string version = is_tls13(scenario) ? "1.3" : "1.2";
    Args args = {"curl",
                 "-sS",
                 "-v",
                 "--max-time",
                 "20",
                 "--cacert",
                 ca,
                 "--resolve",
                 "localhost:" + port + ":127.0.0.1",
                 "--tlsv" + version,
                 "--tls-max",
                 version,
                 "-H",
                 "X-Parley-Token: " + run.token,
                 "https://localhost:" + port + "/" + run.token};
    if (const auto groups = scenario.client_groups(); !groups.empty()) {
      args.insert(args.end(), {"--curves", group_list(groups, [](auto& n) { return n.openssl; })});
    }
    if (scenario.client_auth && !scenario.client_omits_certificate) {
      PARLEY_ASSIGN_OR_RETURN(const CertFiles client, certs.client());
      args.insert(args.end(), {"--cert", client.cert, "--key", client.key});
    }
    if (scenario.client_alpn.empty()) args.push_back("--no-alpn");
    if (scenario.client_alpn == std::vector<std::string>{"http/1.1"}) args.push_back("--http1.1");
    return args;
  }

  Observation observe(const Process& client) const override {
    return parse_curl_verbose(client.err());
  }
};

// ---- parley ---------------------------------------------------------------

std::string_view parley_version_flag(const Scenario& scenario) {
  return is_tls13(scenario) ? "--tls1.3" : "--tls1.2";
}

class ParleyServer final : public ServerPeer {
 public:
  std::string_view name() const override { return "parley"; }
  bool echoes() const override { return true; }
  bool http_response_has_token() const override { return false; }

  Result<Args> command(const Scenario& scenario, const RunContext& run, bool http) const override {
    auto& certs = TestCertificates::get();
    PARLEY_ASSIGN_OR_RETURN(const CertFiles server, certs.server(scenario.server_cert));
    Args args = {parley_binary(), "server",
                 "--accept",      host_port(run),
                 "--cert",        server.cert,
                 "--key",         server.key,
                 "--once",        http ? "--www" : "--echo",
                 "--trace",       std::string(parley_version_flag(scenario)),
                 "--ciphers",     std::string(names_of(scenario.suite).iana)};
    if (const auto groups = scenario.server_groups(); !groups.empty()) {
      args.insert(args.end(), {"--groups", group_list(groups, [](auto& n) { return n.iana; })});
    }
    if (scenario.client_auth) {
      PARLEY_ASSIGN_OR_RETURN(const std::string ca, certs.ca_file());
      args.insert(args.end(), {"--cafile", ca, "--verify-client", "require"});
    }
    if (!scenario.server_alpn.empty()) {
      args.insert(args.end(), {"--alpn", join(scenario.server_alpn, ",")});
    }
    return args;
  }

  Observation observe(const Process& server) const override {
    return parse_parley(server.err(), /*is_server=*/true);
  }

  Observation observe_page(std::string_view page) const override { return parse_parley_page(page); }

  bool refused_missing_client_certificate(const Process& server) const override {
    return printed_any(server, {"client sent no certificate"});
  }
};

class ParleyClient final : public ClientPeer {
 public:
  std::string_view name() const override { return "parley"; }

  Result<Args> command(const Scenario& scenario, const RunContext& run) const override {
    auto& certs = TestCertificates::get();
    PARLEY_ASSIGN_OR_RETURN(const std::string ca, certs.ca_file());
    Args args = {parley_binary(),
                 "client",
                 host_port(run),
                 "--servername",
                 "localhost",
                 "--cafile",
                 ca,
                 std::string(parley_version_flag(scenario)),
                 "--trace"};
    // The static-RSA and DHE suites are off by default: offer the scenario's.
    const auto& suite = names_of(scenario.suite);
    if (suite.gnutls_kx == "RSA" || suite.gnutls_kx == "DHE-RSA") {
      args.insert(args.end(), {"--ciphers", std::string(suite.iana)});
    }
    if (const auto groups = scenario.client_groups(); !groups.empty()) {
      args.insert(args.end(), {"--groups", group_list(groups, [](auto& n) { return n.iana; })});
    }
    if (scenario.client_offers_only_scheme && scenario.scheme) {
      args.insert(args.end(), {"--sigalgs", std::string(names_of(*scenario.scheme).iana)});
    }
    if (scenario.client_auth && !scenario.client_omits_certificate) {
      PARLEY_ASSIGN_OR_RETURN(const CertFiles client, certs.client());
      args.insert(args.end(), {"--cert", client.cert, "--key", client.key});
    }
    if (!scenario.client_alpn.empty()) {
      args.insert(args.end(), {"--alpn", join(scenario.client_alpn, ",")});
    }
    return args;
  }

  Observation observe(const Process& client) const override {
    return parse_parley(client.err(), /*is_server=*/false);
  }
};

}  // namespace

std::string parley_binary() {
  return std::string(PARLEY_BINARY_DIR) + "/tools/parley/parley";
}

const ServerPeer& openssl_server() {
  static const OpenSslServer peer;
  return peer;
}
const ServerPeer& gnutls_server() {
  static const GnutlsServer peer;
  return peer;
}
const ServerPeer& parley_server() {
  static const ParleyServer peer;
  return peer;
}
const ClientPeer& openssl_client() {
  static const OpenSslClient peer;
  return peer;
}
const ClientPeer& gnutls_client() {
  static const GnutlsClient peer;
  return peer;
}
const ClientPeer& curl_client() {
  static const CurlClient peer;
  return peer;
}
const ClientPeer& parley_client() {
  static const ParleyClient peer;
  return peer;
}

}  // namespace parley::interop

// The TLS peers of the interop matrix, each turning a Scenario into its own
// command line and parsing what it printed: openssl s_server/s_client,
// gnutls-serv/gnutls-cli, curl, and the parley command.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "interop/observation.h"
#include "interop/process.h"
#include "interop/scenario.h"
#include "parley/error.h"

namespace parley::interop {

// One exchange's particulars: where the server listens, the unique token
// sent through the connection, and a directory private to this exchange
// (servers run in it; it holds a file named `token` containing the token, so
// a static-file server answers GET /<token> with it).
struct RunContext {
  uint16_t port = 0;
  std::string token;
  std::string work_dir;
};

class ServerPeer {
 public:
  virtual ~ServerPeer() = default;
  virtual std::string_view name() const = 0;
  virtual bool supports(const Scenario&) const { return true; }
  // Outside HTTP mode: true if the server sends each line back, false if it
  // prints what it receives and sends what is written to its stdin.
  virtual bool echoes() const = 0;
  // Exits after one connection (otherwise it is stopped after the exchange).
  virtual bool serves_one_connection() const { return true; }
  // In HTTP mode, whether the response to GET /<token> names the token.
  virtual bool http_response_has_token() const { return true; }
  // Whether the server's output says it refused the connection because the
  // client sent no certificate (and not for some other reason).
  virtual bool refused_missing_client_certificate(const Process& server) const = 0;
  // Serves one connection (at least) on 127.0.0.1:port.
  virtual Result<std::vector<std::string>> command(const Scenario& scenario, const RunContext& run,
                                                   bool http) const = 0;
  virtual Observation observe(const Process& server) const = 0;
  // What the page served in HTTP mode reports, if it describes the session.
  virtual Observation observe_page(std::string_view) const { return {}; }
};

class ClientPeer {
 public:
  virtual ~ClientPeer() = default;
  virtual std::string_view name() const = 0;
  virtual bool supports(const Scenario&) const { return true; }
  // Speaks only HTTP (GET /<token>) instead of sending stdin.
  virtual bool http_only() const { return false; }
  // Whether a successful exchange must end with exit status 0.
  virtual bool exits_zero_on_success() const { return true; }
  virtual Result<std::vector<std::string>> command(const Scenario& scenario,
                                                   const RunContext& run) const = 0;
  virtual Observation observe(const Process& client) const = 0;
};

const ServerPeer& openssl_server();
const ServerPeer& gnutls_server();
const ServerPeer& parley_server();
const ClientPeer& openssl_client();
const ClientPeer& gnutls_client();
const ClientPeer& curl_client();
const ClientPeer& parley_client();

// ${PARLEY_BINARY_DIR}/tools/parley/parley
std::string parley_binary();

}  // namespace parley::interop

// Runs one exchange between a client peer and a server peer on loopback, and
// the GoogleTest checks that every matrix test applies to it.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "interop/peers.h"
#include "interop/process.h"
#include "interop/scenario.h"

namespace parley::interop {

struct Exchange {
  std::optional<Process> server;
  std::optional<Process> client;
  std::optional<int> client_status;  // nullopt: had to be killed
  std::optional<int> server_status;  // servers of one connection only
  // The token crossed the connection both ways (or came back in the HTTP
  // response).
  bool delivered = false;
  std::string setup_error;  // the exchange could not be attempted

  // Both peers' command lines and output.
  std::string log() const;
};

Exchange run_exchange(const ClientPeer& client, const ServerPeer& server, const Scenario& scenario);

// Runs the exchange and checks it: data crossed (or, for a scenario that must
// fail, did not, and the server said why); the client, and a server of one
// connection, exited cleanly; what each peer reports agrees with the
// scenario; and at least one of them reported the version and suite, plus the
// group, signature, ALPN, HelloRetryRequest and client certificate where the
// scenario sets them.
void check_exchange(const ClientPeer& client, const ServerPeer& server, const Scenario& scenario);

// A parameterized test's cell.
struct MatrixCase {
  const ClientPeer* client;
  const ServerPeer* server;
  Scenario scenario;
};

void PrintTo(const MatrixCase& cell, std::ostream* out);

// Every (client, server, scenario) that both peers support.
std::vector<MatrixCase> matrix(const std::vector<const ClientPeer*>& clients,
                               const std::vector<const ServerPeer*>& servers,
                               const std::vector<Scenario>& scenarios);

// "openssl_to_gnutls_tls13_aes128" for test names.
std::string case_name(const testing::TestParamInfo<MatrixCase>& info);

}  // namespace parley::interop

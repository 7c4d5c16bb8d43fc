#include "interop/loopback.h"

#include <gtest/gtest.h>

#include "interop/certs.h"
#include "interop/net.h"

namespace parley::interop {

Files files() {
  auto& certs = TestCertificates::get();
  auto ca = certs.ca_file();
  auto server = certs.server(CertKind::kEcdsaP256);
  auto dir = certs.directory();
  EXPECT_TRUE(ca.ok() && server.ok() && dir.ok());
  return {*ca, server->cert, server->key, *dir};
}

Server start_server(const std::function<std::vector<std::string>(uint16_t)>& argv,
                    const std::string& dir) {
  constexpr Millis kListenTimeout(10000);
  Server server;
  for (int attempt = 0; attempt < 3; ++attempt) {
    server.port = pick_free_port();
    std::string error;
    server.process = Process::start(argv(server.port), dir, &error);
    if (!server.process) {
      ADD_FAILURE() << error;
      return server;
    }
    if (wait_until_listening(*server.process, server.port, kListenTimeout)) return server;
    server.process->stop();
  }
  ADD_FAILURE() << "server did not listen: " << server.process->describe();
  return server;
}

}  // namespace parley::interop

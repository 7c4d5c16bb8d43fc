// Fuzzes a server connection (TLS 1.3 and 1.2, every suite, two
// certificates, optional client authentication, ALPN) with arbitrary bytes
// as everything the client sends.
#include <cstddef>
#include <cstdint>

#include "connection_driver.h"
#include "fuzz_credentials.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley;
  static const auto config = fuzz::fuzz_server_config();
  auto server = ServerConnection::create(config);
  if (!server.ok()) __builtin_trap();
  fuzz::drive(*server, {data, size});
  return 0;
}

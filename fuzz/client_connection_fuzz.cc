// Fuzzes a client connection (TLS 1.3 and 1.2, every suite, a client
// certificate, ALPN) with arbitrary bytes as everything the server sends
// after the ClientHello.
#include <cstddef>
#include <cstdint>

#include "connection_driver.h"
#include "fuzz_credentials.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley;
  static const auto config = fuzz::fuzz_client_config();
  auto client = ClientConnection::create(config, "localhost");
  if (!client.ok()) __builtin_trap();
  fuzz::drive(*client, {data, size});
  return 0;
}

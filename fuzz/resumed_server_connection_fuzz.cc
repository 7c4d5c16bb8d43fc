// Fuzzes a server connection that accepts resumption and 0-RTT (TLS 1.3
// PSKs and early data, TLS 1.2 tickets and session IDs, under a fixed ticket
// key) with arbitrary bytes as everything the client sends: ticket
// decryption, binder checks, early-data skipping and EndOfEarlyData.
#include <cstddef>
#include <cstdint>

#include "connection_driver.h"
#include "fuzz_credentials.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley;
  static const auto config = fuzz::fuzz_resumption_server_config();
  auto server = ServerConnection::create(config);
  if (!server.ok()) __builtin_trap();
  fuzz::drive(*server, {data, size});
  return 0;
}

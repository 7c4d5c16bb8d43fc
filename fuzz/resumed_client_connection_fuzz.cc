// Fuzzes a client connection that offers a cached TLS 1.3 session with
// early data (PSK, 0-RTT, EndOfEarlyData, NewSessionTicket into the cache)
// with arbitrary bytes as everything the server sends after the ClientHello.
#include <cstddef>
#include <cstdint>

#include "connection_driver.h"
#include "fuzz_credentials.h"
#include "session/session_state.h"

namespace {

// A session as the client caches it, fixed so that runs repeat.
std::vector<uint8_t> fixed_session() {
  parley::session::SessionState state;
  state.version = parley::ProtocolVersion::kTls13;
  state.cipher_suite = parley::CipherSuite::kTlsAes128GcmSha256;
  state.secret = parley::crypto::Secret(std::vector<uint8_t>(32, 0x33));
  state.issued_at = parley::fuzz::kFixedTime - 10;
  state.lifetime = 7200;
  state.max_early_data = 16384;
  state.server_name = "localhost";
  state.ticket = std::vector<uint8_t>(64, 0x44);
  const parley::crypto::Secret encoded = state.encode();
  return {encoded.view().begin(), encoded.view().end()};
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley;
  static const std::vector<uint8_t> session = fixed_session();
  auto config = std::make_shared<ClientConfig>(*fuzz::fuzz_client_config());
  config->session_cache = make_client_session_cache();
  config->session_cache->put("localhost", session);
  auto client =
      ClientConnection::create(config, "localhost", ConnectOptions{"", {'0', 'r', 't', 't'}});
  if (!client.ok()) __builtin_trap();
  fuzz::drive(*client, {data, size});
  return 0;
}

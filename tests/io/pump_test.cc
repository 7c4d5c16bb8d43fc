// The public Pump helpers (parley/pump.h) over an in-memory transport: an
// event loop's flush/offer, the blocking read/write_all/close, the end of a
// transport without close_notify, and the alert of a failing connection.
#include "parley/pump.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <vector>

#include "io/test_configs.h"

namespace parley {
namespace {

std::vector<uint8_t> pattern(size_t size) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(i * 7 + i / 251);
  return data;
}

// Bytes in flight one way, with a cap on what one send() takes, so a
// Pump sees partial sends.
struct Pipe {
  std::deque<uint8_t> bytes;
  size_t max_send = 3000;
};

Transport pipe_transport(Pipe& out, Pipe& in) {
  return Transport{
      .send = [&out](std::span<const uint8_t> data) -> Result<size_t> {
        const size_t n = std::min(data.size(), out.max_send);
        out.bytes.insert(out.bytes.end(), data.begin(), data.begin() + n);
        return n;
      },
      .receive = [&in](std::span<uint8_t> buffer) -> Result<size_t> {
        const size_t n = std::min(buffer.size(), in.bytes.size());
        std::copy_n(in.bytes.begin(), n, buffer.begin());
        in.bytes.erase(in.bytes.begin(), in.bytes.begin() + static_cast<std::ptrdiff_t>(n));
        return n;
      },
  };
}

// Delivers what `pipe` holds to `connection` through `pump` (an event
// loop's "readable" callback).
Status deliver(Pump& pump, Connection& connection, Pipe& pipe) {
  std::vector<uint8_t> bytes(pipe.bytes.begin(), pipe.bytes.end());
  pipe.bytes.clear();
  return pump.offer(connection, bytes);
}

TEST(PumpHelpers, DriveAHandshakeDataAndCloseNotify) {
  auto client = ClientConnection::create(test::test_client_config(), "localhost");
  auto server = ServerConnection::create(test::test_server_config());
  ASSERT_TRUE(client.ok() && server.ok());
  Pipe to_server, to_client;
  Pump client_pump(pipe_transport(to_server, to_client));
  Pump server_pump(pipe_transport(to_client, to_server));
  // An event loop: flush and deliver until both sides are quiet.
  for (int turn = 0; turn < 200 && (client->is_handshaking() || server->is_handshaking() ||
                                    client->wants_write() || server->wants_write() ||
                                    !to_server.bytes.empty() || !to_client.bytes.empty());
       ++turn) {
    ASSERT_TRUE(client_pump.flush(*client).ok());
    ASSERT_TRUE(server_pump.flush(*server).ok());
    ASSERT_TRUE(deliver(server_pump, *server, to_server).ok());
    ASSERT_TRUE(deliver(client_pump, *client, to_client).ok());
  }
  ASSERT_FALSE(client->is_handshaking());
  ASSERT_FALSE(server->is_handshaking());

  ASSERT_TRUE(client_pump.write_all(*client, pattern(70000)).ok());
  ASSERT_TRUE(client_pump.close(*client).ok());
  // The server side with the blocking helpers: read() receives as needed.
  std::vector<uint8_t> received;
  std::vector<uint8_t> buffer(10000);
  while (true) {
    auto n = server_pump.read(*server, buffer);
    ASSERT_TRUE(n.ok()) << n.error().to_string();
    if (*n == 0) break;
    received.insert(received.end(), buffer.begin(), buffer.begin() + *n);
  }
  EXPECT_EQ(received, pattern(70000));
  EXPECT_TRUE(server->peer_closed());
}

TEST(PumpHelpers, EndOfTransportWithoutCloseNotifyIsAnError) {
  auto server = ServerConnection::create(test::test_server_config());
  ASSERT_TRUE(server.ok());
  Pipe nowhere, empty;
  Pump pump(pipe_transport(nowhere, empty));
  Status handshake = pump.handshake(*server);
  ASSERT_FALSE(handshake.ok());
  EXPECT_EQ(handshake.error().kind, ErrorKind::kIo);
  EXPECT_NE(handshake.error().message.find("during the handshake"), std::string::npos);
}

TEST(PumpHelpers, AFailingConnectionSendsItsAlertThroughTheTransport) {
  auto server = ServerConnection::create(test::test_server_config());
  ASSERT_TRUE(server.ok());
  Pipe to_client, unused;
  Pump pump(pipe_transport(to_client, unused));
  const uint8_t garbage[] = {0x63, 0x03, 0x01, 0x00, 0x01, 0x00};  // no such content type
  Status offered = pump.offer(*server, garbage);
  ASSERT_FALSE(offered.ok());
  EXPECT_TRUE(server->failed());
  // One alert record: type 21 (RFC 8446 5.1).
  ASSERT_EQ(to_client.bytes.size(), 7u);
  EXPECT_EQ(to_client.bytes[0], 21);
}

}  // namespace
}  // namespace parley

// The blocking Stream: real handshakes between a client and a server thread
// over a socketpair or loopback TCP, data both ways, clean and unclean ends,
// and certificate failures.
#include "parley/stream.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <future>
#include <string>
#include <thread>

#include "io/socket.h"
#include "io/test_certs.h"
#include "io/test_configs.h"

namespace parley {
namespace {

std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

std::shared_ptr<const ServerConfig> make_server_config(
    std::optional<ProtocolVersion> only_version = std::nullopt) {
  auto config = std::make_shared<ServerConfig>(*test::test_server_config());
  if (only_version) config->versions = {*only_version};
  return config;
}

using test::test_client_config;

struct SocketPair {
  int client = -1;
  int server = -1;
};

SocketPair make_socket_pair() {
  int fds[2] = {-1, -1};
  EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  return {fds[0], fds[1]};
}

Stream client_stream(int fd, std::shared_ptr<const ClientConfig> config) {
  auto connection = ClientConnection::create(std::move(config), "localhost");
  EXPECT_TRUE(connection.ok()) << connection.error().to_string();
  return Stream(fd, std::make_unique<ClientConnection>(std::move(*connection)));
}

// Reads until the peer's close_notify; the error if the stream fails.
Result<std::string> read_to_end(Stream& stream) {
  std::string out;
  uint8_t buffer[4096];
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(size_t n, stream.read(buffer));
    if (n == 0) return out;
    out.append(reinterpret_cast<const char*>(buffer), n);
  }
}

// The server side of most tests: handshake, take everything the client sends
// until its close_notify, answer with `reply(received)`, close.
template <typename Reply>
std::future<Result<std::string>> serve_in_thread(int fd, std::shared_ptr<const ServerConfig> config,
                                                 Reply reply) {
  return std::async(std::launch::async, [fd, config, reply]() -> Result<std::string> {
    PARLEY_ASSIGN_OR_RETURN(Stream stream, Stream::accept(fd, config));
    PARLEY_ASSIGN_OR_RETURN(std::string received, read_to_end(stream));
    PARLEY_TRY(stream.write_all(bytes_of(reply(received))));
    PARLEY_TRY(stream.close());
    return received;
  });
}

class StreamVersions : public ::testing::TestWithParam<ProtocolVersion> {};

// The client sends, half-closes, then reads the server's answer to the end.
TEST_P(StreamVersions, RequestAndReplyOverSocketpair) {
  const SocketPair pair = make_socket_pair();
  auto server = serve_in_thread(pair.server, make_server_config(GetParam()),
                                [](const std::string& request) { return "got: " + request; });
  Stream client = client_stream(pair.client, test_client_config());
  Status handshake = client.handshake();
  ASSERT_TRUE(handshake.ok()) << handshake.error().to_string();
  EXPECT_FALSE(client.connection().is_handshaking());
  EXPECT_EQ(client.connection().info().version, GetParam());
  EXPECT_NE(client.connection().info().peer_certificate_subject.find("localhost"),
            std::string::npos)
      << client.connection().info().peer_certificate_subject;

  ASSERT_TRUE(client.write_all(bytes_of("hello")).ok());
  ASSERT_TRUE(client.close().ok());
  auto reply = read_to_end(client);
  ASSERT_TRUE(reply.ok()) << reply.error().to_string();
  EXPECT_EQ(*reply, "got: hello");
  EXPECT_TRUE(client.connection().peer_closed());

  auto received = server.get();
  ASSERT_TRUE(received.ok()) << received.error().to_string();
  EXPECT_EQ(*received, "hello");
}

// More than the plaintext buffer and many records each way, handed over in
// odd-sized writes.
TEST_P(StreamVersions, LargeTransferBothWays) {
  std::string data(3 * 1024 * 1024 + 17, '\0');
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<char>(i * 131 + i / 7);
  const SocketPair pair = make_socket_pair();
  auto server = serve_in_thread(pair.server, make_server_config(GetParam()),
                                [](const std::string& request) { return request; });
  Stream client = client_stream(pair.client, test_client_config());
  std::span<const uint8_t> rest = bytes_of(data);
  for (size_t step = 1; !rest.empty(); step = step * 3 + 1) {
    const size_t n = std::min(rest.size(), step % 100000);
    ASSERT_TRUE(client.write_all(rest.first(n)).ok());
    rest = rest.subspan(n);
  }
  ASSERT_TRUE(client.close().ok());
  auto echoed = read_to_end(client);
  ASSERT_TRUE(echoed.ok()) << echoed.error().to_string();
  EXPECT_TRUE(*echoed == data) << "echoed " << echoed->size() << " of " << data.size() << " bytes";
  auto received = server.get();
  ASSERT_TRUE(received.ok()) << received.error().to_string();
  EXPECT_EQ(received->size(), data.size());
}

INSTANTIATE_TEST_SUITE_P(Io, StreamVersions,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

TEST(Stream, UntrustedServerFailsOnBothSides) {
  const SocketPair pair = make_socket_pair();
  auto server = serve_in_thread(pair.server, make_server_config(),
                                [](const std::string&) { return std::string(); });
  Stream client = client_stream(pair.client, test_client_config(test::kUntrustedCaPem));
  Status status = client.handshake();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kCertificate) << status.error().to_string();
  EXPECT_EQ(status.error().alert, AlertDescription::kUnknownCa);
  EXPECT_TRUE(client.connection().failed());
  // Reading or writing after the failure reports it again.
  uint8_t byte;
  EXPECT_FALSE(client.read(std::span<uint8_t>(&byte, 1)).ok());
  EXPECT_FALSE(client.write_all(bytes_of("x")).ok());

  auto received = server.get();
  ASSERT_FALSE(received.ok());
  EXPECT_EQ(received.error().kind, ErrorKind::kPeerAlert) << received.error().to_string();
  EXPECT_EQ(received.error().alert, AlertDescription::kUnknownCa);
}

TEST(Stream, TruncationIsAnError) {
  const SocketPair pair = make_socket_pair();
  auto server = std::async(std::launch::async, [&pair]() -> Status {
    PARLEY_ASSIGN_OR_RETURN(Stream stream, Stream::accept(pair.server, make_server_config()));
    PARLEY_TRY(stream.write_all(bytes_of("partial")));
    return Status();  // destroyed without close(): no close_notify
  });
  Stream client = client_stream(pair.client, test_client_config());
  uint8_t buffer[64];
  auto first = client.read(buffer);
  ASSERT_TRUE(first.ok()) << first.error().to_string();
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buffer), *first), "partial");
  auto second = client.read(buffer);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind, ErrorKind::kIo);
  EXPECT_EQ(second.error().message, "the peer closed the connection without close_notify");
  EXPECT_TRUE(server.get().ok());
}

TEST(Stream, PeerVanishingDuringTheHandshake) {
  const SocketPair pair = make_socket_pair();
  std::thread silent_server([&pair] {
    // The whole ClientHello record, unanswered: closing with bytes unread
    // would reset the connection instead.
    Bytes hello;
    uint8_t buffer[4096];
    while (hello.size() < 5 || hello.size() < 5u + (hello[3] << 8 | hello[4])) {
      auto received = io::receive_some(pair.server, buffer);
      if (!received.ok() || *received == 0) break;
      hello.insert(hello.end(), buffer, buffer + *received);
    }
    io::close_fd(pair.server);
  });
  Stream client = client_stream(pair.client, test_client_config());
  Status status = client.handshake();
  silent_server.join();
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kIo);
  EXPECT_EQ(status.error().message, "the peer closed the connection during the handshake");
}

TEST(Stream, ConnectAndAcceptOverLoopbackTcp) {
  auto listener = io::tcp_listen("127.0.0.1", 0);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  auto address = io::local_address(listener->get());
  ASSERT_TRUE(address.ok());
  const auto port = static_cast<uint16_t>(std::stoi(address->substr(address->rfind(':') + 1)));

  auto server = std::async(std::launch::async, [&listener]() -> Result<std::string> {
    PARLEY_ASSIGN_OR_RETURN(io::UniqueFd socket, io::tcp_accept(listener->get()));
    PARLEY_ASSIGN_OR_RETURN(Stream stream, Stream::accept(socket.release(), make_server_config()));
    // Echo until the client's close_notify.
    uint8_t buffer[1024];
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(size_t n, stream.read(buffer));
      if (n == 0) break;
      PARLEY_TRY(stream.write_all(std::span<const uint8_t>(buffer, n)));
    }
    PARLEY_TRY(stream.close());
    return stream.connection().info().server_name;
  });

  auto client = Stream::connect("127.0.0.1", port, test_client_config(), "localhost");
  ASSERT_TRUE(client.ok()) << client.error().to_string();
  ASSERT_TRUE(client->write_all(bytes_of("ping")).ok());
  uint8_t buffer[4];
  size_t got = 0;
  while (got < sizeof(buffer)) {
    auto n = client->read(std::span<uint8_t>(buffer + got, sizeof(buffer) - got));
    ASSERT_TRUE(n.ok() && *n > 0);
    got += *n;
  }
  EXPECT_EQ(std::string(reinterpret_cast<const char*>(buffer), got), "ping");

  // A moved Stream carries on.
  Stream moved = std::move(*client);
  ASSERT_TRUE(moved.close().ok());
  auto rest = read_to_end(moved);
  ASSERT_TRUE(rest.ok()) << rest.error().to_string();
  EXPECT_EQ(*rest, "");
  auto server_name = server.get();
  ASSERT_TRUE(server_name.ok()) << server_name.error().to_string();
  EXPECT_EQ(*server_name, "localhost");  // SNI
}

TEST(Stream, ConnectToAClosedPortFails) {
  uint16_t port = 0;
  {
    auto listener = io::tcp_listen("127.0.0.1", 0);
    ASSERT_TRUE(listener.ok());
    auto address = io::local_address(listener->get());
    ASSERT_TRUE(address.ok());
    port = static_cast<uint16_t>(std::stoi(address->substr(address->rfind(':') + 1)));
  }
  auto client = Stream::connect("127.0.0.1", port, test_client_config(), "localhost");
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().kind, ErrorKind::kIo);
  EXPECT_NE(client.error().message.find("Connection refused"), std::string::npos);
}

}  // namespace
}  // namespace parley

// Socket helpers (src/io/socket.h) on loopback: listen, connect, accept,
// transfer, half-close, timeouts and the errors for each failure.
#include "io/socket.h"

#include <gtest/gtest.h>
#include <sys/socket.h>

#include <string>

namespace parley::io {
namespace {

// A listener on a free loopback port and its "127.0.0.1:PORT".
struct Listener {
  UniqueFd fd;
  std::string address;
  uint16_t port = 0;
};

Listener listen_on_loopback() {
  Listener listener;
  auto fd = tcp_listen("127.0.0.1", 0);
  EXPECT_TRUE(fd.ok()) << fd.error().message;
  if (!fd.ok()) return listener;
  listener.fd = std::move(*fd);
  auto address = local_address(listener.fd.get());
  EXPECT_TRUE(address.ok());
  if (!address.ok()) return listener;
  listener.address = *address;
  listener.port = static_cast<uint16_t>(std::stoi(address->substr(address->rfind(':') + 1)));
  return listener;
}

std::string receive_string(int fd, size_t size) {
  std::string out(size, '\0');
  size_t got = 0;
  while (got < size) {
    auto n = receive_some(
        fd, std::span<uint8_t>(reinterpret_cast<uint8_t*>(out.data()) + got, size - got));
    if (!n.ok() || *n == 0) break;
    got += *n;
  }
  out.resize(got);
  return out;
}

TEST(Socket, ConnectAcceptTransferAndHalfClose) {
  Listener listener = listen_on_loopback();
  ASSERT_NE(listener.port, 0);
  EXPECT_EQ(listener.address, "127.0.0.1:" + std::to_string(listener.port));

  auto client = tcp_connect("127.0.0.1", listener.port);
  ASSERT_TRUE(client.ok()) << client.error().message;
  auto server = tcp_accept(listener.fd.get());
  ASSERT_TRUE(server.ok()) << server.error().message;

  auto client_peer = peer_address(client->get());
  ASSERT_TRUE(client_peer.ok());
  EXPECT_EQ(*client_peer, listener.address);
  auto server_peer = peer_address(server->get());
  auto client_local = local_address(client->get());
  ASSERT_TRUE(server_peer.ok() && client_local.ok());
  EXPECT_EQ(*server_peer, *client_local);

  ASSERT_TRUE(send_all(client->get(), as_bytes("hello, server")).ok());
  EXPECT_EQ(receive_string(server->get(), 13), "hello, server");

  // Half-close: the server sees the end of data, and can still answer.
  ASSERT_TRUE(shutdown_write(client->get()).ok());
  uint8_t byte = 0;
  auto end = receive_some(server->get(), std::span<uint8_t>(&byte, 1));
  ASSERT_TRUE(end.ok());
  EXPECT_EQ(*end, 0u);
  ASSERT_TRUE(send_all(server->get(), as_bytes("bye")).ok());
  EXPECT_EQ(receive_string(client->get(), 3), "bye");
}

TEST(Socket, ResolvesLocalhostByName) {
  Listener listener = listen_on_loopback();
  ASSERT_NE(listener.port, 0);
  // localhost may resolve to ::1 first: tcp_connect goes on to 127.0.0.1.
  auto client = tcp_connect("localhost", listener.port);
  ASSERT_TRUE(client.ok()) << client.error().message;
  EXPECT_TRUE(tcp_accept(listener.fd.get()).ok());
}

TEST(Socket, ListenOnEveryAddressAcceptsIpv4) {
  auto listener = tcp_listen("", 0);
  ASSERT_TRUE(listener.ok()) << listener.error().message;
  auto address = local_address(listener->get());
  ASSERT_TRUE(address.ok());
  const auto port = static_cast<uint16_t>(std::stoi(address->substr(address->rfind(':') + 1)));
  auto client = tcp_connect("127.0.0.1", port);
  ASSERT_TRUE(client.ok()) << client.error().message;
  auto server = tcp_accept(listener->get());
  ASSERT_TRUE(server.ok());
  // A dual-stack listener's IPv4 peer is shown as plain IPv4.
  auto peer = peer_address(server->get());
  ASSERT_TRUE(peer.ok());
  EXPECT_EQ(peer->rfind("127.0.0.1:", 0), 0u) << *peer;
}

TEST(Socket, ConnectionRefusedNamesTheEndpoint) {
  uint16_t port = 0;
  {
    Listener listener = listen_on_loopback();  // closed at the end of the scope
    port = listener.port;
  }
  ASSERT_NE(port, 0);
  auto client = tcp_connect("127.0.0.1", port);
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().kind, ErrorKind::kIo);
  EXPECT_FALSE(client.error().alert.has_value());
  EXPECT_EQ(client.error().message, "cannot connect to 127.0.0.1:" + std::to_string(port) +
                                        ": connect: Connection refused");
}

TEST(Socket, UnresolvableHost) {
  auto client = tcp_connect("no-such-host.invalid", 443);  // RFC 6761 6.4: never resolves
  ASSERT_FALSE(client.ok());
  EXPECT_EQ(client.error().kind, ErrorKind::kIo);
  EXPECT_EQ(client.error().message.rfind("cannot resolve no-such-host.invalid:443: ", 0), 0u)
      << client.error().message;
}

TEST(Socket, ListenOnABusyPortFails) {
  Listener listener = listen_on_loopback();
  ASSERT_NE(listener.port, 0);
  auto second = tcp_listen("127.0.0.1", listener.port);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().message,
            "cannot listen on " + listener.address + ": bind: Address already in use");
}

TEST(Socket, ReceiveTimeout) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  UniqueFd a(pair[0]);
  UniqueFd b(pair[1]);
  ASSERT_TRUE(set_receive_timeout(a.get(), 50).ok());
  uint8_t byte = 0;
  auto n = receive_some(a.get(), std::span<uint8_t>(&byte, 1));
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().message, "receive: timed out");
}

TEST(Socket, SendToAClosedPeerIsAnErrorNotASignal) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  UniqueFd a(pair[0]);
  UniqueFd b(pair[1]);
  b.reset();
  auto status = send_all(a.get(), as_bytes("data"));  // no SIGPIPE (MSG_NOSIGNAL)
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "send: Broken pipe");
}

TEST(Socket, NonblockingSendStopsWhenTheBufferIsFull) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  UniqueFd a(pair[0]);
  UniqueFd b(pair[1]);
  const std::string chunk(65536, 'x');
  size_t total = 0;
  for (int i = 0; i < 1000; ++i) {
    auto sent = send_some(a.get(), as_bytes(chunk), /*nonblocking=*/true);
    ASSERT_TRUE(sent.ok());
    if (*sent == 0) break;  // full: it returned instead of blocking
    total += *sent;
  }
  EXPECT_GT(total, 0u);
  EXPECT_LT(total, 1000u * chunk.size());
}

TEST(Socket, UniqueFdClosesAndReleases) {
  int pair[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM, 0, pair), 0);
  UniqueFd peer(pair[1]);
  {
    UniqueFd owner(pair[0]);
    UniqueFd moved = std::move(owner);
    EXPECT_FALSE(owner);
    EXPECT_EQ(moved.get(), pair[0]);
  }
  // pair[0] is closed: the peer reads the end of data.
  uint8_t byte = 0;
  auto n = receive_some(peer.get(), std::span<uint8_t>(&byte, 1));
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0u);
  UniqueFd released(peer.release());
  EXPECT_FALSE(peer);
  EXPECT_EQ(released.get(), pair[1]);
}

}  // namespace
}  // namespace parley::io

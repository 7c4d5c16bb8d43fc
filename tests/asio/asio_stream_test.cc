// parley::asio::stream over standalone Asio on loopback: a multi-connection
// coroutine server against coroutine clients, the callback, future and
// blocking APIs, cancellation of a pending read, an untrusted certificate,
// and openssl s_server / s_client as the peer.
#include <gtest/gtest.h>
#include <unistd.h>

#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <future>
#include <string>
#include <thread>
#include <vector>

#include "interop/net.h"
#include "interop/process.h"
#include "io/test_configs.h"
#include "parley/asio.h"

namespace parley {
namespace {

using ::asio::awaitable;
using ::asio::use_awaitable;
using ::asio::experimental::as_tuple;
using ::asio::ip::tcp;
using tls_stream = parley::asio::stream<tcp::socket>;

constexpr auto kTimeLimit = std::chrono::seconds(30);

// Runs `io` until it has no work, failing the test (and stopping) if that
// takes longer than kTimeLimit.
void run_bounded(::asio::io_context& io) {
  io.run_for(kTimeLimit);
  if (!io.stopped()) {
    ADD_FAILURE() << "the io_context ran out of time";
    io.stop();
  }
}

tcp::acceptor loopback_acceptor(::asio::io_context& io) {
  return tcp::acceptor(io, tcp::endpoint(::asio::ip::address_v4::loopback(), 0));
}

// Client: SNI localhost, connect, handshake.
awaitable<void> connect_and_handshake(tls_stream& tls, tcp::endpoint server) {
  tls.set_server_name("localhost");
  co_await tls.next_layer().async_connect(server, use_awaitable);
  co_await tls.async_handshake(tls_stream::client, use_awaitable);
}

// One server connection: handshake, echo every read back until the
// client's close_notify, then answer it with ours.
awaitable<void> echo_session(tcp::socket socket) {
  tls_stream tls(std::move(socket), test::test_server_config());
  co_await tls.async_handshake(tls_stream::server, use_awaitable);
  std::array<char, 4096> data;
  while (true) {
    auto [ec, n] = co_await tls.async_read_some(::asio::buffer(data), as_tuple(use_awaitable));
    if (ec == ::asio::error::eof) break;
    if (ec) throw std::system_error(ec);
    co_await ::asio::async_write(tls, ::asio::buffer(data.data(), n), use_awaitable);
  }
  co_await tls.async_shutdown(use_awaitable);
}

// Accepts `count` connections, each served concurrently.
awaitable<void> echo_server(tcp::acceptor& acceptor, int count) {
  for (int i = 0; i < count; ++i) {
    tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
    ::asio::co_spawn(acceptor.get_executor(), echo_session(std::move(socket)), ::asio::detached);
  }
}

// Sends `message` and returns what came back before the server's close.
awaitable<std::string> echo_client(tcp::endpoint server, std::string message) {
  tls_stream tls(tcp::socket(co_await ::asio::this_coro::executor), test::test_client_config());
  co_await connect_and_handshake(tls, server);
  co_await ::asio::async_write(tls, ::asio::buffer(message), use_awaitable);
  std::string reply(message.size(), '\0');
  co_await ::asio::async_read(tls, ::asio::buffer(reply), use_awaitable);
  co_await tls.async_shutdown(use_awaitable);
  // The server answers our close_notify with its own: a clean eof.
  char extra;
  auto [ec, n] = co_await tls.async_read_some(::asio::buffer(&extra, 1), as_tuple(use_awaitable));
  EXPECT_EQ(ec, ::asio::error::eof);
  EXPECT_EQ(n, 0u);
  co_return reply;
}

TEST(AsioStream, CoroutineServerServesManyClientsAtOnce) {
  ::asio::io_context io;
  tcp::acceptor acceptor = loopback_acceptor(io);
  constexpr int kClients = 12;
  ::asio::co_spawn(io, echo_server(acceptor, kClients),
                   [](std::exception_ptr e) { EXPECT_FALSE(e) << "the server failed"; });
  std::vector<std::string> replies(kClients);
  for (int i = 0; i < kClients; ++i) {
    // A large message for some clients: several records each way.
    std::string message =
        "client " + std::to_string(i) + std::string(i % 3 == 0 ? 100000 : 10, 'x');
    ::asio::co_spawn(io, echo_client(acceptor.local_endpoint(), message),
                     [&replies, i, message](std::exception_ptr e, std::string reply) {
                       EXPECT_FALSE(e) << "client " << i << " failed";
                       EXPECT_EQ(reply, message);
                       replies[i] = reply;
                     });
  }
  run_bounded(io);
  for (int i = 0; i < kClients; ++i) EXPECT_FALSE(replies[i].empty()) << "client " << i;
}

TEST(AsioStream, CallbacksDriveAClient) {
  ::asio::io_context io;
  tcp::acceptor acceptor = loopback_acceptor(io);
  ::asio::co_spawn(io, echo_server(acceptor, 1), ::asio::detached);

  tls_stream tls(tcp::socket(io), test::test_client_config());
  tls.set_server_name("localhost");
  const std::string message = "over callbacks";
  std::string reply(message.size(), '\0');
  bool echoed = false;
  tls.next_layer().async_connect(acceptor.local_endpoint(), [&](std::error_code ec) {
    ASSERT_FALSE(ec) << ec.message();
    tls.async_handshake(tls_stream::client, [&](std::error_code ec) {
      ASSERT_FALSE(ec) << ec.message();
      EXPECT_EQ(tls.connection()->info().server_name, "localhost");
      ::asio::async_write(tls, ::asio::buffer(message), [&](std::error_code ec, size_t) {
        ASSERT_FALSE(ec) << ec.message();
        ::asio::async_read(tls, ::asio::buffer(reply), [&](std::error_code ec, size_t n) {
          ASSERT_FALSE(ec) << ec.message();
          EXPECT_EQ(n, message.size());
          echoed = true;
          tls.async_shutdown([](std::error_code ec) { EXPECT_FALSE(ec) << ec.message(); });
        });
      });
    });
  });
  run_bounded(io);
  EXPECT_TRUE(echoed);
  EXPECT_EQ(reply, message);
}

TEST(AsioStream, FuturesAndTheBlockingApi) {
  ::asio::io_context server_io;
  tcp::acceptor acceptor = loopback_acceptor(server_io);
  ::asio::co_spawn(server_io, echo_server(acceptor, 2), ::asio::detached);
  std::thread server([&] { run_bounded(server_io); });

  {  // use_future, with the client's io_context on its own thread
    ::asio::io_context io;
    auto work = ::asio::make_work_guard(io);
    std::thread runner([&] { io.run(); });
    tls_stream tls(tcp::socket(io), test::test_client_config());
    tls.set_server_name("localhost");
    tls.next_layer().async_connect(acceptor.local_endpoint(), ::asio::use_future).get();
    tls.async_handshake(tls_stream::client, ::asio::use_future).get();
    const std::string message = "over futures";
    EXPECT_EQ(::asio::async_write(tls, ::asio::buffer(message), ::asio::use_future).get(),
              message.size());
    std::string reply(message.size(), '\0');
    EXPECT_EQ(::asio::async_read(tls, ::asio::buffer(reply), ::asio::use_future).get(),
              message.size());
    EXPECT_EQ(reply, message);
    tls.async_shutdown(::asio::use_future).get();
    work.reset();
    runner.join();
  }
  {  // the blocking (SyncReadStream / SyncWriteStream) API
    ::asio::io_context io;
    tls_stream tls(tcp::socket(io), test::test_client_config());
    tls.set_server_name("localhost");
    tls.lowest_layer().connect(acceptor.local_endpoint());
    tls.handshake(tls_stream::client);
    const std::string message(50000, 'b');
    EXPECT_EQ(::asio::write(tls, ::asio::buffer(message)), message.size());
    std::string reply(message.size(), '\0');
    EXPECT_EQ(::asio::read(tls, ::asio::buffer(reply)), message.size());
    EXPECT_EQ(reply, message);
    tls.shutdown();
    std::error_code ec;
    char extra;
    EXPECT_EQ(tls.read_some(::asio::buffer(&extra, 1), ec), 0u);
    EXPECT_EQ(ec, ::asio::error::eof);
  }
  server.join();
}

TEST(AsioStream, CancellingAPendingReadAbortsItAndLeavesTheStreamUsable) {
  ::asio::io_context io;
  tcp::acceptor acceptor = loopback_acceptor(io);
  ::asio::co_spawn(io, echo_server(acceptor, 1), ::asio::detached);
  std::error_code read_error;
  std::string reply;
  ::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        tls_stream tls(tcp::socket(io), test::test_client_config());
        co_await connect_and_handshake(tls, acceptor.local_endpoint());
        // Nothing was sent, so this read waits until it is cancelled.
        ::asio::cancellation_signal signal;
        ::asio::steady_timer pause(io, std::chrono::milliseconds(50));
        pause.async_wait([&](std::error_code) { signal.emit(::asio::cancellation_type::all); });
        std::array<char, 64> data;
        auto [ec, n] = co_await tls.async_read_some(
            ::asio::buffer(data),
            ::asio::bind_cancellation_slot(signal.slot(), as_tuple(use_awaitable)));
        read_error = ec;
        EXPECT_EQ(n, 0u);
        co_await ::asio::async_write(tls, ::asio::buffer(std::string("still here")), use_awaitable);
        reply.resize(10);
        co_await ::asio::async_read(tls, ::asio::buffer(reply), use_awaitable);
        co_await tls.async_shutdown(use_awaitable);
      },
      [](std::exception_ptr e) { EXPECT_FALSE(e) << "the client failed"; });
  run_bounded(io);
  EXPECT_EQ(read_error, ::asio::error::operation_aborted);
  EXPECT_EQ(reply, "still here");
}

TEST(AsioStream, UntrustedCertificateIsAParleyCategoryError) {
  ::asio::io_context io;
  tcp::acceptor acceptor = loopback_acceptor(io);
  std::error_code server_error;
  ::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        tls_stream tls(co_await acceptor.async_accept(use_awaitable), test::test_server_config());
        auto [ec] = co_await tls.async_handshake(tls_stream::server, as_tuple(use_awaitable));
        server_error = ec;
      },
      ::asio::detached);
  tls_stream tls(tcp::socket(io), test::test_client_config(test::kUntrustedCaPem));
  tls.set_server_name("localhost");
  std::error_code client_error;
  tls.next_layer().async_connect(acceptor.local_endpoint(), [&](std::error_code ec) {
    ASSERT_FALSE(ec);
    tls.async_handshake(tls_stream::client, [&](std::error_code ec) { client_error = ec; });
  });
  run_bounded(io);
  EXPECT_EQ(&client_error.category(), &parley::asio::error_category());
  EXPECT_EQ(client_error, parley::asio::make_error_code(ErrorKind::kCertificate))
      << client_error.message();
  EXPECT_EQ(std::string(client_error.category().name()), "parley");
  EXPECT_EQ(client_error.message(), "certificate error");
  ASSERT_NE(tls.connection(), nullptr);
  ASSERT_TRUE(tls.connection()->error().has_value());
  EXPECT_EQ(tls.connection()->error()->certificate_failure, CertificateFailure::kUnknownIssuer);
  // The client's alert reached the server.
  EXPECT_EQ(server_error, parley::asio::make_error_code(ErrorKind::kPeerAlert))
      << server_error.message();
}

TEST(AsioStream, ReadBeforeHandshakeAndWrongRoleAreErrors) {
  ::asio::io_context io;
  tls_stream client(tcp::socket(io), test::test_client_config());
  std::error_code ec;
  char byte;
  client.read_some(::asio::buffer(&byte, 1), ec);
  EXPECT_EQ(ec, parley::asio::make_error_code(parley::asio::stream_errc::not_connected));
  client.handshake(tls_stream::server, ec);
  EXPECT_EQ(ec, parley::asio::make_error_code(parley::asio::stream_errc::wrong_role));
}

// --- openssl as the peer

struct PemFiles {
  std::string ca;
  std::string cert;
  std::string key;
};

// ctest runs each test in its own process, in parallel: the pid keeps one test from
// reading a file another is rewriting.
std::string write_temp(const std::string& name, std::string_view contents) {
  const std::string path =
      ::testing::TempDir() + "/parley_asio_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path) << contents;
  return path;
}

PemFiles pem_files() {
  return {write_temp("ca.pem", test::kCaPem), write_temp("cert.pem", test::kServerChainPem),
          write_temp("key.pem", test::kServerKeyPem)};
}

TEST(AsioStream, ClientAgainstOpensslSServer) {
  const PemFiles files = pem_files();
  const uint16_t port = interop::pick_free_port();
  ASSERT_NE(port, 0);
  std::string error;
  auto server = interop::Process::start(
      {"openssl", "s_server", "-accept", "127.0.0.1:" + std::to_string(port), "-naccept", "1",
       "-cert", files.cert, "-key", files.key, "-www"},
      "", &error);
  ASSERT_TRUE(server) << error;
  ASSERT_TRUE(interop::wait_until_listening(*server, port, interop::Millis(10000)))
      << server->describe();

  ::asio::io_context io;
  std::string response;
  ::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        tls_stream tls(tcp::socket(io), test::test_client_config());
        co_await connect_and_handshake(tls,
                                       tcp::endpoint(::asio::ip::address_v4::loopback(), port));
        co_await ::asio::async_write(tls, ::asio::buffer(std::string("GET / HTTP/1.0\r\n\r\n")),
                                     use_awaitable);
        std::array<char, 4096> data;
        while (true) {
          auto [ec, n] =
              co_await tls.async_read_some(::asio::buffer(data), as_tuple(use_awaitable));
          response.append(data.data(), n);
          if (ec) break;  // s_server -www closes after the page
        }
      },
      [](std::exception_ptr e) { EXPECT_FALSE(e) << "the client failed"; });
  run_bounded(io);
  EXPECT_NE(response.find("HTTP/1.0 200 ok"), std::string::npos) << response;
  EXPECT_NE(response.find("TLSv1.3"), std::string::npos) << response;
}

TEST(AsioStream, ServerAgainstOpensslSClient) {
  const PemFiles files = pem_files();
  ::asio::io_context io;
  tcp::acceptor acceptor = loopback_acceptor(io);
  std::string received;
  ::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        tls_stream tls(co_await acceptor.async_accept(use_awaitable), test::test_server_config());
        co_await tls.async_handshake(tls_stream::server, use_awaitable);
        received.resize(5);
        co_await ::asio::async_read(tls, ::asio::buffer(received), use_awaitable);
        co_await ::asio::async_write(tls, ::asio::buffer(std::string("pong\n")), use_awaitable);
        co_await tls.async_shutdown(use_awaitable);
      },
      [](std::exception_ptr e) { EXPECT_FALSE(e) << "the server failed"; });

  std::string error;
  auto client = interop::Process::start(
      {"openssl", "s_client", "-connect",
       "127.0.0.1:" + std::to_string(acceptor.local_endpoint().port()), "-servername", "localhost",
       "-verify_hostname", "localhost", "-CAfile", files.ca, "-verify_return_error", "-ign_eof"},
      "", &error);
  ASSERT_TRUE(client) << error;
  ASSERT_TRUE(client->write_stdin("ping\n"));
  run_bounded(io);
  EXPECT_EQ(received, "ping\n");
  EXPECT_TRUE(client->wait_for_stdout("pong", interop::Millis(10000))) << client->describe();
  EXPECT_TRUE(client->wait_for_stdout("Verify return code: 0 (ok)", interop::Millis(1000)))
      << client->describe();
}

}  // namespace
}  // namespace parley

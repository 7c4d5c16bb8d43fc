// parley::asio::stream with Signers answering from another thread: the
// async handshake suspends and is posted back to its executor when the
// completion's wake-up fires; the blocking handshake waits. Both versions,
// server and client certificates, and a failing Signer.
#include <gtest/gtest.h>

#include <asio/experimental/as_tuple.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "io/delayed_signer.h"
#include "io/test_configs.h"
#include "parley/asio.h"

namespace parley {
namespace {

using namespace std::chrono_literals;
using ::asio::awaitable;
using ::asio::use_awaitable;
using ::asio::experimental::as_tuple;
using ::asio::ip::tcp;
using tls_stream = parley::asio::stream<tcp::socket>;

void run_bounded(::asio::io_context& io) {
  io.run_for(std::chrono::seconds(30));
  if (!io.stopped()) {
    ADD_FAILURE() << "the io_context ran out of time";
    io.stop();
  }
}

struct Configs {
  std::shared_ptr<ServerConfig> server;
  std::shared_ptr<ClientConfig> client;
  std::shared_ptr<test::DelayedSigner> server_signer;
  std::shared_ptr<test::DelayedSigner> client_signer;
};

// The io test certificates with delayed Signers on both sides (the server
// certificate doubles as the client's: the server trusts its CA).
Configs delayed_configs(ProtocolVersion version, std::optional<Error> failure = std::nullopt) {
  Configs out;
  out.server = std::make_shared<ServerConfig>(*test::test_server_config());
  out.client = std::make_shared<ClientConfig>(*test::test_client_config());
  out.server->versions = {version};
  const auto& key = out.server->certificates.front();
  out.server_signer = std::make_shared<test::DelayedSigner>(key->signer(), 20ms, failure);
  out.client_signer = std::make_shared<test::DelayedSigner>(key->signer(), 20ms);
  out.client->certificate = test::with_signer(*key, out.client_signer);
  out.server->certificates = {test::with_signer(*key, out.server_signer)};
  out.server->client_auth = ClientAuth::kRequired;
  out.server->client_trust_anchors = out.client->trust_anchors;
  out.server->insecure_skip_client_verification = true;  // a server leaf as a client's
  return out;
}

class AsioHooks : public ::testing::TestWithParam<ProtocolVersion> {};

TEST_P(AsioHooks, AsyncHandshakesWaitForSignersOnOtherThreads) {
  Configs configs = delayed_configs(GetParam());
  ::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(::asio::ip::address_v4::loopback(), 0));
  std::string served;
  ::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
        tls_stream tls(std::move(socket), configs.server);
        co_await tls.async_handshake(tls_stream::server, use_awaitable);
        std::string message(4, '\0');
        co_await ::asio::async_read(tls, ::asio::buffer(message), use_awaitable);
        served = message;
        co_await ::asio::async_write(tls, ::asio::buffer(message), use_awaitable);
        co_await tls.async_shutdown(use_awaitable);
      },
      [](std::exception_ptr e) { EXPECT_FALSE(e) << "the server failed"; });
  std::string reply;
  ::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        tls_stream tls(tcp::socket(co_await ::asio::this_coro::executor), configs.client);
        tls.set_server_name("localhost");
        co_await tls.next_layer().async_connect(acceptor.local_endpoint(), use_awaitable);
        co_await tls.async_handshake(tls_stream::client, use_awaitable);
        EXPECT_EQ(tls.connection()->info().version, GetParam());
        co_await ::asio::async_write(tls, ::asio::buffer(std::string("ping")), use_awaitable);
        reply.resize(4);
        co_await ::asio::async_read(tls, ::asio::buffer(reply), use_awaitable);
      },
      [](std::exception_ptr e) { EXPECT_FALSE(e) << "the client failed"; });
  run_bounded(io);
  EXPECT_EQ(served, "ping");
  EXPECT_EQ(reply, "ping");
  EXPECT_EQ(configs.server_signer->calls(), 1);
  EXPECT_EQ(configs.client_signer->calls(), 1);
}

TEST_P(AsioHooks, BlockingHandshakeWaitsForTheSigner) {
  Configs configs = delayed_configs(GetParam());
  ::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(::asio::ip::address_v4::loopback(), 0));
  std::error_code server_ec;
  std::thread server([&] {
    ::asio::io_context server_io;
    tcp::socket socket(server_io);
    acceptor.accept(socket);
    tls_stream tls(std::move(socket), configs.server);
    tls.handshake(tls_stream::server, server_ec);
    if (!server_ec) tls.shutdown(server_ec);
  });
  tls_stream tls(tcp::socket(io), configs.client);
  tls.set_server_name("localhost");
  tls.next_layer().connect(acceptor.local_endpoint());
  std::error_code client_ec;
  tls.handshake(tls_stream::client, client_ec);
  server.join();
  EXPECT_FALSE(client_ec) << client_ec.message();
  EXPECT_FALSE(server_ec) << server_ec.message();
  EXPECT_EQ(configs.server_signer->calls(), 1);
}

TEST_P(AsioHooks, FailingSignerFailsTheAsyncHandshake) {
  Error failure;
  failure.message = "the HSM is unreachable";
  Configs configs = delayed_configs(GetParam(), failure);
  ::asio::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(::asio::ip::address_v4::loopback(), 0));
  std::error_code server_ec;
  std::optional<AlertDescription> server_alert;
  ::asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        tcp::socket socket = co_await acceptor.async_accept(use_awaitable);
        tls_stream tls(std::move(socket), configs.server);
        auto [ec] = co_await tls.async_handshake(tls_stream::server, as_tuple(use_awaitable));
        server_ec = ec;
        server_alert = tls.connection()->failed() ? tls.connection()->error()->alert : std::nullopt;
      },
      ::asio::detached);
  std::error_code client_ec;
  tls_stream tls(tcp::socket(io), configs.client);
  tls.set_server_name("localhost");
  tls.next_layer().async_connect(acceptor.local_endpoint(), [&](std::error_code ec) {
    ASSERT_FALSE(ec);
    tls.async_handshake(tls_stream::client, [&](std::error_code ec2) { client_ec = ec2; });
  });
  run_bounded(io);
  EXPECT_TRUE(server_ec);
  EXPECT_EQ(server_alert, AlertDescription::kInternalError);
  EXPECT_TRUE(client_ec);
  ASSERT_TRUE(tls.connection()->failed());
  EXPECT_EQ(tls.connection()->error()->alert, AlertDescription::kInternalError);
}

INSTANTIATE_TEST_SUITE_P(Versions, AsioHooks,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace parley

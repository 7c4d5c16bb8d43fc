// Boost.Beast's HTTP client and server over parley::boost_asio::stream on
// loopback: the server with Beast's blocking calls on its own thread, the
// client with Beast's asynchronous ones and callbacks; and the parley error
// category through boost::system::error_code.
#include <gtest/gtest.h>

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <string>
#include <thread>

#include "io/test_configs.h"
#include "parley/boost_asio.h"

namespace parley {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using net::ip::tcp;
using tls_stream = parley::boost_asio::stream<tcp::socket>;
using boost::system::error_code;

constexpr auto kTimeLimit = std::chrono::seconds(30);

void run_bounded(net::io_context& io) {
  io.run_for(kTimeLimit);
  if (!io.stopped()) {
    ADD_FAILURE() << "the io_context ran out of time";
    io.stop();
  }
}

// Serves `requests` requests on one connection: the body says which target
// was asked for and how long the request body was.
void serve_http(tcp::acceptor& acceptor, int requests, std::string* error) {
  try {
    tls_stream tls(acceptor.accept(), test::test_server_config());
    tls.handshake(tls_stream::server);
    boost::beast::flat_buffer buffer;
    for (int i = 0; i < requests; ++i) {
      http::request<http::string_body> request;
      http::read(tls, buffer, request);
      http::response<http::string_body> response(http::status::ok, request.version());
      response.set(http::field::content_type, "text/plain");
      response.body() = "target " + std::string(request.target()) + ", " +
                        std::to_string(request.body().size()) + " bytes, " +
                        std::string(name_of(*tls.connection()->info().version));
      response.keep_alive(i + 1 < requests);
      response.prepare_payload();
      http::write(tls, response);
    }
    tls.shutdown();
  } catch (const std::exception& e) {
    *error = e.what();
  }
}

TEST(BeastOverParley, HttpClientAndServer) {
  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::address_v4::loopback(), 0));
  std::string server_error;
  std::thread server([&] { serve_http(acceptor, 2, &server_error); });

  tls_stream tls(io, test::test_client_config());
  tls.set_server_name("localhost");
  boost::beast::flat_buffer buffer;
  http::request<http::string_body> first(http::verb::get, "/hello", 11);
  first.set(http::field::host, "localhost");
  http::request<http::string_body> second(http::verb::post, "/upload", 11);
  second.set(http::field::host, "localhost");
  second.body() = std::string(200000, 'u');  // many records, through back-pressure
  second.prepare_payload();
  http::response<http::string_body> first_response;
  http::response<http::string_body> second_response;
  bool done = false;

  tls.next_layer().async_connect(acceptor.local_endpoint(), [&](error_code ec) {
    ASSERT_FALSE(ec) << ec.message();
    tls.async_handshake(tls_stream::client, [&](error_code ec) {
      ASSERT_FALSE(ec) << ec.message();
      http::async_write(tls, first, [&](error_code ec, size_t) {
        ASSERT_FALSE(ec) << ec.message();
        http::async_read(tls, buffer, first_response, [&](error_code ec, size_t) {
          ASSERT_FALSE(ec) << ec.message();
          http::async_write(tls, second, [&](error_code ec, size_t) {
            ASSERT_FALSE(ec) << ec.message();
            http::async_read(tls, buffer, second_response, [&](error_code ec, size_t) {
              ASSERT_FALSE(ec) << ec.message();
              done = true;
              tls.async_shutdown([](error_code ec) { EXPECT_FALSE(ec) << ec.message(); });
            });
          });
        });
      });
    });
  });
  run_bounded(io);
  server.join();
  EXPECT_EQ(server_error, "");
  EXPECT_TRUE(done);
  EXPECT_EQ(first_response.result(), http::status::ok);
  EXPECT_EQ(first_response.body(), "target /hello, 0 bytes, TLS 1.3");
  EXPECT_EQ(second_response.body(), "target /upload, 200000 bytes, TLS 1.3");
  EXPECT_FALSE(second_response.keep_alive());
}

TEST(BeastOverParley, UntrustedCertificateIsAParleyCategoryError) {
  net::io_context io;
  tcp::acceptor acceptor(io, tcp::endpoint(net::ip::address_v4::loopback(), 0));
  std::string server_error;
  std::thread server([&] { serve_http(acceptor, 1, &server_error); });
  tls_stream tls(io, test::test_client_config(test::kUntrustedCaPem));
  tls.set_server_name("localhost");
  tls.next_layer().connect(acceptor.local_endpoint());
  error_code ec;
  tls.handshake(tls_stream::client, ec);
  server.join();
  EXPECT_EQ(ec, parley::boost_asio::make_error_code(ErrorKind::kCertificate)) << ec.message();
  EXPECT_EQ(std::string(ec.category().name()), "parley");
  EXPECT_NE(server_error.find("peer alert error"), std::string::npos) << server_error;
}

}  // namespace
}  // namespace parley

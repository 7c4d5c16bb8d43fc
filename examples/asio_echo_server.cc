// An echo server on Asio coroutines over parley::asio::stream: every client
// is served at once from one thread, with no pump of its own. Exits after
// COUNT clients.
//   asio_echo_server CERT.pem KEY.pem PORT COUNT
#include <array>
#include <cstdio>
#include <cstdlib>

#include "example_server.h"
#include "parley/asio.h"

using asio::awaitable;
using asio::use_awaitable;
using asio::ip::tcp;
using tls_stream = parley::asio::stream<tcp::socket>;

// Echoes until the client's close_notify, then sends ours.
awaitable<void> echo(tcp::socket socket, std::shared_ptr<const parley::ServerConfig> config) {
  tls_stream tls(std::move(socket), std::move(config));
  co_await tls.async_handshake(tls_stream::server, use_awaitable);
  std::array<char, 16384> data;
  std::error_code ec;
  while (!ec) {
    const size_t n =
        co_await tls.async_read_some(asio::buffer(data), asio::redirect_error(use_awaitable, ec));
    co_await asio::async_write(tls, asio::buffer(data.data(), n), use_awaitable);
  }
  if (ec != asio::error::eof) throw std::system_error(ec);
  co_await tls.async_shutdown(use_awaitable);
}

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: asio_echo_server CERT.pem KEY.pem PORT COUNT\n");
    return 2;
  }
  std::shared_ptr<const parley::ServerConfig> config =
      server_config_or_exit("asio_echo_server", argv[1], argv[2]);
  asio::io_context io;
  const auto port = static_cast<asio::ip::port_type>(std::atoi(argv[3]));
  tcp::acceptor acceptor(io, {asio::ip::address_v4::loopback(), port});
  std::printf("listening on port %u\n", acceptor.local_endpoint().port());
  std::fflush(stdout);
  int served = 0;
  asio::co_spawn(
      io,
      [&]() -> awaitable<void> {
        for (int i = 0; i < std::atoi(argv[4]); ++i) {
          asio::co_spawn(io, echo(co_await acceptor.async_accept(use_awaitable), config),
                         [&](std::exception_ptr error) {
                           if (error) std::fprintf(stderr, "asio_echo_server: a client failed\n");
                           if (!error) ++served;
                         });
        }
      },
      asio::detached);
  io.run();
  std::printf("served %d clients\n", served);
  return served == std::atoi(argv[4]) ? 0 : 1;
}

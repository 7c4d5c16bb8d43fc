// The installed parley::asio target as an application uses it: a
// parley::asio::stream client against `parley server --echo`.
//   asio_consumer CA.pem SERVER.pem SERVER.key PORT   (the last two unused)
#include <cstdio>
#include <cstdlib>
#include <string>

#include "parley/asio.h"

int main(int argc, char** argv) {
  if (argc != 5) return 2;
  auto anchors = parley::TrustAnchors::from_path(argv[1]);
  if (!anchors) return 3;
  auto config = std::make_shared<parley::ClientConfig>();
  config->trust_anchors = *anchors;
  asio::io_context io;
  parley::asio::stream<asio::ip::tcp::socket> tls(io, config);
  tls.set_server_name("localhost");
  const auto port = static_cast<asio::ip::port_type>(std::atoi(argv[4]));
  tls.lowest_layer().connect({asio::ip::address_v4::loopback(), port});
  tls.handshake(tls.client);
  const std::string message = "ping over parley::asio";
  asio::write(tls, asio::buffer(message));
  std::string echo(message.size(), '\0');
  asio::read(tls, asio::buffer(echo));
  tls.shutdown();
  std::printf("asio consumer: %s (%s)\n", echo.c_str(),
              std::string(parley::name_of(*tls.connection()->info().version)).c_str());
  return echo == message ? 0 : 1;
}

// An application of the installed library: one handshake between an
// in-memory client and server (ServerConnection, ClientConnection), then one
// over loopback to a running `parley server --echo` (Stream). Prints what
// was negotiated and exits 0 only when both replies are right.
//   consumer CA.pem CERT.pem KEY.pem PORT
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/connection.h"
#include "parley/stream.h"
#include "parley/version.h"

namespace {

std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

[[noreturn]] void fail(const std::string& what) {
  std::fprintf(stderr, "consumer: %s\n", what.c_str());
  std::exit(1);
}

template <typename T>
T must(parley::Result<T> result, const char* what) {
  if (!result) fail(std::string(what) + ": " + result.error().to_string());
  return std::move(result).value();
}

// Moves whatever `from` has to send into `to`.
void transfer(parley::Connection& from, parley::Connection& to) {
  while (from.wants_write()) {
    const auto pending = from.pending_tls();
    const size_t taken = must(to.receive_tls(pending), "receive_tls");
    from.consume_tls(taken);
    if (taken == 0) break;
  }
}

std::string read_all(parley::Connection& connection) {
  std::string out(connection.readable(), '\0');
  out.resize(connection.read({reinterpret_cast<uint8_t*>(out.data()), out.size()}));
  return out;
}

std::string describe(const parley::SessionInfo& info) {
  return std::string(parley::name_of(*info.version)) + " " +
         std::string(parley::name_of(*info.cipher_suite)) + ", peer " +
         info.peer_certificate_subject;
}

void in_memory(const std::shared_ptr<const parley::ClientConfig>& client_config,
               const std::shared_ptr<const parley::ServerConfig>& server_config) {
  auto client = must(parley::ClientConnection::create(client_config, "localhost"), "client");
  auto server = must(parley::ServerConnection::create(server_config), "server");
  if (!client.write(bytes_of("ping"))) fail("client write");
  for (int round = 0; round < 10 && (client.is_handshaking() || server.readable() == 0); ++round) {
    transfer(client, server);
    transfer(server, client);
  }
  const std::string request = read_all(server);
  if (request != "ping") fail("in-memory: the server read '" + request + "'");
  if (!server.write(bytes_of("pong"))) fail("server write");
  transfer(server, client);
  const std::string reply = read_all(client);
  if (reply != "pong") fail("in-memory: the client read '" + reply + "'");
  std::printf("in-memory: %s: reply ok\n", describe(client.info()).c_str());
}

void loopback(const std::shared_ptr<const parley::ClientConfig>& client_config, uint16_t port) {
  auto stream =
      must(parley::Stream::connect("127.0.0.1", port, client_config, "localhost"), "connect");
  const std::string_view message = "hello from an installed parley\n";
  if (auto sent = stream.write_all(bytes_of(message)); !sent)
    fail("write: " + sent.error().to_string());
  std::string echoed;
  uint8_t buffer[1024];
  while (echoed.size() < message.size()) {
    const size_t n = must(stream.read(buffer), "read");
    if (n == 0) break;
    echoed.append(reinterpret_cast<const char*>(buffer), n);
  }
  if (echoed != message) fail("loopback: the echo was '" + echoed + "'");
  if (auto closed = stream.close(); !closed) fail("close: " + closed.error().to_string());
  std::printf("loopback to parley server on port %u: %s: echo ok\n", port,
              describe(stream.connection().info()).c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: consumer CA.pem CERT.pem KEY.pem PORT\n");
    return 2;
  }
  std::printf("parley %s (compiled against %s)\n", parley::version().data(), PARLEY_VERSION_STRING);
  auto client_config = std::make_shared<parley::ClientConfig>();
  client_config->trust_anchors = must(parley::TrustAnchors::from_path(argv[1]), "CA");
  auto server_config = std::make_shared<parley::ServerConfig>();
  server_config->certificates = {
      must(parley::CertifiedKey::from_pem_files(argv[2], argv[3]), "certificate")};
  in_memory(client_config, server_config);
  loopback(client_config, static_cast<uint16_t>(std::atoi(argv[4])));
  return 0;
}

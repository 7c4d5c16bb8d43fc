// Mutual TLS: a server that requires a client certificate from its CA, and
// a client that presents one. The server answers with the subject of the
// certificate the client authenticated with.
//   client_auth server CERT.pem KEY.pem CLIENT_CA.pem PORT
//   client_auth client CERT.pem KEY.pem SERVER_CA.pem PORT
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "example_server.h"
#include "parley/stream.h"

namespace {

int fail(const char* what, const parley::Error& error) {
  std::fprintf(stderr, "client_auth: %s: %s\n", what, error.to_string().c_str());
  return 1;
}

parley::Status write_text(parley::Stream& stream, const std::string& text) {
  return stream.write_all({reinterpret_cast<const uint8_t*>(text.data()), text.size()});
}

int run_server(std::shared_ptr<const parley::CertifiedKey> key,
               std::shared_ptr<const parley::TrustAnchors> client_ca, uint16_t port) {
  auto config = std::make_shared<parley::ServerConfig>();
  config->certificates = {std::move(key)};
  config->client_auth = parley::ClientAuth::kRequired;
  config->client_trust_anchors = std::move(client_ca);
  const int listener = listen_on_loopback(port);
  if (listener < 0) return 1;
  const int fd = accept(listener, nullptr, nullptr);
  close(listener);
  if (fd < 0) return 1;
  // The handshake fails unless the client proves a certificate from client_ca.
  auto stream = parley::Stream::accept(fd, config);
  if (!stream) return fail("handshake", stream.error());
  const std::string subject = stream->connection().info().peer_certificate_subject;
  if (auto sent = write_text(*stream, "authenticated as " + subject + "\n"); !sent)
    return fail("write", sent.error());
  if (auto closed = stream->close(); !closed) return fail("close", closed.error());
  return 0;
}

int run_client(std::shared_ptr<const parley::CertifiedKey> key,
               std::shared_ptr<const parley::TrustAnchors> server_ca, uint16_t port) {
  auto config = std::make_shared<parley::ClientConfig>();
  config->trust_anchors = std::move(server_ca);
  config->certificate = std::move(key);
  auto stream = parley::Stream::connect("127.0.0.1", port, config, "localhost");
  if (!stream) return fail("connect", stream.error());
  uint8_t buffer[4096];
  while (true) {
    auto n = stream->read(buffer);
    if (!n) return fail("read", n.error());
    if (*n == 0) return 0;
    std::fwrite(buffer, 1, *n, stdout);
  }
}

}  // namespace

int main(int argc, char** argv) {
  const std::string_view mode = argc == 6 ? argv[1] : "";
  if (mode != "server" && mode != "client") {
    std::fprintf(stderr, "usage: client_auth server|client CERT.pem KEY.pem PEER_CA.pem PORT\n");
    return 2;
  }
  auto key = parley::CertifiedKey::from_pem_files(argv[2], argv[3]);
  if (!key) return fail("certificate", key.error());
  auto peer_ca = parley::TrustAnchors::from_path(argv[4]);
  if (!peer_ca) return fail("trust anchors", peer_ca.error());
  const auto port = static_cast<uint16_t>(std::atoi(argv[5]));
  return mode == "server" ? run_server(*key, *peer_ca, port) : run_client(*key, *peer_ca, port);
}

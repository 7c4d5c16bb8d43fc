#include "client.h"

#include <poll.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <memory>
#include <vector>

#include "config.h"
#include "io/socket.h"
#include "io/transfer.h"
#include "parley/stream.h"
#include "trace.h"

namespace parley::cli {
namespace {

constexpr size_t kChunkSize = 16384;

// Writes all the plaintext the connection holds to `output_fd`.
Status deliver_plaintext(Connection& connection, int output_fd) {
  std::array<uint8_t, kChunkSize> buffer;
  while (const size_t n = connection.read(buffer)) {
    PARLEY_TRY(io::write_all(output_fd, std::span<const uint8_t>(buffer.data(), n)));
  }
  return Status();
}

}  // namespace

Status relay(Connection& connection, int socket_fd, int input_fd, int output_fd) {
  std::vector<uint8_t> received;  // TLS bytes the connection has not taken yet
  std::array<uint8_t, kChunkSize> input;
  bool input_open = true;
  while (true) {
    if (!received.empty()) PARLEY_TRY(io::offer_tls_bytes(connection, received, socket_fd));
    PARLEY_TRY(deliver_plaintext(connection, output_fd));
    if (connection.failed()) return *connection.error();
    if (connection.peer_closed()) {
      connection.close();  // RFC 8446 6.1: answer close_notify with ours
      return io::flush_tls(connection, socket_fd);
    }
    if (!received.empty()) continue;  // the rest fits once plaintext is out
    if (!connection.wants_read() && !connection.wants_write()) return Status();

    // Read more input only once what we have is sent: the server may be
    // waiting for us to read before it reads again.
    const bool sending = connection.wants_write();
    std::array<pollfd, 2> fds = {{
        {socket_fd, static_cast<short>(POLLIN | (sending ? POLLOUT : 0)), 0},
        {input_open && !sending ? input_fd : -1, POLLIN, 0},
    }};
    PARLEY_TRY(io::poll_fds(fds));
    if (fds[0].revents & POLLOUT) PARLEY_TRY(io::flush_tls_nonblocking(connection, socket_fd));
    if (fds[0].revents & (POLLIN | POLLHUP | POLLERR)) {
      PARLEY_ASSIGN_OR_RETURN(size_t n, io::receive_tls_bytes(socket_fd, received));
      if (n == 0) return io::unexpected_eof(connection);
    }
    if (fds[1].revents & (POLLIN | POLLHUP | POLLERR)) {
      PARLEY_ASSIGN_OR_RETURN(size_t n, io::read_some(input_fd, input));
      if (n == 0) {
        input_open = false;
        connection.close();
      } else {
        PARLEY_TRY(connection.write(std::span<const uint8_t>(input.data(), n)));
      }
    }
  }
}

int run_client(const Options& options) {
  auto config = build_client_config(options);
  if (!config.ok()) {
    report_error("", config.error());
    return 1;
  }
  auto connection = ClientConnection::create(*config, options.server_name);
  if (!connection.ok()) {
    report_error("", connection.error());
    return 1;
  }
  auto socket = io::tcp_connect(options.address.host, options.address.port);
  if (!socket.ok()) {
    std::fprintf(stderr, "parley: %s\n", socket.error().message.c_str());
    return 1;
  }
  Stream stream(socket->release(), std::make_unique<ClientConnection>(std::move(*connection)));
  if (Status status = stream.handshake(); !status.ok()) {
    report_error("handshake failed", status.error());
    return 1;
  }
  if (!options.quiet) {
    std::fprintf(stderr, "parley: connected: %s\n",
                 describe_session(stream.connection().info()).c_str());
  }
  if (Status status = relay(stream.connection(), stream.fd(), STDIN_FILENO, STDOUT_FILENO);
      !status.ok()) {
    report_error("connection failed", status.error());
    return 1;
  }
  return 0;
}

}  // namespace parley::cli

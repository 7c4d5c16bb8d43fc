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

namespace {

constexpr int kTicketWaitMs = 2000;

void print_chain(const SessionInfo& info) {
  for (size_t i = 0; i < info.peer_certificates.size(); ++i) {
    std::string block = "certificate " + std::to_string(i) +
                        (i == 0 ? " (leaf): " + info.peer_certificate_subject : "") + "\n" +
                        pem_certificate(info.peer_certificates[i]);
    (void)io::write_all(STDOUT_FILENO, as_bytes(block));
  }
}
constexpr size_t kMaxEarlyDataFile = 1 << 20;

// One connection: handshake, report, then relay stdin (the first) or just
// close (a reconnection), reading until the server closes so that its
// NewSessionTickets arrive.
// `early_data` (--early-data FILE) is written before the handshake: as 0-RTT
// data when the session allows it; if the server declines it, it is sent
// again after the handshake (unless the ALPN protocol changed).
Result<SessionInfo> connect_once(const Options& options,
                                 const std::shared_ptr<const ClientConfig>& config,
                                 const std::vector<uint8_t>& early_data, bool relay_stdin) {
  ConnectOptions connect_options;
  connect_options.enable_early_data = !early_data.empty();
  connect_options.resend_rejected_early_data = true;
  PARLEY_ASSIGN_OR_RETURN(auto connection, ClientConnection::create(config, options.server_name,
                                                                    std::move(connect_options)));
  if (!early_data.empty()) PARLEY_TRY(connection.write(early_data));
  auto socket = io::tcp_connect(options.address.host, options.address.port);
  if (!socket.ok()) return std::move(socket).error();
  Stream stream(socket->release(), std::make_unique<ClientConnection>(std::move(connection)));
  const Status handshake = stream.handshake();
  // The chain as received, even when it was then rejected (as s_client -showcerts).
  if (options.show_certs) print_chain(stream.connection().info());
  PARLEY_TRY(handshake);
  const SessionInfo info = stream.connection().info();
  if (!options.quiet) {
    std::fprintf(stderr, "parley: connected: %s\n", describe_session(info).c_str());
  }
  if (relay_stdin) {
    PARLEY_TRY(relay(stream.connection(), stream.fd(), STDIN_FILENO, STDOUT_FILENO));
  } else {
    PARLEY_TRY(io::set_receive_timeout(stream.fd(), kTicketWaitMs));
    PARLEY_TRY(stream.close());
    std::array<uint8_t, kChunkSize> buffer;
    while (true) {
      auto n = stream.read(buffer);
      if (!n.ok() || *n == 0) break;  // closed, or the server kept quiet
      PARLEY_TRY(io::write_all(STDOUT_FILENO, std::span<const uint8_t>(buffer.data(), *n)));
    }
  }
  return info;
}

}  // namespace

int run_client(const Options& options) {
  auto config = build_client_config(options);
  if (!config.ok()) {
    report_error("", config.error());
    return 1;
  }
  std::vector<uint8_t> early_data;
  if (!options.early_data_file.empty()) {
    auto early = read_small_file(options.early_data_file, kMaxEarlyDataFile);
    if (!early.ok()) {
      report_error("", early.error());
      return 1;
    }
    early_data = std::move(*early);
  }
  for (unsigned attempt = 0; attempt <= options.reconnect; ++attempt) {
    auto info = connect_once(options, *config, attempt == 0 ? early_data : std::vector<uint8_t>(),
                             attempt == 0 && options.reconnect == 0);
    if (!info.ok()) {
      report_error(attempt == 0 ? "connection failed" : "reconnection failed", info.error());
      return 1;
    }
    if (attempt > 0 && !options.quiet) {
      std::fprintf(stderr, "parley: reconnect %u: %s\n", attempt,
                   info->resumed ? "resumed" : "full handshake");
    }
  }
  if (!options.session_out.empty()) {
    auto session = (*config)->session_cache->take(options.server_name);
    if (!session) {
      std::fprintf(stderr, "parley: no session to save in %s\n", options.session_out.c_str());
      return 1;
    }
    if (Status saved = write_file(options.session_out, *session); !saved.ok()) {
      report_error("", saved.error());
      return 1;
    }
  }
  return 0;
}

}  // namespace parley::cli

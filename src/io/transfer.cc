#include "io/transfer.h"

#include <span>

#include "io/socket.h"

namespace parley::io {
namespace {

// RFC 8446 5.2: a record is at most 2^14 + 256 bytes of ciphertext plus its
// 5-byte header.
constexpr size_t kMaxRecordSize = 16384 + 256 + 5;

Status flush_with(Connection& connection, int fd, bool nonblocking) {
  while (connection.wants_write()) {
    PARLEY_ASSIGN_OR_RETURN(size_t sent, send_some(fd, connection.pending_tls(), nonblocking));
    if (sent == 0) break;  // nonblocking and the socket buffer is full
    connection.consume_tls(sent);
  }
  return Status();
}

}  // namespace

Result<size_t> receive_tls_bytes(int fd, std::vector<uint8_t>& pending) {
  const size_t old_size = pending.size();
  pending.resize(old_size + kMaxRecordSize);
  auto received = receive_some(fd, std::span<uint8_t>(pending).subspan(old_size));
  pending.resize(old_size + (received.ok() ? *received : 0));
  return received;
}

Status offer_tls_bytes(Connection& connection, std::vector<uint8_t>& pending, int fd) {
  auto taken = connection.receive_tls(pending);
  if (!taken.ok()) {
    (void)flush_tls(connection, fd);  // the fatal alert; the peer may be gone
    return std::move(taken).error();
  }
  pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(*taken));
  return Status();
}

Status flush_tls(Connection& connection, int fd) {
  return flush_with(connection, fd, /*nonblocking=*/false);
}

Status flush_tls_nonblocking(Connection& connection, int fd) {
  return flush_with(connection, fd, /*nonblocking=*/true);
}

Error unexpected_eof(const Connection& connection) {
  return io_error(connection.is_handshaking()
                      ? "the peer closed the connection during the handshake"
                      : "the peer closed the connection without close_notify");
}

}  // namespace parley::io

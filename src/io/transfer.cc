#include "io/transfer.h"

#include <span>

#include "io/socket.h"

namespace parley::io {
namespace {

// RFC 8446 5.2: a record is at most 2^14 + 256 bytes of ciphertext plus its
// 5-byte header.
constexpr size_t kMaxRecordSize = 16384 + 256 + 5;

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
  if (pending.empty()) pending.shrink_to_fit();  // nothing held while idle
  return Status();
}

Transport socket_transport(int fd, bool nonblocking) {
  return Transport{
      .send = [fd, nonblocking](ByteView data) { return send_some(fd, data, nonblocking); },
      .receive = [fd](std::span<uint8_t> out) { return receive_some(fd, out); },
  };
}

Status flush_tls(Connection& connection, int fd) {
  return Pump(socket_transport(fd, /*nonblocking=*/false)).flush(connection);
}

Status flush_tls_nonblocking(Connection& connection, int fd) {
  return Pump(socket_transport(fd, /*nonblocking=*/true)).flush(connection);
}

}  // namespace parley::io

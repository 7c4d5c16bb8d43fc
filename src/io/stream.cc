// The blocking Stream: drives a sans-I/O Connection over a connected socket.
#include "parley/stream.h"

#include <algorithm>
#include <utility>

#include "io/socket.h"
#include "io/transfer.h"

namespace parley {
namespace {

// Plaintext is handed to the connection a record's worth at a time, so the
// TLS bytes waiting to be sent stay bounded however much the caller writes.
constexpr size_t kWriteChunkSize = 16384;

}  // namespace

Result<Stream> Stream::connect(const std::string& host, uint16_t port,
                               std::shared_ptr<const ClientConfig> config,
                               const std::string& server_name) {
  PARLEY_ASSIGN_OR_RETURN(ClientConnection connection,
                          ClientConnection::create(std::move(config), server_name));
  PARLEY_ASSIGN_OR_RETURN(io::UniqueFd socket, io::tcp_connect(host, port));
  Stream stream(socket.release(), std::make_unique<ClientConnection>(std::move(connection)));
  PARLEY_TRY(stream.handshake());
  return stream;
}

Result<Stream> Stream::accept(int fd, std::shared_ptr<const ServerConfig> config) {
  io::UniqueFd socket(fd);  // closed on every error path: we own it
  PARLEY_ASSIGN_OR_RETURN(ServerConnection connection, ServerConnection::create(std::move(config)));
  Stream stream(socket.release(), std::make_unique<ServerConnection>(std::move(connection)));
  PARLEY_TRY(stream.handshake());
  return stream;
}

Stream::Stream(int fd, std::unique_ptr<Connection> connection)
    : fd_(fd), connection_(std::move(connection)) {}

Stream::Stream(Stream&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), connection_(std::move(other.connection_)) {}

Stream& Stream::operator=(Stream&& other) noexcept {
  if (this != &other) {
    io::close_fd(fd_);
    fd_ = std::exchange(other.fd_, -1);
    connection_ = std::move(other.connection_);
  }
  return *this;
}

// Closing without close() first is an abortive close: no close_notify is
// sent, so the peer can tell it apart from a clean end of data.
Stream::~Stream() {
  io::close_fd(fd_);
}

Status Stream::handshake() {
  while (connection_->is_handshaking() && !connection_->failed()) {
    PARLEY_TRY(flush());
    if (!connection_->is_handshaking()) break;
    PARLEY_TRY(fill());
  }
  // The last flight (our Finished, or the server's session tickets).
  PARLEY_TRY(flush());
  if (connection_->failed()) return *connection_->error();
  return Status();
}

Result<size_t> Stream::read(std::span<uint8_t> out) {
  if (connection_->is_handshaking()) PARLEY_TRY(handshake());
  while (true) {
    if (connection_->readable() > 0 || out.empty()) return connection_->read(out);
    if (connection_->peer_closed()) return size_t{0};
    if (connection_->failed()) return *connection_->error();
    PARLEY_TRY(fill());
    // Records may call for an answer (a TLS 1.3 KeyUpdate, RFC 8446 4.6.3).
    PARLEY_TRY(flush());
  }
}

Status Stream::write_all(std::span<const uint8_t> data) {
  if (connection_->is_handshaking()) PARLEY_TRY(handshake());
  while (!data.empty()) {
    const size_t chunk = std::min(data.size(), kWriteChunkSize);
    PARLEY_TRY(connection_->write(data.first(chunk)));
    PARLEY_TRY(flush());
    data = data.subspan(chunk);
  }
  return Status();
}

Status Stream::close() {
  connection_->close();
  PARLEY_TRY(flush());
  return io::shutdown_write(fd_);
}

Status Stream::flush() {
  return io::flush_tls(*connection_, fd_);
}

Status Stream::fill() {
  if (received_.empty()) {
    PARLEY_ASSIGN_OR_RETURN(size_t received, io::receive_tls_bytes(fd_, received_));
    if (received == 0) return io::unexpected_eof(*connection_);
  }
  const size_t readable_before = connection_->readable();
  const size_t offered = received_.size();
  PARLEY_TRY(io::offer_tls_bytes(*connection_, received_, fd_));
  if (received_.size() == offered && connection_->readable() == readable_before) {
    // Nothing taken and nothing to read: the plaintext buffer is full, so
    // only read() can make room.
    return internal_error("the connection takes no more TLS bytes until plaintext is read");
  }
  return Status();
}

}  // namespace parley

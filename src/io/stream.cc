// The blocking Stream: drives a sans-I/O Connection over a connected socket.
#include "parley/stream.h"

#include <utility>

#include "io/socket.h"
#include "io/transfer.h"

namespace parley {

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
    : fd_(fd),
      connection_(std::move(connection)),
      pump_(io::socket_transport(fd, /*nonblocking=*/false)) {}

Stream::Stream(Stream&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)),
      connection_(std::move(other.connection_)),
      pump_(std::move(other.pump_)) {}

Stream& Stream::operator=(Stream&& other) noexcept {
  if (this != &other) {
    io::close_fd(fd_);
    fd_ = std::exchange(other.fd_, -1);
    connection_ = std::move(other.connection_);
    pump_ = std::move(other.pump_);
  }
  return *this;
}

// Closing without close() first is an abortive close: no close_notify is
// sent, so the peer can tell it apart from a clean end of data.
Stream::~Stream() {
  io::close_fd(fd_);
}

Status Stream::handshake() {
  return pump_.handshake(*connection_);
}

Result<size_t> Stream::read(std::span<uint8_t> out) {
  return pump_.read(*connection_, out);
}

Status Stream::write_all(std::span<const uint8_t> data) {
  return pump_.write_all(*connection_, data);
}

Status Stream::close() {
  PARLEY_TRY(pump_.close(*connection_));
  return io::shutdown_write(fd_);
}

}  // namespace parley

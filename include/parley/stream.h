/// @file
/// A blocking adapter: a Connection over a connected socket, for simple
/// programs. Not for event loops: use Connection directly there.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "parley/connection.h"
#include "parley/export.h"
#include "parley/pump.h"

namespace parley {

/// A blocking TLS stream over a connected socket (docs/stream.md).
class PARLEY_EXPORT Stream {
 public:
  /// Connects over TCP to host:port and runs the handshake.
  static Result<Stream> connect(const std::string& host, uint16_t port,
                                std::shared_ptr<const ClientConfig> config,
                                const std::string& server_name);
  /// Wraps an accepted socket (taking ownership) and runs the handshake.
  static Result<Stream> accept(int fd, std::shared_ptr<const ServerConfig> config);
  /// Wraps a connected socket (taking ownership); handshake() runs on first use.
  Stream(int fd, std::unique_ptr<Connection> connection);

  /// Moves the stream and its socket.
  Stream(Stream&& other) noexcept;
  /// Moves the stream and its socket (closing this one's first).
  Stream& operator=(Stream&& other) noexcept;
  /// Closes the socket (without close_notify: call close() for that).
  ~Stream();

  /// Runs the handshake to completion, if it has not run yet.
  Status handshake();
  /// Reads plaintext; 0 means the peer closed cleanly (close_notify).
  Result<size_t> read(std::span<uint8_t> out);
  /// Encrypts and sends all of `data`, blocking until the socket took it.
  Status write_all(std::span<const uint8_t> data);
  /// Sends close_notify and shuts the socket down for writing.
  Status close();

  /// The connection underneath, e.g. for info().
  Connection& connection() { return *connection_; }
  /// The socket.
  int fd() const { return fd_; }

 private:
  int fd_ = -1;
  std::unique_ptr<Connection> connection_;
  Pump pump_;  // over the socket, blocking
};

}  // namespace parley

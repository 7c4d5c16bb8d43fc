/// @file
/// Pump helpers: the loop that moves TLS bytes between a sans-I/O Connection
/// and a transport, for programs with their own sockets or event loop (the
/// blocking Stream and the Asio stream are built the same way). The
/// transport is two callbacks, so any socket, pipe or buffer will do.
///
///   parley::Pump pump({.send = [&](auto bytes) { ... }, .receive = [&](auto out) { ... }});
///   PARLEY_TRY(pump.handshake(connection));   // a blocking transport
///   ...
///   on readable:  pump.offer(connection, bytes just read); pump.flush(connection);
///   on writable:  pump.flush(connection);
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "parley/connection.h"
#include "parley/error.h"
#include "parley/export.h"

namespace parley {

/// The byte transport under a Pump.
struct Transport {
  /// Sends some of `data`; returns how many bytes the transport took, 0 when
  /// it takes none now (a non-blocking socket whose buffer is full).
  std::function<Result<size_t>(std::span<const uint8_t> data)> send;
  /// Receives up to out.size() bytes; returns the count, 0 when the peer
  /// closed its side. Only the blocking helpers (receive(), handshake(),
  /// read()) call it; an event loop feeds bytes with offer() instead.
  std::function<Result<size_t>(std::span<uint8_t> out)> receive;
};

/// Drives one Connection over a Transport, keeping the received TLS bytes the
/// connection has not taken yet (receive_tls takes fewer while its plaintext
/// buffer is full). Not thread-safe.
class PARLEY_EXPORT Pump {
 public:
  /// A pump over `transport`.
  explicit Pump(Transport transport);

  /// Sends pending_tls() until it is empty or the transport takes no more.
  Status flush(Connection& connection);
  /// Feeds `received` (and what earlier calls left over) to the connection.
  /// If the connection fails, the one alert it queued is flushed (best
  /// effort) and its error returned.
  Status offer(Connection& connection, std::span<const uint8_t> received = {});
  /// Receives once from the transport (unless leftover bytes are waiting)
  /// and offers the bytes; an io error when the peer closed without
  /// close_notify, or when the connection takes nothing until read() runs.
  Status receive(Connection& connection);
  /// Runs the handshake to completion over a blocking transport, then sends
  /// the last flight. While a Signer's operation is pending it blocks until
  /// the operation completes (it sets the connection's private-key wake-up).
  Status handshake(Connection& connection);
  /// Reads plaintext, receiving as needed (blocking); 0 means the peer
  /// closed cleanly (close_notify).
  Result<size_t> read(Connection& connection, std::span<uint8_t> out);
  /// Encrypts and sends all of `data` (blocking), never holding more than
  /// max_unsent_tls of it unsent.
  Status write_all(Connection& connection, std::span<const uint8_t> data);
  /// Sends close_notify and flushes it.
  Status close(Connection& connection);

  /// Received TLS bytes the connection has not taken yet.
  size_t unconsumed() const { return unconsumed_.size(); }

 private:
  // Blocks until the connection's pending private-key operation completes.
  Status wait_for_private_key_operation(Connection& connection);

  Transport transport_;
  std::vector<uint8_t> unconsumed_;
  struct KeyOperationWait;  // the wake-up's flag and condition variable
  std::shared_ptr<KeyOperationWait> key_wait_;
};

/// The error for a transport that ended without close_notify (RFC 8446 6.1:
/// the data may have been truncated).
PARLEY_EXPORT Error unexpected_eof(const Connection& connection);

}  // namespace parley

// The public pump helpers (include/parley/pump.h): the Stream's loop, over
// any transport.
#include "parley/pump.h"

#include <condition_variable>
#include <mutex>
#include <utility>

#include "io/socket.h"

namespace parley {
namespace {

// RFC 8446 5.2: a record is at most 2^14 + 256 bytes of ciphertext plus its
// 5-byte header; receiving that much at a time keeps one record per read.
constexpr size_t kMaxRecordSize = 16384 + 256 + 5;

}  // namespace

struct Pump::KeyOperationWait {
  std::mutex mutex;
  std::condition_variable completed;
  bool woken = false;
};

Pump::Pump(Transport transport) : transport_(std::move(transport)) {}

Status Pump::wait_for_private_key_operation(Connection& connection) {
  {
    std::unique_lock lock(key_wait_->mutex);
    key_wait_->completed.wait(lock, [this] { return key_wait_->woken; });
    key_wait_->woken = false;
  }
  Status polled = connection.poll_private_key_operation();
  if (!polled.ok()) (void)flush(connection);  // the fatal alert
  return polled;
}

Status Pump::flush(Connection& connection) {
  while (connection.wants_write()) {
    PARLEY_ASSIGN_OR_RETURN(size_t sent, transport_.send(connection.pending_tls()));
    if (sent == 0) break;  // the transport takes no more now
    connection.consume_tls(sent);
  }
  return Status();
}

Status Pump::offer(Connection& connection, std::span<const uint8_t> received) {
  // Straight from the caller's bytes when nothing older waits; only what the
  // connection does not take is kept, and nothing once it is all taken.
  const bool direct = unconsumed_.empty();
  if (!direct) unconsumed_.insert(unconsumed_.end(), received.begin(), received.end());
  const std::span<const uint8_t> offered =
      direct ? received : std::span<const uint8_t>(unconsumed_);
  if (offered.empty()) return Status();
  auto taken = connection.receive_tls(offered);
  if (!taken.ok()) {
    (void)flush(connection);  // the fatal alert; the peer may be gone
    return std::move(taken).error();
  }
  if (direct) {
    unconsumed_.assign(received.begin() + static_cast<std::ptrdiff_t>(*taken), received.end());
  } else {
    unconsumed_.erase(unconsumed_.begin(),
                      unconsumed_.begin() + static_cast<std::ptrdiff_t>(*taken));
  }
  if (unconsumed_.empty()) unconsumed_ = std::vector<uint8_t>();
  return Status();
}

Status Pump::receive(Connection& connection) {
  const size_t readable_before = connection.readable();
  const size_t offered = unconsumed_.size();
  if (unconsumed_.empty()) {
    uint8_t buffer[kMaxRecordSize];
    PARLEY_ASSIGN_OR_RETURN(size_t received, transport_.receive(buffer));
    if (received == 0) return unexpected_eof(connection);
    PARLEY_TRY(offer(connection, std::span<const uint8_t>(buffer, received)));
  } else {
    PARLEY_TRY(offer(connection));
    if (unconsumed_.size() == offered && connection.readable() == readable_before) {
      // Nothing taken and nothing to read: the plaintext buffer is full, so
      // only read() can make room.
      return internal_error("the connection takes no more TLS bytes until plaintext is read");
    }
  }
  return Status();
}

Status Pump::handshake(Connection& connection) {
  if (!key_wait_) {
    // Set before any operation starts, so no completion can go unnoticed.
    key_wait_ = std::make_shared<KeyOperationWait>();
    connection.set_private_key_wakeup([wait = key_wait_] {
      std::lock_guard lock(wait->mutex);
      wait->woken = true;
      wait->completed.notify_all();
    });
  }
  while (connection.is_handshaking() && !connection.failed()) {
    PARLEY_TRY(flush(connection));
    if (!connection.is_handshaking()) break;
    if (connection.wants_private_key_operation()) {
      PARLEY_TRY(wait_for_private_key_operation(connection));
      continue;
    }
    PARLEY_TRY(receive(connection));
  }
  // The last flight (our Finished, or the server's session tickets).
  PARLEY_TRY(flush(connection));
  if (connection.failed()) return *connection.error();
  return Status();
}

Result<size_t> Pump::read(Connection& connection, std::span<uint8_t> out) {
  if (connection.is_handshaking()) PARLEY_TRY(handshake(connection));
  while (true) {
    if (connection.readable() > 0 || out.empty()) return connection.read(out);
    if (connection.peer_closed()) return size_t{0};
    if (connection.failed()) return *connection.error();
    PARLEY_TRY(receive(connection));
    // Records may call for an answer (a TLS 1.3 KeyUpdate, RFC 8446 4.6.3).
    PARLEY_TRY(flush(connection));
  }
}

Status Pump::write_all(Connection& connection, std::span<const uint8_t> data) {
  if (connection.is_handshaking()) PARLEY_TRY(handshake(connection));
  while (!data.empty()) {
    PARLEY_ASSIGN_OR_RETURN(size_t taken, connection.write_some(data));
    data = data.subspan(taken);
    PARLEY_TRY(flush(connection));
  }
  return Status();
}

Status Pump::close(Connection& connection) {
  connection.close();
  return flush(connection);
}

Error unexpected_eof(const Connection& connection) {
  return io::io_error(connection.is_handshaking()
                          ? "the peer closed the connection during the handshake"
                          : "the peer closed the connection without close_notify");
}

}  // namespace parley

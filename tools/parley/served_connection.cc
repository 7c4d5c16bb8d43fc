#include "served_connection.h"

#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>

#include "io/transfer.h"
#include "trace.h"
#include "www.h"

namespace parley::cli {
namespace {

constexpr size_t kChunkSize = 16384;
// RFC 8446 5.2: the largest record with its header; one receive reads at most that.
constexpr size_t kMaxRecordSize = 16384 + 256 + 5;
// Stop reading (and producing) while this much TLS output waits for a slow reader.
constexpr size_t kMaxPendingOutput = 256 * 1024;
constexpr size_t kMaxRequestHead = 16384;
// After our close_notify, how long to wait for the client's before closing:
// closing with unread data would reset the connection and could discard the
// response in flight.
constexpr auto kLinger = std::chrono::milliseconds(2000);

uint64_t count(std::atomic<uint64_t>& counter, uint64_t n = 1) {
  return counter.fetch_add(n, std::memory_order_relaxed) + n;
}

}  // namespace

std::string ServerCounters::summary() const {
  auto get = [](const std::atomic<uint64_t>& counter) {
    return std::to_string(counter.load(std::memory_order_relaxed));
  };
  return get(connections) + " connections (" + get(refused) + " refused), " + get(handshakes_ok) +
         " handshakes ok, " + get(handshakes_failed) + " failed, " + get(bytes_in) + " bytes in, " +
         get(bytes_out) + " bytes out";
}

ServedConnection::ServedConnection(io::UniqueFd socket, ServerConnection tls, std::string peer,
                                   const ServeSettings& settings, ServerCounters& counters,
                                   SteadyClock::time_point now)
    : socket_(std::move(socket)),
      tls_(std::move(tls)),
      peer_(std::move(peer)),
      settings_(settings),
      counters_(counters),
      deadline_(now + settings.handshake_timeout) {
  count(counters_.connections);
  count(counters_.open);
}

ServedConnection::~ServedConnection() {
  counters_.open.fetch_sub(1, std::memory_order_relaxed);
}

bool ServedConnection::wants_read_events() const {
  // Bytes the connection could not take yet (its plaintext buffer is full)
  // wait for it: no more until then.
  return phase_ != Phase::kDone && !socket_eof_ && received_.size() < kMaxRecordSize &&
         tls_.pending_tls().size() < kMaxPendingOutput;
}

void ServedConnection::on_readable(SteadyClock::time_point now) {
  receive(now);
  advance(now);
}

void ServedConnection::on_writable(SteadyClock::time_point now) {
  flush();  // first, so that write_some() has room again
  advance(now);
}

void ServedConnection::on_tick(SteadyClock::time_point now) {
  if (phase_ == Phase::kDone || now < deadline_) return;
  switch (phase_) {
    case Phase::kHandshake:
      fail(io::io_error("handshake timed out"), "handshake failed");
      break;
    case Phase::kServing:
      if (!settings_.quiet) std::fprintf(stderr, "parley: %s: idle, closing\n", peer_.c_str());
      start_closing(now);
      advance(now);
      break;
    case Phase::kClosing:  // the client did not answer our close_notify: fine
    case Phase::kDone:
      finish();
      break;
  }
}

void ServedConnection::begin_shutdown(SteadyClock::time_point now) {
  if (phase_ == Phase::kHandshake) {
    count(counters_.handshakes_failed);
    failed_ = true;
    finish();
  } else if (phase_ == Phase::kServing && !(responded_ && file_remaining_ > 0)) {
    start_closing(now);
    advance(now);
  }
}

void ServedConnection::receive(SteadyClock::time_point now) {
  if (socket_eof_ || phase_ == Phase::kDone) return;
  const size_t old_size = received_.size();
  received_.resize(old_size + kMaxRecordSize);
  const ssize_t n = ::recv(fd(), received_.data() + old_size, kMaxRecordSize, MSG_DONTWAIT);
  received_.resize(old_size + (n > 0 ? static_cast<size_t>(n) : 0));
  if (n > 0) {
    count(counters_.bytes_in, static_cast<uint64_t>(n));
    if (phase_ == Phase::kServing) deadline_ = now + settings_.idle_timeout;
  } else if (n == 0) {
    socket_eof_ = true;
  } else if (errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR) {
    // A reset: for a handshake a failure like any other; for an established
    // connection, the same as an end without close_notify.
    socket_eof_ = true;
  }
}

void ServedConnection::flush() {
  while (tls_.wants_write()) {
    const auto pending = tls_.pending_tls();
    const ssize_t n = ::send(fd(), pending.data(), pending.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
    if (n <= 0) {
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) return;
      // The client is gone: nothing more can reach it.
      socket_eof_ = true;
      tls_.consume_tls(pending.size());
      return;
    }
    count(counters_.bytes_out, static_cast<uint64_t>(n));
    tls_.consume_tls(static_cast<size_t>(n));
  }
}

void ServedConnection::advance(SteadyClock::time_point now) {
  // Again while echoing has data and room once the socket took everything:
  // no event would come for it. Bounded, so that one client cannot keep
  // the loop from the others.
  for (int round = 0; round < 16; ++round) {
    advance_once(now);
    if (phase_ != Phase::kServing || tls_.wants_write() ||
        (tls_.readable() == 0 && received_.empty())) {
      return;
    }
  }
}

void ServedConnection::advance_once(SteadyClock::time_point now) {
  while (phase_ != Phase::kDone) {
    const size_t offered = received_.size();
    if (offered > 0) {
      auto taken = tls_.receive_tls(received_);
      if (!taken.ok()) {
        fail(taken.error(), phase_ == Phase::kHandshake ? "handshake failed" : "");
        return;
      }
      received_.erase(received_.begin(), received_.begin() + static_cast<std::ptrdiff_t>(*taken));
    }
    if (phase_ == Phase::kHandshake && !tls_.is_handshaking()) on_handshake_done(now);
    if (phase_ == Phase::kServing) {
      if (Status status = serve_plaintext(); !status.ok()) {
        fail(status.error());
        return;
      }
    } else if (phase_ == Phase::kClosing) {
      std::array<uint8_t, kChunkSize> discard;
      while (tls_.read(discard) > 0) {
      }
    }
    // Bytes left over once plaintext was taken: offer them again.
    if (received_.empty() || received_.size() == offered) break;
  }
  if (phase_ == Phase::kDone) return;
  flush();
  // Produce file data until the socket pushes back (output stays pending)
  // or the file is sent: nothing else would wake us to send more.
  while (phase_ == Phase::kServing && responded_ && !tls_.wants_write() && !socket_eof_) {
    if (Status status = send_file_data(); !status.ok()) {
      fail(status.error());
      return;
    }
    flush();
  }
  if (phase_ == Phase::kClosing && !tls_.wants_write() && (tls_.peer_closed() || socket_eof_)) {
    finish();
  } else if (socket_eof_ && phase_ != Phase::kClosing) {
    fail(io::unexpected_eof(tls_), phase_ == Phase::kHandshake ? "handshake failed" : "");
  } else if (socket_eof_) {
    finish();
  }
}

void ServedConnection::on_handshake_done(SteadyClock::time_point now) {
  count(counters_.handshakes_ok);
  phase_ = Phase::kServing;
  deadline_ = now + settings_.idle_timeout;
  if (settings_.quiet) return;
  const SessionInfo& info = tls_.info();
  std::string line = describe_session(info);
  if (!info.peer_certificate_subject.empty()) {
    line += " client=\"" + info.peer_certificate_subject + "\"";
  }
  std::fprintf(stderr, "parley: %s: %s\n", peer_.c_str(), line.c_str());
}

Status ServedConnection::serve_plaintext() {
  std::array<uint8_t, kChunkSize> buffer;
  while (true) {
    // Echo only what write() takes now (CommonConfig::max_unsent_tls): the
    // rest waits until the client reads what we send back.
    const size_t limit = settings_.action == ServerAction::kEcho
                             ? std::min(buffer.size(), tls_.writable())
                             : buffer.size();
    const size_t n = limit == 0 ? 0 : tls_.read(std::span<uint8_t>(buffer.data(), limit));
    if (n == 0) break;
    const std::span<const uint8_t> data(buffer.data(), n);
    switch (settings_.action) {
      case ServerAction::kPrint:
        PARLEY_TRY(io::write_all(STDOUT_FILENO, data));
        break;
      case ServerAction::kEcho:
        PARLEY_TRY(tls_.write(data));
        break;
      case ServerAction::kWww:
        PARLEY_TRY(serve_www(data));
        break;
    }
  }
  if (tls_.peer_closed()) {
    if (settings_.action != ServerAction::kWww) {
      start_closing(SteadyClock::now());  // RFC 8446 6.1: answer close_notify with ours
    } else if (!responded_) {
      return io::io_error("the client closed before the end of its HTTP request");
    }
  }
  return Status();
}

Status ServedConnection::serve_www(std::span<const uint8_t> data) {
  if (responded_) return Status();  // HTTP/1.0: one request; the rest is ignored
  request_.append(reinterpret_cast<const char*>(data.data()), data.size());
  if (!has_complete_request_head(request_)) {
    if (request_.size() > kMaxRequestHead) return io::io_error("HTTP request head too long");
    return Status();
  }
  responded_ = true;
  std::string head;
  if (settings_.www_root.empty()) {
    head = http_response(request_, tls_.info());
  } else {
    FileAnswer answer = answer_file_request(request_, settings_.www_root);
    head = std::move(answer.head);
    file_ = std::move(answer.file);
    file_remaining_ = answer.size;
  }
  request_.clear();
  request_.shrink_to_fit();
  return tls_.write(as_bytes(head));
}

Status ServedConnection::send_file_data() {
  std::array<uint8_t, kChunkSize> buffer;
  while (file_remaining_ > 0) {
    // As much as write_some() takes now (CommonConfig::max_unsent_tls).
    const size_t room = std::min<uint64_t>({buffer.size(), file_remaining_, tls_.writable()});
    if (room == 0) break;
    const ssize_t n = ::pread(file_.get(), buffer.data(), room, static_cast<off_t>(file_offset_));
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return io::errno_error("reading the file being served");
    PARLEY_ASSIGN_OR_RETURN(size_t taken, tls_.write_some(std::span<const uint8_t>(
                                              buffer.data(), static_cast<size_t>(n))));
    file_offset_ += taken;
    file_remaining_ -= taken;
    if (taken < static_cast<size_t>(n)) break;
  }
  if (file_remaining_ == 0) {
    file_.reset();
    start_closing(SteadyClock::now());
  }
  return Status();
}

void ServedConnection::start_closing(SteadyClock::time_point now) {
  if (phase_ != Phase::kServing) return;
  tls_.close();
  phase_ = Phase::kClosing;
  deadline_ = now + kLinger;
}

void ServedConnection::fail(const Error& error, std::string_view context) {
  if (phase_ == Phase::kHandshake) count(counters_.handshakes_failed);
  failed_ = true;
  flush();  // the one alert, best effort: the client may be gone
  std::string where = peer_;
  if (!context.empty()) where += ": " + std::string(context);
  report_error(where, error);
  finish();
}

void ServedConnection::finish() {
  phase_ = Phase::kDone;
  file_.reset();
  socket_.reset();
}

}  // namespace parley::cli

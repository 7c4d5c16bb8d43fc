// One connection of `parley server`'s event loop: a non-blocking socket and
// its ServerConnection, driven by readiness events and a deadline. It never
// blocks, so one worker thread serves thousands of them (server.cc).
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "args.h"
#include "io/socket.h"
#include "parley/connection.h"

namespace parley::cli {

using SteadyClock = std::chrono::steady_clock;

// What every worker adds to, for the summary line.
struct ServerCounters {
  std::atomic<uint64_t> connections{0};  // accepted and served
  std::atomic<uint64_t> refused{0};      // closed on accept: over --max-connections
  std::atomic<uint64_t> handshakes_ok{0};
  std::atomic<uint64_t> handshakes_failed{0};  // errors, timeouts, closed or shut down early
  std::atomic<uint64_t> bytes_in{0};           // TLS bytes received
  std::atomic<uint64_t> bytes_out{0};          // TLS bytes sent
  std::atomic<uint64_t> open{0};               // connections now open

  // "N connections (R refused), H handshakes ok, F failed, I bytes in, O bytes out"
  std::string summary() const;
};

// How the server serves each connection.
struct ServeSettings {
  ServerAction action = ServerAction::kPrint;
  std::string www_root;  // --www: serve files from here ("": the session page)
  bool quiet = false;
  std::chrono::milliseconds handshake_timeout{10000};
  std::chrono::milliseconds idle_timeout{60000};
};

class ServedConnection {
 public:
  ServedConnection(io::UniqueFd socket, ServerConnection tls, std::string peer,
                   const ServeSettings& settings, ServerCounters& counters,
                   SteadyClock::time_point now);
  ServedConnection(const ServedConnection&) = delete;
  ServedConnection& operator=(const ServedConnection&) = delete;
  ~ServedConnection();

  int fd() const { return socket_.get(); }

  // The socket is readable (or closed): receive, process, reply.
  void on_readable(SteadyClock::time_point now);
  // The socket is writable: send what is pending and produce more.
  void on_writable(SteadyClock::time_point now);
  // Closes the connection once its deadline (handshake, idle or linger) has passed.
  void on_tick(SteadyClock::time_point now);
  // Graceful shutdown: a handshake in progress is dropped; an established
  // connection finishes its response (www) or sends close_notify now.
  void begin_shutdown(SteadyClock::time_point now);

  // The events to wait for: reading unless too much output is pending (a
  // client that does not read must not make us buffer without bound),
  // writing while output is pending.
  bool wants_read_events() const;
  bool wants_write_events() const { return tls_.wants_write(); }
  bool finished() const { return phase_ == Phase::kDone; }
  // Ended with close_notify exchanged (or sent), without an error.
  bool succeeded() const { return finished() && !failed_; }

 private:
  enum class Phase {
    kHandshake,
    kServing,
    kClosing,  // our close_notify is queued: send it, then linger for the client's
    kDone,
  };

  void advance(SteadyClock::time_point now);
  void advance_once(SteadyClock::time_point now);
  void receive(SteadyClock::time_point now);
  void flush();
  void on_handshake_done(SteadyClock::time_point now);
  Status serve_plaintext();
  Status serve_www(std::span<const uint8_t> data);
  Status send_file_data();
  void start_closing(SteadyClock::time_point now);
  void fail(const Error& error, std::string_view context = "");
  void finish();

  io::UniqueFd socket_;
  ServerConnection tls_;
  std::string peer_;
  const ServeSettings& settings_;
  ServerCounters& counters_;
  Phase phase_ = Phase::kHandshake;
  SteadyClock::time_point deadline_;
  std::vector<uint8_t> received_;  // TLS bytes the connection has not taken yet
  bool socket_eof_ = false;
  bool failed_ = false;
  // --www: the request head, then the file being sent.
  std::string request_;
  bool responded_ = false;
  io::UniqueFd file_;
  uint64_t file_offset_ = 0;
  uint64_t file_remaining_ = 0;
};

}  // namespace parley::cli

// Socket helpers for the blocking Stream and the parley command: TCP connect,
// listen and accept over getaddrinfo, send/receive that retry on EINTR and
// never raise SIGPIPE, and a clean close. Failures are kIo errors carrying
// strerror(errno).
#pragma once

#include <poll.h>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "common/bytes.h"
#include "parley/error.h"

namespace parley::io {

// An ErrorKind::kIo error without an alert: "<what>: <strerror(errno)>".
Error errno_error(std::string_view what);
Error io_error(std::string message);

// Owns a file descriptor and closes it on destruction.
class UniqueFd {
 public:
  UniqueFd() = default;
  explicit UniqueFd(int fd) : fd_(fd) {}
  UniqueFd(UniqueFd&& other) noexcept : fd_(other.release()) {}
  UniqueFd& operator=(UniqueFd&& other) noexcept {
    if (this != &other) reset(other.release());
    return *this;
  }
  UniqueFd(const UniqueFd&) = delete;
  UniqueFd& operator=(const UniqueFd&) = delete;
  ~UniqueFd() { reset(); }

  int get() const { return fd_; }
  int release() {
    const int fd = fd_;
    fd_ = -1;
    return fd;
  }
  void reset(int fd = -1);
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// Closes `fd` if it is open. close() is not retried on EINTR: on Linux the
// descriptor is released even then, and a retry could close a reused number.
void close_fd(int fd);

// Connects over TCP to each address `host` resolves to, in order, until one
// accepts. `host` is a name or an IPv4/IPv6 literal (without brackets).
Result<UniqueFd> tcp_connect(const std::string& host, uint16_t port);

// Listens on host:port with SO_REUSEADDR. An empty host means every address:
// IPv6 and IPv4 on one dual-stack socket where the system allows it, else
// IPv4 only. Port 0 picks a free port (see local_address()).
Result<UniqueFd> tcp_listen(const std::string& host, uint16_t port, int backlog = 16);

// Accepts one connection, retrying on EINTR and on errors that concern only
// the connection being accepted (it was reset before we took it).
Result<UniqueFd> tcp_accept(int listen_fd);

// "127.0.0.1:4433" or "[::1]:4433": the socket's own address or its peer's.
Result<std::string> local_address(int fd);
Result<std::string> peer_address(int fd);

// recv() once, retrying on EINTR; 0 means the peer shut down its side. A
// receive timeout (set_receive_timeout) is reported as a "timed out" error.
Result<size_t> receive_some(int fd, std::span<uint8_t> out);
// send() once without SIGPIPE, retrying on EINTR. With `nonblocking` it
// returns 0 instead of waiting when the socket buffer is full.
Result<size_t> send_some(int fd, ByteView data, bool nonblocking);
Status send_all(int fd, ByteView data);
// Shuts down the sending direction (TCP FIN); a peer that is already gone is
// not an error.
Status shutdown_write(int fd);
// SO_RCVTIMEO; 0 waits forever.
Status set_receive_timeout(int fd, int milliseconds);

// read()/write() for descriptors that may not be sockets (stdin, stdout).
Result<size_t> read_some(int fd, std::span<uint8_t> out);
Status write_all(int fd, ByteView data);

// poll(), waiting forever. An interruption by a signal returns normally with
// no events set, so callers simply loop.
Status poll_fds(std::span<pollfd> fds);

}  // namespace parley::io

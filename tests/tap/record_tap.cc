// parley_record_tap: a loopback TCP relay that prints the header of every
// TLS record it passes on, so a test can check record sizes on the wire
// between two programs it does not control (scripts/firefox_interop.sh):
//   parley_record_tap UPSTREAM_PORT LIFETIME_SECONDS
// listens on 127.0.0.1 (a port of the system's choice, printed first as
// "listening PORT"), relays each connection to 127.0.0.1:UPSTREAM_PORT and
// prints, per record, "record CONNECTION client|server TYPE LENGTH" (who sent
// it, the content type and the length field of RFC 8446 5.1's header). It
// exits after LIFETIME_SECONDS whatever happens, so it cannot outlive a test.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>

namespace {

std::mutex output_mutex;

// Follows the record headers in one direction of a connection, whatever
// sizes the reads come in.
class RecordHeaders {
 public:
  RecordHeaders(int connection, const char* sender) : connection_(connection), sender_(sender) {}

  void feed(const uint8_t* data, size_t size) {
    for (size_t i = 0; i < size;) {
      if (body_left_ > 0) {
        const size_t skipped = std::min(body_left_, size - i);
        body_left_ -= skipped;
        i += skipped;
        continue;
      }
      header_[header_size_++] = data[i++];
      if (header_size_ < header_.size()) continue;
      header_size_ = 0;
      body_left_ = size_t{header_[3]} << 8 | header_[4];
      const std::lock_guard lock(output_mutex);
      std::printf("record %d %s %u %zu\n", connection_, sender_, header_[0], body_left_);
      std::fflush(stdout);
    }
  }

 private:
  int connection_;
  const char* sender_;
  std::array<uint8_t, 5> header_{};  // type, legacy version, length
  size_t header_size_ = 0;
  size_t body_left_ = 0;
};

int listen_on_loopback(uint16_t& port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (fd < 0 || ::bind(fd, reinterpret_cast<sockaddr*>(&address), length) != 0 ||
      ::listen(fd, 16) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    std::perror("parley_record_tap: listen");
    std::exit(1);
  }
  port = ntohs(address.sin_port);
  return fd;
}

int connect_to_loopback(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(port);
  if (fd >= 0 && ::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0) {
    return fd;
  }
  if (fd >= 0) ::close(fd);
  return -1;
}

// Copies what one side has to the other; false at its end or an error,
// after which the other side's sending half is closed (as the peer did).
bool pass_on(int from, int to, RecordHeaders& headers) {
  std::array<uint8_t, 65536> buffer;
  const ssize_t n = ::recv(from, buffer.data(), buffer.size(), 0);
  if (n <= 0) {
    ::shutdown(to, SHUT_WR);
    return false;
  }
  headers.feed(buffer.data(), static_cast<size_t>(n));
  for (ssize_t sent = 0; sent < n;) {
    const ssize_t m = ::send(to, buffer.data() + sent, static_cast<size_t>(n - sent), MSG_NOSIGNAL);
    if (m <= 0) return false;
    sent += m;
  }
  return true;
}

void relay(int connection, int client, uint16_t upstream_port) {
  const int server = connect_to_loopback(upstream_port);
  if (server < 0) {
    ::close(client);
    return;
  }
  RecordHeaders from_client(connection, "client");
  RecordHeaders from_server(connection, "server");
  std::array<pollfd, 2> fds{pollfd{client, POLLIN, 0}, pollfd{server, POLLIN, 0}};
  while (fds[0].fd >= 0 || fds[1].fd >= 0) {
    if (::poll(fds.data(), fds.size(), -1) < 0) break;
    // A side whose input ended is no longer polled (fd < 0 is skipped).
    if (fds[0].revents != 0 && !pass_on(client, server, from_client)) fds[0].fd = -1;
    if (fds[1].revents != 0 && !pass_on(server, client, from_server)) fds[1].fd = -1;
  }
  ::close(client);
  ::close(server);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: parley_record_tap UPSTREAM_PORT LIFETIME_SECONDS\n");
    return 2;
  }
  const auto upstream_port = static_cast<uint16_t>(std::atoi(argv[1]));
  ::alarm(static_cast<unsigned>(std::atoi(argv[2])));  // SIGALRM's default action ends us
  uint16_t port = 0;
  const int listener = listen_on_loopback(port);
  std::printf("listening %u\n", port);
  std::fflush(stdout);
  for (int connection = 1;; ++connection) {
    const int client = ::accept4(listener, nullptr, nullptr, SOCK_CLOEXEC);
    if (client < 0) continue;
    std::thread(relay, connection, client, upstream_port).detach();
  }
}

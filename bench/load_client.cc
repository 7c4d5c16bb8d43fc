// A TLS load generator for bench/server_load.sh: THREADS threads, each
// keeping CONCURRENCY connections in flight to 127.0.0.1:PORT for SECONDS.
// Each connection is a full handshake (no session cache: no resumption),
// "GET / HTTP/1.0", the response read until the server closes. Prints the
// completed exchanges per second and the failures. The same generator runs
// against every server, so only the server differs.
//
//   parley_load_client PORT THREADS CONCURRENCY SECONDS
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "parley/connection.h"

namespace {

using Clock = std::chrono::steady_clock;
const std::string kRequest = "GET / HTTP/1.0\r\n\r\n";

struct Totals {
  std::atomic<uint64_t> completed{0};
  std::atomic<uint64_t> failed{0};
};

struct Slot {
  int fd = -1;
  std::optional<parley::ClientConnection> tls;
  bool connected = false;
  bool request_sent = false;
  bool got_response = false;
};

int open_socket(uint16_t port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  const int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) != 0 &&
      errno != EINPROGRESS) {
    ::close(fd);
    return -1;
  }
  return fd;
}

class Generator {
 public:
  Generator(std::shared_ptr<const parley::ClientConfig> config, uint16_t port, Totals& totals)
      : config_(std::move(config)), port_(port), totals_(totals) {}

  void run(size_t concurrency, Clock::time_point until) {
    std::vector<Slot> slots(concurrency);
    for (Slot& slot : slots) start(slot);
    std::vector<pollfd> fds(concurrency);
    while (Clock::now() < until) {
      for (size_t i = 0; i < slots.size(); ++i) {
        const bool writing = !slots[i].connected || slots[i].tls->wants_write();
        fds[i] = {slots[i].fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0};
      }
      if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) return;
      for (size_t i = 0; i < slots.size(); ++i) {
        if (fds[i].revents == 0) continue;
        if (!step(slots[i], fds[i].revents)) start(slots[i]);
      }
    }
    for (Slot& slot : slots) ::close(slot.fd);
  }

 private:
  void start(Slot& slot) {
    if (slot.fd >= 0) ::close(slot.fd);
    slot = Slot{};
    slot.fd = open_socket(port_);
    auto tls = parley::ClientConnection::create(config_, "localhost");
    if (!tls.ok()) std::abort();
    slot.tls.emplace(std::move(*tls));
  }

  // False once the exchange is over (counted).
  bool step(Slot& slot, short events) {
    if (events & POLLOUT) slot.connected = true;
    if (!send_pending(slot)) return end(slot, false);
    if (!(events & (POLLIN | POLLHUP | POLLERR))) return true;
    std::array<uint8_t, 16384 + 512> buffer;
    const ssize_t n = ::recv(slot.fd, buffer.data(), buffer.size(), 0);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
    // Servers differ in how they end (close_notify or just FIN): a response
    // received counts.
    if (n <= 0) return end(slot, slot.got_response);
    auto taken = slot.tls->receive_tls(std::span<const uint8_t>(buffer.data(), size_t(n)));
    if (!taken.ok()) return end(slot, false);
    if (!slot.tls->is_handshaking() && !slot.request_sent) {
      slot.request_sent = true;
      (void)slot.tls->write(std::span<const uint8_t>(
          reinterpret_cast<const uint8_t*>(kRequest.data()), kRequest.size()));
    }
    while (slot.tls->read(buffer) > 0) slot.got_response = true;
    if (slot.tls->peer_closed()) return end(slot, slot.got_response);
    return send_pending(slot) || end(slot, false);
  }

  bool send_pending(Slot& slot) {
    while (slot.connected && slot.tls->wants_write()) {
      const auto pending = slot.tls->pending_tls();
      const ssize_t n = ::send(slot.fd, pending.data(), pending.size(), MSG_NOSIGNAL);
      if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return true;
      if (n <= 0) return false;
      slot.tls->consume_tls(static_cast<size_t>(n));
    }
    return true;
  }

  bool end(Slot&, bool ok) {
    (ok ? totals_.completed : totals_.failed).fetch_add(1, std::memory_order_relaxed);
    return false;
  }

  std::shared_ptr<const parley::ClientConfig> config_;
  uint16_t port_;
  Totals& totals_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s PORT THREADS CONCURRENCY SECONDS\n", argv[0]);
    return 2;
  }
  const auto port = static_cast<uint16_t>(std::atoi(argv[1]));
  const int threads = std::atoi(argv[2]);
  const int concurrency = std::atoi(argv[3]);
  const double seconds = std::atof(argv[4]);
  auto config = std::make_shared<parley::ClientConfig>();
  // The server's cost is measured: the client skips chain validation and
  // offers x25519 only (every server here supports it).
  config->insecure_skip_verification = true;
  config->groups = {parley::NamedGroup::kX25519};
  config->versions = {parley::ProtocolVersion::kTls13};
  Totals totals;
  const auto start = Clock::now();
  const auto until =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
  std::vector<std::thread> workers;
  for (int i = 0; i < threads; ++i) {
    workers.emplace_back([&] { Generator(config, port, totals).run(concurrency, until); });
  }
  for (auto& worker : workers) worker.join();
  const double elapsed = std::chrono::duration<double>(Clock::now() - start).count();
  std::printf("%.0f handshakes/s (%llu completed, %llu failed, %.1f s)\n",
              double(totals.completed) / elapsed, (unsigned long long)totals.completed.load(),
              (unsigned long long)totals.failed.load(), elapsed);
  return 0;
}

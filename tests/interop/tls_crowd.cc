#include "interop/tls_crowd.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <optional>

#include "parley/certificate.h"
#include "parley/connection.h"

namespace parley::interop {
namespace {

using Clock = std::chrono::steady_clock;

struct Client {
  int fd = -1;
  std::optional<ClientConnection> tls;
  Clock::time_point started;
  bool connected = false;
  bool request_sent = false;
  bool done = false;
  CrowdResult result;

  void finish(std::string error) {
    done = true;
    result.error = std::move(error);
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
};

int connect_nonblocking(uint16_t port, int extra_flags) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | extra_flags, 0);
  if (fd < 0) return -1;
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

void send_pending(Client& client) {
  while (client.tls->wants_write()) {
    const auto pending = client.tls->pending_tls();
    const ssize_t n = ::send(client.fd, pending.data(), pending.size(), MSG_NOSIGNAL);
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (n <= 0) return client.finish("send failed");
    client.tls->consume_tls(static_cast<size_t>(n));
  }
}

void on_readable(Client& client, const std::string& request) {
  std::array<uint8_t, 16384 + 512> buffer;
  const ssize_t n = ::recv(client.fd, buffer.data(), buffer.size(), 0);
  if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
  if (n <= 0) {
    return client.finish(client.tls->is_handshaking() ? "closed during the handshake"
                                                      : "closed without close_notify");
  }
  auto taken = client.tls->receive_tls(std::span<const uint8_t>(buffer.data(), size_t(n)));
  if (!taken.ok()) return client.finish(taken.error().to_string());
  if (!client.tls->is_handshaking() && !client.request_sent) {
    client.result.handshake_time =
        std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - client.started);
    client.request_sent = true;
    if (!request.empty()) {
      (void)client.tls->write(std::span<const uint8_t>(
          reinterpret_cast<const uint8_t*>(request.data()), request.size()));
    }
  }
  while (const size_t got = client.tls->read(buffer)) {
    client.result.response.append(reinterpret_cast<const char*>(buffer.data()), got);
  }
  if (client.tls->peer_closed()) {
    client.tls->close();
    send_pending(client);
    return client.finish("");
  }
  send_pending(client);
}

}  // namespace

std::shared_ptr<const ClientConfig> crowd_config(const std::string& ca_file) {
  auto config = std::make_shared<ClientConfig>();
  auto anchors = TrustAnchors::from_path(ca_file);
  if (anchors.ok()) config->trust_anchors = *anchors;
  config->groups = {NamedGroup::kX25519};
  return config;
}

int connect_loopback(uint16_t port) {
  return connect_nonblocking(port, 0);
}

std::vector<CrowdResult> run_crowd(const std::shared_ptr<const ClientConfig>& config, uint16_t port,
                                   size_t count, const std::string& request,
                                   std::chrono::milliseconds timeout) {
  std::vector<Client> clients(count);
  for (Client& client : clients) {
    client.started = Clock::now();
    client.fd = connect_nonblocking(port, SOCK_NONBLOCK);
    auto tls = ClientConnection::create(config, "localhost");
    if (client.fd < 0 || !tls.ok()) {
      client.finish("could not start");
      continue;
    }
    client.tls.emplace(std::move(*tls));
  }
  const auto give_up = Clock::now() + timeout;
  std::vector<pollfd> fds;
  std::vector<Client*> polled;
  while (Clock::now() < give_up) {
    fds.clear();
    polled.clear();
    for (Client& client : clients) {
      if (client.done) continue;
      const bool writing = !client.connected || client.tls->wants_write();
      fds.push_back({client.fd, static_cast<short>(POLLIN | (writing ? POLLOUT : 0)), 0});
      polled.push_back(&client);
    }
    if (fds.empty()) break;
    if (::poll(fds.data(), fds.size(), 100) < 0 && errno != EINTR) break;
    for (size_t i = 0; i < fds.size(); ++i) {
      Client& client = *polled[i];
      if (fds[i].revents & POLLOUT) {
        client.connected = true;
        send_pending(client);
      }
      if (!client.done && (fds[i].revents & (POLLIN | POLLHUP | POLLERR))) {
        on_readable(client, request);
      }
    }
  }
  std::vector<CrowdResult> results;
  for (Client& client : clients) {
    if (!client.done) client.finish("timed out");
    results.push_back(std::move(client.result));
  }
  return results;
}

}  // namespace parley::interop

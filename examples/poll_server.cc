// A non-blocking HTTPS server on poll(): one ServerConnection per client,
// all served at once from one thread. Each request gets a small page;
// the server exits after COUNT clients.
//   poll_server CERT.pem KEY.pem PORT COUNT
#include <fcntl.h>
#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "example_server.h"
#include "parley/connection.h"

namespace {

struct Client {
  int fd;
  parley::ServerConnection tls;
  std::vector<uint8_t> unread;  // TLS bytes the connection did not take yet
  std::string request;
  bool answered = false;
  bool done = false;
};

void answer(Client& client, int number) {
  const std::string body = "hello from poll_server, client " + std::to_string(number) + "\n";
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  const auto* bytes = reinterpret_cast<const uint8_t*>(response.data());
  if (!client.tls.write({bytes, response.size()})) client.done = true;
  client.tls.close();  // queues close_notify after the response
  client.answered = true;
}

// Feeds what the socket has to the connection and reads the plaintext.
void on_readable(Client& client, int number) {
  uint8_t buffer[16384];
  const ssize_t n = recv(client.fd, buffer, sizeof buffer, 0);
  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK)) {
    client.done = true;
    return;
  }
  if (n > 0) client.unread.insert(client.unread.end(), buffer, buffer + n);
  auto taken = client.tls.receive_tls(client.unread);
  if (!taken) {
    std::fprintf(stderr, "poll_server: client %d: %s\n", number, taken.error().to_string().c_str());
    client.done = !client.tls.wants_write();  // send the alert first
    client.unread.clear();
    return;
  }
  client.unread.erase(client.unread.begin(), client.unread.begin() + static_cast<long>(*taken));
  char text[4096];
  while (size_t got = client.tls.read({reinterpret_cast<uint8_t*>(text), sizeof text}))
    client.request.append(text, got);
  if (!client.answered && client.request.find("\r\n\r\n") != std::string::npos)
    answer(client, number);
}

// Sends what the connection has queued, as far as the socket takes it.
void flush(Client& client) {
  while (client.tls.wants_write()) {
    const auto pending = client.tls.pending_tls();
    const ssize_t n = send(client.fd, pending.data(), pending.size(), MSG_NOSIGNAL);
    if (n < 0) {
      if (errno != EAGAIN && errno != EWOULDBLOCK) client.done = true;
      return;
    }
    client.tls.consume_tls(static_cast<size_t>(n));
  }
  if ((client.answered || client.tls.failed()) && !client.tls.wants_write()) client.done = true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: poll_server CERT.pem KEY.pem PORT COUNT\n");
    return 2;
  }
  auto config = server_config_or_exit("poll_server", argv[1], argv[2]);
  const int listener = listen_on_loopback(static_cast<uint16_t>(std::atoi(argv[3])));
  if (listener < 0) return 1;
  const int count = std::atoi(argv[4]);
  std::map<int, std::unique_ptr<Client>> clients;  // by client number
  int accepted = 0, answered = 0, most_at_once = 0;
  while (accepted < count || !clients.empty()) {
    std::vector<pollfd> fds;
    std::vector<int> numbers;
    if (accepted < count) fds.push_back({listener, POLLIN, 0});
    for (auto& [number, client] : clients) {
      const short events = static_cast<short>(POLLIN | (client->tls.wants_write() ? POLLOUT : 0));
      fds.push_back({client->fd, events, 0});
      numbers.push_back(number);
    }
    if (poll(fds.data(), fds.size(), 10000) <= 0) return 1;  // stuck for 10 s: give up
    size_t first_client = 0;
    if (accepted < count) {
      first_client = 1;
      if (fds[0].revents & POLLIN) {
        const int fd = accept(listener, nullptr, nullptr);
        if (fd >= 0) {
          fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
          auto tls = parley::ServerConnection::create(config);
          if (!tls) return 1;
          clients.emplace(++accepted, std::make_unique<Client>(
                                          Client{fd, std::move(*tls), {}, {}, false, false}));
          most_at_once = std::max(most_at_once, static_cast<int>(clients.size()));
        }
      }
    }
    for (size_t i = first_client; i < fds.size(); ++i) {
      Client& client = *clients.at(numbers[i - first_client]);
      if (fds[i].revents & (POLLIN | POLLHUP | POLLERR))
        on_readable(client, numbers[i - first_client]);
      flush(client);
    }
    for (auto it = clients.begin(); it != clients.end();) {
      if (!it->second->done) {
        ++it;
        continue;
      }
      if (it->second->answered && !it->second->tls.failed()) ++answered;
      close(it->second->fd);
      it = clients.erase(it);
    }
  }
  close(listener);
  std::printf("served %d of %d clients, at most %d at once\n", answered, count, most_at_once);
  return answered == count ? 0 : 1;
}

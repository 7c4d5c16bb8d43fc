#include "io/socket.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <memory>
#include <optional>

namespace parley::io {

Error io_error(std::string message) {
  Error error;
  error.kind = ErrorKind::kIo;
  error.message = std::move(message);
  return error;
}

Error errno_error(std::string_view what) {
  const int saved = errno;
  std::string message(what);
  message += ": ";
  message += std::strerror(saved);
  return io_error(std::move(message));
}

void UniqueFd::reset(int fd) {
  close_fd(fd_);
  fd_ = fd;
}

void close_fd(int fd) {
  if (fd >= 0) ::close(fd);
}

namespace {

using AddrInfoList = std::unique_ptr<addrinfo, decltype(&freeaddrinfo)>;

std::string endpoint_name(const std::string& host, uint16_t port) {
  const bool ipv6_literal = host.find(':') != std::string::npos;
  return (ipv6_literal ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

Result<AddrInfoList> resolve(const std::string& host, uint16_t port, int flags) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_protocol = IPPROTO_TCP;
  hints.ai_flags = flags | AI_NUMERICSERV;
  addrinfo* list = nullptr;
  const std::string service = std::to_string(port);
  const int rc = getaddrinfo(host.empty() ? nullptr : host.c_str(), service.c_str(), &hints, &list);
  if (rc != 0) {
    const char* reason = rc == EAI_SYSTEM ? std::strerror(errno) : gai_strerror(rc);
    return io_error("cannot resolve " + endpoint_name(host, port) + ": " + reason);
  }
  return AddrInfoList(list, &freeaddrinfo);
}

Status connect_retrying(int fd, const sockaddr* address, socklen_t length) {
  if (::connect(fd, address, length) == 0) return Status();
  if (errno != EINTR && errno != EINPROGRESS) return errno_error("connect");
  // An interrupted connect() goes on asynchronously; wait for its outcome.
  pollfd wait{fd, POLLOUT, 0};
  while (::poll(&wait, 1, -1) < 0) {
    if (errno != EINTR) return errno_error("connect");
  }
  int error = 0;
  socklen_t size = sizeof(error);
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) != 0) return errno_error("connect");
  if (error != 0) {
    errno = error;
    return errno_error("connect");
  }
  return Status();
}

Result<UniqueFd> bind_and_listen(const addrinfo& address, int backlog, bool dual_stack) {
  UniqueFd fd(::socket(address.ai_family, address.ai_socktype | SOCK_CLOEXEC, address.ai_protocol));
  if (!fd) return errno_error("socket");
  const int on = 1;
  if (setsockopt(fd.get(), SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) != 0) {
    return errno_error("setsockopt(SO_REUSEADDR)");
  }
  if (dual_stack) {
    const int off = 0;
    if (setsockopt(fd.get(), IPPROTO_IPV6, IPV6_V6ONLY, &off, sizeof(off)) != 0) {
      return errno_error("setsockopt(IPV6_V6ONLY)");
    }
  }
  if (::bind(fd.get(), address.ai_addr, address.ai_addrlen) != 0) return errno_error("bind");
  if (::listen(fd.get(), backlog) != 0) return errno_error("listen");
  return fd;
}

std::string format_address(const sockaddr_storage& storage) {
  char text[INET6_ADDRSTRLEN] = {};
  if (storage.ss_family == AF_INET6) {
    sockaddr_in6 v6;
    std::memcpy(&v6, &storage, sizeof(v6));
    if (IN6_IS_ADDR_V4MAPPED(&v6.sin6_addr)) {
      // A dual-stack listener's IPv4 peer, ::ffff:a.b.c.d: show a.b.c.d.
      inet_ntop(AF_INET, &v6.sin6_addr.s6_addr[12], text, sizeof(text));
      return std::string(text) + ":" + std::to_string(ntohs(v6.sin6_port));
    }
    inet_ntop(AF_INET6, &v6.sin6_addr, text, sizeof(text));
    return std::string("[") + text + "]:" + std::to_string(ntohs(v6.sin6_port));
  }
  if (storage.ss_family == AF_INET) {
    sockaddr_in v4;
    std::memcpy(&v4, &storage, sizeof(v4));
    inet_ntop(AF_INET, &v4.sin_addr, text, sizeof(text));
    return std::string(text) + ":" + std::to_string(ntohs(v4.sin_port));
  }
  return "(unknown address family)";
}

template <typename GetName>
Result<std::string> socket_address(int fd, GetName get_name, std::string_view what) {
  sockaddr_storage storage{};
  socklen_t length = sizeof(storage);
  if (get_name(fd, reinterpret_cast<sockaddr*>(&storage), &length) != 0) return errno_error(what);
  return format_address(storage);
}

// accept() failures that concern only the connection being accepted (Linux
// passes pending network errors on to accept(), see accept(2)).
bool is_transient_accept_error(int error) {
  switch (error) {
    case EINTR:
    case ECONNABORTED:
    case EPROTO:
    case ENETDOWN:
    case ENOPROTOOPT:
    case EHOSTDOWN:
    case ENONET:
    case EHOSTUNREACH:
    case EOPNOTSUPP:
    case ENETUNREACH:
      return true;
    default:
      return false;
  }
}

// TLS hands the socket whole records, often a small one that the peer must
// answer (a flight's last message, a request): Nagle's algorithm would hold
// it back waiting for an ACK that delayed ACKs postpone (~40 ms).
void disable_nagle(int fd) {
  const int on = 1;
  (void)setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof(on));
}

}  // namespace

Result<UniqueFd> tcp_connect(const std::string& host, uint16_t port) {
  PARLEY_ASSIGN_OR_RETURN(AddrInfoList list, resolve(host, port, AI_ADDRCONFIG));
  std::optional<Error> last_error;
  for (const addrinfo* address = list.get(); address != nullptr; address = address->ai_next) {
    UniqueFd fd(
        ::socket(address->ai_family, address->ai_socktype | SOCK_CLOEXEC, address->ai_protocol));
    if (!fd) {
      last_error = errno_error("socket");
      continue;
    }
    Status connected = connect_retrying(fd.get(), address->ai_addr, address->ai_addrlen);
    if (connected.ok()) {
      disable_nagle(fd.get());
      return fd;
    }
    last_error = std::move(connected).error();
  }
  std::string message = "cannot connect to " + endpoint_name(host, port);
  if (last_error) message += ": " + last_error->message;
  return io_error(std::move(message));
}

Result<UniqueFd> tcp_listen(const std::string& host, uint16_t port, int backlog) {
  if (host.empty()) {
    // "Every address": try the IPv6 wildcard in dual-stack mode, then IPv4.
    addrinfo any6{};
    sockaddr_in6 address6{};
    address6.sin6_family = AF_INET6;
    address6.sin6_addr = in6addr_any;
    address6.sin6_port = htons(port);
    any6.ai_family = AF_INET6;
    any6.ai_socktype = SOCK_STREAM;
    any6.ai_addr = reinterpret_cast<sockaddr*>(&address6);
    any6.ai_addrlen = sizeof(address6);
    auto listener = bind_and_listen(any6, backlog, /*dual_stack=*/true);
    if (listener.ok()) return listener;
    // No IPv6 here (or it is disabled): IPv4 alone; its error tells why if
    // that fails too.
    return tcp_listen("0.0.0.0", port, backlog);
  }
  PARLEY_ASSIGN_OR_RETURN(AddrInfoList list, resolve(host, port, AI_PASSIVE));
  auto listener = bind_and_listen(*list, backlog, /*dual_stack=*/false);
  if (!listener.ok()) {
    return io_error("cannot listen on " + endpoint_name(host, port) + ": " +
                    listener.error().message);
  }
  return listener;
}

Result<UniqueFd> tcp_accept(int listen_fd) {
  while (true) {
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd >= 0) {
      disable_nagle(fd);
      return UniqueFd(fd);
    }
    if (!is_transient_accept_error(errno)) return errno_error("accept");
  }
}

Result<std::string> local_address(int fd) {
  return socket_address(fd, ::getsockname, "getsockname");
}
Result<std::string> peer_address(int fd) {
  return socket_address(fd, ::getpeername, "getpeername");
}

Result<size_t> receive_some(int fd, std::span<uint8_t> out) {
  while (true) {
    const ssize_t n = ::recv(fd, out.data(), out.size(), 0);
    if (n >= 0) return static_cast<size_t>(n);
    if (errno == EAGAIN || errno == EWOULDBLOCK) return io_error("receive: timed out");
    if (errno != EINTR) return errno_error("receive");
  }
}

Result<size_t> send_some(int fd, ByteView data, bool nonblocking) {
  const int flags = MSG_NOSIGNAL | (nonblocking ? MSG_DONTWAIT : 0);
  while (true) {
    const ssize_t n = ::send(fd, data.data(), data.size(), flags);
    if (n >= 0) return static_cast<size_t>(n);
    if (nonblocking && (errno == EAGAIN || errno == EWOULDBLOCK)) return size_t{0};
    if (errno != EINTR) return errno_error("send");
  }
}

Status send_all(int fd, ByteView data) {
  while (!data.empty()) {
    PARLEY_ASSIGN_OR_RETURN(size_t sent, send_some(fd, data, /*nonblocking=*/false));
    data = data.subspan(sent);
  }
  return Status();
}

Status shutdown_write(int fd) {
  if (::shutdown(fd, SHUT_WR) != 0 && errno != ENOTCONN) return errno_error("shutdown");
  return Status();
}

Status set_receive_timeout(int fd, int milliseconds) {
  timeval timeout{};
  timeout.tv_sec = milliseconds / 1000;
  timeout.tv_usec = (milliseconds % 1000) * 1000;
  if (setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout)) != 0) {
    return errno_error("setsockopt(SO_RCVTIMEO)");
  }
  return Status();
}

Result<size_t> read_some(int fd, std::span<uint8_t> out) {
  while (true) {
    const ssize_t n = ::read(fd, out.data(), out.size());
    if (n >= 0) return static_cast<size_t>(n);
    if (errno != EINTR) return errno_error("read");
  }
}

Status write_all(int fd, ByteView data) {
  while (!data.empty()) {
    const ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return errno_error("write");
    }
    data = data.subspan(static_cast<size_t>(n));
  }
  return Status();
}

Status poll_fds(std::span<pollfd> fds) {
  for (pollfd& fd : fds) fd.revents = 0;
  if (::poll(fds.data(), fds.size(), -1) < 0 && errno != EINTR) return errno_error("poll");
  return Status();
}

}  // namespace parley::io

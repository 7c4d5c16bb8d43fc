#include "server.h"

#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <memory>
#include <thread>
#include <unordered_map>
#include <vector>

#include "config.h"
#include "io/socket.h"
#include "served_connection.h"
#include "trace.h"

namespace parley::cli {
namespace {

// How often each worker checks its connections' deadlines.
constexpr int kTickMs = 100;
// The kernel caps it at net.core.somaxconn (4096 by default).
constexpr int kListenBacklog = 4096;
// On SIGINT/SIGTERM, how long established connections get to finish.
constexpr auto kShutdownGrace = std::chrono::seconds(5);
constexpr int kMaxAcceptsPerWakeup = 64;

// What the workers share: one config, the listening socket, the counters.
struct ServerShared {
  std::shared_ptr<const ServerConfig> config;
  ServeSettings settings;
  ServerCounters counters;
  uint64_t max_connections = 0;
  bool once = false;
  int listen_fd = -1;
  io::UniqueFd stop_event;  // readable once shutdown begins
  io::UniqueFd done_event;  // --once: the connection has ended
  std::atomic<bool> once_succeeded{false};
};

Error errno_here(std::string_view what) {
  return io::errno_error(what);
}

class Worker {
 public:
  explicit Worker(ServerShared& shared) : shared_(shared) {}

  Status run() {
    epoll_.reset(::epoll_create1(EPOLL_CLOEXEC));
    if (!epoll_) return errno_here("epoll_create1");
    // EPOLLEXCLUSIVE: a new connection wakes one worker, not all of them.
    PARLEY_TRY(watch(shared_.listen_fd, EPOLLIN | EPOLLEXCLUSIVE));
    PARLEY_TRY(watch(shared_.stop_event.get(), EPOLLIN));
    std::array<epoll_event, 256> events;
    auto next_tick = SteadyClock::now();
    while (!done()) {
      const int n = ::epoll_wait(epoll_.get(), events.data(), events.size(), kTickMs);
      if (n < 0 && errno != EINTR) return errno_here("epoll_wait");
      const auto now = SteadyClock::now();
      for (int i = 0; i < n; ++i) dispatch(events[i].data.fd, events[i].events, now);
      if (now >= next_tick) {
        tick(now);
        next_tick = now + std::chrono::milliseconds(kTickMs);
      }
    }
    return Status();
  }

 private:
  struct Entry {
    std::unique_ptr<ServedConnection> connection;
    uint32_t events = 0;
  };

  Status watch(int fd, uint32_t events) {
    epoll_event event{};
    event.events = events;
    event.data.fd = fd;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_ADD, fd, &event) != 0) return errno_here("epoll_ctl");
    return Status();
  }

  bool done() const {
    if (stopping_) return connections_.empty() || SteadyClock::now() >= stop_deadline_;
    return shared_.once && accepted_any_ && connections_.empty();
  }

  void dispatch(int fd, uint32_t events, SteadyClock::time_point now) {
    if (fd == shared_.listen_fd) return accept_connections(now);
    if (fd == shared_.stop_event.get()) return begin_shutdown(now);
    const auto found = connections_.find(fd);
    if (found == connections_.end()) return;
    ServedConnection& connection = *found->second.connection;
    if (events & (EPOLLIN | EPOLLHUP | EPOLLERR)) connection.on_readable(now);
    if ((events & EPOLLOUT) && !connection.finished()) connection.on_writable(now);
    update(found);
  }

  // Drops a finished connection, or waits for what it wants next.
  void update(std::unordered_map<int, Entry>::iterator entry) {
    ServedConnection& connection = *entry->second.connection;
    if (connection.finished()) {
      if (shared_.once) shared_.once_succeeded = connection.succeeded();
      connections_.erase(entry);  // its socket is closed, which leaves the epoll set
      return;
    }
    const uint32_t wanted = (connection.wants_read_events() ? EPOLLIN : 0u) |
                            (connection.wants_write_events() ? EPOLLOUT : 0u);
    if (wanted == entry->second.events) return;
    epoll_event event{};
    event.events = wanted;
    event.data.fd = entry->first;
    if (::epoll_ctl(epoll_.get(), EPOLL_CTL_MOD, entry->first, &event) == 0) {
      entry->second.events = wanted;
    }
  }

  void accept_connections(SteadyClock::time_point now) {
    for (int i = 0; i < kMaxAcceptsPerWakeup && accepting(); ++i) {
      const int fd = ::accept4(shared_.listen_fd, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
      if (fd < 0) {
        if (errno == EMFILE || errno == ENFILE || errno == ENOBUFS || errno == ENOMEM) {
          // Out of descriptors: leave the queue alone until the next tick.
          report_error("accept", errno_here("accept"));
          pause_accepting();
        }
        return;  // EAGAIN: the queue is empty; others: that connection is gone
      }
      io::UniqueFd socket(fd);
      if (shared_.counters.open.load(std::memory_order_relaxed) >= shared_.max_connections) {
        shared_.counters.refused.fetch_add(1, std::memory_order_relaxed);
        continue;  // closed at once: the client sees the connection end
      }
      start_connection(std::move(socket), now);
    }
  }

  void start_connection(io::UniqueFd socket, SteadyClock::time_point now) {
    // Handshake flights are small writes; do not hold them back (Nagle).
    const int one = 1;
    ::setsockopt(socket.get(), IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto peer_address = io::peer_address(socket.get());
    std::string peer = peer_address.ok() ? std::move(*peer_address) : "client";
    auto tls = ServerConnection::create(shared_.config);
    if (!tls.ok()) {
      report_error(peer, tls.error());
      return;
    }
    const int fd = socket.get();
    auto connection =
        std::make_unique<ServedConnection>(std::move(socket), std::move(*tls), std::move(peer),
                                           shared_.settings, shared_.counters, now);
    if (!watch(fd, EPOLLIN).ok()) return;
    trimmed_ = false;
    if (shared_.once) {
      accepted_any_ = true;
      pause_accepting();
    }
    connections_.emplace(fd, Entry{std::move(connection), EPOLLIN});
  }

  bool accepting() const { return listening_ && !stopping_; }

  void pause_accepting() {
    if (!listening_) return;
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, shared_.listen_fd, nullptr);
    listening_ = false;
  }

  void begin_shutdown(SteadyClock::time_point now) {
    if (stopping_) return;
    stopping_ = true;
    stop_deadline_ = now + kShutdownGrace;
    pause_accepting();
    ::epoll_ctl(epoll_.get(), EPOLL_CTL_DEL, shared_.stop_event.get(), nullptr);
    for_each_connection([now](ServedConnection& c) { c.begin_shutdown(now); });
  }

  void tick(SteadyClock::time_point now) {
    for_each_connection([now](ServedConnection& c) { c.on_tick(now); });
    if (!listening_ && !stopping_ && !shared_.once &&
        watch(shared_.listen_fd, EPOLLIN | EPOLLEXCLUSIVE).ok()) {
      listening_ = true;
    }
    // Idle: hand the memory of the connections that were here back to the
    // system, so a burst does not leave the process at its peak size.
    if (connections_.empty() && !trimmed_) {
      ::malloc_trim(0);
      trimmed_ = true;
    }
  }

  template <typename Action>
  void for_each_connection(Action action) {
    for (auto it = connections_.begin(); it != connections_.end();) {
      const auto current = it++;
      action(*current->second.connection);
      update(current);
    }
  }

  ServerShared& shared_;
  io::UniqueFd epoll_;
  std::unordered_map<int, Entry> connections_;
  bool listening_ = true;
  bool stopping_ = false;
  bool accepted_any_ = false;
  bool trimmed_ = true;
  SteadyClock::time_point stop_deadline_;
};

// A server holding thousands of connections needs as many descriptors:
// raise the soft limit to the hard one.
void raise_descriptor_limit() {
  rlimit limit{};
  if (::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    ::setrlimit(RLIMIT_NOFILE, &limit);
  }
}

Status set_nonblocking(int fd) {
  const int flags = ::fcntl(fd, F_GETFL);
  if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) != 0) return errno_here("fcntl");
  return Status();
}

unsigned worker_count(const Options& options) {
  if (options.once) return 1;
  if (options.threads > 0) return options.threads;
  return std::max(1u, std::thread::hardware_concurrency());
}

// Waits for SIGINT/SIGTERM (blocked in every thread, read from `signals`)
// or for the --once connection to end.
void wait_for_stop(int signals, int done_event) {
  std::array<pollfd, 2> fds = {{{signals, POLLIN, 0}, {done_event, POLLIN, 0}}};
  while (true) {
    if (::poll(fds.data(), fds.size(), -1) > 0) return;
    if (errno != EINTR) return;
  }
}

Status serve(ServerShared& shared, unsigned threads) {
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  // Blocked before the workers start, so that they inherit the mask and the
  // signals arrive only through the signalfd.
  if (::pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr) != 0) return io::io_error("sigmask");
  io::UniqueFd signals(::signalfd(-1, &stop_signals, SFD_CLOEXEC));
  shared.stop_event.reset(::eventfd(0, EFD_CLOEXEC));
  shared.done_event.reset(::eventfd(0, EFD_CLOEXEC));
  if (!signals || !shared.stop_event || !shared.done_event) return errno_here("signalfd/eventfd");

  std::vector<Status> results(threads);
  std::vector<std::thread> workers;
  for (unsigned i = 0; i < threads; ++i) {
    workers.emplace_back([&shared, &results, i] {
      results[i] = Worker(shared).run();
      const uint64_t one = 1;
      (void)!::write(shared.done_event.get(), &one, sizeof(one));
    });
  }
  wait_for_stop(signals.get(), shared.done_event.get());
  const uint64_t one = 1;
  (void)!::write(shared.stop_event.get(), &one, sizeof(one));
  for (auto& worker : workers) worker.join();
  for (Status& result : results) PARLEY_TRY(std::move(result));
  return Status();
}

}  // namespace

int run_server(const Options& options) {
  auto config = build_server_config(options);
  if (!config.ok()) {
    report_error("", config.error());
    return 1;
  }
  raise_descriptor_limit();
  auto listener = io::tcp_listen(options.address.host, options.address.port, kListenBacklog);
  if (!listener.ok()) {
    std::fprintf(stderr, "parley: %s\n", listener.error().message.c_str());
    return 1;
  }
  if (Status status = set_nonblocking(listener->get()); !status.ok()) {
    report_error("", status.error());
    return 1;
  }
  ServerShared shared;
  shared.config = std::move(*config);
  shared.settings.action = options.action;
  shared.settings.www_root = options.www_root;
  shared.settings.quiet = options.quiet;
  shared.settings.handshake_timeout = std::chrono::milliseconds(options.handshake_timeout_ms);
  shared.settings.idle_timeout = std::chrono::milliseconds(options.idle_timeout_ms);
  shared.max_connections = options.max_connections;
  shared.once = options.once;
  shared.listen_fd = listener->get();
  const unsigned threads = worker_count(options);
  if (!options.quiet) {
    auto address = io::local_address(listener->get());
    // Scripts read the port from this line (scripts/demo.sh): keep its form.
    std::fprintf(stderr, "parley: listening on %s\n",
                 address.ok() ? address->c_str() : "(unknown address)");
  }
  if (Status status = serve(shared, threads); !status.ok()) {
    report_error("", status.error());
    return 1;
  }
  if (options.once) return shared.once_succeeded ? 0 : 1;
  // Printed even with --quiet: it is the one line a stopped server leaves.
  std::fprintf(stderr, "parley: shut down: %s\n", shared.counters.summary().c_str());
  return 0;
}

}  // namespace parley::cli

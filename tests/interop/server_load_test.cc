// `parley server` as a concurrent server: 1,000 simultaneous handshakes with
// 200 slow or garbage connections in the way, slowloris connections that
// must not delay a good client, the connection limit, the idle timeout,
// --www-root downloads, and graceful shutdown on SIGTERM. Loopback only;
// every wait is bounded.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <thread>

#include "interop/certs.h"
#include "interop/loopback.h"
#include "interop/net.h"
#include "interop/peers.h"
#include "interop/process.h"
#include "interop/tls_crowd.h"
#include "parley/connection.h"

namespace parley::interop {
namespace {

using std::chrono::milliseconds;
constexpr Millis kTimeout(10000);

// Under AddressSanitizer (g++ says so with __SANITIZE_ADDRESS__, clang with
// __has_feature) a handshake costs several times more CPU, and freed memory
// stays in quarantine.
#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif
#else
constexpr bool kUnderAsan = false;
#endif
const std::string kGet = "GET / HTTP/1.0\r\n\r\n";

Server start_parley(const Files& f, std::vector<std::string> extra) {
  return start_server(
      [&](uint16_t port) {
        std::vector<std::string> args = {
            parley_binary(), "server", "--accept", "127.0.0.1:" + std::to_string(port),
            "--cert",        f.cert,   "--key",    f.key};
        args.insert(args.end(), extra.begin(), extra.end());
        return args;
      },
      f.dir);
}

// A /proc/PID/status field in kB ("VmRSS").
long status_kb(pid_t pid, const std::string& field) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.starts_with(field + ":")) return std::stol(line.substr(field.size() + 1));
  }
  return -1;
}

long open_fds(pid_t pid) {
  long n = 0;
  for ([[maybe_unused]] auto& entry :
       std::filesystem::directory_iterator("/proc/" + std::to_string(pid) + "/fd")) {
    ++n;
  }
  return n;
}

// Loopback sockets that connect and then say nothing (or what they're told).
struct RawSockets {
  std::vector<int> fds;
  ~RawSockets() {
    for (int fd : fds) ::close(fd);
  }
  void open(uint16_t port, size_t count, const std::string& say = "") {
    for (size_t i = 0; i < count; ++i) {
      const int fd = connect_loopback(port);
      if (fd < 0) continue;
      if (!say.empty()) (void)!::send(fd, say.data(), say.size(), MSG_NOSIGNAL);
      fds.push_back(fd);
    }
  }
};

// Sockets that each send a real ClientHello one byte per second.
class Dribblers {
 public:
  Dribblers(uint16_t port, size_t count, const std::shared_ptr<const ClientConfig>& config) {
    auto hello = ClientConnection::create(config, "localhost");
    if (hello.ok()) {
      const auto pending = hello->pending_tls();
      hello_.assign(pending.begin(), pending.end());
    }
    sockets_.open(port, count);
    thread_ = std::thread([this] {
      for (size_t offset = 0; !stop_ && offset < hello_.size(); ++offset) {
        for (int fd : sockets_.fds) (void)!::send(fd, &hello_[offset], 1, MSG_NOSIGNAL);
        for (int i = 0; i < 10 && !stop_; ++i) std::this_thread::sleep_for(milliseconds(100));
      }
    });
  }
  ~Dribblers() {
    stop_ = true;
    thread_.join();
  }
  size_t count() const { return sockets_.fds.size(); }

 private:
  RawSockets sockets_;
  std::vector<uint8_t> hello_;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

size_t count_served(const std::vector<CrowdResult>& results, std::string* first_error) {
  size_t served = 0;
  for (const CrowdResult& result : results) {
    if (result.error.empty() && result.response.starts_with("HTTP/1.0 200 OK")) {
      ++served;
    } else if (first_error->empty()) {
      *first_error = result.error.empty() ? "bad response: " + result.response : result.error;
    }
  }
  return served;
}

std::string shut_down(Server& server) {
  ::kill(server.process->pid(), SIGTERM);
  const auto status = server.process->wait_exit(kTimeout);
  EXPECT_EQ(status, 0) << server.process->describe();
  return server.process->err();
}

TEST(ServerLoad, ThousandConcurrentHandshakesAmongSlowAndGarbageConnections) {
  const Files f = files();
  // A thousand handshakes on two cores take seconds under ASan: a handshake
  // timeout that short would cut good clients off there.
  Server server = start_parley(
      f, {"--www", "--quiet", "--threads", "2", "--handshake-timeout", kUnderAsan ? "60" : "3"});
  ASSERT_TRUE(server.process);
  const pid_t pid = server.process->pid();
  auto config = crowd_config(f.ca);
  // Warm up (lazily built tables, thread stacks), then take the baseline.
  std::string error;
  ASSERT_EQ(count_served(run_crowd(config, server.port, 20, kGet, milliseconds(20000)), &error),
            20u)
      << error;
  std::this_thread::sleep_for(milliseconds(500));
  const long baseline_rss = status_kb(pid, "VmRSS");
  const long baseline_fds = open_fds(pid);

  long peak_rss = 0;
  {
    RawSockets silent;
    silent.open(server.port, 100);
    RawSockets garbage;
    garbage.open(server.port, 50, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");  // not TLS
    garbage.open(server.port, 50, std::string("\x16\x03\x01\xff\xff", 5) + std::string(64, 'x'));
    const auto results =
        run_crowd(config, server.port, 1000, kGet, milliseconds(kUnderAsan ? 90000 : 45000));
    peak_rss = status_kb(pid, "VmHWM");
    EXPECT_EQ(count_served(results, &error), 1000u) << "first failure: " << error;
  }
  // The silent ones are timed out (3 s) or closed by us: the server drops
  // back to its idle size.
  long rss = 0;
  long fds = 0;
  for (int i = 0; i < 50; ++i) {
    std::this_thread::sleep_for(milliseconds(200));
    rss = status_kb(pid, "VmRSS");
    fds = open_fds(pid);
    if (fds == baseline_fds && rss < baseline_rss + 8 * 1024) break;
  }
  EXPECT_EQ(fds, baseline_fds) << "descriptors leaked";
  if (!kUnderAsan) {  // ASan keeps freed memory in quarantine
    EXPECT_LT(rss, baseline_rss + 8 * 1024)
        << "RSS kB: baseline " << baseline_rss << ", peak " << peak_rss << ", after " << rss;
  }
  std::printf("RSS kB: baseline %ld, peak %ld, after %ld\n", baseline_rss, peak_rss, rss);
  const std::string err = shut_down(server);
  EXPECT_NE(err.find("1020 handshakes ok"), std::string::npos) << err;
  EXPECT_NE(err.find("1220 connections"), std::string::npos) << err;
}

// The median handshake time of `rounds` good clients, one at a time.
milliseconds::rep median_handshake_us(const std::shared_ptr<const ClientConfig>& config,
                                      uint16_t port, int rounds) {
  std::vector<long> times;
  for (int i = 0; i < rounds; ++i) {
    const auto results = run_crowd(config, port, 1, kGet, milliseconds(10000));
    EXPECT_TRUE(results[0].error.empty()) << results[0].error;
    times.push_back(static_cast<long>(results[0].handshake_time.count()));
  }
  std::sort(times.begin(), times.end());
  return times[times.size() / 2];
}

TEST(ServerLoad, SlowlorisConnectionsDoNotDelayAGoodClient) {
  const Files f = files();
  // One worker: the slow connections share the good client's event loop.
  Server server = start_parley(f, {"--www", "--quiet", "--threads", "1"});
  ASSERT_TRUE(server.process);
  auto config = crowd_config(f.ca);
  (void)median_handshake_us(config, server.port, 3);  // warm up
  const auto unloaded = median_handshake_us(config, server.port, 9);
  RawSockets silent;
  silent.open(server.port, 300);
  Dribblers dribblers(server.port, 200, config);
  std::this_thread::sleep_for(milliseconds(1500));  // a byte or two each
  const auto loaded = median_handshake_us(config, server.port, 9);
  std::printf(
      "good client handshake: %ld us unloaded, %ld us beside %zu silent and %zu "
      "byte-per-second connections\n",
      long(unloaded), long(loaded), silent.fds.size(), dribblers.count());
  ASSERT_EQ(silent.fds.size(), 300u);
  ASSERT_EQ(dribblers.count(), 200u);
  // Delayed by at most its own handshake time (plus 5 ms for a busy machine).
  EXPECT_LE(loaded, 2 * unloaded + 5000) << "unloaded " << unloaded << " us";
  EXPECT_TRUE(server.process->running());
}

TEST(ServerLoad, ConnectionsOverTheLimitAreClosedAtOnce) {
  const Files f = files();
  Server server = start_parley(f, {"--www", "--max-connections", "5"});
  ASSERT_TRUE(server.process);
  RawSockets held;
  held.open(server.port, 5);
  std::this_thread::sleep_for(milliseconds(300));  // accepted
  const int extra = connect_loopback(server.port);
  ASSERT_GE(extra, 0);
  timeval wait{2, 0};
  ::setsockopt(extra, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof(wait));
  char byte;
  const auto start = std::chrono::steady_clock::now();
  EXPECT_LE(::recv(extra, &byte, 1, 0), 0);  // closed (EOF or reset), not timed out
  EXPECT_NE(errno, EAGAIN);
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(1500));
  ::close(extra);
  // Below the limit again, clients are served.
  for (int fd : held.fds) ::close(fd);
  held.fds.clear();
  std::this_thread::sleep_for(milliseconds(300));
  std::string error;
  EXPECT_EQ(count_served(run_crowd(crowd_config(f.ca), server.port, 3, kGet, kTimeout), &error), 3u)
      << error;
  EXPECT_NE(shut_down(server).find("(1 refused)"), std::string::npos);
}

TEST(ServerLoad, IdleAndHandshakeTimeoutsCloseConnections) {
  const Files f = files();
  Server server =
      start_parley(f, {"--echo", "--idle-timeout", "0.5", "--handshake-timeout", "0.5"});
  ASSERT_TRUE(server.process);
  RawSockets silent;
  silent.open(server.port, 1);
  // An established client that sends nothing gets close_notify.
  const auto start = std::chrono::steady_clock::now();
  const auto results = run_crowd(crowd_config(f.ca), server.port, 1, "", kTimeout);
  EXPECT_TRUE(results[0].error.empty()) << results[0].error;
  EXPECT_GE(std::chrono::steady_clock::now() - start, milliseconds(450));
  char byte;
  EXPECT_EQ(::recv(silent.fds[0], &byte, 1, 0), 0);  // the silent one is gone too
  const std::string err = shut_down(server);
  EXPECT_NE(err.find("idle, closing"), std::string::npos) << err;
  EXPECT_NE(err.find("handshake timed out"), std::string::npos) << err;
}

TEST(ServerLoad, GracefulShutdownSendsCloseNotifyAndPrintsTheSummary) {
  const Files f = files();
  Server server = start_parley(f, {"--echo"});
  ASSERT_TRUE(server.process);
  auto config = crowd_config(f.ca);
  std::thread idle_client;
  std::vector<CrowdResult> idle;
  // An established connection that never sends anything: SIGTERM must close
  // it with close_notify, not hang until a timeout.
  idle_client = std::thread([&] { idle = run_crowd(config, server.port, 1, "", kTimeout); });
  ASSERT_TRUE(server.process->wait_for_stderr("suite=", kTimeout)) << server.process->describe();
  const auto start = std::chrono::steady_clock::now();
  const std::string err = shut_down(server);
  idle_client.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, milliseconds(3000));
  EXPECT_TRUE(idle[0].error.empty()) << idle[0].error;  // ended with close_notify
  EXPECT_NE(err.find("parley: shut down: 1 connections (0 refused), 1 handshakes ok, 0 failed, "),
            std::string::npos)
      << err;
}

TEST(ServerLoad, WwwRootServesFilesAndRefusesTraversal) {
  const Files f = files();
  const std::string root = f.dir + "/www-root";
  std::filesystem::create_directories(root + "/sub");
  std::string body;
  for (int i = 0; i < 100000; ++i) body += static_cast<char>('a' + i % 26);
  std::ofstream(root + "/file.txt", std::ios::binary) << body;
  std::ofstream(f.dir + "/secret.txt") << "secret";
  Server server = start_parley(f, {"--www-root", root, "--quiet"});
  ASSERT_TRUE(server.process);
  auto config = crowd_config(f.ca);
  auto get = [&](const std::string& target) {
    const auto results =
        run_crowd(config, server.port, 1, "GET " + target + " HTTP/1.0\r\n\r\n", kTimeout);
    EXPECT_TRUE(results[0].error.empty()) << target << ": " << results[0].error;
    return results[0].response;
  };
  const std::string ok = get("/file.txt");
  EXPECT_TRUE(ok.starts_with("HTTP/1.0 200 OK\r\n")) << ok.substr(0, 200);
  EXPECT_NE(ok.find("\r\nContent-Length: 100000\r\n"), std::string::npos);
  const size_t head_end = ok.find("\r\n\r\n");
  ASSERT_NE(head_end, std::string::npos);
  EXPECT_EQ(ok.substr(head_end + 4), body);
  for (const std::string target :
       {"/../secret.txt", "/sub/../../secret.txt", "/%2e%2e/secret.txt", "/sub", "/"}) {
    EXPECT_TRUE(get(target).starts_with("HTTP/1.0 403 Forbidden")) << target;
  }
  EXPECT_TRUE(get("/missing.txt").starts_with("HTTP/1.0 404 Not Found"));
  EXPECT_TRUE(get("file.txt").starts_with("HTTP/1.0 400 Bad Request"));
  server.process->stop();
}

}  // namespace
}  // namespace parley::interop

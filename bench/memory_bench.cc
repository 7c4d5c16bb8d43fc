// Heap per connection, parley next to OpenSSL's libssl (default, and with
// SSL_MODE_RELEASE_BUFFERS) with the same certificates, suite and groups.
//
// Every malloc of the process (parley, libcrypto, libssl, libstdc++) is
// counted here by interposing the allocator, so all stacks are measured the
// same way, by glibc's usable size of each block. Each benchmark runs N
// client/server pairs through full handshakes in memory and keeps them idle:
//   client_idle_B / server_idle_B: heap per established, idle connection
//     (all pairs held, then the clients freed, then the servers);
//   peak_B: the most heap one pair (both sides) held during its handshake;
//   retained_B: what stayed allocated once every pair was freed (a leak, or
//     state the configuration keeps, such as a server's session cache).
// Transport buffers are not counted: parley has none, and OpenSSL's memory
// BIOs are swapped for empty ones after the handshake (a socket BIO's size).
// parley_stream is parley's blocking Stream over a Unix socket pair (the
// server side on a thread during the handshake): the Connection plus what
// the Stream and its Pump keep.
//
//   parley_memory_bench
#include <benchmark/benchmark.h>
#include <malloc.h>
#include <openssl/ssl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "parley/stream.h"
#include "tls_pairs.h"

// ---- heap accounting -------------------------------------------------------

namespace heap {

std::atomic<int64_t> live{0};
std::atomic<int64_t> peak{0};

void added(void* block) {
  if (block == nullptr) return;
  const int64_t now = live.fetch_add(static_cast<int64_t>(malloc_usable_size(block))) +
                      static_cast<int64_t>(malloc_usable_size(block));
  int64_t seen = peak.load();
  while (now > seen && !peak.compare_exchange_weak(seen, now)) {
  }
}

void removed(void* block) {
  if (block != nullptr) live.fetch_sub(static_cast<int64_t>(malloc_usable_size(block)));
}

// Starts a new peak at the current level; returns that level.
int64_t restart_peak() {
  const int64_t now = live.load();
  peak.store(now);
  return now;
}

}  // namespace heap

extern "C" {
void* __libc_malloc(size_t size);
void* __libc_calloc(size_t count, size_t size);
void* __libc_realloc(void* block, size_t size);
void* __libc_memalign(size_t alignment, size_t size);
void __libc_free(void* block);

void* malloc(size_t size) noexcept {
  void* block = __libc_malloc(size);
  heap::added(block);
  return block;
}

void* calloc(size_t count, size_t size) noexcept {
  void* block = __libc_calloc(count, size);
  heap::added(block);
  return block;
}

void* realloc(void* block, size_t size) noexcept {
  heap::removed(block);
  void* moved = __libc_realloc(block, size);
  // On failure the old block is still there (and still counted).
  heap::added(moved == nullptr && size != 0 ? block : moved);
  return moved;
}

void* memalign(size_t alignment, size_t size) noexcept {
  void* block = __libc_memalign(alignment, size);
  heap::added(block);
  return block;
}

void* aligned_alloc(size_t alignment, size_t size) noexcept {
  return memalign(alignment, size);
}

int posix_memalign(void** out, size_t alignment, size_t size) noexcept {
  void* block = memalign(alignment, size);
  if (block == nullptr) return ENOMEM;
  *out = block;
  return 0;
}

void free(void* block) noexcept {
  heap::removed(block);
  __libc_free(block);
}
}  // extern "C"

namespace bench {
namespace {

using parley::CipherSuite;
using parley::ProtocolVersion;

const HandshakeCase kMemoryCases[] = {
    {"tls13_ecdsa_p256_x25519_aes128", ProtocolVersion::kTls13, CipherSuite::kTlsAes128GcmSha256,
     KeyType::kEcdsaP256, "TLS_AES_128_GCM_SHA256", "-CIPHER-ALL:+AES-128-GCM"},
    {"tls12_ecdhe_ecdsa_x25519_aes128", ProtocolVersion::kTls12,
     CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyType::kEcdsaP256,
     "ECDHE-ECDSA-AES128-GCM-SHA256", "-CIPHER-ALL:+AES-128-GCM:-KX-ALL:+ECDHE-ECDSA"},
};

constexpr int kPairs = 200;

// One established pair whose sides can be freed one at a time.
class IdlePair {
 public:
  virtual ~IdlePair() = default;
  virtual void free_client() = 0;
};

// Makes one pair through a full handshake; nullptr and a message on failure.
using PairMaker = std::function<std::unique_ptr<IdlePair>(std::string& error)>;

// ---- parley ----

// Moves every pending TLS byte of `from` into `to`; false on an error.
bool deliver(parley::Connection& from, parley::Connection& to, std::string& error) {
  for (auto pending = from.pending_tls(); !pending.empty(); pending = from.pending_tls()) {
    auto taken = to.receive_tls(pending);
    if (!taken.ok() || *taken == 0) {
      error = taken.ok() ? "the receiver took nothing" : taken.error().message;
      return false;
    }
    from.consume_tls(*taken);
  }
  return true;
}

class ParleyIdlePair final : public IdlePair {
 public:
  ParleyIdlePair(parley::ClientConnection client, parley::ServerConnection server)
      : client_(std::move(client)), server_(std::move(server)) {}
  void free_client() override { client_.reset(); }

  static std::unique_ptr<IdlePair> make(const ParleyStack& stack, std::string& error) {
    if (error = stack.error; !error.empty()) return nullptr;
    auto client = parley::ClientConnection::create(stack.client_config, "localhost");
    auto server = parley::ServerConnection::create(stack.server_config);
    if (!client.ok() || !server.ok()) {
      error = client.ok() ? server.error().message : client.error().message;
      return nullptr;
    }
    for (int flight = 0; flight < kMaxFlights; ++flight) {
      if (!deliver(*client, *server, error) || !deliver(*server, *client, error)) return nullptr;
      if (!client->is_handshaking() && !server->is_handshaking() && !client->wants_write() &&
          !server->wants_write()) {
        return std::make_unique<ParleyIdlePair>(std::move(*client), std::move(*server));
      }
    }
    error = "the handshake did not finish";
    return nullptr;
  }

 private:
  std::optional<parley::ClientConnection> client_;
  std::optional<parley::ServerConnection> server_;
};

// ---- parley's blocking Stream over a socket pair ----

class StreamIdlePair final : public IdlePair {
 public:
  StreamIdlePair(parley::Stream client, parley::Stream server)
      : client_(std::move(client)), server_(std::move(server)) {}
  void free_client() override { client_.reset(); }

  static std::unique_ptr<IdlePair> make(const ParleyStack& stack, std::string& error) {
    if (error = stack.error; !error.empty()) return nullptr;
    int fds[2];
    if (socketpair(AF_UNIX, SOCK_STREAM, 0, fds) != 0) {
      error = "socketpair failed";
      return nullptr;
    }
    auto connection = parley::ClientConnection::create(stack.client_config, "localhost");
    if (!connection.ok()) {
      close(fds[0]);
      close(fds[1]);
      error = connection.error().message;
      return nullptr;
    }
    parley::Stream client(fds[0],
                          std::make_unique<parley::ClientConnection>(std::move(*connection)));
    std::optional<parley::Result<parley::Stream>> server;
    std::thread accepting(
        [&] { server.emplace(parley::Stream::accept(fds[1], stack.server_config)); });
    const parley::Status handshake = client.handshake();
    accepting.join();
    if (!handshake.ok() || !server->ok()) {
      error = !handshake.ok() ? handshake.error().message : server->error().message;
      return nullptr;
    }
    return std::make_unique<StreamIdlePair>(std::move(client), std::move(**server));
  }

 private:
  std::optional<parley::Stream> client_;
  std::optional<parley::Stream> server_;
};

// ---- OpenSSL ----

class OpenSslIdlePair final : public IdlePair {
 public:
  ~OpenSslIdlePair() override {
    free_client();
    SSL_free(server_);
  }
  void free_client() override {
    SSL_free(client_);
    client_ = nullptr;
  }

  static std::unique_ptr<IdlePair> make(const OpenSslStack& stack, bool release_buffers,
                                        std::string& error) {
    if (error = stack.error; !error.empty()) return nullptr;
    auto pair = std::make_unique<OpenSslIdlePair>();
    pair->client_ = SSL_new(stack.client);
    pair->server_ = SSL_new(stack.server);
    for (SSL* ssl : {pair->client_, pair->server_}) {
      if (release_buffers) SSL_set_mode(ssl, SSL_MODE_RELEASE_BUFFERS);
    }
    SSL_set_tlsext_host_name(pair->client_, "localhost");
    SSL_set1_host(pair->client_, "localhost");
    SSL_set_connect_state(pair->client_);
    SSL_set_accept_state(pair->server_);
    // One memory BIO per direction, each held by both sides.
    BIO* to_server = BIO_new(BIO_s_mem());
    BIO* to_client = BIO_new(BIO_s_mem());
    BIO_up_ref(to_server);
    BIO_up_ref(to_client);
    SSL_set_bio(pair->client_, to_client, to_server);
    SSL_set_bio(pair->server_, to_server, to_client);
    if (!handshake(pair->client_, pair->server_)) {
      error = openssl_error("SSL_do_handshake");
      return nullptr;
    }
    // Idle from here: empty transports, like a socket BIO.
    for (SSL* ssl : {pair->client_, pair->server_}) {
      SSL_set0_rbio(ssl, BIO_new(BIO_s_mem()));
      SSL_set0_wbio(ssl, BIO_new(BIO_s_mem()));
    }
    return pair;
  }

 private:
  static bool handshake(SSL* client, SSL* server) {
    bool client_done = false;
    bool server_done = false;
    for (int flight = 0; flight < kMaxFlights && !(client_done && server_done); ++flight) {
      if (!client_done && !step(client, client_done)) return false;
      if (!server_done && !step(server, server_done)) return false;
    }
    return client_done && server_done;
  }

  static bool step(SSL* ssl, bool& done) {
    const int result = SSL_do_handshake(ssl);
    done = result == 1;
    const int reason = done ? SSL_ERROR_NONE : SSL_get_error(ssl, result);
    return done || reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE;
  }

  SSL* client_ = nullptr;
  SSL* server_ = nullptr;
};

// ---- the measurement ----

void measure(benchmark::State& state, const PairMaker& make) {
  std::string error;
  // The first pair, not counted, builds whatever a stack allocates once.
  if (make(error) == nullptr) {
    state.SkipWithError(error.c_str());
    return;
  }
  for (auto _ : state) {
    std::vector<std::unique_ptr<IdlePair>> pairs;
    pairs.reserve(kPairs);
    const int64_t baseline = heap::live.load();
    int64_t peak = 0;
    for (int i = 0; i < kPairs; ++i) {
      const int64_t before = heap::restart_peak();
      auto pair = make(error);
      if (pair == nullptr) {
        state.SkipWithError(error.c_str());
        return;
      }
      peak = std::max(peak, heap::peak.load() - before);
      pairs.push_back(std::move(pair));
    }
    const int64_t all_idle = heap::live.load();
    for (auto& pair : pairs) pair->free_client();
    const int64_t servers_idle = heap::live.load();
    pairs.clear();
    const int64_t after = heap::live.load();
    state.counters["client_idle_B"] = static_cast<double>(all_idle - servers_idle) / kPairs;
    state.counters["server_idle_B"] = static_cast<double>(servers_idle - baseline) / kPairs;
    state.counters["peak_B"] = static_cast<double>(peak);
    state.counters["retained_B"] = static_cast<double>(after - baseline);
  }
}

void register_case(const HandshakeCase& c) {
  const std::string name = std::string("memory/") + c.name + "/";
  auto parley_stack = std::make_shared<ParleyStack>(c);
  auto openssl_stack = std::make_shared<OpenSslStack>(c);
  benchmark::RegisterBenchmark((name + "parley").c_str(), [parley_stack](benchmark::State& s) {
    measure(s, [&](std::string& e) { return ParleyIdlePair::make(*parley_stack, e); });
  })->Iterations(1);
  benchmark::RegisterBenchmark((name + "parley_stream").c_str(), [parley_stack](
                                                                     benchmark::State& s) {
    measure(s, [&](std::string& e) { return StreamIdlePair::make(*parley_stack, e); });
  })->Iterations(1);
  for (const bool release : {false, true}) {
    benchmark::RegisterBenchmark((name + (release ? "openssl_release_buffers" : "openssl")).c_str(),
                                 [openssl_stack, release](benchmark::State& s) {
                                   measure(s, [&](std::string& e) {
                                     return OpenSslIdlePair::make(*openssl_stack, release, e);
                                   });
                                 })
        ->Iterations(1);
  }
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  for (const auto& c : bench::kMemoryCases) bench::register_case(c);
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}

// Full TLS handshakes and bulk transfer in memory, parley next to OpenSSL's
// libssl and GnuTLS with the same certificates, suites and groups.
//
// Handshakes: each iteration creates a client and a server and runs a full
// handshake (no tickets; the client verifies the chain and the host name),
// or, for the resume_* cases, an abbreviated one resuming the session of an
// untimed first handshake (parley, OpenSSL and GnuTLS alike).
// shared_configs/* runs parley and OpenSSL on 1 and 2 threads sharing one server and one client
// configuration. The thread CPU time
// spent inside each side's calls is accumulated separately and reported per handshake (client_us,
// server_us) and as handshakes per second per side. Bulk: after one handshake, each iteration
// writes 16 KiB (bulk16384/*) or 100 bytes (bulk100/*) on the client and reads it all on the
// server; bytes_per_second (CPU time) covers both sides; raw_aead is the floor (aead_floor.h).
// Floor: each side's public-key operations alone (primitive_floor.h), which bound the ratio to
// OpenSSL that any stack on these primitives can reach.
//
// At the end a summary prints each figure (medians when run with
// --benchmark_repetitions) and parley's ratio to each baseline.
//
//   parley_handshake_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The console always shows the usual table plus the summary; for JSON add
// --benchmark_out=FILE --benchmark_out_format=json.
#include <benchmark/benchmark.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "aead_floor.h"
#include "primitive_floor.h"
#include "tls_pairs.h"

namespace bench {
namespace {

using parley::CipherSuite;
using parley::ProtocolVersion;

// Adding a configuration is one row.
const HandshakeCase kHandshakeCases[] = {
    {"tls13_ecdsa_p256_x25519_aes128", ProtocolVersion::kTls13, CipherSuite::kTlsAes128GcmSha256,
     KeyType::kEcdsaP256, "TLS_AES_128_GCM_SHA256", "-CIPHER-ALL:+AES-128-GCM"},
    {"tls13_ecdsa_p256_x25519mlkem768_aes128", ProtocolVersion::kTls13,
     CipherSuite::kTlsAes128GcmSha256, KeyType::kEcdsaP256, "TLS_AES_128_GCM_SHA256",
     "-CIPHER-ALL:+AES-128-GCM", /*hybrid=*/true},
    {"tls13_rsa2048_pss_x25519_aes128", ProtocolVersion::kTls13, CipherSuite::kTlsAes128GcmSha256,
     KeyType::kRsa2048, "TLS_AES_128_GCM_SHA256", "-CIPHER-ALL:+AES-128-GCM"},
    {"tls12_ecdhe_ecdsa_x25519_aes128", ProtocolVersion::kTls12,
     CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyType::kEcdsaP256,
     "ECDHE-ECDSA-AES128-GCM-SHA256", "-CIPHER-ALL:+AES-128-GCM:-KX-ALL:+ECDHE-ECDSA"},
    {"tls12_ecdhe_rsa_x25519_aes128", ProtocolVersion::kTls12,
     CipherSuite::kTlsEcdheRsaWithAes128GcmSha256, KeyType::kRsa2048, "ECDHE-RSA-AES128-GCM-SHA256",
     "-CIPHER-ALL:+AES-128-GCM:-KX-ALL:+ECDHE-RSA"},
    {"tls12_rsa_kx_aes128", ProtocolVersion::kTls12, CipherSuite::kTlsRsaWithAes128GcmSha256,
     KeyType::kRsa2048, "AES128-GCM-SHA256", "-CIPHER-ALL:+AES-128-GCM:-KX-ALL:+RSA"},
    // Resumed handshakes (after one untimed full handshake).
    {"resume_tls13_psk_x25519_aes128", ProtocolVersion::kTls13, CipherSuite::kTlsAes128GcmSha256,
     KeyType::kEcdsaP256, "TLS_AES_128_GCM_SHA256", "-CIPHER-ALL:+AES-128-GCM",
     /*hybrid=*/false, Resumption::kTicket},
    {"resume_tls12_ticket_aes128", ProtocolVersion::kTls12,
     CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyType::kEcdsaP256,
     "ECDHE-ECDSA-AES128-GCM-SHA256", "-CIPHER-ALL:+AES-128-GCM:-KX-ALL:+ECDHE-ECDSA",
     /*hybrid=*/false, Resumption::kTicket},
    {"resume_tls12_session_id_aes128", ProtocolVersion::kTls12,
     CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyType::kEcdsaP256,
     "ECDHE-ECDSA-AES128-GCM-SHA256", "-CIPHER-ALL:+AES-128-GCM:-KX-ALL:+ECDHE-ECDSA",
     /*hybrid=*/false, Resumption::kSessionId},
};

const HandshakeCase kBulkCases[] = {
    {"tls13_aes128_gcm", ProtocolVersion::kTls13, CipherSuite::kTlsAes128GcmSha256,
     KeyType::kEcdsaP256, "TLS_AES_128_GCM_SHA256", "-CIPHER-ALL:+AES-128-GCM"},
    {"tls13_chacha20_poly1305", ProtocolVersion::kTls13, CipherSuite::kTlsChaCha20Poly1305Sha256,
     KeyType::kEcdsaP256, "TLS_CHACHA20_POLY1305_SHA256", "-CIPHER-ALL:+CHACHA20-POLY1305"},
};

// Full records (throughput) and small writes (latency-bound traffic).
constexpr size_t kBulkWrites[] = {16 * 1024, 100};
constexpr const char* kRawAead = "raw_aead";

std::vector<uint8_t> bulk_data(size_t size) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 31 + 7);
  return data;
}

struct Implementation {
  const char* name;
  std::unique_ptr<Stack> (*make)(const HandshakeCase&);
};

template <typename T>
std::unique_ptr<Stack> make_stack(const HandshakeCase& c) {
  return std::make_unique<T>(c);
}

// parley first: the summary divides it by each of the others.
const std::vector<Implementation>& implementations() {
  static const std::vector<Implementation> all = {
    {"parley", make_stack<ParleyStack>},
    {"openssl", make_stack<OpenSslStack>},
#if PARLEY_HAVE_GNUTLS
    {"gnutls", make_stack<GnutlsStack>},
#endif
  };
  return all;
}

void handshakes(benchmark::State& state, const Implementation& implementation,
                const HandshakeCase& c) {
  const auto stack = implementation.make(c);
  if (c.resumption != Resumption::kNone) {
    SideTimes untimed;  // the full handshake that makes the first session
    if (const auto error = stack->pair()->handshake(untimed); !error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  SideTimes times;
  for (auto _ : state) {
    const auto pair = stack->pair();
    if (const auto error = pair->handshake(times); !error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
    if (c.resumption != Resumption::kNone && !pair->resumed()) {
      state.SkipWithError("the handshake did not resume");
      return;
    }
  }
  const double count = static_cast<double>(state.iterations());
  const double client_seconds = static_cast<double>(times.client.count()) * 1e-9;
  const double server_seconds = static_cast<double>(times.server.count()) * 1e-9;
  state.counters["client_us"] = client_seconds * 1e6 / count;
  state.counters["server_us"] = server_seconds * 1e6 / count;
  state.counters["client_hs_per_s"] = count / client_seconds;
  state.counters["server_hs_per_s"] = count / server_seconds;
}

// T threads each running client/server pairs against one shared ServerConfig
// and ClientConfig (parley: its ticketer, session stores and replay cache;
// OpenSSL: one SSL_CTX per side). Rates are per thread (averaged), from each
// thread's CPU time inside the calls (work added by sharing) and from the wall
// clock (also time spent waiting, e.g. on a lock; meaningful only on an
// otherwise idle machine), to compare with the one-thread run.
void shared_configs(benchmark::State& state, const Implementation& implementation,
                    const HandshakeCase& c) {
  static std::map<std::string, std::shared_ptr<Stack>> stacks;
  static std::mutex mutex;
  std::shared_ptr<Stack> shared;
  {
    std::lock_guard lock(mutex);
    auto& slot = stacks[std::string(c.name) + "/" + implementation.name];
    if (!slot) slot = implementation.make(c);
    shared = slot;
  }
  SideTimes times;
  if (c.resumption != Resumption::kNone) (void)shared->pair()->handshake(times);
  times = {};
  const auto start = std::chrono::steady_clock::now();
  for (auto _ : state) {
    const auto pair = shared->pair();
    if (const auto error = pair->handshake(times); !error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const double count = static_cast<double>(state.iterations());
  const auto per_thread = [](double value) {
    return benchmark::Counter(value, benchmark::Counter::kAvgThreads);
  };
  state.counters["client_hs_per_s"] =
      per_thread(count / (static_cast<double>(times.client.count()) * 1e-9));
  state.counters["server_hs_per_s"] =
      per_thread(count / (static_cast<double>(times.server.count()) * 1e-9));
  state.counters["pairs_per_wall_s"] = per_thread(count / wall);
}

// The public-key work of one side alone (see primitive_floor.h).
void primitive_floor(benchmark::State& state, const HandshakeCase& c, Side side) {
  const PrimitiveFloor floor(c, side);
  Nanos total{0};
  for (auto _ : state) {
    timed(total, [&] {
      floor.run();
      return 0;
    });
  }
  state.counters["us"] =
      static_cast<double>(total.count()) * 1e-3 / static_cast<double>(state.iterations());
}

void bulk(benchmark::State& state, const Implementation& implementation, const HandshakeCase& c,
          size_t write_size) {
  const auto stack = implementation.make(c);
  const auto pair = stack->pair();
  SideTimes unused;
  if (const auto error = pair->handshake(unused); !error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  const std::vector<uint8_t> data = bulk_data(write_size);
  std::vector<uint8_t> sink(write_size);
  for (auto _ : state) {
    if (const auto error = pair->transfer(data, sink); !error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  if (sink != data) {
    state.SkipWithError("the server read different bytes than the client wrote");
    return;
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(write_size));
}

bool is_chacha(const HandshakeCase& c) {
  return c.suite == CipherSuite::kTlsChaCha20Poly1305Sha256;
}

// The raw-AEAD floor beside the stacks (aead_floor.h).
void bulk_floor(benchmark::State& state, const HandshakeCase& c, size_t write_size) {
  const std::vector<uint8_t> data = bulk_data(write_size);
  AeadFloor floor(is_chacha(c), write_size);
  for (auto _ : state) {
    if (!floor.run(data.data())) {
      state.SkipWithError("the raw AEAD failed");
      return;
    }
  }
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(write_size));
}

std::string handshake_name(const HandshakeCase& c, const Implementation& i) {
  return std::string("handshake/") + c.name + "/" + i.name;
}

std::string floor_name(const HandshakeCase& c, Side side) {
  return std::string("floor/") + c.name + (side == Side::kServer ? "/server" : "/client");
}

std::string bulk_name(const HandshakeCase& c, const char* implementation, size_t write_size) {
  return "bulk" + std::to_string(write_size) + "/" + c.name + "/" + implementation;
}

// Keeps each benchmark's median (or only) run for the summary.
class SummaryReporter final : public benchmark::ConsoleReporter {
 public:
  struct Result {
    bool median = false;
    std::string error;  // non-empty: skipped with this error
    benchmark::UserCounters counters;
  };

  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const auto& run : runs) {
      const bool median = run.run_type == Run::RT_Aggregate && run.aggregate_name == "median";
      if (run.run_type == Run::RT_Aggregate && !median) continue;
      // Threaded runs are told apart by their "threads:N" part.
      std::string name = run.run_name.function_name;
      if (!run.run_name.threads.empty()) name += "/" + run.run_name.threads;
      Result& slot = results_[name];
      if (slot.median && !median) continue;
      slot = {median, run.error_occurred ? run.error_message : "", run.counters};
    }
  }

  // The counter, or a negative number if the benchmark did not run or failed.
  double value(const std::string& name, const std::string& counter) const {
    const auto found = results_.find(name);
    if (found == results_.end() || !found->second.error.empty()) return -1;
    const auto value = found->second.counters.find(counter);
    return value == found->second.counters.end() ? -1 : value->second.value;
  }

  // The benchmarks that were skipped, with their errors.
  std::map<std::string, std::string> errors() const {
    std::map<std::string, std::string> failed;
    for (const auto& [name, result] : results_) {
      if (!result.error.empty()) failed[name] = result.error;
    }
    return failed;
  }

 private:
  std::map<std::string, Result> results_;
};

// One table row: the figure per implementation, then parley / each other.
void print_row(const SummaryReporter& reporter, const char* label, const char* side,
               const std::vector<std::string>& names, const std::string& counter, double scale) {
  std::printf("%-34s %-7s", label, side);
  std::vector<double> values;
  for (const auto& name : names) {
    values.push_back(reporter.value(name, counter));
    if (values.back() < 0) {
      std::printf(" %10s", "-");
    } else {
      std::printf(" %10.1f", values.back() * scale);
    }
  }
  for (size_t i = 1; i < values.size(); ++i) {
    if (values[0] > 0 && values[i] > 0) {
      std::printf(" %12.2f", values[0] / values[i]);
    } else {
      std::printf(" %12s", "-");
    }
  }
  std::printf("\n");
}

void print_header(const char* title) {
  std::printf("\n%s\n%-34s %-7s", title, "case", "side");
  for (const auto& implementation : implementations()) std::printf(" %10s", implementation.name);
  for (size_t i = 1; i < implementations().size(); ++i) {
    std::printf(" %12s", ("parley/" + std::string(implementations()[i].name)).c_str());
  }
  std::printf("\n");
}

// Per handshake side: the public-key floor, each implementation's time, and
// the best ratio to OpenSSL that the floor leaves room for.
void print_floor(const SummaryReporter& reporter) {
  std::printf(
      "\nMicroseconds per handshake side; floor = its public-key operations alone "
      "(primitive_floor.h).\n%-34s %-7s %10s %10s %10s %14s %16s\n",
      "case", "side", "floor", "parley", "openssl", "parley-floor", "openssl/floor");
  const auto micros = [&](const std::string& name, const char* counter) {
    const double per_second = reporter.value(name, counter);
    return per_second > 0 ? 1e6 / per_second : -1;
  };
  for (const auto& c : kHandshakeCases) {
    if (c.resumption != Resumption::kNone) continue;  // the floor is a full handshake's
    for (const Side side : {Side::kClient, Side::kServer}) {
      const char* counter = side == Side::kServer ? "server_hs_per_s" : "client_hs_per_s";
      const double floor = reporter.value(floor_name(c, side), "us");
      const double parley = micros(handshake_name(c, implementations()[0]), counter);
      const double openssl = micros(handshake_name(c, implementations()[1]), counter);
      if (floor <= 0 || parley <= 0 || openssl <= 0) continue;
      std::printf("%-34s %-7s %10.1f %10.1f %10.1f %14.1f %16.2f\n", c.name,
                  side == Side::kServer ? "server" : "client", floor, parley, openssl,
                  parley - floor, openssl / floor);
    }
  }
}

// What the post-quantum hybrid costs parley per side: the hybrid handshake's
// CPU time over the X25519-only one with the same certificate and suite, from
// the same run. Bars (issue 14): server at most 1.4x, client at most 1.3x.
void print_hybrid_cost(const SummaryReporter& reporter) {
  const HandshakeCase& classical = kHandshakeCases[0];
  const HandshakeCase& hybrid = kHandshakeCases[1];
  std::printf("\nparley, X25519MLKEM768 against X25519 alone (%s), microseconds per handshake:\n",
              classical.name);
  std::printf("%-7s %12s %16s %8s %6s\n", "side", "x25519", "x25519mlkem768", "ratio", "bar");
  for (const Side side : {Side::kClient, Side::kServer}) {
    const char* counter = side == Side::kServer ? "server_us" : "client_us";
    const double base = reporter.value(handshake_name(classical, implementations()[0]), counter);
    const double with = reporter.value(handshake_name(hybrid, implementations()[0]), counter);
    if (base <= 0 || with <= 0) continue;
    const double bar = side == Side::kServer ? 1.4 : 1.3;
    std::printf("%-7s %12.1f %16.1f %8.2f %6.1f %s\n", side == Side::kServer ? "server" : "client",
                base, with, with / base, bar, with / base <= bar ? "ok" : "OVER");
  }
}

// The cases run on 1 and 2 threads sharing one ServerConfig and ClientConfig:
// the full TLS 1.3 ECDSA handshake (parley and OpenSSL) and its PSK
// resumption (parley; the OpenSSL pair keeps its session to resume in the
// shared stack, which threads cannot share).
const HandshakeCase* const kThreadCases[] = {&kHandshakeCases[0], &kHandshakeCases[6]};

std::string threads_name(const HandshakeCase& c, const Implementation& i) {
  return std::string("shared_configs/") + c.name + "/" + i.name;
}

bool runs_threaded(const HandshakeCase& c, const Implementation& i) {
  return i.name == std::string("parley") ||
         (i.name == std::string("openssl") && c.resumption == Resumption::kNone);
}

void print_threads(const SummaryReporter& reporter) {
  std::printf(
      "\nT threads sharing one ServerConfig and ClientConfig (SSL_CTX), per thread; bar: 2t/1t "
      ">= 0.95.\n%-34s %-8s %-16s %10s %10s %8s\n",
      "case", "stack", "rate", "1 thread", "2 threads", "2t/1t");
  for (const HandshakeCase* c : kThreadCases) {
    for (const auto& implementation : implementations()) {
      if (!runs_threaded(*c, implementation)) continue;
      for (const char* counter : {"client_hs_per_s", "server_hs_per_s", "pairs_per_wall_s"}) {
        const std::string name = threads_name(*c, implementation);
        const double one = reporter.value(name + "/threads:1", counter);
        const double two = reporter.value(name + "/threads:2", counter);
        if (one <= 0 || two <= 0) continue;
        std::printf("%-34s %-8s %-16s %10.1f %10.1f %8.2f\n", c->name, implementation.name, counter,
                    one, two, two / one);
      }
    }
  }
}

// Bulk MB/s per stack and the raw-AEAD floor, then parley's ratios to each.
void print_bulk(const SummaryReporter& reporter, size_t write_size) {
  std::printf(
      "\nBulk transfer, %zu-byte writes, client write -> server read, MB/s (CPU time); "
      "bars: >= 1.15x openssl, >= 1.1x gnutls, >= 0.9x raw_aead\n%-26s",
      write_size, "case");
  std::vector<const char*> columns;
  for (const auto& implementation : implementations()) columns.push_back(implementation.name);
  columns.push_back(kRawAead);
  for (const char* column : columns) std::printf(" %10s", column);
  for (size_t i = 1; i < columns.size(); ++i) {
    std::printf(" %15s", ("parley/" + std::string(columns[i])).c_str());
  }
  std::printf("\n");
  for (const auto& c : kBulkCases) {
    std::printf("%-26s", c.name);
    std::vector<double> values;
    for (const char* column : columns) {
      values.push_back(reporter.value(bulk_name(c, column, write_size), "bytes_per_second"));
      values.back() < 0 ? std::printf(" %10s", "-") : std::printf(" %10.1f", values.back() * 1e-6);
    }
    for (size_t i = 1; i < values.size(); ++i) {
      values[0] > 0 && values[i] > 0 ? std::printf(" %15.2f", values[0] / values[i])
                                     : std::printf(" %15s", "-");
    }
    std::printf("\n");
  }
}

void print_summary(const SummaryReporter& reporter) {
  std::printf(
      "\n=== Summary (median of repetitions, or the single run). Ratios > 1: parley is "
      "faster.\n");
  print_header("Full handshakes per second, CPU time inside each side's calls:");
  for (const auto& c : kHandshakeCases) {
    std::vector<std::string> names;
    for (const auto& implementation : implementations()) {
      names.push_back(handshake_name(c, implementation));
    }
    print_row(reporter, c.name, "client", names, "client_hs_per_s", 1);
    print_row(reporter, c.name, "server", names, "server_hs_per_s", 1);
  }
  print_floor(reporter);
  print_hybrid_cost(reporter);
  print_threads(reporter);
  for (const size_t write_size : kBulkWrites) print_bulk(reporter, write_size);
  bool header = false;
  for (const auto& [name, error] : reporter.errors()) {
    if (!header) std::printf("\nNot measured:\n");
    header = true;
    std::printf("  %s: %s\n", name.c_str(), error.c_str());
  }
}

void register_benchmarks() {
  for (const HandshakeCase* c : kThreadCases) {
    for (const auto& implementation : implementations()) {
      if (!runs_threaded(*c, implementation)) continue;
      benchmark::RegisterBenchmark(threads_name(*c, implementation).c_str(),
                                   [c, &implementation](benchmark::State& state) {
                                     shared_configs(state, implementation, *c);
                                   })
          ->Unit(benchmark::kMicrosecond)
          ->Threads(1)
          ->Threads(2)
          ->UseRealTime();
    }
  }
  for (const auto& c : kHandshakeCases) {
    for (const auto& implementation : implementations()) {
      benchmark::RegisterBenchmark(
          handshake_name(c, implementation).c_str(),
          [&](benchmark::State& state) { handshakes(state, implementation, c); })
          ->Unit(benchmark::kMicrosecond);
    }
  }
  for (const auto& c : kHandshakeCases) {
    if (c.hybrid || c.resumption != Resumption::kNone)
      continue;  // the floor times full classical handshakes
    for (const Side side : {Side::kClient, Side::kServer}) {
      benchmark::RegisterBenchmark(floor_name(c, side).c_str(), [&c,
                                                                 side](benchmark::State& state) {
        primitive_floor(state, c, side);
      })->Unit(benchmark::kMicrosecond);
    }
  }
  for (const size_t write_size : kBulkWrites) {
    for (const auto& c : kBulkCases) {
      for (const auto& implementation : implementations()) {
        benchmark::RegisterBenchmark(bulk_name(c, implementation.name, write_size).c_str(),
                                     [&, write_size](benchmark::State& state) {
                                       bulk(state, implementation, c, write_size);
                                     })
            ->Unit(benchmark::kMicrosecond);
      }
      benchmark::RegisterBenchmark(
          bulk_name(c, kRawAead, write_size).c_str(),
          [&c, write_size](benchmark::State& state) { bulk_floor(state, c, write_size); })
          ->Unit(benchmark::kMicrosecond);
    }
  }
}

}  // namespace
}  // namespace bench

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  bench::certificates();  // generated once, before any timing
  bench::register_benchmarks();
  bench::SummaryReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  bench::print_summary(reporter);
  benchmark::Shutdown();
  return 0;
}

// Full TLS handshakes and bulk transfer in memory, parley next to OpenSSL's
// libssl and GnuTLS with the same certificates, suites and groups.
//
// Handshakes: each iteration creates a client and a server and runs a full
// handshake (no tickets; the client verifies the chain and the host name),
// or, for the resume_* cases, an abbreviated one resuming the session of an
// untimed first handshake (parley, OpenSSL and GnuTLS alike).
// shared_server/* runs parley on 1 and 2 threads sharing one ServerConfig. The thread CPU time
// spent inside each side's calls is accumulated separately and reported per handshake (client_us,
// server_us) and as handshakes per second per side. Bulk: after one handshake, each iteration
// writes 16 KiB on the client and reads it all on the server; bytes_per_second (CPU time) covers
// both sides. Floor: each side's public-key operations alone (primitive_floor.h), which bound the
// ratio to OpenSSL that any stack on these primitives can reach.
//
// At the end a summary prints each figure (medians when run with
// --benchmark_repetitions) and parley's ratio to each baseline.
//
//   parley_handshake_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
//
// The console always shows the usual table plus the summary; for JSON add
// --benchmark_out=FILE --benchmark_out_format=json.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

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

constexpr size_t kBulkWrite = 16 * 1024;

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

// parley on several threads sharing one ServerConfig (its ticketer, session
// store and replay cache), each thread with its own client and cache. The
// rates are per thread (averaged), to compare with the one-thread run.
void shared_server(benchmark::State& state, const HandshakeCase& c) {
  static std::map<std::string, std::shared_ptr<ParleyStack>> stacks;
  static std::mutex mutex;
  std::shared_ptr<ParleyStack> shared;
  {
    std::lock_guard lock(mutex);
    auto& slot = stacks[c.name];
    if (!slot) slot = std::make_shared<ParleyStack>(c);
    shared = slot;
  }
  ParleyStack mine = *shared;  // the same server config
  auto client = std::make_shared<parley::ClientConfig>(*shared->client_config);
  if (client->session_cache) client->session_cache = parley::make_client_session_cache();
  mine.client_config = client;
  SideTimes times;
  if (c.resumption != Resumption::kNone) (void)mine.pair()->handshake(times);
  times = {};
  for (auto _ : state) {
    const auto pair = mine.pair();
    if (const auto error = pair->handshake(times); !error.empty()) {
      state.SkipWithError(error.c_str());
      return;
    }
  }
  const double count = static_cast<double>(state.iterations());
  const auto per_thread = [](double value) {
    return benchmark::Counter(value, benchmark::Counter::kAvgThreads);
  };
  state.counters["client_hs_per_s"] =
      per_thread(count / (static_cast<double>(times.client.count()) * 1e-9));
  state.counters["server_hs_per_s"] =
      per_thread(count / (static_cast<double>(times.server.count()) * 1e-9));
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

void bulk(benchmark::State& state, const Implementation& implementation, const HandshakeCase& c) {
  const auto stack = implementation.make(c);
  const auto pair = stack->pair();
  SideTimes unused;
  if (const auto error = pair->handshake(unused); !error.empty()) {
    state.SkipWithError(error.c_str());
    return;
  }
  std::vector<uint8_t> data(kBulkWrite);
  for (size_t i = 0; i < data.size(); ++i) data[i] = static_cast<uint8_t>(i * 31 + 7);
  std::vector<uint8_t> sink(kBulkWrite);
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
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(kBulkWrite));
}

std::string handshake_name(const HandshakeCase& c, const Implementation& i) {
  return std::string("handshake/") + c.name + "/" + i.name;
}

std::string floor_name(const HandshakeCase& c, Side side) {
  return std::string("floor/") + c.name + (side == Side::kServer ? "/server" : "/client");
}

std::string bulk_name(const HandshakeCase& c, const Implementation& i) {
  return std::string("bulk/") + c.name + "/" + i.name;
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

// The cases run on 1 and 2 threads sharing one ServerConfig: the full TLS 1.3
// ECDSA handshake and its PSK resumption.
const HandshakeCase* const kThreadCases[] = {&kHandshakeCases[0], &kHandshakeCases[6]};

std::string threads_name(const HandshakeCase& c) {
  return std::string("shared_server/") + c.name + "/parley";
}

void print_threads(const SummaryReporter& reporter) {
  std::printf(
      "\nparley sharing one ServerConfig, handshakes per second per thread:\n"
      "%-34s %-7s %10s %10s %12s\n",
      "case", "side", "1 thread", "2 threads", "2t/1t");
  for (const HandshakeCase* c : kThreadCases) {
    for (const char* counter : {"client_hs_per_s", "server_hs_per_s"}) {
      const double one = reporter.value(threads_name(*c) + "/threads:1", counter);
      const double two = reporter.value(threads_name(*c) + "/threads:2", counter);
      if (one <= 0 || two <= 0) continue;
      std::printf("%-34s %-7s %10.1f %10.1f %12.2f\n", c->name,
                  counter[0] == 'c' ? "client" : "server", one, two, two / one);
    }
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
  print_header("Bulk transfer, 16 KiB writes, client write -> server read, MB/s:");
  for (const auto& c : kBulkCases) {
    std::vector<std::string> names;
    for (const auto& implementation : implementations()) {
      names.push_back(bulk_name(c, implementation));
    }
    print_row(reporter, c.name, "both", names, "bytes_per_second", 1e-6);
  }
  bool header = false;
  for (const auto& [name, error] : reporter.errors()) {
    if (!header) std::printf("\nNot measured:\n");
    header = true;
    std::printf("  %s: %s\n", name.c_str(), error.c_str());
  }
}

void register_benchmarks() {
  for (const HandshakeCase* c : kThreadCases) {
    benchmark::RegisterBenchmark(threads_name(*c).c_str(),
                                 [c](benchmark::State& state) { shared_server(state, *c); })
        ->Unit(benchmark::kMicrosecond)
        ->Threads(1)
        ->Threads(2)
        ->UseRealTime();
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
  for (const auto& c : kBulkCases) {
    for (const auto& implementation : implementations()) {
      benchmark::RegisterBenchmark(bulk_name(c, implementation).c_str(),
                                   [&](benchmark::State& state) { bulk(state, implementation, c); })
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

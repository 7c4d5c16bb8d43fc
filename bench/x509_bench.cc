// Certificate validation cost: x509::verify_chain on a leaf + intermediate +
// root chain, next to only the signature work that validation cannot avoid
// (decode the intermediate's key, verify the leaf's signature with it, verify
// the intermediate's signature with the root's key, which the trust store
// holds already decoded). The ratio is the price of parley's own parsing,
// path building and rule checks; the target is at most 1.10.
//
//   parley_x509_bench --benchmark_repetitions=10 --benchmark_report_aggregates_only=true
//
// The chains (ECDSA P-256 and RSA-2048) are made at start-up with the openssl
// command into a temporary directory.
#include <benchmark/benchmark.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "crypto/provider.h"
#include "x509/pem.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace {

using parley::Bytes;
using parley::ByteView;
namespace x509 = parley::x509;

constexpr int64_t kTime = 1893456000;  // 2030-01-01, inside the 10-year validity

struct Chain {
  x509::Certificate root;
  x509::Certificate intermediate;
  x509::Certificate leaf;
  x509::TrustStore store;
};

void run(const std::string& command) {
  if (std::system((command + " >/dev/null 2>&1").c_str()) != 0) {
    std::fprintf(stderr, "x509_bench: failed: %s\n", command.c_str());
    std::exit(1);
  }
}

x509::Certificate load(const std::string& path) {
  auto chain = x509::load_certificate_chain_file(path);
  if (!chain.ok()) {
    std::fprintf(stderr, "x509_bench: %s\n", chain.error().message.c_str());
    std::exit(1);
  }
  return chain->front();
}

// key: "ec -pkeyopt ec_paramgen_curve:P-256" or "rsa:2048".
Chain make_chain(const std::string& name, const std::string& key) {
  const std::filesystem::path dir =
      std::filesystem::temp_directory_path() / ("parley_x509_bench_" + name);
  std::filesystem::create_directories(dir);
  const std::string d = dir.string() + "/";
  const std::string req = "openssl req -x509 -config /dev/null -nodes -days 3650 -newkey " + key;
  const std::string ca =
      " -addext basicConstraints=critical,CA:TRUE"
      " -addext keyUsage=critical,keyCertSign -addext subjectKeyIdentifier=hash";
  run(req + " -keyout " + d + "root.key -out " + d + "root.pem -subj '/CN=Bench Root'" + ca);
  run(req + " -keyout " + d + "int.key -out " + d + "int.pem -subj '/CN=Bench Intermediate'" + ca +
      " -addext authorityKeyIdentifier=keyid:always -CA " + d + "root.pem -CAkey " + d +
      "root.key");
  run(req + " -keyout " + d + "leaf.key -out " + d + "leaf.pem -subj /CN=example.com" +
      " -addext subjectAltName=DNS:example.com -addext extendedKeyUsage=serverAuth" +
      " -addext keyUsage=critical,digitalSignature -addext authorityKeyIdentifier=keyid:always" +
      " -CA " + d + "int.pem -CAkey " + d + "int.key");
  Chain chain{load(d + "root.pem"), load(d + "int.pem"), load(d + "leaf.pem"), x509::TrustStore()};
  if (!chain.store.add(chain.root).ok()) std::exit(1);
  std::filesystem::remove_all(dir);
  return chain;
}

const Chain& chain(int64_t index) {
  static const std::map<int64_t, Chain> chains = [] {
    std::map<int64_t, Chain> out;
    out.emplace(0, make_chain("ec", "ec -pkeyopt ec_paramgen_curve:P-256"));
    out.emplace(1, make_chain("rsa", "rsa:2048"));
    return out;
  }();
  return chains.at(index);
}

void label(benchmark::State& state) {
  state.SetLabel(state.range(0) == 0 ? "P-256" : "RSA-2048");
}

void BM_VerifyChain(benchmark::State& state) {
  const Chain& c = chain(state.range(0));
  const Bytes leaf(c.leaf.der().begin(), c.leaf.der().end());
  const std::vector<Bytes> intermediates = {
      Bytes(c.intermediate.der().begin(), c.intermediate.der().end())};
  x509::VerifyOptions options;
  options.time = kTime;
  options.peer_name = x509::PeerName::parse("example.com");
  for (auto _ : state) {
    auto path = x509::verify_chain(leaf, intermediates, c.store, options);
    if (!path.ok()) state.SkipWithError(path.error().message.c_str());
    benchmark::DoNotOptimize(path);
  }
  label(state);
}

// The signature work alone: decode the intermediate's key and verify both
// signatures (the root's key is decoded once, as in a trust store).
void BM_SignaturesOnly(benchmark::State& state) {
  const Chain& c = chain(state.range(0));
  const auto& provider = parley::crypto::default_provider();
  const auto root_key = c.root.public_key(provider);
  const auto leaf_alg = *c.leaf.signature_algorithm();
  const auto int_alg = *c.intermediate.signature_algorithm();
  for (auto _ : state) {
    auto int_key = provider.parse_public_key(c.intermediate.public_key_info().der);
    bool ok = int_key.ok() && (*int_key)->verify(leaf_alg, c.leaf.tbs(), c.leaf.signature()) &&
              (*root_key)->verify(int_alg, c.intermediate.tbs(), c.intermediate.signature());
    if (!ok) state.SkipWithError("signature check failed");
    benchmark::DoNotOptimize(ok);
  }
  label(state);
}

// Only the two verify calls, both keys decoded beforehand (for reference).
void BM_VerifyCallsOnly(benchmark::State& state) {
  const Chain& c = chain(state.range(0));
  const auto& provider = parley::crypto::default_provider();
  const auto root_key = c.root.public_key(provider);
  const auto int_key = c.intermediate.public_key(provider);
  const auto leaf_alg = *c.leaf.signature_algorithm();
  const auto int_alg = *c.intermediate.signature_algorithm();
  for (auto _ : state) {
    bool ok = (*int_key)->verify(leaf_alg, c.leaf.tbs(), c.leaf.signature()) &&
              (*root_key)->verify(int_alg, c.intermediate.tbs(), c.intermediate.signature());
    if (!ok) state.SkipWithError("signature check failed");
    benchmark::DoNotOptimize(ok);
  }
  label(state);
}

// Parsing alone: both certificates, no crypto.
void BM_ParseCertificates(benchmark::State& state) {
  const Chain& c = chain(state.range(0));
  for (auto _ : state) {
    auto leaf = x509::Certificate::parse(c.leaf.der());
    auto intermediate = x509::Certificate::parse(c.intermediate.der());
    benchmark::DoNotOptimize(leaf);
    benchmark::DoNotOptimize(intermediate);
  }
  label(state);
}

// Path building and rule checks alone: both certificates parsed beforehand.
void BM_VerifyParsed(benchmark::State& state) {
  const Chain& c = chain(state.range(0));
  const std::vector<x509::Certificate> intermediates = {c.intermediate};
  x509::VerifyOptions options;
  options.time = kTime;
  options.peer_name = x509::PeerName::parse("example.com");
  for (auto _ : state) {
    auto path = x509::verify_chain(c.leaf, intermediates, c.store, options);
    if (!path.ok()) state.SkipWithError(path.error().message.c_str());
    benchmark::DoNotOptimize(path);
  }
  label(state);
}

BENCHMARK(BM_VerifyChain)->Arg(0)->Arg(1);
BENCHMARK(BM_VerifyParsed)->Arg(0)->Arg(1);
BENCHMARK(BM_SignaturesOnly)->Arg(0)->Arg(1);
BENCHMARK(BM_VerifyCallsOnly)->Arg(0)->Arg(1);
BENCHMARK(BM_ParseCertificates)->Arg(0)->Arg(1);

// Prints validation / signatures-only from the medians (or the single runs)
// of CPU time, which other processes on a shared machine disturb least.
class RatioReporter : public benchmark::ConsoleReporter {
 public:
  void ReportRuns(const std::vector<Run>& runs) override {
    ConsoleReporter::ReportRuns(runs);
    for (const Run& run : runs) {
      if (run.run_type == Run::RT_Aggregate && run.aggregate_name != "median") continue;
      times_[run.run_name.str()] = run.GetAdjustedCPUTime();
    }
  }
  void Finalize() override {
    ConsoleReporter::Finalize();
    for (const char* arg : {"0", "1"}) {
      const auto verify = times_.find(std::string("BM_VerifyChain/") + arg);
      const auto signatures = times_.find(std::string("BM_SignaturesOnly/") + arg);
      if (verify == times_.end() || signatures == times_.end()) continue;
      std::printf("%s: verify_chain / signatures only (CPU time) = %.3f\n",
                  arg[0] == '0' ? "P-256" : "RSA-2048", verify->second / signatures->second);
    }
  }

 private:
  std::map<std::string, double> times_;
};

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  RatioReporter reporter;
  benchmark::RunSpecifiedBenchmarks(&reporter);
  benchmark::Shutdown();
  return 0;
}

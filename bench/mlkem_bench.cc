// ML-KEM-768 alone: KeyGen, Encaps and Decaps through the provider (parley's
// own ML-KEM where libcrypto has none; the label says whose), and parley's
// own directly; X25519 key generation and agreement beside them for scale.
//
//   parley_mlkem_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>

#include <array>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/provider.h"

namespace {

using namespace parley::crypto;

const Provider& provider() {
  return default_provider();
}
constexpr KemAlgorithm kKem = KemAlgorithm::kMlKem768;

std::unique_ptr<KemDecapsulationKey> some_key() {
  return std::move(generate_kem_key(provider(), kKem)).value();
}

void ProviderKeyGen(benchmark::State& state) {
  state.SetLabel(std::string(provider().kem_implementation(kKem)));
  for (auto _ : state) benchmark::DoNotOptimize(generate_kem_key(provider(), kKem));
}

void ProviderEncaps(benchmark::State& state) {
  state.SetLabel(std::string(provider().kem_implementation(kKem)));
  const auto key = some_key();
  for (auto _ : state) {
    benchmark::DoNotOptimize(encapsulate(provider(), kKem, key->encapsulation_key()));
  }
}

void ProviderDecaps(benchmark::State& state) {
  state.SetLabel(std::string(provider().kem_implementation(kKem)));
  const auto key = some_key();
  const auto encapsulation = encapsulate(provider(), kKem, key->encapsulation_key());
  for (auto _ : state) benchmark::DoNotOptimize(key->decapsulate(encapsulation->ciphertext));
}

// parley's own, whatever libcrypto has.
void PortableKeyGen(benchmark::State& state) {
  std::array<uint8_t, kMlKem768SeedSize> seed{};
  for (auto _ : state) {
    provider().random(seed);
    benchmark::DoNotOptimize(mlkem::key_from_seed(provider().make_sha3(), seed));
  }
}

void PortableEncaps(benchmark::State& state) {
  const auto key = std::move(mlkem::key_from_seed(provider().make_sha3(),
                                                  std::array<uint8_t, kMlKem768SeedSize>{}))
                       .value();
  const auto sha3 = provider().make_sha3();
  std::array<uint8_t, kMlKem768EncapsulationRandomSize> m{};
  for (auto _ : state) {
    provider().random(m);
    benchmark::DoNotOptimize(mlkem::encapsulate(*sha3, key->encapsulation_key(), m));
  }
}

void PortableDecaps(benchmark::State& state) {
  const auto key = std::move(mlkem::key_from_seed(provider().make_sha3(),
                                                  std::array<uint8_t, kMlKem768SeedSize>{}))
                       .value();
  const auto sha3 = provider().make_sha3();
  const auto encapsulation =
      mlkem::encapsulate(*sha3, key->encapsulation_key(), std::array<uint8_t, 32>{});
  for (auto _ : state) benchmark::DoNotOptimize(key->decapsulate(encapsulation->ciphertext));
}

void X25519KeyGen(benchmark::State& state) {
  for (auto _ : state) {
    benchmark::DoNotOptimize(provider().make_key_exchange(KeyExchangeGroup::kX25519));
  }
}

void X25519Agree(benchmark::State& state) {
  auto ours = std::move(provider().make_key_exchange(KeyExchangeGroup::kX25519)).value();
  const auto peer = std::move(provider().make_key_exchange(KeyExchangeGroup::kX25519)).value();
  for (auto _ : state) benchmark::DoNotOptimize(ours->agree(peer->public_key()));
}

}  // namespace

BENCHMARK(ProviderKeyGen)->Unit(benchmark::kMicrosecond);
BENCHMARK(ProviderEncaps)->Unit(benchmark::kMicrosecond);
BENCHMARK(ProviderDecaps)->Unit(benchmark::kMicrosecond);
BENCHMARK(PortableKeyGen)->Unit(benchmark::kMicrosecond);
BENCHMARK(PortableEncaps)->Unit(benchmark::kMicrosecond);
BENCHMARK(PortableDecaps)->Unit(benchmark::kMicrosecond);
BENCHMARK(X25519KeyGen)->Unit(benchmark::kMicrosecond);
BENCHMARK(X25519Agree)->Unit(benchmark::kMicrosecond);

BENCHMARK_MAIN();

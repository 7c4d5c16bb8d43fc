// TLS 1.3 record seal/open throughput: parley's record layer next to raw
// libcrypto EVP doing the same AEAD work (same sizes, same 5-byte additional
// data, a reused pre-keyed EVP_CIPHER_CTX). The ratio parley/raw is the cost
// of the record layer itself (header, nonce, inner content type, interface).
//
//   parley_record_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only=true
#include <benchmark/benchmark.h>
#include <openssl/evp.h>

#include <cstring>
#include <memory>
#include <vector>

#include "crypto/provider.h"
#include "record/tls13_protection.h"

namespace {

using parley::Bytes;
using parley::ByteView;
using parley::crypto::AeadAlgorithm;
using parley::record::ContentType;

constexpr size_t kTag = 16;
constexpr size_t kHeader = 5;

AeadAlgorithm algorithm(int64_t index) {
  return static_cast<AeadAlgorithm>(index);
}

const EVP_CIPHER* evp_cipher(AeadAlgorithm alg) {
  switch (alg) {
    case AeadAlgorithm::kAes128Gcm:
      return EVP_aes_128_gcm();
    case AeadAlgorithm::kAes256Gcm:
      return EVP_aes_256_gcm();
    case AeadAlgorithm::kChaCha20Poly1305:
      return EVP_chacha20_poly1305();
  }
  return nullptr;
}

struct Fixture {
  explicit Fixture(AeadAlgorithm alg, size_t content_size)
      : alg(alg),
        key(parley::crypto::aead_key_size(alg), 0x42),
        iv(12, 0x24),
        content(content_size, 0x61) {}

  std::unique_ptr<parley::record::Tls13Encrypter> encrypter() const {
    return std::move(
        *parley::record::Tls13Encrypter::create(parley::crypto::default_provider(), alg, key, iv));
  }
  std::unique_ptr<parley::record::Tls13Decrypter> decrypter() const {
    return std::move(
        *parley::record::Tls13Decrypter::create(parley::crypto::default_provider(), alg, key, iv));
  }

  AeadAlgorithm alg;
  Bytes key;
  Bytes iv;
  Bytes content;
};

// A batch of consecutive records (sequence 0..n-1), to be opened in place and
// restored between passes outside the timed region.
struct RecordBatch {
  RecordBatch(const Fixture& f, size_t target_bytes) {
    auto enc = f.encrypter();
    const size_t record_size = kHeader + f.content.size() + 1 + kTag;
    count = std::max<size_t>(16, target_bytes / record_size);
    pristine.reserve(count * record_size);
    for (size_t i = 0; i < count; ++i) {
      offsets.push_back(pristine.size());
      (void)enc->seal(ContentType::kApplicationData, f.content, pristine);
    }
    working = pristine;
    size = record_size;
  }
  void restore() { std::memcpy(working.data(), pristine.data(), pristine.size()); }

  size_t count = 0;
  size_t size = 0;
  std::vector<size_t> offsets;
  Bytes pristine;
  Bytes working;
};

// The benchmark's arguments: {AEAD index, content bytes}.
Fixture fixture_for(const benchmark::State& state) {
  return Fixture(algorithm(state.range(0)), static_cast<size_t>(state.range(1)));
}

void set_bytes_processed(benchmark::State& state) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations()) * state.range(1));
}

// Times `seal()` (false on failure) once per iteration.
template <typename Seal>
void time_seals(benchmark::State& state, Seal&& seal) {
  for (auto _ : state) {
    if (!seal()) {
      state.SkipWithError("seal failed");
      break;
    }
    benchmark::ClobberMemory();
  }
  set_bytes_processed(state);
}

// Times `open(index, record)` (false on failure) once per iteration over the
// batch's records in order. After the last record the batch is restored and
// `rewind()` called, both outside the timed region.
template <typename Open, typename Rewind>
void time_opens(benchmark::State& state, RecordBatch& batch, Open&& open, Rewind&& rewind) {
  size_t next = 0;
  for (auto _ : state) {
    if (next == batch.count) {
      state.PauseTiming();
      batch.restore();
      rewind();
      next = 0;
      state.ResumeTiming();
    }
    if (!open(next, batch.working.data() + batch.offsets[next])) {
      state.SkipWithError("open failed");
      break;
    }
    ++next;
  }
  set_bytes_processed(state);
}

void ParleySeal(benchmark::State& state) {
  const Fixture f = fixture_for(state);
  auto enc = f.encrypter();
  Bytes out;
  out.reserve(f.content.size() + enc->max_overhead());
  time_seals(state, [&] {
    out.clear();
    const bool ok = enc->seal(ContentType::kApplicationData, f.content, out).ok();
    benchmark::DoNotOptimize(out.data());
    return ok;
  });
}

void ParleyOpen(benchmark::State& state) {
  const Fixture f = fixture_for(state);
  RecordBatch batch(f, 1 << 20);
  auto dec = f.decrypter();
  time_opens(
      state, batch,
      [&](size_t, uint8_t* record) {
        auto opened = dec->open({ContentType::kApplicationData, 0x0303,
                                 std::span<uint8_t>(record + kHeader, batch.size - kHeader)});
        if (!opened.ok()) return false;
        benchmark::DoNotOptimize(opened->data.data());
        return true;
      },
      [&] { dec->sequence().set_for_testing(0); });
}

// Raw EVP: one context keyed once; per record only the nonce, the 5-byte
// additional data, the content plus its type byte, and the tag.
class RawAead {
 public:
  RawAead(const Fixture& f, int encrypt) : ctx_(EVP_CIPHER_CTX_new()), iv_(f.iv) {
    EVP_CipherInit_ex(ctx_, evp_cipher(f.alg), nullptr, f.key.data(), nullptr, encrypt);
  }
  ~RawAead() { EVP_CIPHER_CTX_free(ctx_); }

  void nonce(uint64_t seq, uint8_t* out) const {
    std::memcpy(out, iv_.data(), 12);
    for (int i = 0; i < 8; ++i) out[11 - i] ^= static_cast<uint8_t>(seq >> (8 * i));
  }

  bool seal(uint64_t seq, const uint8_t* aad, const uint8_t* in, size_t n, uint8_t* out) {
    uint8_t iv[12];
    nonce(seq, iv);
    int len = 0;
    return EVP_EncryptInit_ex(ctx_, nullptr, nullptr, nullptr, iv) == 1 &&
           EVP_EncryptUpdate(ctx_, nullptr, &len, aad, kHeader) == 1 &&
           EVP_EncryptUpdate(ctx_, out, &len, in, static_cast<int>(n)) == 1 &&
           EVP_EncryptFinal_ex(ctx_, out + len, &len) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_GET_TAG, kTag, out + n) == 1;
  }

  bool open(uint64_t seq, const uint8_t* aad, uint8_t* in_out, size_t n) {
    uint8_t iv[12];
    nonce(seq, iv);
    int len = 0;
    return EVP_DecryptInit_ex(ctx_, nullptr, nullptr, nullptr, iv) == 1 &&
           EVP_DecryptUpdate(ctx_, nullptr, &len, aad, kHeader) == 1 &&
           EVP_DecryptUpdate(ctx_, in_out, &len, in_out, static_cast<int>(n)) == 1 &&
           EVP_CIPHER_CTX_ctrl(ctx_, EVP_CTRL_AEAD_SET_TAG, kTag, in_out + n) == 1 &&
           EVP_DecryptFinal_ex(ctx_, in_out + len, &len) == 1;
  }

 private:
  EVP_CIPHER_CTX* ctx_;
  Bytes iv_;
};

void RawEvpSeal(benchmark::State& state) {
  const Fixture f = fixture_for(state);
  RawAead aead(f, 1);
  // The same bytes go through the AEAD: content and the inner type byte.
  Bytes inner = f.content;
  inner.push_back(static_cast<uint8_t>(ContentType::kApplicationData));
  const uint8_t aad[kHeader] = {23, 3, 3, static_cast<uint8_t>((inner.size() + kTag) >> 8),
                                static_cast<uint8_t>(inner.size() + kTag)};
  Bytes out(inner.size() + kTag);
  uint64_t seq = 0;
  time_seals(state, [&] {
    const bool ok = aead.seal(seq++, aad, inner.data(), inner.size(), out.data());
    benchmark::DoNotOptimize(out.data());
    return ok;
  });
}

void RawEvpOpen(benchmark::State& state) {
  const Fixture f = fixture_for(state);
  RecordBatch batch(f, 1 << 20);
  RawAead aead(f, 0);
  time_opens(
      state, batch,
      [&](size_t index, uint8_t* record) {
        const bool ok = aead.open(index, record, record + kHeader, batch.size - kHeader - kTag);
        benchmark::DoNotOptimize(record);
        return ok;
      },
      [] {});
}

// The crypto provider's Aead alone (nonce and header computed the same way):
// separates the cost of the crypto seam from that of the record layer.
void ProviderAeadOpen(benchmark::State& state) {
  const Fixture f = fixture_for(state);
  RecordBatch batch(f, 1 << 20);
  auto aead = std::move(*parley::crypto::default_provider().make_aead(f.alg, f.key));
  parley::record::AeadNonce iv;
  std::memcpy(iv.data(), f.iv.data(), 12);
  const size_t n = batch.size - kHeader - kTag;
  time_opens(
      state, batch,
      [&](size_t index, uint8_t* record) {
        const bool ok = aead->open(parley::record::xor_nonce(iv, index), ByteView(record, kHeader),
                                   std::span<uint8_t>(record + kHeader, n),
                                   ByteView(record + kHeader + n, kTag));
        benchmark::DoNotOptimize(record);
        return ok;
      },
      [] {});
}

void Arguments(benchmark::internal::Benchmark* b) {
  b->ArgNames({"aead", "bytes"});
  for (int alg : {0, 1, 2}) {  // AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305
    for (int size : {100, 16384}) b->Args({alg, size});
  }
}

BENCHMARK(ParleySeal)->Apply(Arguments);
BENCHMARK(RawEvpSeal)->Apply(Arguments);
BENCHMARK(ParleyOpen)->Apply(Arguments);
BENCHMARK(RawEvpOpen)->Apply(Arguments);
BENCHMARK(ProviderAeadOpen)->Apply(Arguments);

}  // namespace

BENCHMARK_MAIN();

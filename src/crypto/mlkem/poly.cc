#include "crypto/mlkem/poly.h"

namespace parley::crypto::mlkem {
namespace {

constexpr int16_t kZeta = 17;  // a primitive 256th root of unity mod q (FIPS 203 4.3)

constexpr int bit_reverse7(int i) {
  int r = 0;
  for (int bit = 0; bit < 7; ++bit) r |= ((i >> bit) & 1) << (6 - bit);
  return r;
}

constexpr int32_t power_mod_q(int32_t base, int exponent) {
  int32_t r = 1;
  for (int e = 0; e < exponent; ++e) r = r * base % kQ;
  return r;
}

// x * 2^16 mod q, centred: the Montgomery form montgomery_multiply expects.
constexpr int16_t montgomery_form(int32_t x) {
  const int32_t m = (x << 16) % kQ;
  return static_cast<int16_t>(m > kQ / 2 ? m - kQ : m);
}

// zeta^BitRev7(i) (FIPS 203 Appendix A), in Montgomery form.
constexpr std::array<int16_t, 128> kZetas = [] {
  std::array<int16_t, 128> table{};
  for (int i = 0; i < 128; ++i) table[i] = montgomery_form(power_mod_q(kZeta, bit_reverse7(i)));
  return table;
}();

// zeta^(2 BitRev7(i) + 1) (FIPS 203 Appendix A, the gammas of Algorithm 11),
// in Montgomery form.
constexpr std::array<int16_t, 128> kGammas = [] {
  std::array<int16_t, 128> table{};
  for (int i = 0; i < 128; ++i) {
    table[i] = montgomery_form(power_mod_q(kZeta, 2 * bit_reverse7(i) + 1));
  }
  return table;
}();

static_assert(kZetas[0] == montgomery_form(1) && kZetas[1] == montgomery_form(1729));

uint32_t load32_le(const uint8_t* p) {
  return static_cast<uint32_t>(p[0]) | static_cast<uint32_t>(p[1]) << 8 |
         static_cast<uint32_t>(p[2]) << 16 | static_cast<uint32_t>(p[3]) << 24;
}

}  // namespace

void ntt(Poly& f) {
  // Cooley-Tukey butterflies; the sums are left unreduced (lazy reduction):
  // each of the 7 layers grows |f| by less than q, so |f| < 8q < 2^15 holds
  // without reducing until the end.
  size_t i = 1;
  for (size_t len = 128; len >= 2; len /= 2) {
    for (size_t start = 0; start < kN; start += 2 * len) {
      const int16_t zeta = kZetas[i++];
      for (size_t j = start; j < start + len; ++j) {
        const int16_t t = montgomery_multiply(zeta, f[j + len]);
        f[j + len] = static_cast<int16_t>(f[j] - t);
        f[j] = static_cast<int16_t>(f[j] + t);
      }
    }
  }
  reduce(f);
}

void inverse_ntt(Poly& f) {
  // Gentleman-Sande butterflies; the sums are Barrett-reduced at every layer
  // (they would otherwise double per layer), the differences are reduced by
  // the Montgomery multiplication.
  size_t i = 127;
  for (size_t len = 2; len <= 128; len *= 2) {
    for (size_t start = 0; start < kN; start += 2 * len) {
      const int16_t zeta = kZetas[i--];
      for (size_t j = start; j < start + len; ++j) {
        const int16_t t = f[j];
        f[j] = barrett_reduce(static_cast<int16_t>(t + f[j + len]));
        f[j + len] = montgomery_multiply(zeta, static_cast<int16_t>(f[j + len] - t));
      }
    }
  }
  // 128^-1, times 2^16 twice: once for montgomery_multiply, once to undo the
  // 2^-16 that multiply_accumulate leaves.
  constexpr int16_t kScale = static_cast<int16_t>((uint64_t{1} << 32) % kQ * 3303 % kQ);
  for (int16_t& c : f) c = montgomery_multiply(c, kScale);
}

void multiply_accumulate(const PolyVec& a, const PolyVec& b, Poly& out) {
  // Each product of the sum is accumulated in 32 bits and reduced once (lazy
  // reduction): with |a|, |b| < q and |gamma| <= q/2 a term is under 1.5 q^2
  // and k = 3 of them stay below q * 2^15, montgomery_reduce's bound.
  for (size_t i = 0; i < kN / 2; ++i) {
    const int16_t gamma = kGammas[i];
    int32_t even = 0;
    int32_t odd = 0;
    for (size_t v = 0; v < kK; ++v) {
      const int16_t a0 = a[v][2 * i];
      const int16_t a1 = a[v][2 * i + 1];
      const int16_t b0 = b[v][2 * i];
      const int16_t b1 = b[v][2 * i + 1];
      // Algorithm 12: c0 = a0 b0 + a1 b1 gamma, c1 = a0 b1 + a1 b0.
      even +=
          static_cast<int32_t>(a0) * b0 + static_cast<int32_t>(montgomery_multiply(a1, b1)) * gamma;
      odd += static_cast<int32_t>(a0) * b1 + static_cast<int32_t>(a1) * b0;
    }
    out[2 * i] = montgomery_reduce(even);
    out[2 * i + 1] = montgomery_reduce(odd);
  }
}

void to_montgomery(Poly& f) {
  constexpr int16_t kR2 = static_cast<int16_t>((uint64_t{1} << 32) % kQ);
  for (int16_t& c : f) c = montgomery_multiply(c, kR2);
}

void add(Poly& f, const Poly& g) {
  for (size_t i = 0; i < kN; ++i) f[i] = static_cast<int16_t>(f[i] + g[i]);
}

void subtract(Poly& f, const Poly& g) {
  for (size_t i = 0; i < kN; ++i) f[i] = static_cast<int16_t>(f[i] - g[i]);
}

void reduce(Poly& f) {
  for (int16_t& c : f) c = barrett_reduce(c);
}

void byte_encode(const Poly& f, int d, std::span<uint8_t> out) {
  // Little-endian bit packing (Algorithm 5's bit order); the loop shape
  // depends only on d.
  uint32_t bits = 0;
  int count = 0;
  size_t pos = 0;
  for (size_t i = 0; i < kN; ++i) {
    bits |= static_cast<uint32_t>(f[i]) << count;
    count += d;
    while (count >= 8) {
      out[pos++] = static_cast<uint8_t>(bits);
      bits >>= 8;
      count -= 8;
    }
  }
}

void byte_decode(std::span<const uint8_t> in, int d, Poly& f) {
  const uint32_t mask = (1u << d) - 1;
  uint32_t bits = 0;
  int count = 0;
  size_t pos = 0;
  for (size_t i = 0; i < kN; ++i) {
    while (count < d) {
      bits |= static_cast<uint32_t>(in[pos++]) << count;
      count += 8;
    }
    f[i] = static_cast<int16_t>(bits & mask);
    bits >>= d;
    count -= d;
  }
}

bool byte_decode12_checked(std::span<const uint8_t> in, Poly& f) {
  byte_decode(in, 12, f);
  for (int16_t c : f) {
    if (c >= kQ) return false;
  }
  return true;
}

void byte_decode12_reduced(std::span<const uint8_t> in, Poly& f) {
  byte_decode(in, 12, f);
  // A 12-bit value is below 2q: subtract q, add it back under the sign mask.
  for (int16_t& c : f) c = static_cast<int16_t>(to_canonical(static_cast<int16_t>(c - kQ)));
}

void compress_encode(const Poly& f, int d, std::span<uint8_t> out) {
  Poly compressed;
  for (size_t i = 0; i < kN; ++i) {
    compressed[i] = static_cast<int16_t>(compress(to_canonical(f[i]), d));
  }
  byte_encode(compressed, d, out);
}

void decode_decompress(std::span<const uint8_t> in, int d, Poly& f) {
  byte_decode(in, d, f);
  for (int16_t& c : f) c = decompress(static_cast<uint16_t>(c), d);
}

void sample_cbd2(std::span<const uint8_t, kCbdBytes> bytes, Poly& f) {
  // Algorithm 8 for eta = 2: each coefficient is (b0 + b1) - (b2 + b3) of four
  // consecutive bits; eight coefficients per 32-bit word, summing bit pairs
  // in parallel.
  for (size_t word = 0; word < kCbdBytes / 4; ++word) {
    const uint32_t t = load32_le(bytes.data() + 4 * word);
    const uint32_t pair_sums = (t & 0x55555555u) + ((t >> 1) & 0x55555555u);
    for (size_t j = 0; j < 8; ++j) {
      const auto x = static_cast<int16_t>((pair_sums >> (4 * j)) & 3);
      const auto y = static_cast<int16_t>((pair_sums >> (4 * j + 2)) & 3);
      f[8 * word + j] = static_cast<int16_t>(x - y);
    }
  }
}

bool sample_ntt(std::span<const uint8_t> stream, Poly& f) {
  size_t j = 0;
  for (size_t pos = 0; pos + 3 <= stream.size() && j < kN; pos += 3) {
    const auto d1 = static_cast<int16_t>(stream[pos] | (stream[pos + 1] & 0x0f) << 8);
    const auto d2 = static_cast<int16_t>(stream[pos + 1] >> 4 | stream[pos + 2] << 4);
    if (d1 < kQ) f[j++] = d1;
    if (d2 < kQ && j < kN) f[j++] = d2;
  }
  return j == kN;
}

}  // namespace parley::crypto::mlkem

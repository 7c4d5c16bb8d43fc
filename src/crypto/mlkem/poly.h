// Polynomial arithmetic of ML-KEM (FIPS 203 4.2 and 4.3): the ring
// R_q = Z_q[X]/(X^256 + 1), q = 3329, its NTT, compression, byte encoding and
// the two samplers.
//
// Constant time: no function here branches on or indexes memory by a
// coefficient value except SampleNTT, whose input is the public seed rho.
// Reductions are Montgomery (R = 2^16) and Barrett multiply-and-shift steps;
// a value is brought into [0, q) by adding q under a mask made from its sign
// bit; Compress divides by q with a multiply and a shift (no division
// instruction, whose time can depend on its operands).
//
// Representation: coefficients are int16_t. "Reduced" means in
// [-(q-1)/2, (q-1)/2] (barrett_reduce), "canonical" means in [0, q).
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

namespace parley::crypto::mlkem {

inline constexpr int kN = 256;
inline constexpr int16_t kQ = 3329;
inline constexpr size_t kK = 3;  // ML-KEM-768 (FIPS 203 8, Table 2)
inline constexpr int kDu = 10;
inline constexpr int kDv = 4;
inline constexpr size_t kPolyBytes = 384;  // ByteEncode_12 of one polynomial
inline constexpr size_t kCbdBytes = 128;   // PRF_eta output for eta = 2

using Poly = std::array<int16_t, kN>;
using PolyVec = std::array<Poly, kK>;

// q^-1 mod 2^16, as a signed value: 3329 * 62209 = 1 mod 2^16.
inline constexpr int16_t kQInverse = -3327;

// a * 2^-16 mod q, in (-q, q), for |a| < q * 2^15.
constexpr int16_t montgomery_reduce(int32_t a) {
  const auto t = static_cast<int16_t>(static_cast<int16_t>(a) * kQInverse);
  return static_cast<int16_t>((a - static_cast<int32_t>(t) * kQ) >> 16);
}

// a mod q, reduced (centred), for any int16_t a.
constexpr int16_t barrett_reduce(int16_t a) {
  constexpr int32_t kV = ((1 << 26) + kQ / 2) / kQ;  // round(2^26 / q)
  const auto t = static_cast<int16_t>((kV * a + (1 << 25)) >> 26);
  return static_cast<int16_t>(a - t * kQ);
}

// a * b * 2^-16 mod q, in (-q, q).
constexpr int16_t montgomery_multiply(int16_t a, int16_t b) {
  return montgomery_reduce(static_cast<int32_t>(a) * b);
}

// a in (-q, q) to [0, q): adds q when the sign bit is set.
constexpr uint16_t to_canonical(int16_t a) {
  return static_cast<uint16_t>(a + ((a >> 15) & kQ));
}

// FIPS 203 4.7, eq. (4.7): Compress_d(x) = round(2^d / q * x) mod 2^d for x in
// [0, q). floor(y / q) is (y * M) >> 36 with M = ceil(2^36 / q), exact for
// y < 2^24 (the error y * (M q - 2^36) / (q 2^36) stays below 1/q).
constexpr uint16_t compress(uint16_t x, int d) {
  constexpr uint64_t kM = ((uint64_t{1} << 36) + kQ - 1) / kQ;
  const uint64_t y = (static_cast<uint64_t>(x) << d) + kQ / 2;
  return static_cast<uint16_t>(((y * kM) >> 36) & ((1u << d) - 1));
}

// FIPS 203 4.7, eq. (4.8): Decompress_d(y) = round(q / 2^d * y).
constexpr int16_t decompress(uint16_t y, int d) {
  return static_cast<int16_t>((static_cast<uint32_t>(y) * kQ + (1u << (d - 1))) >> d);
}

// FIPS 203 Algorithm 9 NTT. Input |f| < q; output reduced.
void ntt(Poly& f);
// FIPS 203 Algorithm 10 NTT^-1, for input straight from multiply_accumulate
// (a Montgomery factor 2^-16 in it, which the final scaling removes). Output
// in (-q, q).
void inverse_ntt(Poly& f);

// FIPS 203 Algorithms 11 and 12 (MultiplyNTTs, BaseCaseMultiply) summed over
// a vector: out = sum_i a[i] x b[i] in T_q, times 2^-16. Inputs |.| < q.
void multiply_accumulate(const PolyVec& a, const PolyVec& b, Poly& out);

// a[i] * 2^16 mod q, reduced (undoes multiply_accumulate's factor).
void to_montgomery(Poly& f);
void add(Poly& f, const Poly& g);
void subtract(Poly& f, const Poly& g);
void reduce(Poly& f);

// FIPS 203 Algorithm 5 ByteEncode_d of canonical coefficients, d in 1..12;
// `out` is 32 * d bytes.
void byte_encode(const Poly& f, int d, std::span<uint8_t> out);
// FIPS 203 Algorithm 6 ByteDecode_d, d in 1..11 (values below 2^d).
void byte_decode(std::span<const uint8_t> in, int d, Poly& f);
// ByteDecode_12 without the reduction mod q; false if any value is q or more
// (the modulus check of FIPS 203 7.2 on the public encapsulation key).
bool byte_decode12_checked(std::span<const uint8_t> in, Poly& f);
// ByteDecode_12 with the reduction mod q (FIPS 203 Algorithm 6), constant
// time, for the secret part of a decapsulation key.
void byte_decode12_reduced(std::span<const uint8_t> in, Poly& f);

// Compress_d then ByteEncode_d of a reduced polynomial; Decompress_d after
// ByteDecode_d.
void compress_encode(const Poly& f, int d, std::span<uint8_t> out);
void decode_decompress(std::span<const uint8_t> in, int d, Poly& f);

// FIPS 203 Algorithm 8 SamplePolyCBD_2 from 128 bytes; coefficients in [-2, 2].
void sample_cbd2(std::span<const uint8_t, kCbdBytes> bytes, Poly& f);

// FIPS 203 Algorithm 7 SampleNTT, on XOF output already squeezed: takes
// 3-byte groups from `stream` until 256 coefficients are accepted. Returns
// false when the stream ran out first (the caller squeezes a longer one).
// Not constant time, by design: rho is public.
bool sample_ntt(std::span<const uint8_t> stream, Poly& f);

}  // namespace parley::crypto::mlkem

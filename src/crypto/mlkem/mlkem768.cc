// ML-KEM-768 (FIPS 203): K-PKE (Algorithms 13-15) and the ML-KEM internal
// algorithms (16-18) on the arithmetic of poly.h.
#include "crypto/mlkem/mlkem768.h"

#include <array>
#include <cstring>

#include "crypto/mlkem/constant_time.h"
#include "crypto/mlkem/poly.h"

namespace parley::crypto::mlkem {
namespace {

using Matrix = std::array<PolyVec, kK>;
using Seed32 = std::array<uint8_t, 32>;

constexpr size_t kDkPkeSize = kK * kPolyBytes;                   // 1152
constexpr size_t kEkSize = kK * kPolyBytes + 32;                 // 1184: t_hat || rho
constexpr size_t kCiphertextUSize = kK * 32 * kDu;               // 960
constexpr size_t kCiphertextSize = kCiphertextUSize + 32 * kDv;  // 1088
constexpr size_t kDkSize = kDkPkeSize + kEkSize + 32 + 32;       // dk_PKE || ek || H(ek) || z
constexpr size_t kShake128Rate = 168;
// Three SHAKE128 blocks give 336 candidates for SampleNTT's 256 (each accepted
// with probability q / 4096); about one matrix entry in 120 needs more.
constexpr size_t kSampleNttBlocks = 3;

static_assert(kEkSize == kMlKem768EncapsulationKeySize);
static_assert(kDkSize == kMlKem768DecapsulationKeySize);
static_assert(kCiphertextSize == kMlKem768CiphertextSize);

// Secret scratch values, wiped when they go out of scope.
template <typename T>
struct Wiped {
  T value{};
  Wiped() = default;
  Wiped(const Wiped&) = delete;
  Wiped& operator=(const Wiped&) = delete;
  ~Wiped() { secure_wipe(&value, sizeof value); }
};

ByteView view(const auto& array) {
  return ByteView(array.data(), array.size());
}

// ByteEncode_12 of a reduced polynomial (FIPS 203 Algorithm 5).
void encode12(const Poly& f, std::span<uint8_t> out) {
  Wiped<Poly> canonical;
  for (size_t i = 0; i < kN; ++i) canonical.value[i] = static_cast<int16_t>(to_canonical(f[i]));
  byte_encode(canonical.value, 12, out);
}

// FIPS 203 Algorithm 13 lines 3-7 (and Algorithm 14 lines 4-8):
// A_hat[i][j] = SampleNTT(rho || j || i). With `transposed` the entry is
// stored at [j][i], giving A_hat^T for Algorithm 14 line 19.
void expand_matrix(Sha3& sha3, ByteView rho, bool transposed, Matrix& a) {
  for (size_t i = 0; i < kK; ++i) {
    for (size_t j = 0; j < kK; ++j) {
      const std::array<uint8_t, 2> index = {static_cast<uint8_t>(j), static_cast<uint8_t>(i)};
      Poly& entry = transposed ? a[j][i] : a[i][j];
      std::array<uint8_t, kSampleNttBlocks * kShake128Rate> stream;
      sha3.digest(Sha3Function::kShake128, {rho, view(index)}, stream);
      if (sample_ntt(stream, entry)) continue;
      // The XOF's output is a stream: a longer squeeze starts with the same
      // bytes, so the rare short stream is redone longer.
      for (size_t blocks = kSampleNttBlocks + 1;; ++blocks) {
        Bytes longer(blocks * kShake128Rate);
        sha3.digest(Sha3Function::kShake128, {rho, view(index)}, longer);
        if (sample_ntt(longer, entry)) break;
      }
    }
  }
}

// SamplePolyCBD_eta(PRF_eta(seed, n)) with eta = 2 (FIPS 203 4.1 eq. 4.3).
void sample_noise(Sha3& sha3, ByteView seed, uint8_t n, Poly& f) {
  Wiped<std::array<uint8_t, kCbdBytes>> prf;
  const std::array<uint8_t, 1> nonce = {n};
  sha3.digest(Sha3Function::kShake256, {seed, view(nonce)}, prf.value);
  sample_cbd2(prf.value, f);
}

// The parts of an encapsulation key K-PKE.Encrypt uses, decoded.
struct PublicKey {
  PolyVec t_hat;
  Matrix a_transposed;
};

// FIPS 203 Algorithm 14 K-PKE.Encrypt(ek, m, r), ek already decoded.
void pke_encrypt(Sha3& sha3, const PublicKey& key, ByteView m, ByteView r,
                 std::span<uint8_t, kCiphertextSize> c) {
  Wiped<PolyVec> y;
  Wiped<PolyVec> e1;
  Wiped<Poly> e2;
  uint8_t n = 0;
  for (Poly& p : y.value) sample_noise(sha3, r, n++, p);
  for (Poly& p : e1.value) sample_noise(sha3, r, n++, p);
  sample_noise(sha3, r, n, e2.value);
  for (Poly& p : y.value) ntt(p);

  // u = NTT^-1(A_hat^T o y_hat) + e1 (line 19), compressed (line 22).
  Wiped<Poly> u;
  for (size_t i = 0; i < kK; ++i) {
    multiply_accumulate(key.a_transposed[i], y.value, u.value);
    inverse_ntt(u.value);
    add(u.value, e1.value[i]);
    reduce(u.value);
    compress_encode(u.value, kDu, c.subspan(i * 32 * kDu, 32 * kDu));
  }
  // mu = Decompress_1(ByteDecode_1(m)) (line 20); v = NTT^-1(t_hat^T o y_hat)
  // + e2 + mu (line 21), compressed (line 23).
  Wiped<Poly> mu;
  decode_decompress(m, 1, mu.value);
  Wiped<Poly> v;
  multiply_accumulate(key.t_hat, y.value, v.value);
  inverse_ntt(v.value);
  add(v.value, e2.value);
  add(v.value, mu.value);
  reduce(v.value);
  compress_encode(v.value, kDv, c.subspan(kCiphertextUSize));
}

// Decodes ek with the modulus check of FIPS 203 7.2 (ByteEncode_12 of
// ByteDecode_12 of each polynomial gives it back: every value is below q).
bool decode_public_key(Sha3& sha3, ByteView ek, PublicKey& key) {
  for (size_t i = 0; i < kK; ++i) {
    if (!byte_decode12_checked(ek.subspan(i * kPolyBytes, kPolyBytes), key.t_hat[i])) return false;
  }
  expand_matrix(sha3, ek.subspan(kDkPkeSize), /*transposed=*/true, key.a_transposed);
  return true;
}

class DecapsulationKey768 final : public KemDecapsulationKey {
 public:
  explicit DecapsulationKey768(std::unique_ptr<Sha3> sha3) : sha3_(std::move(sha3)) {}
  ~DecapsulationKey768() override {
    secure_wipe(dk_.data(), dk_.size());
    secure_wipe(&s_hat_, sizeof s_hat_);
  }
  DecapsulationKey768(const DecapsulationKey768&) = delete;
  DecapsulationKey768& operator=(const DecapsulationKey768&) = delete;

  // FIPS 203 Algorithm 16 ML-KEM.KeyGen_internal(d, z) with Algorithm 13
  // K-PKE.KeyGen(d).
  void generate(ByteView d, ByteView z) {
    Sha3& sha3 = *sha3_;
    // (rho, sigma) = G(d || k) (Algorithm 13 line 1).
    Wiped<std::array<uint8_t, 64>> rho_sigma;
    const std::array<uint8_t, 1> k = {static_cast<uint8_t>(kK)};
    sha3.digest(Sha3Function::kSha3_512, {d, view(k)}, rho_sigma.value);
    const ByteView rho(rho_sigma.value.data(), 32);
    const ByteView sigma(rho_sigma.value.data() + 32, 32);
    PARLEY_DECLASSIFY(rho.data(), rho.size());  // public: the end of ek

    Matrix a;
    expand_matrix(sha3, rho, /*transposed=*/false, a);
    Wiped<PolyVec> e;
    uint8_t n = 0;
    for (Poly& p : s_hat_) sample_noise(sha3, sigma, n++, p);
    for (Poly& p : e.value) sample_noise(sha3, sigma, n++, p);
    for (Poly& p : s_hat_) ntt(p);
    for (Poly& p : e.value) ntt(p);
    // t_hat = A_hat o s_hat + e_hat (line 18).
    for (size_t i = 0; i < kK; ++i) {
      Poly& t = public_.t_hat[i];
      multiply_accumulate(a[i], s_hat_, t);
      to_montgomery(t);
      add(t, e.value[i]);
      reduce(t);
    }
    for (size_t i = 0; i < kK; ++i) {
      for (size_t j = 0; j < kK; ++j) public_.a_transposed[j][i] = a[i][j];
    }
    // dk = dk_PKE || ek || H(ek) || z (Algorithm 16 line 3).
    auto dk = std::span<uint8_t>(dk_);
    for (size_t i = 0; i < kK; ++i) {
      encode12(s_hat_[i], dk.subspan(i * kPolyBytes, kPolyBytes));
      encode12(public_.t_hat[i], dk.subspan(kDkPkeSize + i * kPolyBytes, kPolyBytes));
    }
    std::memcpy(dk.data() + kDkPkeSize + kK * kPolyBytes, rho.data(), rho.size());
    finish_from_ek(z);
  }

  // FIPS 203 7.3: the hash check; the embedded ek must decode (7.2) too.
  bool parse(ByteView dk) {
    std::memcpy(dk_.data(), dk.data(), dk_.size());
    std::array<uint8_t, 32> hash;
    sha3_->digest(Sha3Function::kSha3_256, {encapsulation_key()}, hash);
    if (!constant_time_equal(hash, ByteView(dk_).subspan(kDkPkeSize + kEkSize, 32))) return false;
    if (!decode_public_key(*sha3_, encapsulation_key(), public_)) return false;
    for (size_t i = 0; i < kK; ++i) {
      byte_decode12_reduced(ByteView(dk_).subspan(i * kPolyBytes, kPolyBytes), s_hat_[i]);
    }
    return true;
  }

  ByteView encapsulation_key() const override { return ByteView(dk_).subspan(kDkPkeSize, kEkSize); }
  Secret decapsulation_key() const override { return Secret(ByteView(dk_)); }

  Result<Secret> decapsulate(ByteView ciphertext) override {
    // FIPS 203 7.3, ciphertext type check.
    if (ciphertext.size() != kCiphertextSize) {
      return illegal_parameter("ML-KEM-768 ciphertext length");
    }
    Secret shared(kMlKem768SharedSecretSize);
    decapsulate_internal(ciphertext.first<kCiphertextSize>(), shared.span());
    return shared;
  }

 private:
  // Appends H(ek) and z to dk (Algorithm 16 line 3).
  void finish_from_ek(ByteView z) {
    auto hash = std::span<uint8_t>(dk_).subspan(kDkPkeSize + kEkSize, 32);
    sha3_->digest(Sha3Function::kSha3_256, {encapsulation_key()}, hash);
    std::memcpy(dk_.data() + kDkPkeSize + kEkSize + 32, z.data(), 32);
  }

  // FIPS 203 Algorithm 15 K-PKE.Decrypt(dk_PKE, c).
  void pke_decrypt(std::span<const uint8_t, kCiphertextSize> c, std::span<uint8_t> m) const {
    Wiped<PolyVec> u;
    for (size_t i = 0; i < kK; ++i) {
      decode_decompress(c.subspan(i * 32 * kDu, 32 * kDu), kDu, u.value[i]);
      ntt(u.value[i]);
    }
    Wiped<Poly> v;
    decode_decompress(c.subspan(kCiphertextUSize), kDv, v.value);
    // w = v' - NTT^-1(s_hat^T o NTT(u')) (line 6), m = ByteEncode_1(Compress_1(w)).
    Wiped<Poly> w;
    multiply_accumulate(s_hat_, u.value, w.value);
    inverse_ntt(w.value);
    subtract(v.value, w.value);
    reduce(v.value);
    compress_encode(v.value, 1, m);
  }

  // FIPS 203 Algorithm 18 ML-KEM.Decaps_internal(dk, c).
  void decapsulate_internal(std::span<const uint8_t, kCiphertextSize> c,
                            std::span<uint8_t> shared) {
    Sha3& sha3 = *sha3_;
    const ByteView h = ByteView(dk_).subspan(kDkPkeSize + kEkSize, 32);
    const ByteView z = ByteView(dk_).subspan(kDkPkeSize + kEkSize + 32, 32);
    Wiped<Seed32> m;
    pke_decrypt(c, m.value);
    // (K', r') = G(m' || h) (line 7); K_bar = J(z || c) (line 8).
    Wiped<std::array<uint8_t, 64>> key_and_r;
    sha3.digest(Sha3Function::kSha3_512, {view(m.value), h}, key_and_r.value);
    Wiped<Seed32> rejection_key;
    sha3.digest(Sha3Function::kShake256, {z, c}, rejection_key.value);
    // c' = K-PKE.Encrypt(ek, m', r') (line 9).
    Wiped<std::array<uint8_t, kCiphertextSize>> reencrypted;
    pke_encrypt(sha3, public_, m.value, ByteView(key_and_r.value).subspan(32), reencrypted.value);
    // Lines 10-12: K' unless c != c', then K_bar; compared and selected
    // without a branch: `differs` is all ones iff some byte differs.
    uint32_t difference = 0;
    for (size_t i = 0; i < kCiphertextSize; ++i) difference |= c[i] ^ reencrypted.value[i];
    const auto differs = static_cast<uint8_t>(mask_if_nonzero(difference));
    for (size_t i = 0; i < kMlKem768SharedSecretSize; ++i) {
      const uint8_t good = key_and_r.value[i];
      shared[i] = static_cast<uint8_t>(good ^ (differs & (good ^ rejection_key.value[i])));
    }
  }

  std::unique_ptr<Sha3> sha3_;
  std::array<uint8_t, kDkSize> dk_{};
  PolyVec s_hat_{};  // secret
  PublicKey public_{};
};

}  // namespace

Result<std::unique_ptr<KemDecapsulationKey>> key_from_seed(std::unique_ptr<Sha3> sha3,
                                                           ByteView seed) {
  if (seed.size() != kMlKem768SeedSize) return illegal_parameter("ML-KEM-768 seed length");
  auto key = std::make_unique<DecapsulationKey768>(std::move(sha3));
  key->generate(seed.first(32), seed.subspan(32));
  return std::unique_ptr<KemDecapsulationKey>(std::move(key));
}

Result<std::unique_ptr<KemDecapsulationKey>> parse_decapsulation_key(std::unique_ptr<Sha3> sha3,
                                                                     ByteView dk) {
  if (dk.size() != kDkSize) return illegal_parameter("ML-KEM-768 decapsulation key length");
  auto key = std::make_unique<DecapsulationKey768>(std::move(sha3));
  if (!key->parse(dk)) return illegal_parameter("ML-KEM-768 decapsulation key fails its checks");
  return std::unique_ptr<KemDecapsulationKey>(std::move(key));
}

Result<KemEncapsulation> encapsulate(Sha3& sha3, ByteView encapsulation_key, ByteView m) {
  if (m.size() != kMlKem768EncapsulationRandomSize)
    return illegal_parameter("ML-KEM-768 randomness length");
  // FIPS 203 7.2: type check, then modulus check.
  if (encapsulation_key.size() != kEkSize)
    return illegal_parameter("ML-KEM-768 encapsulation key length");
  auto key = std::make_unique<PublicKey>();
  if (!decode_public_key(sha3, encapsulation_key, *key)) {
    return illegal_parameter("ML-KEM-768 encapsulation key fails the modulus check");
  }
  // Algorithm 17: (K, r) = G(m || H(ek)), c = K-PKE.Encrypt(ek, m, r).
  std::array<uint8_t, 32> h;
  sha3.digest(Sha3Function::kSha3_256, {encapsulation_key}, h);
  Wiped<std::array<uint8_t, 64>> key_and_r;
  sha3.digest(Sha3Function::kSha3_512, {m, view(h)}, key_and_r.value);
  KemEncapsulation out{Bytes(kCiphertextSize), Secret(ByteView(key_and_r.value).first(32))};
  pke_encrypt(sha3, *key, m, ByteView(key_and_r.value).subspan(32),
              std::span<uint8_t, kCiphertextSize>(out.ciphertext.data(), kCiphertextSize));
  return out;
}

}  // namespace parley::crypto::mlkem

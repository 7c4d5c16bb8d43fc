// ML-KEM-768 (FIPS 203): every Wycheproof case of ../shared/testdata/mlkem/,
// on parley's own implementation and on the provider's (libcrypto's where it
// has ML-KEM, OpenSSL 3.5 and later; parley's otherwise), plus the arithmetic
// underneath.
#include <gtest/gtest.h>

#include <fstream>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/mlkem/poly.h"
#include "crypto/provider.h"

namespace parley::crypto {
namespace {

using Json = nlohmann::json;

// One ML-KEM implementation under test.
struct KemUnderTest {
  std::string name;
  std::function<Result<std::unique_ptr<KemDecapsulationKey>>(ByteView seed)> key_from_seed;
  std::function<Result<std::unique_ptr<KemDecapsulationKey>>(ByteView dk)> parse_key;
  std::function<Result<KemEncapsulation>(ByteView ek, ByteView m)> encapsulate;
};

void PrintTo(const KemUnderTest& kem, std::ostream* out) {
  *out << kem.name;
}

KemUnderTest parley_own() {
  return {"parley",
          [](ByteView seed) { return mlkem::key_from_seed(default_provider().make_sha3(), seed); },
          [](ByteView dk) {
            return mlkem::parse_decapsulation_key(default_provider().make_sha3(), dk);
          },
          [](ByteView ek, ByteView m) {
            auto sha3 = default_provider().make_sha3();
            return mlkem::encapsulate(*sha3, ek, m);
          }};
}

KemUnderTest provider_kem() {
  const Provider& p = default_provider();
  return {
      "provider", [&p](ByteView seed) { return p.make_kem_key(KemAlgorithm::kMlKem768, seed); },
      [&p](ByteView dk) { return p.parse_kem_key(KemAlgorithm::kMlKem768, dk); },
      [&p](ByteView ek, ByteView m) { return p.kem_encapsulate(KemAlgorithm::kMlKem768, ek, m); }};
}

Json load(const std::string& file) {
  const std::string path = PARLEY_TESTDATA_DIR "/mlkem/" + file;
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  // Without exceptions: a malformed file is a discarded value, not a throw.
  Json json = Json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
  EXPECT_FALSE(json.is_discarded()) << path << " is not valid JSON";
  return json;
}

Bytes field(const Json& test, const std::string& name) {
  return from_hex(test.at(name).get<std::string>());
}

// Calls `check` on every test of `file`, and checks that that was
// numberOfTests of them.
void for_each_case(const std::string& file, const std::function<void(const Json&)>& check) {
  const Json doc = load(file);
  ASSERT_TRUE(doc.is_object());
  size_t count = 0;
  for (const Json& group : doc.at("testGroups")) {
    ASSERT_EQ(group.at("parameterSet").get<std::string>(), "ML-KEM-768");
    for (const Json& test : group.at("tests")) {
      SCOPED_TRACE(file + " tcId " + std::to_string(test.at("tcId").get<int>()) + ": " +
                   test.value("comment", std::string()));
      check(test);
      ++count;
    }
  }
  EXPECT_EQ(count, doc.at("numberOfTests").get<size_t>());
}

bool expected_valid(const Json& test) {
  const std::string& result = test.at("result").get<std::string>();
  EXPECT_TRUE(result == "valid" || result == "invalid") << result;
  return result == "valid";
}

void expect_illegal_parameter(const Error& error) {
  EXPECT_EQ(error.alert, AlertDescription::kIllegalParameter) << error.to_string();
}

class MlKemKat : public ::testing::TestWithParam<KemUnderTest> {};

TEST_P(MlKemKat, KeyGenFromSeed) {
  for_each_case("mlkem_768_keygen_seed_test.json", [&](const Json& test) {
    ASSERT_TRUE(expected_valid(test));
    auto key = GetParam().key_from_seed(field(test, "seed"));
    ASSERT_TRUE(key.ok()) << key.error().to_string();
    EXPECT_EQ(to_hex((*key)->encapsulation_key()), test.at("ek").get<std::string>());
    EXPECT_EQ(to_hex((*key)->decapsulation_key().view()), test.at("dk").get<std::string>());
  });
}

TEST_P(MlKemKat, EncapsWithModulusCheck) {
  size_t rejected = 0;
  for_each_case("mlkem_768_encaps_test.json", [&](const Json& test) {
    auto encapsulation = GetParam().encapsulate(field(test, "ek"), field(test, "m"));
    if (!expected_valid(test)) {
      ASSERT_FALSE(encapsulation.ok());
      expect_illegal_parameter(encapsulation.error());
      ++rejected;
      return;
    }
    ASSERT_TRUE(encapsulation.ok()) << encapsulation.error().to_string();
    EXPECT_EQ(to_hex(encapsulation->ciphertext), test.at("c").get<std::string>());
    EXPECT_EQ(to_hex(encapsulation->shared_secret.view()), test.at("K").get<std::string>());
  });
  EXPECT_EQ(rejected, 132u);
}

// An operation of a test case: false (and checked) when it failed, which
// only an invalid case may, with illegal_parameter.
template <typename T>
bool succeeded(const Result<T>& result, bool valid) {
  if (result.ok()) return true;
  EXPECT_FALSE(valid) << result.error().to_string();
  expect_illegal_parameter(result.error());
  return false;
}

void expect_decapsulates(KemDecapsulationKey& key, const Json& test, bool valid) {
  auto shared = key.decapsulate(field(test, "c"));
  if (!succeeded(shared, valid)) return;
  EXPECT_TRUE(valid);
  EXPECT_EQ(to_hex(shared->view()), test.at("K").get<std::string>());
}

// KeyGen from the seed, then Decaps: valid ciphertexts, implicit rejection
// (result "valid", K the rejection key), the strcmp case; seeds and
// ciphertexts of the wrong length are refused.
TEST_P(MlKemKat, KeyGenThenDecaps) {
  for_each_case("mlkem_768_test.json", [&](const Json& test) {
    const bool valid = expected_valid(test);
    auto key = GetParam().key_from_seed(field(test, "seed"));
    if (!succeeded(key, valid)) return;
    if (test.contains("ek")) {
      EXPECT_EQ(to_hex((*key)->encapsulation_key()), test.at("ek").get<std::string>());
    }
    expect_decapsulates(**key, test, valid);
  });
}

TEST_P(MlKemKat, DecapsWithExpandedKey) {
  for_each_case("mlkem_768_semi_expanded_decaps_test.json", [&](const Json& test) {
    const bool valid = expected_valid(test);
    auto key = GetParam().parse_key(field(test, "dk"));
    if (succeeded(key, valid)) expect_decapsulates(**key, test, valid);
  });
}

// Random keys: Encaps to a key and Decaps give the same secret; a changed
// ciphertext gives another (implicit rejection), the same one every time.
TEST_P(MlKemKat, RoundTripAndImplicitRejection) {
  for (int i = 0; i < 50; ++i) {
    Bytes seed(kMlKem768SeedSize);
    Bytes m(kMlKem768EncapsulationRandomSize);
    default_provider().random(seed);
    default_provider().random(m);
    auto key = GetParam().key_from_seed(seed);
    ASSERT_TRUE(key.ok());
    auto encapsulation = GetParam().encapsulate((*key)->encapsulation_key(), m);
    ASSERT_TRUE(encapsulation.ok());
    auto shared = (*key)->decapsulate(encapsulation->ciphertext);
    ASSERT_TRUE(shared.ok());
    EXPECT_EQ(shared->view().size(), kMlKem768SharedSecretSize);
    EXPECT_TRUE(*shared == encapsulation->shared_secret);
    Bytes tampered = encapsulation->ciphertext;
    tampered[static_cast<size_t>(i) * 21 % tampered.size()] ^= 1;
    auto rejected = (*key)->decapsulate(tampered);
    auto again = (*key)->decapsulate(tampered);
    ASSERT_TRUE(rejected.ok() && again.ok());
    EXPECT_FALSE(*rejected == encapsulation->shared_secret);
    EXPECT_TRUE(*rejected == *again);
  }
}

INSTANTIATE_TEST_SUITE_P(Implementations, MlKemKat, ::testing::Values(parley_own(), provider_kem()),
                         [](const auto& info) { return info.param.name; });

TEST(MlKemProvider, SaysWhoseImplementationRuns) {
  const std::string_view who = default_provider().kem_implementation(KemAlgorithm::kMlKem768);
  EXPECT_TRUE(who == "parley" || who == "libcrypto") << who;
  if (who == "parley") {
    std::cout << "libcrypto has no ML-KEM-768: the provider runs parley's own, so both "
                 "instantiations test the portable code\n";
  }
}

// generate_kem_key / encapsulate draw fresh randomness each time.
TEST(MlKemProvider, RandomisedKeyGenAndEncaps) {
  auto a = generate_kem_key(default_provider(), KemAlgorithm::kMlKem768);
  auto b = generate_kem_key(default_provider(), KemAlgorithm::kMlKem768);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(to_hex((*a)->encapsulation_key()), to_hex((*b)->encapsulation_key()));
  auto one = encapsulate(default_provider(), KemAlgorithm::kMlKem768, (*a)->encapsulation_key());
  auto two = encapsulate(default_provider(), KemAlgorithm::kMlKem768, (*a)->encapsulation_key());
  ASSERT_TRUE(one.ok() && two.ok());
  EXPECT_NE(one->ciphertext, two->ciphertext);
  auto shared = (*a)->decapsulate(two->ciphertext);
  ASSERT_TRUE(shared.ok());
  EXPECT_TRUE(*shared == two->shared_secret);
}

namespace arithmetic {
using namespace mlkem;

// Compress_d against its definition, round(2^d x / q) mod 2^d, for every x.
TEST(MlKemArithmetic, CompressMatchesDefinitionForEveryValue) {
  for (int d : {1, 4, 10, 11}) {
    for (uint32_t x = 0; x < static_cast<uint32_t>(kQ); ++x) {
      // round(a / b) = floor((2a + b) / (2b)) for positive integers.
      const uint32_t expected = ((x << (d + 1)) + kQ) / (2 * kQ) % (1u << d);
      ASSERT_EQ(compress(static_cast<uint16_t>(x), d), expected) << "d " << d << " x " << x;
    }
  }
}

TEST(MlKemArithmetic, ReductionsAgreeWithModulo) {
  for (int32_t a = -32768; a <= 32767; ++a) {
    const int16_t r = barrett_reduce(static_cast<int16_t>(a));
    ASSERT_LE(std::abs(r), (kQ - 1) / 2);
    ASSERT_EQ(((r - a) % kQ + kQ) % kQ, 0) << a;
  }
  for (int32_t a = -kQ * 32767; a < kQ * 32767; a += 9973) {
    const int16_t r = montgomery_reduce(a);
    ASSERT_LT(std::abs(r), kQ);
    // r * 2^16 = a (mod q)
    ASSERT_EQ(((static_cast<int64_t>(r) * 65536 - a) % kQ + kQ) % kQ, 0) << a;
  }
}

Poly random_poly(uint32_t seed) {
  Poly f;
  for (size_t i = 0; i < kN; ++i) {
    seed = seed * 1103515245 + 12345;
    f[i] = static_cast<int16_t>((seed >> 8) % kQ);
  }
  return f;
}

int16_t mod_q(int64_t a) {
  return static_cast<int16_t>(((a % kQ) + kQ) % kQ);
}

// NTT, pointwise multiplication and NTT^-1 against schoolbook
// multiplication in Z_q[X]/(X^256 + 1).
TEST(MlKemArithmetic, NttMultiplicationMatchesSchoolbook) {
  const Poly a = random_poly(1);
  const Poly b = random_poly(2);
  std::array<int64_t, kN> expected{};
  for (size_t i = 0; i < kN; ++i) {
    for (size_t j = 0; j < kN; ++j) {
      const int64_t product = static_cast<int64_t>(a[i]) * b[j];
      if (i + j < kN) {
        expected[i + j] += product;
      } else {
        expected[i + j - kN] -= product;  // X^256 = -1
      }
    }
  }
  PolyVec av{a, {}, {}};
  PolyVec bv{b, {}, {}};
  ntt(av[0]);
  ntt(bv[0]);
  Poly c;
  multiply_accumulate(av, bv, c);
  inverse_ntt(c);
  for (size_t i = 0; i < kN; ++i) ASSERT_EQ(mod_q(c[i]), mod_q(expected[i])) << i;
}

TEST(MlKemArithmetic, ByteEncodeDecodeRoundTrip) {
  for (int d : {1, 4, 10, 11, 12}) {
    Poly f = random_poly(static_cast<uint32_t>(d));
    for (int16_t& c : f) c = static_cast<int16_t>(c & ((1 << d) - 1));
    std::vector<uint8_t> bytes(32 * static_cast<size_t>(d));
    byte_encode(f, d, bytes);
    Poly g;
    if (d == 12) {
      for (int16_t& c : f) c = mod_q(c);
      byte_decode12_reduced(bytes, g);
    } else {
      byte_decode(bytes, d, g);
    }
    EXPECT_EQ(f, g) << d;
  }
}

}  // namespace arithmetic

}  // namespace
}  // namespace parley::crypto

#include "crypto/kdf.h"

#include <gtest/gtest.h>

#include "crypto/oracle.h"
#include "crypto/provider.h"

namespace parley::crypto {
namespace {

const Provider& provider() {
  return default_provider();
}

Bytes range(uint8_t first, uint8_t last) {
  Bytes out;
  for (int b = first; b <= last; ++b) out.push_back(static_cast<uint8_t>(b));
  return out;
}

struct HkdfCase {
  const char* name;
  Bytes ikm, salt, info;
  size_t length;
  const char* prk;
  const char* okm;
};

// RFC 5869 appendix A.1-A.3 (SHA-256).
TEST(Hkdf, Rfc5869Sha256) {
  const HkdfCase cases[] = {
      {"A.1", Bytes(22, 0x0b), range(0x00, 0x0c), range(0xf0, 0xf9), 42,
       "077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
       "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf"
       "34007208d5b887185865"},
      {"A.2", range(0x00, 0x4f), range(0x60, 0xaf), range(0xb0, 0xff), 82,
       "06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
       "b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
       "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
       "cc30c58179ec3e87c14c01d5c1f3434f1d87"},
      {"A.3",
       Bytes(22, 0x0b),
       {},
       {},
       42,
       "19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
       "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d"
       "9d201395faa4b61a96c8"},
  };
  for (const HkdfCase& c : cases) {
    SCOPED_TRACE(c.name);
    Secret prk = hkdf_extract(provider(), HashAlgorithm::kSha256, c.salt, c.ikm);
    EXPECT_EQ(to_hex(prk.view()), c.prk);
    Secret okm = hkdf_expand(provider(), HashAlgorithm::kSha256, prk, c.info, c.length);
    EXPECT_EQ(to_hex(okm.view()), c.okm);
  }
}

TEST(Hkdf, EmptySaltMeansHashLengthZeros) {
  Bytes ikm(22, 0x0b);
  for (HashAlgorithm alg : {HashAlgorithm::kSha256, HashAlgorithm::kSha384}) {
    Secret implicit = hkdf_extract(provider(), alg, {}, ikm);
    Secret explicit_zeros = hkdf_extract(provider(), alg, Bytes(hash_size(alg), 0), ikm);
    EXPECT_EQ(implicit.size(), hash_size(alg));
    EXPECT_TRUE(implicit == explicit_zeros);
  }
}

TEST(Hkdf, ShorterOutputIsAPrefixAndMaximumLengthWorks) {
  Bytes prk(48, 0x42);
  Secret full = hkdf_expand(provider(), HashAlgorithm::kSha384, prk, as_bytes("info"), 255 * 48);
  ASSERT_EQ(full.size(), 255u * 48);
  for (size_t length : {1u, 47u, 48u, 49u, 100u}) {
    Secret part = hkdf_expand(provider(), HashAlgorithm::kSha384, prk, as_bytes("info"), length);
    EXPECT_EQ(to_hex(part.view()), to_hex(full.view().first(length))) << length;
  }
  // Different info, different output.
  Secret other = hkdf_expand(provider(), HashAlgorithm::kSha384, prk, as_bytes("inf0"), 48);
  EXPECT_NE(to_hex(other.view()), to_hex(full.view().first(48)));
}

TEST(Tls12Prf, KnownVectorSha256) {
  // The TLS 1.2 PRF (SHA-256) test vector circulated on the IETF TLS list.
  Secret out =
      tls12_prf(provider(), HashAlgorithm::kSha256, from_hex("9bbe436ba940f017b17652849a71db35"),
                "test label", from_hex("a0ba9f936cda311827a6f796ffd5198c"), 100);
  EXPECT_EQ(to_hex(out.view()),
            "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a"
            "6b301791e90d35c9c9a46b4e14baf9af0fa022f7077def17abfd3797c0564bab"
            "4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e5a5110fff701"
            "87347b66");
}

TEST(Tls12Prf, MatchesLibcryptoTls1PrfSha256AndSha384) {
  Bytes secret = range(0x10, 0x3f);
  Bytes seed = range(0x80, 0xbf);
  for (auto [alg, name] :
       {std::pair{HashAlgorithm::kSha256, "SHA256"}, std::pair{HashAlgorithm::kSha384, "SHA384"}}) {
    for (const char* label : {"master secret", "key expansion", "client finished"}) {
      for (size_t length : {1u, 12u, 31u, 32u, 33u, 48u, 64u, 100u, 104u, 255u}) {
        SCOPED_TRACE(std::string(name) + " " + label + " " + std::to_string(length));
        Secret ours = tls12_prf(provider(), alg, secret, label, seed, length);
        EXPECT_EQ(to_hex(ours.view()),
                  to_hex(testing::oracle_tls12_prf(name, secret, label, seed, length)));
      }
    }
  }
}

TEST(Tls12Prf, SecretLongerThanBlockAndEmptySeed) {
  Bytes secret(200, 0x5a);  // hashed first inside HMAC
  Secret ours = tls12_prf(provider(), HashAlgorithm::kSha384, secret, "label", {}, 77);
  EXPECT_EQ(to_hex(ours.view()),
            to_hex(testing::oracle_tls12_prf("SHA384", secret, "label", {}, 77)));
}

}  // namespace
}  // namespace parley::crypto

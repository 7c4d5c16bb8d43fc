#include "crypto/hash.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/provider.h"

namespace parley::crypto {
namespace {

const Provider& provider() {
  return default_provider();
}

std::string hex_digest(HashAlgorithm alg, std::string_view data) {
  return to_hex(hash(provider(), alg, as_bytes(data)));
}

TEST(Hash, KnownDigestsOfAbc) {
  // FIPS 180-2 appendix examples.
  EXPECT_EQ(hex_digest(HashAlgorithm::kSha1, "abc"), "a9993e364706816aba3e25717850c26c9cd0d89d");
  EXPECT_EQ(hex_digest(HashAlgorithm::kSha256, "abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(hex_digest(HashAlgorithm::kSha384, "abc"),
            "cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed"
            "8086072ba1e7cc2358baeca134c825a7");
  EXPECT_EQ(hex_digest(HashAlgorithm::kSha512, "abc"),
            "ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a"
            "2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f");
}

TEST(Hash, KnownDigestsOfEmptyAndTwoBlocks) {
  EXPECT_EQ(hex_digest(HashAlgorithm::kSha256, ""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(hex_digest(HashAlgorithm::kSha1, ""), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
  EXPECT_EQ(hex_digest(HashAlgorithm::kSha256,
                       "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"),
            "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
}

TEST(Hash, MillionAsIncrementally) {
  auto h = provider().make_hash(HashAlgorithm::kSha256);
  std::string chunk(1000, 'a');
  for (int i = 0; i < 1000; ++i) h->update(as_bytes(chunk));
  Bytes out(h->size());
  h->finish(out);
  EXPECT_EQ(to_hex(out), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Hash, SizesAndAlgorithm) {
  for (auto [alg, size] : {std::pair{HashAlgorithm::kSha1, 20},
                           {HashAlgorithm::kSha256, 32},
                           {HashAlgorithm::kSha384, 48},
                           {HashAlgorithm::kSha512, 64}}) {
    auto h = provider().make_hash(alg);
    EXPECT_EQ(h->algorithm(), alg);
    EXPECT_EQ(h->size(), static_cast<size_t>(size));
    EXPECT_EQ(h->peek().size(), static_cast<size_t>(size));
  }
}

TEST(Hash, CloneForksIndependently) {
  auto h = provider().make_hash(HashAlgorithm::kSha384);
  h->update(as_bytes("ab"));
  auto fork = h->clone();
  h->update(as_bytes("c"));
  fork->update(as_bytes("x"));
  Bytes a(48), b(48);
  h->finish(a);
  fork->finish(b);
  EXPECT_EQ(a, hash(provider(), HashAlgorithm::kSha384, as_bytes("abc")));
  EXPECT_EQ(b, hash(provider(), HashAlgorithm::kSha384, as_bytes("abx")));
}

TEST(Hash, PeekLeavesTheHashUsable) {
  auto h = provider().make_hash(HashAlgorithm::kSha256);
  h->update(as_bytes("ab"));
  EXPECT_EQ(h->peek(), hash(provider(), HashAlgorithm::kSha256, as_bytes("ab")));
  EXPECT_EQ(h->peek(), h->peek());
  h->update(as_bytes("c"));
  EXPECT_EQ(to_hex(h->peek()), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  Bytes out(32);
  h->finish(out);
  EXPECT_EQ(to_hex(out), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

// RFC 4231 4.2-4.8.
struct HmacCase {
  const char* name;
  Bytes key;
  Bytes data;
  const char* sha256;
  const char* sha384;
  const char* sha512;
};

Bytes repeat(uint8_t byte, size_t n) {
  return Bytes(n, byte);
}
Bytes text(std::string_view s) {
  return Bytes(s.begin(), s.end());
}

std::vector<HmacCase> rfc4231_cases() {
  return {
      {"case1", repeat(0x0b, 20), text("Hi There"),
       "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7",
       "afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59c"
       "faea9ea9076ede7f4af152e8b2fa9cb6",
       "87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cde"
       "daa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854"},
      {"case2", text("Jefe"), text("what do ya want for nothing?"),
       "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
       "af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e"
       "8e2240ca5e69e2c78b3239ecfab21649",
       "164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea250554"
       "9758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737"},
      {"case3", repeat(0xaa, 20), repeat(0xdd, 50),
       "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe",
       "88062608d3e6ad8a0aa2ace014c8a86f0aa635d947ac9febe83ef4e55966144b"
       "2a5ab39dc13814b94e3ab6e101a34f27",
       "fa73b0089d56a284efb0f0756c890be9b1b5dbdd8ee81a3655f83e33b2279d39"
       "bf3e848279a722c806b485a47e67c807b946a337bee8942674278859e13292fb"},
      {"case4", from_hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), repeat(0xcd, 50),
       "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b",
       "3e8a69b7783c25851933ab6290af6ca77a9981480850009cc5577c6e1f573b4e"
       "6801dd23c4a7d679ccf8a386c674cffb",
       "b0ba465637458c6990e5a8c5f61d4af7e576d97ff94b872de76f8050361ee3db"
       "a91ca5c11aa25eb4d679275cc5788063a5f19741120c4f2de2adebeb10a298dd"},
      // Case 5 specifies only the first 128 bits of the output.
      {"case5", repeat(0x0c, 20), text("Test With Truncation"), "a3b6167473100ee06e0c796c2955552b",
       "3abf34c3503b2a23a46efc619baef897", "415fad6271580a531d4179bc891d87a6"},
      {"case6", repeat(0xaa, 131), text("Test Using Larger Than Block-Size Key - Hash Key First"),
       "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54",
       "4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c6"
       "0c2ef6ab4030fe8296248df163f44952",
       "80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f352"
       "6b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598"},
      {"case7", repeat(0xaa, 131),
       text("This is a test using a larger than block-size key and a larger than block-size "
            "data. The key needs to be hashed before being used by the HMAC algorithm."),
       "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2",
       "6617178e941f020d351e2f254e8fd32c602420feb0b8fb9adccebb82461e99c5"
       "a678cc31e799176d3860e6110c46523e",
       "e37b6a775dc87dbaa4dfa9f96e5e3ffddebd71f8867289865df5a32d20cdc944"
       "b6022cac3c4982b10d5eeb55c3e4de15134676fb6de0446065c97440fa8c6a58"},
  };
}

std::string mac_hex(HashAlgorithm alg, ByteView key, ByteView data, size_t prefix) {
  auto hmac = provider().make_hmac(alg, key);
  hmac->update(data);
  Bytes out(hmac->size());
  hmac->finish(out);
  out.resize(prefix);
  return to_hex(out);
}

TEST(Hmac, Rfc4231) {
  for (const HmacCase& c : rfc4231_cases()) {
    SCOPED_TRACE(c.name);
    EXPECT_EQ(mac_hex(HashAlgorithm::kSha256, c.key, c.data, std::string(c.sha256).size() / 2),
              c.sha256);
    EXPECT_EQ(mac_hex(HashAlgorithm::kSha384, c.key, c.data, std::string(c.sha384).size() / 2),
              c.sha384);
    EXPECT_EQ(mac_hex(HashAlgorithm::kSha512, c.key, c.data, std::string(c.sha512).size() / 2),
              c.sha512);
  }
}

// RFC 2202 3, cases 1 and 6 (a key longer than the block is hashed first).
TEST(Hmac, Rfc2202Sha1) {
  EXPECT_EQ(mac_hex(HashAlgorithm::kSha1, Bytes(20, 0x0b), as_bytes("Hi There"), 20),
            "b617318655057264e28bc0b6fb378c8ef146be00");
  EXPECT_EQ(mac_hex(HashAlgorithm::kSha1, Bytes(80, 0xaa),
                    as_bytes("Test Using Larger Than Block-Size Key - Hash Key First"), 20),
            "aa4ae5e15272d00e95705637ce8a3b55ed402112");
}

TEST(Hmac, FinishRestartsUnderTheSameKey) {
  HmacCase c = rfc4231_cases()[1];
  auto hmac = provider().make_hmac(HashAlgorithm::kSha256, c.key);
  Bytes out(32);
  for (int i = 0; i < 3; ++i) {
    // Fed in pieces to check incremental updates too.
    hmac->update(ByteView(c.data).first(5));
    hmac->update(ByteView(c.data).subspan(5));
    hmac->finish(out);
    EXPECT_EQ(to_hex(out), c.sha256) << "round " << i;
  }
}

TEST(Hmac, RekeySwitchesKeys) {
  auto cases = rfc4231_cases();
  auto hmac = provider().make_hmac(HashAlgorithm::kSha512, cases[0].key);
  Bytes out(64);
  hmac->update(as_bytes("partial input, discarded by rekey"));
  for (int i : {1, 2, 0, 6}) {
    hmac->rekey(cases[i].key);
    hmac->update(cases[i].data);
    hmac->finish(out);
    EXPECT_EQ(to_hex(out), cases[i].sha512) << cases[i].name;
  }
}

TEST(Hmac, EmptyKeyIsAKey) {
  // HMAC-SHA256 with an empty key over an empty message (a widely published
  // value); rekeying to empty must not silently keep the previous key.
  const char* expected = "b613679a0814d9ec772f95d778c35fc5ff1697c493715653c6c712144292c5ad";
  EXPECT_EQ(mac_hex(HashAlgorithm::kSha256, {}, {}, 32), expected);
  auto hmac = provider().make_hmac(HashAlgorithm::kSha256, as_bytes("Jefe"));
  hmac->rekey({});
  Bytes out(32);
  hmac->finish(out);
  EXPECT_EQ(to_hex(out), expected);
}

TEST(Hmac, ReportsAlgorithmAndSize) {
  auto hmac = provider().make_hmac(HashAlgorithm::kSha384, as_bytes("k"));
  EXPECT_EQ(hmac->algorithm(), HashAlgorithm::kSha384);
  EXPECT_EQ(hmac->size(), 48u);
}

}  // namespace
}  // namespace parley::crypto

#include "crypto/aead.h"

#include <gtest/gtest.h>

#include <string>

#include "crypto/provider.h"

namespace parley::crypto {
namespace {

const Provider& provider() {
  return default_provider();
}

struct AeadVector {
  const char* name;
  AeadAlgorithm alg;
  const char* key;
  const char* nonce;
  const char* aad;
  const char* plaintext;
  const char* ciphertext;
  const char* tag;
};

const std::string kSunscreen =
    "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the "
    "future, sunscreen would be it.";

std::vector<AeadVector> vectors() {
  static const std::string sunscreen_hex = to_hex(as_bytes(kSunscreen));
  return {
      // RFC 8439 2.8.2.
      {"rfc8439", AeadAlgorithm::kChaCha20Poly1305,
       "808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f",
       "070000004041424344454647", "50515253c0c1c2c3c4c5c6c7", sunscreen_hex.c_str(),
       "d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d6"
       "3dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b36"
       "92ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc"
       "3ff4def08e4b7a9de576d26586cec64b6116",
       "1ae10b594f09e26a7e902ecbd0600691"},
      // The GCM specification (McGrew & Viega), test cases 1, 2, 4 and 16.
      {"gcm1", AeadAlgorithm::kAes128Gcm, "00000000000000000000000000000000",
       "000000000000000000000000", "", "", "", "58e2fccefa7e3061367f1d57a4e7455a"},
      {"gcm2", AeadAlgorithm::kAes128Gcm, "00000000000000000000000000000000",
       "000000000000000000000000", "", "00000000000000000000000000000000",
       "0388dace60b6a392f328c2b971b2fe78", "ab6e47d42cec13bdf53a67b21257bddf"},
      {"gcm4", AeadAlgorithm::kAes128Gcm, "feffe9928665731c6d6a8f9467308308",
       "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
       "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
       "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
       "42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e"
       "21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091",
       "5bc94fbc3221a5db94fae95ae7121a47"},
      {"gcm16", AeadAlgorithm::kAes256Gcm,
       "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308",
       "cafebabefacedbaddecaf888", "feedfacedeadbeeffeedfacedeadbeefabaddad2",
       "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
       "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39",
       "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
       "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662",
       "76fc6ece0f4e1768cddf8853bb2d551b"},
  };
}

std::unique_ptr<Aead> make(AeadAlgorithm alg, ByteView key) {
  auto aead = provider().make_aead(alg, key);
  EXPECT_TRUE(aead.ok()) << (aead.ok() ? "" : aead.error().to_string());
  return std::move(aead).value();
}

TEST(Aead, KnownAnswerSealAndOpen) {
  for (const AeadVector& v : vectors()) {
    SCOPED_TRACE(v.name);
    auto aead = make(v.alg, from_hex(v.key));
    EXPECT_EQ(aead->algorithm(), v.alg);
    Bytes data = from_hex(v.plaintext);
    Bytes tag(kAeadTagSize);
    ASSERT_TRUE(aead->seal(from_hex(v.nonce), from_hex(v.aad), data, tag));
    EXPECT_EQ(to_hex(data), v.ciphertext);
    EXPECT_EQ(to_hex(tag), v.tag);
    ASSERT_TRUE(aead->open(from_hex(v.nonce), from_hex(v.aad), data, tag));
    EXPECT_EQ(to_hex(data), v.plaintext);
  }
}

TEST(Aead, OpenWithSeparateContextPerDirection) {
  for (const AeadVector& v : vectors()) {
    SCOPED_TRACE(v.name);
    auto reader = make(v.alg, from_hex(v.key));
    Bytes data = from_hex(v.ciphertext);
    ASSERT_TRUE(reader->open(from_hex(v.nonce), from_hex(v.aad), data, from_hex(v.tag)));
    EXPECT_EQ(to_hex(data), v.plaintext);
  }
}

// Flips one bit in turn in the ciphertext, the tag, the AAD and the nonce:
// every one must make open() fail, and the context must still work after.
TEST(Aead, AnyTamperingFailsOpen) {
  for (const AeadVector& v : vectors()) {
    SCOPED_TRACE(v.name);
    auto aead = make(v.alg, from_hex(v.key));
    const Bytes nonce = from_hex(v.nonce), aad = from_hex(v.aad), ct = from_hex(v.ciphertext),
                tag = from_hex(v.tag);
    auto open_fails = [&](Bytes n, Bytes a, Bytes c, Bytes t) { return !aead->open(n, a, c, t); };
    if (!ct.empty()) {
      for (size_t i : {size_t{0}, ct.size() / 2, ct.size() - 1}) {
        Bytes bad = ct;
        bad[i] ^= 0x01;
        EXPECT_TRUE(open_fails(nonce, aad, bad, tag)) << "ciphertext byte " << i;
      }
    }
    for (size_t i : {size_t{0}, size_t{15}}) {
      Bytes bad = tag;
      bad[i] ^= 0x80;
      EXPECT_TRUE(open_fails(nonce, aad, ct, bad)) << "tag byte " << i;
    }
    if (!aad.empty()) {
      Bytes bad = aad;
      bad.back() ^= 0x01;
      EXPECT_TRUE(open_fails(nonce, bad, ct, tag)) << "aad";
    }
    Bytes extra_aad = aad;
    extra_aad.push_back(0);
    EXPECT_TRUE(open_fails(nonce, extra_aad, ct, tag)) << "longer aad";
    Bytes bad_nonce = nonce;
    bad_nonce[11] ^= 0x01;
    EXPECT_TRUE(open_fails(bad_nonce, aad, ct, tag)) << "nonce";
    EXPECT_TRUE(open_fails(nonce, aad, ct, Bytes(tag.begin(), tag.begin() + 15))) << "short tag";
    // Not poisoned by the failures.
    Bytes data = ct;
    EXPECT_TRUE(aead->open(nonce, aad, data, tag));
    EXPECT_EQ(to_hex(data), v.plaintext);
  }
}

TEST(Aead, WrongSizesAreRejected) {
  EXPECT_FALSE(provider().make_aead(AeadAlgorithm::kAes128Gcm, Bytes(32)).ok());
  EXPECT_FALSE(provider().make_aead(AeadAlgorithm::kAes256Gcm, Bytes(16)).ok());
  EXPECT_FALSE(provider().make_aead(AeadAlgorithm::kChaCha20Poly1305, Bytes(31)).ok());
  auto aead = make(AeadAlgorithm::kAes128Gcm, Bytes(16));
  Bytes data(10), tag(kAeadTagSize), short_tag(8);
  EXPECT_FALSE(aead->seal(Bytes(11), {}, data, tag));
  EXPECT_FALSE(aead->seal(Bytes(12), {}, data, short_tag));
  EXPECT_TRUE(aead->seal(Bytes(12), {}, data, tag));
}

// One context keyed once and reused for many records (nonce changes only)
// must produce exactly what a fresh context produces for each record.
TEST(Aead, ReusedContextMatchesFreshContexts) {
  for (AeadAlgorithm alg :
       {AeadAlgorithm::kAes128Gcm, AeadAlgorithm::kAes256Gcm, AeadAlgorithm::kChaCha20Poly1305}) {
    Bytes key(aead_key_size(alg));
    for (size_t i = 0; i < key.size(); ++i) key[i] = static_cast<uint8_t>(i * 7 + 1);
    auto writer = make(alg, key);
    auto reader = make(alg, key);
    for (uint8_t seq = 0; seq < 20; ++seq) {
      Bytes nonce(kAeadNonceSize, 0xa0);
      nonce[11] ^= seq;
      Bytes aad = {23, 3, 3, 0, seq};
      Bytes record(static_cast<size_t>(seq) * 97 + (seq % 3 == 0 ? 16384 : 0), seq);
      Bytes sealed = record, tag(kAeadTagSize);
      ASSERT_TRUE(writer->seal(nonce, aad, sealed, tag));
      Bytes fresh = record, fresh_tag(kAeadTagSize);
      ASSERT_TRUE(make(alg, key)->seal(nonce, aad, fresh, fresh_tag));
      EXPECT_EQ(sealed, fresh);
      EXPECT_EQ(tag, fresh_tag);
      ASSERT_TRUE(reader->open(nonce, aad, sealed, tag)) << int(seq);
      EXPECT_EQ(sealed, record);
      // The writer can open its own records too (direction switches per call).
      Bytes again = fresh;
      ASSERT_TRUE(writer->open(nonce, aad, again, fresh_tag));
      EXPECT_EQ(again, record);
    }
  }
}

}  // namespace
}  // namespace parley::crypto

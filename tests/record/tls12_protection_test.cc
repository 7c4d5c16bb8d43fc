#include "record/tls12_protection.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <limits>
#include <memory>

#include "crypto/provider.h"
#include "record/protection_test_util.h"

namespace parley::record {
namespace {

using crypto::AeadAlgorithm;
using namespace testing;

Bytes key_for(AeadAlgorithm alg) {
  return pattern(crypto::aead_key_size(alg), 0x11);
}
Bytes iv_for(AeadAlgorithm alg) {
  return pattern(Tls12Keys::fixed_iv_size(alg), 0xa0);
}

// An independent TLS 1.2 AEAD record computation with raw libcrypto EVP,
// written from RFC 5246 6.2.3.3, RFC 5288 3 and RFC 7905 2.
class EvpOracle {
 public:
  explicit EvpOracle(AeadAlgorithm alg) : alg_(alg), key_(key_for(alg)), iv_(iv_for(alg)) {}

  size_t explicit_size() const { return alg_ == AeadAlgorithm::kChaCha20Poly1305 ? 0 : 8; }

  Bytes nonce(uint64_t seq, ByteView explicit_nonce) const {
    Bytes n(12, 0);
    if (alg_ == AeadAlgorithm::kChaCha20Poly1305) {
      for (size_t i = 0; i < 12; ++i) n[i] = iv_[i];
      for (size_t i = 0; i < 8; ++i) n[11 - i] ^= static_cast<uint8_t>(seq >> (8 * i));
    } else {
      for (size_t i = 0; i < 4; ++i) n[i] = iv_[i];
      for (size_t i = 0; i < 8; ++i) n[4 + i] = explicit_nonce[i];
    }
    return n;
  }

  static Bytes aad(uint64_t seq, uint8_t type, size_t length) {
    Bytes a;
    for (int i = 7; i >= 0; --i) a.push_back(static_cast<uint8_t>(seq >> (8 * i)));
    a.push_back(type);
    a.push_back(3);
    a.push_back(3);
    a.push_back(static_cast<uint8_t>(length >> 8));
    a.push_back(static_cast<uint8_t>(length));
    return a;
  }

  // Opens a whole record; nullopt if it does not authenticate.
  std::optional<Bytes> open(ByteView wire, uint64_t seq) const {
    const ByteView fragment = wire.subspan(kHeaderSize);
    const ByteView explicit_nonce = fragment.first(explicit_size());
    const size_t length = fragment.size() - explicit_size() - 16;
    const ByteView ciphertext = fragment.subspan(explicit_size(), length);
    Bytes tag(fragment.end() - 16, fragment.end());
    return crypt(false, nonce(seq, explicit_nonce), aad(seq, wire[0], length), ciphertext, &tag);
  }

  // Seals a whole record with the explicit nonce `explicit_value`.
  Bytes seal(uint8_t type, ByteView content, uint64_t seq, uint64_t explicit_value) const {
    Bytes explicit_nonce;
    for (int i = 7; i >= 0; --i)
      explicit_nonce.push_back(static_cast<uint8_t>(explicit_value >> (8 * i)));
    explicit_nonce.resize(explicit_size());
    Bytes tag(16);
    Bytes ciphertext =
        *crypt(true, nonce(seq, explicit_nonce), aad(seq, type, content.size()), content, &tag);
    Bytes wire = {type, 3, 3, 0, 0};
    wire.insert(wire.end(), explicit_nonce.begin(), explicit_nonce.end());
    wire.insert(wire.end(), ciphertext.begin(), ciphertext.end());
    wire.insert(wire.end(), tag.begin(), tag.end());
    wire[3] = static_cast<uint8_t>((wire.size() - kHeaderSize) >> 8);
    wire[4] = static_cast<uint8_t>(wire.size() - kHeaderSize);
    return wire;
  }

 private:
  const EVP_CIPHER* cipher() const {
    switch (alg_) {
      case AeadAlgorithm::kAes128Gcm:
        return EVP_aes_128_gcm();
      case AeadAlgorithm::kAes256Gcm:
        return EVP_aes_256_gcm();
      case AeadAlgorithm::kChaCha20Poly1305:
        return EVP_chacha20_poly1305();
    }
    return nullptr;
  }

  std::optional<Bytes> crypt(bool encrypt, ByteView nonce, ByteView aad, ByteView in,
                             Bytes* tag) const {
    std::unique_ptr<EVP_CIPHER_CTX, decltype(&EVP_CIPHER_CTX_free)> ctx(EVP_CIPHER_CTX_new(),
                                                                        EVP_CIPHER_CTX_free);
    int len = 0;
    Bytes out(in.size() + 16);
    bool ok =
        EVP_CipherInit_ex(ctx.get(), cipher(), nullptr, key_.data(), nonce.data(),
                          encrypt ? 1 : 0) == 1 &&
        EVP_CipherUpdate(ctx.get(), nullptr, &len, aad.data(), static_cast<int>(aad.size())) == 1 &&
        EVP_CipherUpdate(ctx.get(), out.data(), &len, in.data(), static_cast<int>(in.size())) == 1;
    if (!encrypt) {
      ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_SET_TAG, 16, tag->data()) == 1;
    }
    int final_len = 0;
    ok = ok && EVP_CipherFinal_ex(ctx.get(), out.data() + len, &final_len) == 1;
    if (encrypt) {
      ok = ok && EVP_CIPHER_CTX_ctrl(ctx.get(), EVP_CTRL_AEAD_GET_TAG, 16, tag->data()) == 1;
    }
    if (!ok) return std::nullopt;
    out.resize(in.size());
    return out;
  }

  AeadAlgorithm alg_;
  Bytes key_;
  Bytes iv_;
};

std::unique_ptr<Tls12AeadEncrypter> encrypter(AeadAlgorithm alg) {
  return created(Tls12AeadEncrypter::create(provider(), alg, key_for(alg), iv_for(alg)));
}

std::unique_ptr<Tls12AeadDecrypter> decrypter(AeadAlgorithm alg) {
  return created(Tls12AeadDecrypter::create(provider(), alg, key_for(alg), iv_for(alg)));
}

class Tls12ProtectionTest : public ::testing::TestWithParam<AeadAlgorithm> {};

INSTANTIATE_TEST_SUITE_P(AllAeads, Tls12ProtectionTest, ::testing::ValuesIn(kAllAeads));

TEST_P(Tls12ProtectionTest, RecordLayoutAndRoundTrip) {
  auto enc = encrypter(GetParam());
  auto dec = decrypter(GetParam());
  const EvpOracle oracle(GetParam());
  for (size_t size : {size_t{0}, size_t{1}, size_t{100}, kMaxPlaintext}) {
    const uint64_t seq = enc->sequence().value();
    Bytes wire;
    ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(size), wire).ok());
    ASSERT_EQ(wire.size(), kHeaderSize + oracle.explicit_size() + size + 16);
    EXPECT_EQ(wire[1], 3);
    EXPECT_EQ(wire[2], 3);
    if (oracle.explicit_size() == 8) {
      // We send the sequence number as the explicit nonce.
      for (size_t i = 0; i < 8; ++i) {
        EXPECT_EQ(wire[kHeaderSize + i], static_cast<uint8_t>(seq >> (8 * (7 - i))));
      }
    }
    auto opened = dec->open(as_record(wire));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, ContentType::kApplicationData);
    EXPECT_EQ(Bytes(opened->data.begin(), opened->data.end()), pattern(size));
  }
}

// Records we seal open under an independent EVP computation, at a large
// sequence number so that all eight sequence bytes matter.
TEST_P(Tls12ProtectionTest, SealedRecordOpensWithRawEvp) {
  auto enc = encrypter(GetParam());
  const EvpOracle oracle(GetParam());
  const uint64_t seq = 0x0102030405060708;
  enc->sequence().set_for_testing(seq);
  Bytes wire;
  ASSERT_TRUE(enc->seal(ContentType::kHandshake, pattern(300, 5), wire).ok());
  auto plain = oracle.open(wire, seq);
  ASSERT_TRUE(plain.has_value());
  EXPECT_EQ(*plain, pattern(300, 5));
  EXPECT_FALSE(oracle.open(wire, seq + 1).has_value()) << "the sequence number is authenticated";
}

// Records sealed by the EVP oracle open with our decrypter, including an
// explicit nonce that is not the sequence number (peers may send anything
// unique, RFC 5288 3).
TEST_P(Tls12ProtectionTest, RawEvpRecordOpensWithOurDecrypter) {
  auto dec = decrypter(GetParam());
  const EvpOracle oracle(GetParam());
  const uint64_t seq = 0xfedcba9876543210;
  dec->sequence().set_for_testing(seq);
  Bytes wire =
      oracle.seal(static_cast<uint8_t>(ContentType::kAlert), Bytes{1, 0}, seq, 0x1122334455667788);
  auto opened = dec->open(as_record(wire));
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::kAlert);
  EXPECT_EQ(Bytes(opened->data.begin(), opened->data.end()), (Bytes{1, 0}));
  EXPECT_EQ(dec->sequence().value(), seq + 1);
}

TEST_P(Tls12ProtectionTest, TamperingIsBadRecordMac) {
  auto enc = encrypter(GetParam());
  Bytes original;
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(40), original).ok());
  // Type and version (additional data), explicit nonce or ciphertext, tag.
  ASSERT_NO_FATAL_FAILURE(expect_tampering_is_bad_record_mac(
      original, {0, 2, 6, 30, original.size() - 1}, 0x04, [] { return decrypter(GetParam()); }));
  // Wrong sequence number.
  auto dec = decrypter(GetParam());
  dec->sequence().advance();
  Bytes wire = original;
  expect_open_fails(*dec, as_record(wire), AlertDescription::kBadRecordMac);
}

TEST_P(Tls12ProtectionTest, ShortRecordIsBadRecordMac) {
  auto dec = decrypter(GetParam());
  const EvpOracle oracle(GetParam());
  Bytes fragment(oracle.explicit_size() + crypto::kAeadTagSize - 1, 0);
  expect_open_fails(*dec, {ContentType::kApplicationData, 0x0303, fragment},
                    AlertDescription::kBadRecordMac);
}

TEST_P(Tls12ProtectionTest, OversizePlaintextIsRecordOverflow) {
  auto dec = decrypter(GetParam());
  const EvpOracle oracle(GetParam());
  Bytes wire = oracle.seal(23, pattern(kMaxPlaintext + 1), 0, 0);
  expect_open_fails(*dec, as_record(wire), AlertDescription::kRecordOverflow);
}

// RFC 8449 4: in TLS 1.2 the limit counts the plaintext.
TEST_P(Tls12ProtectionTest, RecordSizeLimitIsEnforced) {
  const EvpOracle oracle(GetParam());
  auto dec = decrypter(GetParam());
  dec->set_size_limit(100);
  Bytes at_limit = oracle.seal(23, pattern(100), 0, 0);
  Bytes over = oracle.seal(23, pattern(101), 1, 0);
  EXPECT_TRUE(dec->open(as_record(at_limit)).ok());
  expect_open_fails(*dec, as_record(over), AlertDescription::kRecordOverflow);
}

TEST_P(Tls12ProtectionTest, SequenceNumberExhaustion) {
  auto enc = encrypter(GetParam());
  enc->sequence().set_for_testing(std::numeric_limits<uint64_t>::max() - 1);
  Bytes wire;
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(3), wire).ok());
  EXPECT_FALSE(enc->seal(ContentType::kApplicationData, pattern(3), wire).ok());
}

TEST(Tls12Protection, FixedIvSizes) {
  EXPECT_EQ(Tls12Keys::fixed_iv_size(AeadAlgorithm::kAes128Gcm), 4u);
  EXPECT_EQ(Tls12Keys::fixed_iv_size(AeadAlgorithm::kAes256Gcm), 4u);
  EXPECT_EQ(Tls12Keys::fixed_iv_size(AeadAlgorithm::kChaCha20Poly1305), 12u);
  EXPECT_FALSE(
      Tls12AeadEncrypter::create(provider(), AeadAlgorithm::kAes128Gcm, pattern(16), pattern(12))
          .ok());
  EXPECT_FALSE(Tls12AeadDecrypter::create(provider(), AeadAlgorithm::kChaCha20Poly1305, pattern(32),
                                          pattern(4))
                   .ok());
}

}  // namespace
}  // namespace parley::record

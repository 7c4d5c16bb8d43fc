#include "record/tls13_protection.h"

#include <gtest/gtest.h>

#include <limits>

#include "crypto/provider.h"
#include "record/deframer.h"
#include "record/protection_test_util.h"

namespace parley::record {
namespace {

using crypto::AeadAlgorithm;
using namespace testing;

struct Keys {
  Bytes key;
  Bytes iv;
};

Keys keys_for(AeadAlgorithm alg) {
  return {pattern(crypto::aead_key_size(alg), 0x40), pattern(crypto::kAeadNonceSize, 0x90)};
}

std::unique_ptr<Tls13Encrypter> encrypter(AeadAlgorithm alg) {
  const Keys k = keys_for(alg);
  return created(Tls13Encrypter::create(provider(), alg, k.key, k.iv));
}

std::unique_ptr<Tls13Decrypter> decrypter(AeadAlgorithm alg) {
  const Keys k = keys_for(alg);
  return created(Tls13Decrypter::create(provider(), alg, k.key, k.iv));
}

// A record whose TLSInnerPlaintext is exactly `inner`, sealed with the raw
// AEAD at `sequence`: lets tests build records our encrypter never would.
Bytes raw_record(AeadAlgorithm alg, ByteView inner, uint64_t sequence = 0) {
  const Keys k = keys_for(alg);
  auto aead = provider().make_aead(alg, k.key);
  EXPECT_TRUE(aead.ok());
  AeadNonce iv;
  std::copy(k.iv.begin(), k.iv.end(), iv.begin());
  Bytes out;
  append_header(out, ContentType::kApplicationData, kRecordVersionTls12,
                inner.size() + crypto::kAeadTagSize);
  out.insert(out.end(), inner.begin(), inner.end());
  out.resize(out.size() + crypto::kAeadTagSize);
  std::span<uint8_t> all(out);
  EXPECT_TRUE((*aead)->seal(xor_nonce(iv, sequence), all.first(kHeaderSize),
                            all.subspan(kHeaderSize, inner.size()),
                            all.subspan(kHeaderSize + inner.size())));
  return out;
}

class Tls13ProtectionTest : public ::testing::TestWithParam<AeadAlgorithm> {};

INSTANTIATE_TEST_SUITE_P(AllAeads, Tls13ProtectionTest, ::testing::ValuesIn(kAllAeads));

TEST_P(Tls13ProtectionTest, RoundTripsEveryTypeAndSize) {
  auto enc = encrypter(GetParam());
  auto dec = decrypter(GetParam());
  struct Case {
    ContentType type;
    size_t size;
  };
  uint64_t sequence = 0;
  for (const Case& c :
       {Case{ContentType::kApplicationData, 0}, Case{ContentType::kHandshake, 1},
        Case{ContentType::kAlert, 2}, Case{ContentType::kApplicationData, 100},
        Case{ContentType::kHandshake, 4000}, Case{ContentType::kApplicationData, kMaxPlaintext}}) {
    const Bytes content = pattern(c.size, static_cast<uint8_t>(c.size));
    Bytes wire;
    ASSERT_TRUE(enc->seal(c.type, content, wire).ok());
    // RFC 8446 5.2: opaque type application_data, version 0x0303, and
    // content + type byte + tag.
    ASSERT_EQ(wire.size(), kHeaderSize + c.size + 1 + crypto::kAeadTagSize);
    EXPECT_EQ(wire[0], 23);
    EXPECT_EQ(wire[1], 3);
    EXPECT_EQ(wire[2], 3);
    EXPECT_EQ(enc->sequence().value(), ++sequence);

    Deframer deframer;
    deframer.set_mode(DeframerMode::kTls13);
    ASSERT_EQ(deframer.feed(wire), wire.size());
    auto record = deframer.next();
    ASSERT_TRUE(record.ok() && record->has_value());
    auto opened = dec->open(**record);
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, c.type);
    EXPECT_EQ(Bytes(opened->data.begin(), opened->data.end()), content);
    EXPECT_EQ(dec->sequence().value(), sequence);
  }
}

// Sealing appends: earlier bytes in the output stay as they were.
TEST_P(Tls13ProtectionTest, SealAppendsToOutput) {
  auto enc = encrypter(GetParam());
  auto dec = decrypter(GetParam());
  Bytes wire = {1, 2, 3};
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(10), wire).ok());
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(20), wire).ok());
  EXPECT_EQ(Bytes(wire.begin(), wire.begin() + 3), (Bytes{1, 2, 3}));
  Deframer deframer;
  ASSERT_EQ(deframer.feed(ByteView(wire).subspan(3)), wire.size() - 3);
  for (size_t size : {10, 20}) {
    auto record = deframer.next();
    ASSERT_TRUE(record.ok() && record->has_value());
    auto opened = dec->open(**record);
    ASSERT_TRUE(opened.ok());
    EXPECT_EQ(opened->data.size(), size);
  }
}

// RFC 8446 5.4: padding hides the length; the receiver strips it.
TEST_P(Tls13ProtectionTest, PaddingIsAddedAndStripped) {
  auto enc = encrypter(GetParam());
  auto dec = decrypter(GetParam());
  enc->set_padding_block(256);
  for (size_t size :
       {size_t{0}, size_t{1}, size_t{254}, size_t{255}, size_t{256}, size_t{1000}, kMaxPlaintext}) {
    Bytes wire;
    ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(size), wire).ok());
    const size_t inner = wire.size() - kHeaderSize - crypto::kAeadTagSize;
    if (size + 1 <= kMaxPlaintext) {
      EXPECT_EQ(inner % 256, 0u) << size;
    } else {
      EXPECT_EQ(inner, kMaxInnerPlaintext13) << "padding stops at 2^14 + 1";
    }
    EXPECT_GE(inner, size + 1);
    EXPECT_LE(wire.size() - kHeaderSize, kMaxCiphertext13);
    auto opened = dec->open(as_record(wire));
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(Bytes(opened->data.begin(), opened->data.end()), pattern(size));
  }
}

// Padding of a record we did not write (zeros after the type byte).
TEST_P(Tls13ProtectionTest, ForeignPaddingIsStripped) {
  auto dec = decrypter(GetParam());
  Bytes inner = {'h', 'i', static_cast<uint8_t>(ContentType::kAlert), 0, 0, 0, 0, 0, 0, 0};
  Bytes wire = raw_record(GetParam(), inner);
  auto opened = dec->open(as_record(wire));
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(opened->type, ContentType::kAlert);
  EXPECT_EQ(Bytes(opened->data.begin(), opened->data.end()), (Bytes{'h', 'i'}));
}

// RFC 8446 5.4: no non-zero byte means no content type: unexpected_message.
TEST_P(Tls13ProtectionTest, AllZeroInnerPlaintextIsUnexpectedMessage) {
  for (size_t size : {0, 1, 50}) {
    auto dec = decrypter(GetParam());
    Bytes wire = raw_record(GetParam(), Bytes(size, 0));
    SCOPED_TRACE(size);
    expect_open_fails(*dec, as_record(wire), AlertDescription::kUnexpectedMessage);
  }
}

TEST_P(Tls13ProtectionTest, BadInnerTypeIsUnexpectedMessage) {
  // change_cipher_spec is never protected (RFC 8446 5); 0x42 is unknown.
  for (uint8_t type : {20, 0x42, 0xff}) {
    auto dec = decrypter(GetParam());
    Bytes wire = raw_record(GetParam(), Bytes{1, type});
    SCOPED_TRACE(int(type));
    expect_open_fails(*dec, as_record(wire), AlertDescription::kUnexpectedMessage);
  }
}

// An empty handshake or alert record is not allowed even when padded
// (RFC 8446 5.4).
TEST_P(Tls13ProtectionTest, EmptyHandshakeRecordIsUnexpectedMessage) {
  auto dec = decrypter(GetParam());
  Bytes wire = raw_record(GetParam(), Bytes{static_cast<uint8_t>(ContentType::kHandshake), 0, 0});
  expect_open_fails(*dec, as_record(wire), AlertDescription::kUnexpectedMessage);
}

// RFC 8446 5.2, 5.4: TLSInnerPlaintext over 2^14 + 1 is record_overflow,
// whether from content or padding.
TEST_P(Tls13ProtectionTest, OversizeInnerPlaintextIsRecordOverflow) {
  Bytes content_too_long = pattern(kMaxPlaintext + 1, 1);
  content_too_long.push_back(static_cast<uint8_t>(ContentType::kApplicationData));
  Bytes padded_too_long = pattern(kMaxPlaintext, 1);
  padded_too_long.push_back(static_cast<uint8_t>(ContentType::kApplicationData));
  padded_too_long.resize(padded_too_long.size() + 100, 0);
  for (const Bytes& inner : {content_too_long, padded_too_long}) {
    auto dec = decrypter(GetParam());
    Bytes wire = raw_record(GetParam(), inner);
    expect_open_fails(*dec, as_record(wire), AlertDescription::kRecordOverflow);
  }
  // Exactly 2^14 of content and the type byte is fine.
  auto dec = decrypter(GetParam());
  Bytes limit = pattern(kMaxPlaintext, 1);
  limit.push_back(static_cast<uint8_t>(ContentType::kApplicationData));
  Bytes wire = raw_record(GetParam(), limit);
  EXPECT_TRUE(dec->open(as_record(wire)).ok());
}

// RFC 8449 4: under a record_size_limit the whole TLSInnerPlaintext counts,
// the type byte and padding included.
TEST_P(Tls13ProtectionTest, RecordSizeLimitCountsTypeAndPadding) {
  constexpr size_t kLimit = 100;
  Bytes at_limit = pattern(kLimit - 1, 1);
  at_limit.push_back(static_cast<uint8_t>(ContentType::kApplicationData));
  Bytes content_over = pattern(kLimit, 1);
  content_over.push_back(static_cast<uint8_t>(ContentType::kApplicationData));
  Bytes padding_over = at_limit;
  padding_over.push_back(0);
  auto dec = decrypter(GetParam());
  dec->set_size_limit(kLimit);
  Bytes wire = raw_record(GetParam(), at_limit);
  EXPECT_TRUE(dec->open(as_record(wire)).ok());
  for (const Bytes& inner : {content_over, padding_over}) {
    auto limited = decrypter(GetParam());
    limited->set_size_limit(kLimit);
    Bytes over = raw_record(GetParam(), inner);
    expect_open_fails(*limited, as_record(over), AlertDescription::kRecordOverflow);
  }
}

TEST_P(Tls13ProtectionTest, TamperingIsBadRecordMac) {
  auto enc = encrypter(GetParam());
  Bytes original;
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(64), original).ok());
  // Version bytes (additional data), ciphertext and tag.
  ASSERT_NO_FATAL_FAILURE(expect_tampering_is_bad_record_mac(
      original, {1, 2, 5, 40, original.size() - 1}, 0x80, [] { return decrypter(GetParam()); }));
  // A truncated record (ciphertext and tag one byte short).
  auto dec = decrypter(GetParam());
  Bytes wire = original;
  wire.pop_back();
  expect_open_fails(
      *dec, {ContentType::kApplicationData, 0x0303, std::span<uint8_t>(wire).subspan(kHeaderSize)},
      AlertDescription::kBadRecordMac);
}

TEST_P(Tls13ProtectionTest, ShorterThanTagIsBadRecordMac) {
  auto dec = decrypter(GetParam());
  Bytes fragment(crypto::kAeadTagSize - 1, 0);
  expect_open_fails(*dec, {ContentType::kApplicationData, 0x0303, fragment},
                    AlertDescription::kBadRecordMac);
}

TEST_P(Tls13ProtectionTest, OuterTypeOtherThanApplicationDataIsUnexpectedMessage) {
  auto enc = encrypter(GetParam());
  auto dec = decrypter(GetParam());
  Bytes wire;
  ASSERT_TRUE(enc->seal(ContentType::kHandshake, pattern(10), wire).ok());
  wire[0] = static_cast<uint8_t>(ContentType::kHandshake);
  expect_open_fails(*dec, as_record(wire), AlertDescription::kUnexpectedMessage);
}

// The nonce follows the sequence number: a skipped or replayed record fails,
// and a failure leaves the receiver able to open the right record.
TEST_P(Tls13ProtectionTest, SequenceNumbersMustMatch) {
  auto enc = encrypter(GetParam());
  auto dec = decrypter(GetParam());
  Bytes first, second;
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(5), first).ok());
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(5), second).ok());
  EXPECT_NE(Bytes(first.begin() + kHeaderSize, first.end()),
            Bytes(second.begin() + kHeaderSize, second.end()));
  Bytes copy = second;
  expect_open_fails(*dec, as_record(copy), AlertDescription::kBadRecordMac);
  copy = first;
  ASSERT_TRUE(dec->open(as_record(copy)).ok());
  copy = first;
  EXPECT_FALSE(dec->open(as_record(copy)).ok()) << "a replayed record must fail";
  copy = second;
  EXPECT_TRUE(dec->open(as_record(copy)).ok());
}

// RFC 8446 5.3: sequence numbers never wrap; the last usable one is 2^64 - 2.
TEST_P(Tls13ProtectionTest, SequenceNumberExhaustion) {
  auto enc = encrypter(GetParam());
  auto dec = decrypter(GetParam());
  const uint64_t last = std::numeric_limits<uint64_t>::max() - 1;
  enc->sequence().set_for_testing(last);
  dec->sequence().set_for_testing(last);
  Bytes wire;
  ASSERT_TRUE(enc->seal(ContentType::kApplicationData, pattern(5), wire).ok());
  EXPECT_TRUE(dec->open(as_record(wire)).ok()) << "nonce uses the high sequence number";
  Bytes more;
  EXPECT_FALSE(enc->seal(ContentType::kApplicationData, pattern(5), more).ok());
  EXPECT_TRUE(more.empty());
  Bytes raw = raw_record(GetParam(), Bytes{1, 23}, std::numeric_limits<uint64_t>::max());
  EXPECT_FALSE(dec->open(as_record(raw)).ok());
}

TEST(Tls13Protection, RejectsBadKeyOrIvSizes) {
  EXPECT_FALSE(
      Tls13Encrypter::create(provider(), AeadAlgorithm::kAes128Gcm, pattern(16), pattern(11)).ok());
  EXPECT_FALSE(
      Tls13Decrypter::create(provider(), AeadAlgorithm::kAes128Gcm, pattern(15), pattern(12)).ok());
}

}  // namespace
}  // namespace parley::record

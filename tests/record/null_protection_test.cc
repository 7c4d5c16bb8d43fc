#include <gtest/gtest.h>

#include "record/protection.h"
#include "record/test_util.h"

namespace parley::record {
namespace {

using testing::expect_alert;
using testing::pattern;

TEST(NullProtection, SealWritesAPlaintextRecord) {
  NullEncrypter encrypter(kRecordVersionTls10);  // a first ClientHello (RFC 8446 5.1)
  Bytes out = {0xaa};                            // appends, keeping what is there
  ASSERT_TRUE(encrypter.seal(ContentType::kHandshake, pattern(3), out).ok());
  EXPECT_EQ(out, (Bytes{0xaa, 22, 3, 1, 0, 3, 0, 7, 14}));
  EXPECT_FALSE(encrypter.encrypts());
}

TEST(NullProtection, SealRejectsOversizeAndEmptyNonApplicationData) {
  NullEncrypter encrypter;
  Bytes out;
  EXPECT_FALSE(encrypter.seal(ContentType::kApplicationData, pattern(kMaxPlaintext + 1), out).ok());
  EXPECT_FALSE(encrypter.seal(ContentType::kHandshake, {}, out).ok());
  EXPECT_TRUE(out.empty());
  EXPECT_TRUE(encrypter.seal(ContentType::kApplicationData, {}, out).ok());
  EXPECT_EQ(out, (Bytes{23, 3, 3, 0, 0}));
}

TEST(NullProtection, OpenChecksPlaintextRules) {
  NullDecrypter decrypter;
  Bytes fragment = pattern(kMaxPlaintext);
  auto ok = decrypter.open({ContentType::kHandshake, 0x0303, fragment});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->type, ContentType::kHandshake);
  EXPECT_EQ(ok->data.size(), kMaxPlaintext);

  // RFC 8446 5.1: plaintext over 2^14 is record_overflow.
  Bytes big = pattern(kMaxPlaintext + 1);
  auto overflow = decrypter.open({ContentType::kHandshake, 0x0303, big});
  ASSERT_FALSE(overflow.ok());
  expect_alert(overflow.error(), AlertDescription::kRecordOverflow);

  // Zero-length fragments only for application data.
  for (ContentType type :
       {ContentType::kHandshake, ContentType::kAlert, ContentType::kChangeCipherSpec}) {
    auto empty = decrypter.open({type, 0x0303, {}});
    ASSERT_FALSE(empty.ok());
    expect_alert(empty.error(), AlertDescription::kUnexpectedMessage);
  }
  EXPECT_TRUE(decrypter.open({ContentType::kApplicationData, 0x0303, {}}).ok());
}

TEST(SequenceNumber, StopsBeforeWrapping) {
  SequenceNumber sequence;
  EXPECT_EQ(sequence.value(), 0u);
  EXPECT_TRUE(sequence.check_available().ok());
  sequence.advance();
  EXPECT_EQ(sequence.value(), 1u);
  sequence.set_for_testing(~uint64_t{0} - 1);
  EXPECT_TRUE(sequence.check_available().ok());
  sequence.advance();
  EXPECT_FALSE(sequence.check_available().ok());
}

TEST(XorNonce, PadsAndXorsTheSequenceNumber) {
  AeadNonce iv;
  for (size_t i = 0; i < iv.size(); ++i) iv[i] = static_cast<uint8_t>(0x10 + i);
  const AeadNonce nonce = xor_nonce(iv, 0x0102030405060708);
  const AeadNonce expected = {0x10,     0x11,     0x12,     0x13,     0x14 ^ 1, 0x15 ^ 2,
                              0x16 ^ 3, 0x17 ^ 4, 0x18 ^ 5, 0x19 ^ 6, 0x1a ^ 7, 0x1b ^ 8};
  EXPECT_EQ(nonce, expected);
  EXPECT_EQ(xor_nonce(iv, 0), iv);
}

}  // namespace
}  // namespace parley::record

#include "x509/der.h"

#include <gtest/gtest.h>

namespace parley::x509::der {
namespace {

Result<Element> read_one(const Bytes& data) {
  Parser parser(data);
  return parser.next();
}

TEST(Der, ReadsShortAndLongFormLengths) {
  auto short_form = read_one({0x04, 0x02, 0xaa, 0xbb});
  ASSERT_TRUE(short_form.ok());
  EXPECT_EQ(short_form->tag, kOctetString);
  EXPECT_EQ(short_form->value.size(), 2u);
  EXPECT_EQ(short_form->encoding.size(), 4u);

  Bytes long_form = {0x04, 0x81, 0x80};
  long_form.resize(3 + 0x80, 0x55);
  auto element = read_one(long_form);
  ASSERT_TRUE(element.ok());
  EXPECT_EQ(element->value.size(), 0x80u);
}

TEST(Der, RejectsNonMinimalIndefiniteAndHugeLengths) {
  Bytes padded = {0x04, 0x81, 0x05, 1, 2, 3, 4, 5};  // 5 fits the short form
  EXPECT_FALSE(read_one(padded).ok());
  Bytes leading_zero = {0x04, 0x82, 0x00, 0x81};
  leading_zero.resize(4 + 0x81);
  EXPECT_FALSE(read_one(leading_zero).ok());
  EXPECT_FALSE(read_one({0x30, 0x80, 0x00, 0x00}).ok());  // indefinite
  EXPECT_FALSE(read_one({0x04, 0x85, 0x01, 0x00, 0x00, 0x00, 0x00}).ok());
  EXPECT_FALSE(read_one({0x04, 0x03, 0x01}).ok());        // longer than the data
  EXPECT_FALSE(read_one({0x1f, 0x81, 0x01, 0x00}).ok());  // high tag number
}

TEST(Der, FailedReadDoesNotAdvance) {
  const Bytes data = {0x04, 0x05, 0x01};
  Parser parser(data);
  EXPECT_FALSE(parser.read(kOctetString).ok());
  EXPECT_FALSE(parser.empty());
  EXPECT_TRUE(parser.peek(kOctetString));
}

TEST(Der, IntegersMustBeMinimal) {
  EXPECT_TRUE(check_integer(Bytes{0x00}).ok());
  EXPECT_TRUE(check_integer(Bytes{0x00, 0x80}).ok());
  EXPECT_TRUE(check_integer(Bytes{0xff, 0x7f}).ok());
  EXPECT_FALSE(check_integer(Bytes{}).ok());
  EXPECT_FALSE(check_integer(Bytes{0x00, 0x7f}).ok());
  EXPECT_FALSE(check_integer(Bytes{0xff, 0x80}).ok());

  const Bytes data = {0x02, 0x01, 0x05, 0x02, 0x01, 0xff, 0x02, 0x02, 0x01, 0x00};
  Parser parser(data);
  EXPECT_EQ(*parser.small_unsigned(10), 5u);
  EXPECT_FALSE(parser.small_unsigned(10).ok());  // -1
  Parser big(ByteView(data).subspan(6));
  EXPECT_FALSE(big.small_unsigned(255).ok());  // 256
}

TEST(Der, BooleansAreZeroOrFf) {
  const Bytes data = {0x01, 0x01, 0xff, 0x01, 0x01, 0x00, 0x01, 0x01, 0x01};
  Parser parser(data);
  EXPECT_TRUE(*parser.boolean());
  EXPECT_FALSE(*parser.boolean());
  EXPECT_FALSE(parser.boolean().ok());
}

TEST(Der, ObjectIdentifiers) {
  const Bytes cn = {0x55, 0x04, 0x03};
  EXPECT_TRUE(check_oid(cn).ok());
  EXPECT_EQ(oid_to_string(cn), "2.5.4.3");
  EXPECT_EQ(oid_to_string(Bytes{0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b}),
            "1.2.840.113549.1.1.11");
  EXPECT_FALSE(check_oid(Bytes{}).ok());
  EXPECT_FALSE(check_oid(Bytes{0x55, 0x80, 0x03}).ok());  // non-minimal sub-identifier
  EXPECT_FALSE(check_oid(Bytes{0x55, 0x84}).ok());        // truncated
}

TEST(Der, BitStrings) {
  const Bytes data = {0x03, 0x02, 0x05, 0xa0};
  Parser parser(data);
  auto bits = parser.bit_string();
  ASSERT_TRUE(bits.ok());
  EXPECT_EQ(bits->unused_bits, 5);
  EXPECT_TRUE(bits->bit(0));
  EXPECT_FALSE(bits->bit(1));
  EXPECT_TRUE(bits->bit(2));
  EXPECT_FALSE(bits->bit(20));
  EXPECT_FALSE(Parser(Bytes{0x03, 0x02, 0x05, 0xa1}).bit_string().ok());  // padding bit set
  EXPECT_FALSE(Parser(Bytes{0x03, 0x01, 0x01}).bit_string().ok());        // unused with no bits
  EXPECT_FALSE(Parser(Bytes{0x03, 0x02, 0x08, 0x00}).bit_string().ok());  // unused > 7
  EXPECT_FALSE(Parser(Bytes{0x03, 0x00}).bit_string().ok());
}

Result<int64_t> parse_time(uint8_t tag, std::string_view text) {
  Bytes data = {tag, static_cast<uint8_t>(text.size())};
  data.insert(data.end(), text.begin(), text.end());
  Parser parser(data);
  return parser.time();
}

TEST(Der, TimesFollowRfc5280) {
  EXPECT_EQ(*parse_time(kUtcTime, "700101000000Z"), 0);
  EXPECT_EQ(*parse_time(kUtcTime, "491231235959Z"), 2524607999);  // 2049
  EXPECT_EQ(*parse_time(kUtcTime, "500101000000Z"), -631152000);  // 1950
  EXPECT_EQ(*parse_time(kGeneralizedTime, "20500101000000Z"), 2524608000);
  EXPECT_EQ(*parse_time(kGeneralizedTime, "20240229120000Z"), 1709208000);
  for (std::string_view bad : {"20230229000000Z", "20231301000000Z", "20231231240000Z",
                               "20231231235960Z", "20231231235959", "2023123123595Z",
                               "20231231235959+0000", "2023123123595.Z", "20231231235959.5Z"}) {
    EXPECT_FALSE(parse_time(kGeneralizedTime, bad).ok()) << bad;
  }
  EXPECT_FALSE(parse_time(kUtcTime, "20231231235959Z").ok());
  EXPECT_FALSE(parse_time(kOctetString, "231231235959Z").ok());
  EXPECT_EQ(format_time(1709208000), "2024-02-29 12:00:00 UTC");
  EXPECT_EQ(format_time(-631152000), "1950-01-01 00:00:00 UTC");
}

TEST(Der, NestingDepthIsLimited) {
  // SEQUENCE { SEQUENCE { ... } } nested deeper than kMaxDepth.
  Bytes data;
  for (int i = 0; i < kMaxDepth + 2; ++i) {
    Bytes outer = {0x30, static_cast<uint8_t>(data.size())};
    outer.insert(outer.end(), data.begin(), data.end());
    data = outer;
  }
  Parser parser(data);
  int depth = 0;
  Status status;
  while (true) {
    auto inner = parser.enter(kSequence);
    if (!inner.ok()) {
      status = inner.error();
      break;
    }
    parser = *inner;
    ++depth;
  }
  EXPECT_EQ(depth, kMaxDepth);
  EXPECT_NE(status.error().message.find("nesting too deep"), std::string::npos);
}

}  // namespace
}  // namespace parley::x509::der

#include "common/bytes.h"

#include <gtest/gtest.h>

#include "parley/error.h"

namespace parley {
namespace {

TEST(Bytes, HexRoundTrip) {
  const Bytes data = {0x00, 0x01, 0xab, 0xff};
  EXPECT_EQ(to_hex(data), "0001abff");
  EXPECT_EQ(from_hex("00 01 AB\nff"), data);
}

TEST(Bytes, MalformedHexIsEmpty) {
  EXPECT_TRUE(from_hex("abc").empty());
  EXPECT_TRUE(from_hex("zz").empty());
}

TEST(Bytes, ConstantTimeEqual) {
  const Bytes a = {1, 2, 3};
  const Bytes b = {1, 2, 4};
  const Bytes shorter = {1, 2};
  EXPECT_TRUE(constant_time_equal(a, a));
  EXPECT_FALSE(constant_time_equal(a, b));
  EXPECT_FALSE(constant_time_equal(a, shorter));
}

TEST(Bytes, SecureWipeZeroes) {
  Bytes data = {9, 9, 9};
  secure_wipe(data.data(), data.size());
  EXPECT_EQ(data, Bytes({0, 0, 0}));
}

TEST(ErrorTest, ToStringNamesKindAlertAndMessage) {
  Error e = decode_error("short ClientHello");
  EXPECT_EQ(e.to_string(), "decode error (decode_error): short ClientHello");
  EXPECT_EQ(alert_name(AlertDescription::kNoApplicationProtocol), "no_application_protocol");
}

Result<int> half(int v) {
  if (v % 2 != 0) return illegal_parameter("odd");
  return v / 2;
}

Result<int> quarter(int v) {
  PARLEY_ASSIGN_OR_RETURN(int h, half(v));
  return half(h);
}

TEST(ErrorTest, ResultPropagates) {
  EXPECT_EQ(*quarter(8), 2);
  auto r = quarter(6);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().alert, AlertDescription::kIllegalParameter);
}

}  // namespace
}  // namespace parley

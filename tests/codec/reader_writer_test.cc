#include <gtest/gtest.h>

#include "codec/reader.h"
#include "codec/writer.h"

namespace parley::codec {
namespace {

TEST(Reader, ReadsBigEndianIntegers) {
  const Bytes data = {0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a};
  Reader r(data);
  EXPECT_EQ(*r.u8(), 0x01);
  EXPECT_EQ(*r.u16(), 0x0203);
  EXPECT_EQ(*r.u24(), 0x040506u);
  EXPECT_EQ(*r.u32(), 0x0708090au);
  EXPECT_TRUE(r.empty());
  EXPECT_TRUE(r.expect_end("test").ok());
}

TEST(Reader, TruncatedIntegerIsDecodeErrorAndDoesNotAdvance) {
  const Bytes data = {0x01, 0x02};
  Reader r(data);
  auto v = r.u24();
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().alert, AlertDescription::kDecodeError);
  EXPECT_EQ(r.remaining(), 2u);
}

TEST(Reader, VectorLengthBoundsAreEnforced) {
  const Bytes ok = {0x00, 0x02, 0xaa, 0xbb};
  Reader r(ok);
  auto v = r.vector(2, 1, 10);
  ASSERT_TRUE(v.ok());
  EXPECT_EQ(v->size(), 2u);

  Reader too_short(ok);
  EXPECT_FALSE(too_short.vector(2, 3, 10).ok());
  Reader too_long(ok);
  EXPECT_FALSE(too_long.vector(2, 0, 1).ok());
  EXPECT_EQ(too_long.remaining(), 4u);
}

TEST(Reader, LengthThatLiesIsDecodeError) {
  const Bytes lies = {0x05, 0xaa, 0xbb};
  Reader r(lies);
  auto v = r.vector(1, 0, 255);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().alert, AlertDescription::kDecodeError);
}

TEST(Reader, TrailingBytesAreDecodeError) {
  const Bytes data = {0x01, 0x02};
  Reader r(data);
  ASSERT_TRUE(r.u8().ok());
  EXPECT_FALSE(r.expect_end("thing").ok());
}

TEST(Writer, NestedScopesPatchLengths) {
  Writer w;
  w.u8(0x16);
  w.vector(3, [&] {
    w.u16(0x0303);
    w.vector(1, [&] { w.bytes(Bytes{1, 2, 3}); });
    w.vector_bytes(2, Bytes{});
  });
  EXPECT_TRUE(w.ok());
  EXPECT_EQ(to_hex(w.data()), "160000080303030102030000");
}

TEST(Writer, OverlongScopeIsFlagged) {
  Writer w;
  w.vector(1, [&] { w.bytes(Bytes(256, 0)); });
  EXPECT_FALSE(w.ok());
}

TEST(ReaderWriter, RoundTrip) {
  Writer w;
  w.u32(0xdeadbeef);
  w.vector_bytes(2, as_bytes("hello"));
  Bytes wire = w.take();
  Reader r(wire);
  EXPECT_EQ(*r.u32(), 0xdeadbeefu);
  auto s = r.vector(2, 0, 0xffff);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(std::string(s->begin(), s->end()), "hello");
  EXPECT_TRUE(r.empty());
}

}  // namespace
}  // namespace parley::codec

#include "record/fragmenter.h"

#include <gtest/gtest.h>

#include <vector>

#include "record/protection.h"
#include "record/test_util.h"

namespace parley::record {
namespace {

using testing::deframe_all;
using testing::pattern;

std::vector<size_t> piece_sizes(const Fragmenter& fragmenter, ByteView data, Bytes& joined) {
  std::vector<size_t> sizes;
  fragmenter.split(data, [&](ByteView piece) {
    sizes.push_back(piece.size());
    joined.insert(joined.end(), piece.begin(), piece.end());
  });
  return sizes;
}

TEST(Fragmenter, SplitsAtTheDefaultMaximum) {
  const Bytes data = pattern(40000);
  Fragmenter fragmenter;
  Bytes joined;
  EXPECT_EQ(piece_sizes(fragmenter, data, joined), (std::vector<size_t>{16384, 16384, 7232}));
  EXPECT_EQ(joined, data);
}

TEST(Fragmenter, ExactMultipleAndEmptyInput) {
  Fragmenter fragmenter;
  Bytes joined;
  EXPECT_EQ(piece_sizes(fragmenter, pattern(2 * kMaxPlaintext), joined),
            (std::vector<size_t>{16384, 16384}));
  joined.clear();
  EXPECT_TRUE(piece_sizes(fragmenter, {}, joined).empty());
}

// record_size_limit (RFC 8449) makes the maximum smaller.
TEST(Fragmenter, ConfigurableMaximum) {
  Fragmenter fragmenter;
  ASSERT_TRUE(fragmenter.set_max_fragment_length(100).ok());
  Bytes joined;
  const Bytes data = pattern(250);
  EXPECT_EQ(piece_sizes(fragmenter, data, joined), (std::vector<size_t>{100, 100, 50}));
  EXPECT_EQ(joined, data);
  EXPECT_TRUE(fragmenter.set_max_fragment_length(kMaxPlaintext).ok());
  EXPECT_TRUE(fragmenter.set_max_fragment_length(1).ok());
  EXPECT_FALSE(fragmenter.set_max_fragment_length(0).ok());
  EXPECT_FALSE(fragmenter.set_max_fragment_length(kMaxPlaintext + 1).ok());
  EXPECT_EQ(fragmenter.max_fragment_length(), 1u);
}

// Sealed plaintext records come back through the deframer unchanged.
TEST(Fragmenter, SealedRecordsDeframeBack) {
  Fragmenter fragmenter;
  ASSERT_TRUE(fragmenter.set_max_fragment_length(1000).ok());
  NullEncrypter encrypter;
  const Bytes data = pattern(2500);
  Bytes wire;
  ASSERT_TRUE(fragmenter.seal(encrypter, ContentType::kHandshake, data, wire).ok());
  EXPECT_EQ(wire.size(), 2500u + 3 * kHeaderSize);
  Deframer deframer;
  auto records = deframe_all(deframer, wire, wire.size());
  ASSERT_TRUE(records.ok());
  ASSERT_EQ(records->size(), 3u);
  Bytes joined;
  for (const auto& r : *records) {
    EXPECT_EQ(r.type, ContentType::kHandshake);
    EXPECT_EQ(r.version, kRecordVersionTls12);
    joined.insert(joined.end(), r.fragment.begin(), r.fragment.end());
  }
  EXPECT_EQ(joined, data);
}

}  // namespace
}  // namespace parley::record

// Write back-pressure (CommonConfig::max_unsent_tls): write_some() takes only
// what keeps the unsent TLS bytes within the limit, so a reader that stops or
// crawls cannot make the sender buffer without bound; write() is all or
// nothing and refuses, without failing the connection, what does not fit
// while records are still unsent. Both versions.
#include <gtest/gtest.h>

#include <algorithm>
#include <string>

#include "connection_pair.h"

namespace parley::testing {
namespace {

constexpr size_t kLimit = 40000;  // two records and a half

class BackPressure : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  Pair connected_pair(size_t limit = kLimit) {
    const TestPki& pki = cached_pki(KeyKind::kP256);
    auto client = client_config(pki);
    client->versions = {GetParam()};
    client->max_unsent_tls = limit;
    Pair pair(client, server_config(pki));
    pair.pump();
    EXPECT_TRUE(pair.handshake_done());
    return pair;
  }
};

std::vector<uint8_t> pattern(size_t size) {
  std::vector<uint8_t> data(size);
  for (size_t i = 0; i < size; ++i) data[i] = static_cast<uint8_t>(i * 7 + i / 251);
  return data;
}

TEST_P(BackPressure, SlowReaderKeepsTheSendersBufferBounded) {
  Pair pair = connected_pair();
  Connection& sender = pair.client();
  Connection& reader = pair.server();
  const std::vector<uint8_t> data = pattern(2 * 1024 * 1024);
  std::span<const uint8_t> unsent(data);
  std::vector<uint8_t> received;
  size_t most_buffered = 0;
  size_t refusals = 0;
  while (received.size() < data.size()) {
    // The application offers everything it has left, every time.
    auto taken = sender.write_some(unsent);
    ASSERT_TRUE(taken.ok()) << taken.error().to_string();
    if (*taken == 0) ++refusals;
    unsent = unsent.subspan(*taken);
    most_buffered = std::max(most_buffered, sender.pending_tls().size());
    EXPECT_LE(sender.pending_tls().size(), kLimit);
    // The slow reader takes 1000 bytes per turn.
    const auto pending = sender.pending_tls();
    const size_t n = std::min<size_t>(pending.size(), 1000);
    auto fed = reader.receive_tls(pending.first(n));
    ASSERT_TRUE(fed.ok()) << fed.error().to_string();
    ASSERT_EQ(*fed, n);
    sender.consume_tls(n);
    std::vector<uint8_t> buffer(4096);
    while (const size_t got = reader.read(buffer)) {
      received.insert(received.end(), buffer.begin(), buffer.begin() + got);
    }
  }
  EXPECT_EQ(received, data);
  EXPECT_LE(most_buffered, kLimit);
  EXPECT_GT(most_buffered, kLimit / 2);  // the limit, not the reader, was the bound
  EXPECT_GT(refusals, 0u);
  EXPECT_FALSE(sender.failed());
}

TEST_P(BackPressure, StalledReaderStopsTheWriterAtTheLimit) {
  Pair pair = connected_pair();
  const std::vector<uint8_t> data = pattern(1024 * 1024);
  auto first = pair.client().write_some(data);
  ASSERT_TRUE(first.ok());
  EXPECT_GT(*first, 0u);
  EXPECT_LT(*first, kLimit);
  EXPECT_LE(pair.client().pending_tls().size(), kLimit);
  EXPECT_EQ(pair.client().writable(), 0u);
  // Nothing is sent, so nothing more is taken, however often it is offered.
  for (int i = 0; i < 10; ++i) {
    auto again = pair.client().write_some(std::span(data).subspan(*first));
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(*again, 0u);
  }
  // Once the records are sent, there is room again.
  pair.client().consume_tls(pair.client().pending_tls().size());
  EXPECT_GT(pair.client().writable(), 0u);
}

TEST_P(BackPressure, WriteIsAllOrNothingWhileRecordsAreUnsent) {
  Pair pair = connected_pair();
  const std::vector<uint8_t> big = pattern(100000);
  // Nothing unsent: a write of any size is taken whole (the Stream-style
  // caller that flushes after each write keeps working).
  ASSERT_TRUE(pair.client().write(big).ok());
  EXPECT_GT(pair.client().pending_tls().size(), big.size());
  // Records unsent and over the limit: refused, and the connection goes on.
  const size_t before = pair.client().pending_tls().size();
  Status refused = pair.client().write(big);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kIo);
  EXPECT_EQ(pair.client().pending_tls().size(), before);
  EXPECT_FALSE(pair.client().failed());
  pair.pump();
  EXPECT_EQ(read_all(pair.server()), std::string(big.begin(), big.end()));
  EXPECT_EQ(pair.client_to_server("after"), "after");
}

TEST_P(BackPressure, ATinyLimitStillSendsOneRecordAtATime) {
  Pair pair = connected_pair(/*limit=*/1);
  const std::vector<uint8_t> data = pattern(50000);
  auto taken = pair.client().write_some(data);
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(*taken, 16384u);  // one full record
  EXPECT_EQ(pair.client().writable(), 0u);
}

TEST_P(BackPressure, WriteSomeAfterCloseIsAnError) {
  Pair pair = connected_pair();
  pair.client().close();
  auto taken = pair.client().write_some(pattern(10));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().kind, ErrorKind::kClosed);
  EXPECT_EQ(pair.client().writable(), 0u);
}

INSTANTIATE_TEST_SUITE_P(Versions, BackPressure,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12));

// Before the handshake, write_some() buffers up to max_buffered_plaintext.
TEST(BackPressureBeforeHandshake, WriteSomeBuffersUpToThePlaintextLimit) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->max_buffered_plaintext = 1000;
  Pair pair(client, server_config(pki));
  auto taken = pair.client().write_some(pattern(1500));
  ASSERT_TRUE(taken.ok());
  EXPECT_EQ(*taken, 1000u);
  EXPECT_FALSE(pair.client().write(pattern(1)).ok());
  pair.pump();
  EXPECT_EQ(read_all(pair.server()).size(), 1000u);
}

}  // namespace
}  // namespace parley::testing

// Connection::seal_into / open_in_place: records sealed into and opened in
// the caller's buffers, mixed with the buffered calls under their two rules.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "connection_pair.h"

namespace parley::testing {
namespace {

std::span<const uint8_t> bytes_of(const std::string& text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

std::string joined(const std::vector<std::span<const uint8_t>>& views) {
  std::string out;
  for (auto view : views) out.append(reinterpret_cast<const char*>(view.data()), view.size());
  return out;
}

class LowCopy : public ::testing::Test {
 protected:
  void SetUp() override {
    const TestPki& pki = cached_pki(KeyKind::kP256);
    pair_ = std::make_unique<Pair>(client_config(pki), server_config(pki));
    pair_->pump();
    ASSERT_TRUE(pair_->handshake_done());
  }

  // The client seals `text` into a fresh buffer of exactly sealed_size().
  std::vector<uint8_t> seal(const std::string& text) {
    std::vector<uint8_t> wire(pair_->client().sealed_size(text.size()));
    auto written = pair_->client().seal_into(bytes_of(text), wire);
    EXPECT_TRUE(written.ok()) << (written.ok() ? "" : written.error().message);
    EXPECT_EQ(written.ok() ? *written : 0, wire.size());
    return wire;
  }

  std::unique_ptr<Pair> pair_;
};

TEST_F(LowCopy, SealedRecordsOpenWhereTheyLie) {
  const std::string text(40000, 'q');  // three records
  std::vector<uint8_t> wire = seal(text);
  EXPECT_TRUE(pair_->client().pending_tls().empty()) << "nothing copied into the connection";
  std::vector<std::span<const uint8_t>> data;
  auto consumed = pair_->server().open_in_place(wire, data);
  ASSERT_TRUE(consumed.ok()) << consumed.error().message;
  EXPECT_EQ(*consumed, wire.size());
  ASSERT_EQ(data.size(), 3u);
  for (auto view : data) {
    EXPECT_GE(view.data(), wire.data());
    EXPECT_LE(view.data() + view.size(), wire.data() + wire.size());
  }
  EXPECT_EQ(joined(data), text);
  EXPECT_EQ(pair_->server().readable(), 0u);
}

TEST_F(LowCopy, APartialRecordIsLeftForTheNextCall) {
  std::vector<uint8_t> wire = seal("first");
  const size_t first_size = wire.size();
  const std::vector<uint8_t> second = seal("second");
  wire.insert(wire.end(), second.begin(), second.end() - 3);
  std::vector<std::span<const uint8_t>> data;
  auto consumed = pair_->server().open_in_place(wire, data);
  ASSERT_TRUE(consumed.ok());
  EXPECT_EQ(*consumed, first_size);
  EXPECT_EQ(joined(data), "first");
  std::vector<uint8_t> rest(wire.begin() + static_cast<std::ptrdiff_t>(first_size), wire.end());
  rest.insert(rest.end(), second.end() - 3, second.end());
  data.clear();
  consumed = pair_->server().open_in_place(rest, data);
  ASSERT_TRUE(consumed.ok());
  EXPECT_EQ(*consumed, rest.size());
  EXPECT_EQ(joined(data), "second");
}

TEST_F(LowCopy, MixesWithTheBufferedCalls) {
  // Buffered writes, low-copy reads, and the other way round.
  ASSERT_TRUE(pair_->server().write(bytes_of("buffered")).ok());
  std::vector<uint8_t> wire(pair_->server().pending_tls().begin(),
                            pair_->server().pending_tls().end());
  pair_->server().consume_tls(wire.size());
  std::vector<std::span<const uint8_t>> data;
  ASSERT_TRUE(pair_->client().open_in_place(wire, data).ok());
  EXPECT_EQ(joined(data), "buffered");
  const std::vector<uint8_t> sealed = seal("sealed");
  ASSERT_TRUE(pair_->server().receive_tls(sealed).ok());
  EXPECT_EQ(read_all(pair_->server()), "sealed");
}

TEST_F(LowCopy, TheOrderingRulesAreCheckedAndTheConnectionGoesOn) {
  ASSERT_TRUE(pair_->client().write(bytes_of("queued")).ok());
  std::vector<uint8_t> room(1000);
  auto refused = pair_->client().seal_into(bytes_of("later"), room);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConfig);
  EXPECT_FALSE(pair_->client().failed());
  pair_->pump();  // the queued record goes first; the server reads nothing yet
  std::vector<std::span<const uint8_t>> data;
  auto unread = pair_->server().open_in_place(room, data);
  ASSERT_FALSE(unread.ok());
  EXPECT_EQ(unread.error().kind, ErrorKind::kConfig);
  EXPECT_FALSE(pair_->server().failed());
  EXPECT_EQ(read_all(pair_->server()), "queued");
  EXPECT_EQ(joined(data), "");
}

TEST_F(LowCopy, TooSmallABufferIsRefused) {
  std::vector<uint8_t> room(pair_->client().sealed_size(100) - 1);
  std::string text(100, 'x');
  auto refused = pair_->client().seal_into(bytes_of(text), room);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConfig);
  EXPECT_EQ(pair_->client_to_server("still fine"), "still fine");
}

TEST_F(LowCopy, ATamperedRecordFailsTheConnectionWithBadRecordMac) {
  std::vector<uint8_t> wire = seal("genuine");
  wire.back() ^= 1;
  std::vector<std::span<const uint8_t>> data;
  auto opened = pair_->server().open_in_place(wire, data);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().alert, AlertDescription::kBadRecordMac);
  EXPECT_TRUE(pair_->server().failed());
  EXPECT_FALSE(pair_->server().pending_tls().empty()) << "the alert";
  EXPECT_TRUE(data.empty());
}

TEST_F(LowCopy, AMalformedHeaderIsTheDeframersError) {
  std::vector<uint8_t> wire = {99, 3, 3, 0, 1, 0};
  std::vector<std::span<const uint8_t>> data;
  auto opened = pair_->server().open_in_place(wire, data);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().alert, AlertDescription::kUnexpectedMessage);
  EXPECT_TRUE(pair_->server().failed());
}

TEST_F(LowCopy, AKeyUpdateIsAnsweredInPendingTls) {
  ASSERT_TRUE(pair_->client().update_keys(/*request_peer_update=*/true).ok());
  std::vector<uint8_t> wire(pair_->client().pending_tls().begin(),
                            pair_->client().pending_tls().end());
  pair_->client().consume_tls(wire.size());
  const std::vector<uint8_t> after = seal("under the new keys");
  wire.insert(wire.end(), after.begin(), after.end());
  std::vector<std::span<const uint8_t>> data;
  ASSERT_TRUE(pair_->server().open_in_place(wire, data).ok());
  EXPECT_EQ(joined(data), "under the new keys");
  EXPECT_FALSE(pair_->server().pending_tls().empty()) << "the server's KeyUpdate";
  pair_->pump();
  EXPECT_EQ(pair_->server_to_client("both updated"), "both updated");
}

TEST(LowCopyBeforeTheHandshake, IsAConfigError) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Pair pair(client_config(pki), server_config(pki));
  std::vector<uint8_t> room(1000);
  auto refused = pair.client().seal_into(bytes_of("early"), room);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().kind, ErrorKind::kConfig);
  pair.pump();
  EXPECT_TRUE(pair.handshake_done());
}

}  // namespace
}  // namespace parley::testing

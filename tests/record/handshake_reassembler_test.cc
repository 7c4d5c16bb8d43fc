#include "record/handshake_reassembler.h"

#include <gtest/gtest.h>

#include <vector>

#include "codec/writer.h"
#include "record/test_util.h"

namespace parley::record {
namespace {

using codec::HandshakeType;
using testing::expect_alert;
using testing::pattern;

Bytes message(HandshakeType type, ByteView body) {
  codec::Writer writer;
  writer.u8(static_cast<uint8_t>(type));
  writer.vector_bytes(3, body);
  return writer.take();
}

struct Owned {
  HandshakeType type;
  Bytes body;
  Bytes raw;
  bool operator==(const Owned&) const = default;
};

// Adds each record and drains all complete messages after each.
Result<std::vector<Owned>> reassemble(HandshakeReassembler& reassembler,
                                      const std::vector<ByteView>& records) {
  std::vector<Owned> out;
  for (ByteView record : records) {
    PARLEY_TRY(reassembler.add_record(record));
    while (auto m = reassembler.next()) {
      out.push_back(
          {m->type, Bytes(m->body.begin(), m->body.end()), Bytes(m->raw.begin(), m->raw.end())});
    }
  }
  return out;
}

std::vector<ByteView> split_every(ByteView data, size_t size) {
  std::vector<ByteView> out;
  for (size_t i = 0; i < data.size(); i += size) {
    out.push_back(data.subspan(i, std::min(size, data.size() - i)));
  }
  return out;
}

TEST(HandshakeReassembler, OneMessageInOneRecord) {
  const Bytes body = pattern(37);
  const Bytes raw = message(HandshakeType::kClientHello, body);
  HandshakeReassembler reassembler;
  auto got = reassemble(reassembler, {raw});
  ASSERT_TRUE(got.ok());
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front(), (Owned{HandshakeType::kClientHello, body, raw}));
  EXPECT_FALSE(reassembler.has_pending_bytes());
}

// Several messages per record, and messages (and headers) split across
// records: every record size from 1 byte up gives the same messages.
TEST(HandshakeReassembler, AnyRecordBoundaries) {
  std::vector<Owned> expected;
  Bytes stream;
  auto add = [&](HandshakeType type, Bytes body) {
    Bytes raw = message(type, body);
    stream.insert(stream.end(), raw.begin(), raw.end());
    expected.push_back({type, std::move(body), std::move(raw)});
  };
  add(HandshakeType::kServerHello, pattern(90, 1));
  add(HandshakeType::kEncryptedExtensions, pattern(2, 2));
  add(HandshakeType::kEndOfEarlyData, {});  // empty body
  add(HandshakeType::kCertificate, pattern(40000, 3));
  add(HandshakeType::kFinished, pattern(32, 4));
  for (size_t record_size : {size_t{1}, size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{33},
                             size_t{1000}, kMaxPlaintext, stream.size()}) {
    HandshakeReassembler reassembler;
    auto got = reassemble(reassembler, split_every(stream, record_size));
    ASSERT_TRUE(got.ok()) << record_size << ": " << got.error().to_string();
    EXPECT_EQ(*got, expected) << "record size " << record_size;
    EXPECT_FALSE(reassembler.has_pending_bytes());
  }
}

TEST(HandshakeReassembler, MessageAtTheLimitIsAccepted) {
  HandshakeReassembler reassembler(1000);
  const Bytes raw = message(HandshakeType::kCertificate, pattern(1000));
  auto got = reassemble(reassembler, split_every(raw, 300));
  ASSERT_TRUE(got.ok()) << got.error().to_string();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().body.size(), 1000u);
}

// A message over the limit fails as soon as its header is complete, even if
// the header itself is split across records, before its body is buffered.
TEST(HandshakeReassembler, OversizeMessageIsDecodeError) {
  const Bytes header = {static_cast<uint8_t>(HandshakeType::kCertificate), 0x00, 0x03, 0xe9};
  {
    HandshakeReassembler reassembler(1000);
    ASSERT_TRUE(reassembler.add_record(ByteView(header).first(2)).ok());
    Status status = reassembler.add_record(ByteView(header).subspan(2));
    ASSERT_FALSE(status.ok());
    expect_alert(status.error(), AlertDescription::kDecodeError);
  }
  {
    // Default limit 64 KiB; a second message in the same record is checked too.
    HandshakeReassembler reassembler;
    Bytes record = message(HandshakeType::kFinished, pattern(32));
    const Bytes huge_header = {static_cast<uint8_t>(HandshakeType::kCertificate), 0x01, 0x00, 0x01};
    record.insert(record.end(), huge_header.begin(), huge_header.end());
    Status status = reassembler.add_record(record);
    ASSERT_FALSE(status.ok());
    expect_alert(status.error(), AlertDescription::kDecodeError);
  }
}

// Each type is held to the largest body its grammar allows, however small the
// configured limit; only types whose grammar allows 16 MiB (Certificate) are
// held to the configured limit.
TEST(HandshakeReassembler, ClientHelloAboveTheConfiguredLimitIsAccepted) {
  HandshakeReassembler reassembler(1000);
  const Bytes raw = message(HandshakeType::kClientHello, pattern(100000));
  auto got = reassemble(reassembler, split_every(raw, 16384));
  ASSERT_TRUE(got.ok()) << got.error().to_string();
  ASSERT_EQ(got->size(), 1u);
  EXPECT_EQ(got->front().body.size(), 100000u);
}

TEST(HandshakeReassembler, EachTypeIsBoundedByItsGrammar) {
  EXPECT_EQ(largest_body_by_grammar(HandshakeType::kClientHello), 131397u);
  EXPECT_EQ(largest_body_by_grammar(HandshakeType::kKeyUpdate), 1u);
  EXPECT_EQ(largest_body_by_grammar(HandshakeType::kCertificate), std::nullopt);
  struct Case {
    HandshakeType type;
    uint32_t length;
  };
  for (const Case& c :
       {Case{HandshakeType::kClientHello, 131398}, Case{HandshakeType::kServerHello, 65608},
        Case{HandshakeType::kServerHelloDone, 1}, Case{HandshakeType::kFinished, 65},
        Case{HandshakeType::kKeyUpdate, 2}, Case{HandshakeType::kCertificate, 64 * 1024 + 1}}) {
    HandshakeReassembler reassembler;
    const Bytes header = {static_cast<uint8_t>(c.type), static_cast<uint8_t>(c.length >> 16),
                          static_cast<uint8_t>(c.length >> 8), static_cast<uint8_t>(c.length)};
    Status status = reassembler.add_record(header);
    ASSERT_FALSE(status.ok()) << static_cast<int>(c.type);
    expect_alert(status.error(), AlertDescription::kDecodeError);
  }
}

TEST(HandshakeReassembler, EmptyRecordIsUnexpectedMessage) {
  HandshakeReassembler reassembler;
  Status status = reassembler.add_record({});
  ASSERT_FALSE(status.ok());
  expect_alert(status.error(), AlertDescription::kUnexpectedMessage);
}

// RFC 8446 5.1: a key change (or another record type) in the middle of a
// handshake message is unexpected_message.
TEST(HandshakeReassembler, MessageSpanningKeyChangeIsUnexpectedMessage) {
  const Bytes raw = message(HandshakeType::kFinished, pattern(32));
  HandshakeReassembler reassembler;
  EXPECT_TRUE(reassembler.expect_message_boundary("a key change").ok());
  ASSERT_TRUE(reassembler.add_record(ByteView(raw).first(10)).ok());
  EXPECT_FALSE(reassembler.next().has_value());
  Status status = reassembler.expect_message_boundary("a key change");
  ASSERT_FALSE(status.ok());
  expect_alert(status.error(), AlertDescription::kUnexpectedMessage);
  ASSERT_TRUE(reassembler.add_record(ByteView(raw).subspan(10)).ok());
  ASSERT_TRUE(reassembler.next().has_value());
  EXPECT_TRUE(reassembler.expect_message_boundary("a key change").ok());
}

// A complete message not yet taken out also blocks a key change: e.g. a
// ServerHello record that also carries the next (unencrypted) message.
TEST(HandshakeReassembler, UnreadCompleteMessageBlocksKeyChange) {
  Bytes record = message(HandshakeType::kServerHello, pattern(40));
  const Bytes second = message(HandshakeType::kEncryptedExtensions, pattern(2));
  record.insert(record.end(), second.begin(), second.end());
  HandshakeReassembler reassembler;
  ASSERT_TRUE(reassembler.add_record(record).ok());
  ASSERT_TRUE(reassembler.next().has_value());
  EXPECT_FALSE(reassembler.expect_message_boundary("a key change").ok());
  ASSERT_TRUE(reassembler.next().has_value());
  EXPECT_TRUE(reassembler.expect_message_boundary("a key change").ok());
}

// Views of messages taken from one record stay valid while draining it.
TEST(HandshakeReassembler, ViewsStayValidUntilNextRecord) {
  Bytes record = message(HandshakeType::kCertificate, pattern(100, 1));
  const Bytes second = message(HandshakeType::kCertificateVerify, pattern(50, 2));
  record.insert(record.end(), second.begin(), second.end());
  HandshakeReassembler reassembler;
  ASSERT_TRUE(reassembler.add_record(record).ok());
  auto first = reassembler.next();
  auto next = reassembler.next();
  ASSERT_TRUE(first && next);
  EXPECT_EQ(Bytes(first->body.begin(), first->body.end()), pattern(100, 1));
  EXPECT_EQ(Bytes(next->raw.begin(), next->raw.end()), second);
}

}  // namespace
}  // namespace parley::record

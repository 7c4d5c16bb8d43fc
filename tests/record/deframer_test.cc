#include "record/deframer.h"

#include <gtest/gtest.h>

#include "record/test_util.h"

namespace parley::record {
namespace {

using testing::deframe_all;
using testing::expect_alert;
using testing::make_record;
using testing::OwnedRecord;
using testing::pattern;

// A stream mixing types, versions and sizes up to the TLS 1.2 maximum.
struct Stream {
  Bytes bytes;
  std::vector<OwnedRecord> records;

  void add(ContentType type, uint16_t version, Bytes fragment) {
    Bytes record = make_record(type, version, fragment);
    bytes.insert(bytes.end(), record.begin(), record.end());
    records.push_back({type, version, std::move(fragment)});
  }
};

Stream mixed_stream() {
  Stream s;
  s.add(ContentType::kHandshake, 0x0301, pattern(196, 1));
  s.add(ContentType::kChangeCipherSpec, 0x0303, Bytes{1});
  s.add(ContentType::kApplicationData, 0x0303, Bytes{});
  s.add(ContentType::kAlert, 0x0303, Bytes{2, 40});
  s.add(ContentType::kApplicationData, 0x0303, pattern(kMaxCiphertext12, 3));
  s.add(ContentType::kHandshake, 0x0303, pattern(1, 4));
  return s;
}

TEST(Deframer, WholeStreamInOneFeed) {
  const Stream s = mixed_stream();
  Deframer deframer;
  auto records = deframe_all(deframer, s.bytes, s.bytes.size());
  ASSERT_TRUE(records.ok()) << records.error().to_string();
  EXPECT_EQ(*records, s.records);
  EXPECT_EQ(deframer.buffered(), 0u);
}

// Every chunk size from byte-by-byte to the largest record gives the same
// records.
TEST(Deframer, AnyChunkingYieldsTheSameRecords) {
  const Stream s = mixed_stream();
  for (size_t chunk : {size_t{1}, size_t{2}, size_t{3}, size_t{4}, size_t{5}, size_t{6}, size_t{7},
                       size_t{13}, size_t{100}, size_t{4096}, kMaxRecordSize, kMaxRecordSize + 1}) {
    Deframer deframer;
    auto records = deframe_all(deframer, s.bytes, chunk);
    ASSERT_TRUE(records.ok()) << "chunk " << chunk << ": " << records.error().to_string();
    EXPECT_EQ(*records, s.records) << "chunk " << chunk;
  }
}

// Every split point of a small stream into two feeds.
TEST(Deframer, EverySplitPointOfSmallRecords) {
  Stream s;
  s.add(ContentType::kHandshake, 0x0303, pattern(10, 9));
  s.add(ContentType::kAlert, 0x0303, Bytes{1, 0});
  s.add(ContentType::kApplicationData, 0x0303, pattern(3, 5));
  for (size_t split = 0; split <= s.bytes.size(); ++split) {
    Deframer deframer;
    std::vector<OwnedRecord> got;
    for (ByteView part : {ByteView(s.bytes).first(split), ByteView(s.bytes).subspan(split)}) {
      ASSERT_EQ(deframer.feed(part), part.size());
      auto chunk = deframe_all(deframer, {}, 1);
      ASSERT_TRUE(chunk.ok());
      got.insert(got.end(), chunk->begin(), chunk->end());
    }
    EXPECT_EQ(got, s.records) << "split at " << split;
  }
}

TEST(Deframer, PartialHeaderAndBodyWaitForMore) {
  const Bytes record = make_record(ContentType::kHandshake, 0x0303, pattern(20));
  Deframer deframer;
  ASSERT_EQ(deframer.feed(ByteView(record).first(4)), 4u);
  auto r = deframer.next();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  ASSERT_EQ(deframer.feed(ByteView(record).subspan(4, 10)), 10u);
  r = deframer.next();
  ASSERT_TRUE(r.ok());
  EXPECT_FALSE(r->has_value());
  EXPECT_EQ(deframer.buffered(), 14u);
  ASSERT_EQ(deframer.feed(ByteView(record).subspan(14)), record.size() - 14);
  r = deframer.next();
  ASSERT_TRUE(r.ok());
  ASSERT_TRUE(r->has_value());
  EXPECT_EQ(Bytes((*r)->fragment.begin(), (*r)->fragment.end()), pattern(20));
}

TEST(Deframer, LargestRecordsAreAcceptedPerMode) {
  for (auto [mode, limit] : {std::pair{DeframerMode::kUnnegotiated, kMaxCiphertext12},
                             std::pair{DeframerMode::kTls12, kMaxCiphertext12},
                             std::pair{DeframerMode::kTls13, kMaxCiphertext13}}) {
    Deframer deframer;
    deframer.set_mode(mode);
    auto ok =
        deframe_all(deframer, make_record(ContentType::kApplicationData, 0x0303, pattern(limit)),
                    kMaxRecordSize);
    ASSERT_TRUE(ok.ok()) << ok.error().to_string();
    ASSERT_EQ(ok->size(), 1u);
    EXPECT_EQ(ok->front().fragment.size(), limit);
  }
}

// RFC 8446 5.2, RFC 5246 6.2.3: one byte over the limit is record_overflow,
// detected from the header alone (the body is never buffered).
TEST(Deframer, OversizeRecordIsRecordOverflow) {
  for (auto [mode, limit] : {std::pair{DeframerMode::kUnnegotiated, kMaxCiphertext12},
                             std::pair{DeframerMode::kTls12, kMaxCiphertext12},
                             std::pair{DeframerMode::kTls13, kMaxCiphertext13}}) {
    Deframer deframer;
    deframer.set_mode(mode);
    Bytes header;
    append_header(header, ContentType::kApplicationData, 0x0303, limit + 1);
    ASSERT_EQ(deframer.feed(header), kHeaderSize);
    auto r = deframer.next();
    ASSERT_FALSE(r.ok());
    expect_alert(r.error(), AlertDescription::kRecordOverflow);
  }
  Deframer deframer;
  Bytes header;
  append_header(header, ContentType::kHandshake, 0x0303, 0xffff);
  ASSERT_EQ(deframer.feed(header), kHeaderSize);
  auto r = deframer.next();
  ASSERT_FALSE(r.ok());
  expect_alert(r.error(), AlertDescription::kRecordOverflow);
}

TEST(Deframer, UnknownContentTypeIsUnexpectedMessage) {
  for (uint8_t type : {0, 19, 24, 25, 255}) {
    Deframer deframer;
    Bytes record = make_record(ContentType::kHandshake, 0x0303, pattern(3));
    record[0] = type;
    ASSERT_EQ(deframer.feed(record), record.size());
    auto r = deframer.next();
    ASSERT_FALSE(r.ok()) << int(type);
    expect_alert(r.error(), AlertDescription::kUnexpectedMessage);
  }
}

Result<std::optional<Record>> deframe_text(Deframer& deframer, std::string_view text) {
  const ByteView bytes(reinterpret_cast<const uint8_t*>(text.data()), text.size());
  EXPECT_EQ(deframer.feed(bytes), bytes.size());
  return deframer.next();
}

TEST(Deframer, PlaintextHttpIsNamed) {
  for (std::string_view text :
       {"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", "POST /form HTTP/1.1\r\n",
        "HEAD / HTTP/1.0\r\n", "OPTIONS * HTTP/1.1\r\n", "HTTP/1.1 400 Bad Request\r\n\r\n",
        "HTTP/1.0 200 OK\r\n"}) {
    Deframer deframer;
    auto r = deframe_text(deframer, text);
    ASSERT_FALSE(r.ok()) << text;
    expect_alert(r.error(), AlertDescription::kUnexpectedMessage);
    EXPECT_EQ(r.error().message, "the peer sent plaintext HTTP, not TLS") << text;
  }
}

// A client that takes us for its HTTPS proxy.
TEST(Deframer, HttpConnectIsNamed) {
  Deframer deframer;
  auto r = deframe_text(deframer, "CONNECT example.com:443 HTTP/1.1\r\n");
  ASSERT_FALSE(r.ok());
  expect_alert(r.error(), AlertDescription::kUnexpectedMessage);
  EXPECT_EQ(r.error().message, "the peer sent an HTTP CONNECT request, not TLS");
}

TEST(Deframer, OtherUnknownBytesAreNotCalledHttp) {
  Deframer deframer;
  auto r = deframe_text(deframer, "GIF89a");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown record content type 71");
}

TEST(Deframer, HttpIsOnlyRecognisedBeforeAVersionIsNegotiated) {
  Deframer deframer;
  deframer.set_mode(DeframerMode::kTls13);
  auto r = deframe_text(deframer, "GET / HTTP/1.1\r\n\r\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message, "unknown record content type 71");
}

TEST(Deframer, VersionChecksPerMode) {
  struct Case {
    DeframerMode mode;
    uint16_t version;
    bool accepted;
  };
  for (const Case& c :
       {Case{DeframerMode::kUnnegotiated, 0x0300, true},
        Case{DeframerMode::kUnnegotiated, 0x0301, true},
        Case{DeframerMode::kUnnegotiated, 0x0303, true},
        Case{DeframerMode::kUnnegotiated, 0x03ff, true},
        Case{DeframerMode::kUnnegotiated, 0x0200, false},
        Case{DeframerMode::kUnnegotiated, 0x4745, false},  // "GE"T
        Case{DeframerMode::kTls12, 0x0303, true}, Case{DeframerMode::kTls12, 0x0301, false},
        Case{DeframerMode::kTls12, 0x0304, false}, Case{DeframerMode::kTls13, 0x0301, true},
        Case{DeframerMode::kTls13, 0x0303, true}, Case{DeframerMode::kTls13, 0x1234, true}}) {
    Deframer deframer;
    deframer.set_mode(c.mode);
    auto records =
        deframe_all(deframer, make_record(ContentType::kHandshake, c.version, pattern(4)), 64);
    EXPECT_EQ(records.ok(), c.accepted) << std::hex << c.version;
    if (!records.ok()) expect_alert(records.error(), AlertDescription::kProtocolVersion);
  }
}

TEST(Deframer, ErrorIsSticky) {
  Deframer deframer;
  Bytes bad = make_record(ContentType::kHandshake, 0x0303, pattern(2));
  bad[0] = 99;
  ASSERT_EQ(deframer.feed(bad), bad.size());
  ASSERT_FALSE(deframer.next().ok());
  const Bytes good = make_record(ContentType::kHandshake, 0x0303, pattern(2));
  deframer.feed(good);
  auto again = deframer.next();
  ASSERT_FALSE(again.ok());
  expect_alert(again.error(), AlertDescription::kUnexpectedMessage);
}

// The buffer is bounded: feed() takes only what fits and says so.
TEST(Deframer, BufferIsBounded) {
  Deframer deframer(0);  // raised to one maximum record
  EXPECT_EQ(deframer.free_space(), kMaxRecordSize);
  const Bytes lots = pattern(3 * kMaxRecordSize);
  EXPECT_EQ(deframer.feed(lots), kMaxRecordSize);
  EXPECT_EQ(deframer.free_space(), 0u);
  EXPECT_EQ(deframer.feed(lots), 0u);
}

// After a record is taken, its space is reused for later bytes, moving a
// partial record to the front.
TEST(Deframer, CompactsWhenTheTailIsFull) {
  Stream s;
  for (int i = 0; i < 5; ++i) {
    s.add(ContentType::kApplicationData, 0x0303, pattern(kMaxCiphertext12 - 7 * i, i));
  }
  Deframer deframer(0);
  auto records = deframe_all(deframer, s.bytes, 5000);
  ASSERT_TRUE(records.ok()) << records.error().to_string();
  EXPECT_EQ(*records, s.records);
}

}  // namespace
}  // namespace parley::record

// What an established connection keeps on the heap: no record buffer while
// idle (receive, send or plaintext), however much data went through before.
// Measured by counting the live C++ heap blocks of record size in this test
// binary (operator new/delete replaced here), so the check is about
// allocations, not about an internal accessor.
#include <gtest/gtest.h>
#include <malloc.h>

#include <atomic>
#include <cstdlib>
#include <memory>
#include <new>
#include <string>

#include "connection_pair.h"
#include "record/deframer.h"
#include "record/record.h"

namespace {

// Blocks at least this big are record-sized: a TLS record's plaintext is at
// most 2^14 bytes, and nothing else a connection keeps is that large.
constexpr size_t kRecordSized = parley::record::kMaxPlaintext;

std::atomic<long> live_record_sized{0};
std::atomic<long> live_bytes{0};

void* counted_new(size_t size) {
  void* block = std::malloc(size == 0 ? 1 : size);
  if (block == nullptr) throw std::bad_alloc();
  const size_t usable = malloc_usable_size(block);
  live_bytes += static_cast<long>(usable);
  if (usable >= kRecordSized) ++live_record_sized;
  return block;
}

void counted_delete(void* block) noexcept {
  if (block == nullptr) return;
  const size_t usable = malloc_usable_size(block);
  live_bytes -= static_cast<long>(usable);
  if (usable >= kRecordSized) --live_record_sized;
  std::free(block);
}

}  // namespace

void* operator new(size_t size) {
  return counted_new(size);
}
void* operator new[](size_t size) {
  return counted_new(size);
}
void operator delete(void* block) noexcept {
  counted_delete(block);
}
void operator delete[](void* block) noexcept {
  counted_delete(block);
}
void operator delete(void* block, size_t) noexcept {
  counted_delete(block);
}
void operator delete[](void* block, size_t) noexcept {
  counted_delete(block);
}

namespace parley::testing {
namespace {

TEST(IdleMemory, TheCountingHookSeesARecordBuffer) {
  // The check below could not fail if the hook missed the deframer's buffer.
  const long before = live_record_sized.load();
  record::Deframer deframer;
  const uint8_t header[] = {23, 3, 3, 0, 20};
  ASSERT_EQ(deframer.feed(header), sizeof header);
  EXPECT_EQ(live_record_sized.load(), before + 1);
}

TEST(IdleMemory, TheDeframerFreesItsBufferOnceEveryRecordIsOut) {
  const long before = live_record_sized.load();
  record::Deframer deframer;
  EXPECT_EQ(live_record_sized.load(), before) << "allocated before any byte arrived";
  const uint8_t record[] = {23, 3, 3, 0, 2, 'h', 'i'};
  ASSERT_EQ(deframer.feed(ByteView(record).first(6)), 6u);
  auto none = deframer.next();
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  EXPECT_EQ(live_record_sized.load(), before + 1) << "a partial record is kept";
  ASSERT_EQ(deframer.feed(ByteView(record).subspan(6)), 1u);
  auto whole = deframer.next();
  ASSERT_TRUE(whole.ok());
  ASSERT_TRUE(whole->has_value());
  EXPECT_EQ((*whole)->fragment.size(), 2u);
  auto after = deframer.next();
  ASSERT_TRUE(after.ok());
  EXPECT_FALSE(after->has_value());
  EXPECT_EQ(live_record_sized.load(), before);
}

// A pair through its handshake; `before` is the count of record-sized
// blocks just before the pair was made (its configs already exist).
std::unique_ptr<Pair> established_pair(long& before) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  auto server = server_config(pki);
  before = live_record_sized.load();
  auto pair = std::make_unique<Pair>(client, server);
  pair->pump();
  return pair;
}

TEST(IdleMemory, AnEstablishedConnectionHoldsNoRecordBufferWhileIdle) {
  // Full records, read completely: the buffers come and go. (The test's own
  // strings are record-sized too: made before counting.)
  const std::string big(3 * kRecordSized + 100, 'x');
  std::string received;
  received.reserve(big.size());
  long before = 0;
  const auto established = established_pair(before);
  Pair& pair = *established;
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(live_record_sized.load(), before) << "after the handshake";

  ASSERT_TRUE(
      pair.client().write(ByteView(reinterpret_cast<const uint8_t*>(big.data()), big.size())).ok());
  EXPECT_GT(live_record_sized.load(), before) << "sealed records wait in the send buffer";
  pair.pump();
  uint8_t chunk[4096];
  while (size_t n = pair.server().read(chunk)) received.append(reinterpret_cast<char*>(chunk), n);
  EXPECT_TRUE(received == big) << "the server read other bytes than were written";
  EXPECT_EQ(pair.server_to_client("answer"), "answer");
  EXPECT_EQ(live_record_sized.load(), before) << "idle after traffic";
}

TEST(IdleMemory, UnreadPlaintextIsReadFromWhereItWasDecrypted) {
  // Made before counting: the test's own strings are record-sized too.
  const std::string first(kRecordSized, 'a');
  const std::string second = "and then b";
  std::string expected_rest = first.substr(100) + second;
  std::string rest;
  rest.reserve(expected_rest.size());
  long before = 0;
  const auto established = established_pair(before);
  Pair& pair = *established;
  ASSERT_TRUE(pair.handshake_done());
  // Two records arrive before the application reads: the first stays in the
  // receive buffer, the second is copied behind it; reads see them in order.
  for (const std::string* text : {&first, &second}) {
    ASSERT_TRUE(pair.client()
                    .write(ByteView(reinterpret_cast<const uint8_t*>(text->data()), text->size()))
                    .ok());
  }
  pair.pump();
  EXPECT_EQ(pair.server().readable(), first.size() + second.size());
  uint8_t some[100];
  ASSERT_EQ(pair.server().read(some), sizeof some);
  EXPECT_EQ(std::string(reinterpret_cast<char*>(some), sizeof some), first.substr(0, 100));
  uint8_t chunk[4096];
  while (size_t n = pair.server().read(chunk)) rest.append(reinterpret_cast<char*>(chunk), n);
  EXPECT_TRUE(rest == expected_rest) << "the reads did not see the records in order";
  EXPECT_EQ(pair.server().readable(), 0u);
  EXPECT_EQ(pair.server_to_client("ok"), "ok");
  EXPECT_EQ(live_record_sized.load(), before) << "idle once everything was read";
}

}  // namespace
}  // namespace parley::testing

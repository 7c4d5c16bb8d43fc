// Helpers shared by the record layer tests.
#pragma once

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/bytes.h"
#include "parley/error.h"
#include "record/deframer.h"
#include "record/record.h"

namespace parley::record::testing {

// A record as bytes: header then `fragment`, length from the fragment.
inline Bytes make_record(ContentType type, uint16_t version, ByteView fragment) {
  Bytes out;
  append_header(out, type, version, fragment.size());
  out.insert(out.end(), fragment.begin(), fragment.end());
  return out;
}

inline Bytes pattern(size_t size, uint8_t seed = 0) {
  Bytes out(size);
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(seed + i * 7);
  return out;
}

// What a deframed record looked like, copied out of the deframer's buffer.
struct OwnedRecord {
  ContentType type;
  uint16_t version;
  Bytes fragment;
  bool operator==(const OwnedRecord&) const = default;
};

// Feeds `stream` to `deframer` in chunks of `chunk` bytes, collecting every
// record; stops at the first error and returns it.
inline Result<std::vector<OwnedRecord>> deframe_all(Deframer& deframer, ByteView stream,
                                                    size_t chunk) {
  std::vector<OwnedRecord> records;
  while (true) {
    while (true) {
      Result<std::optional<Record>> record = deframer.next();
      if (!record.ok()) return record.error();
      if (!*record) break;
      const Record& r = **record;
      records.push_back({r.type, r.version, Bytes(r.fragment.begin(), r.fragment.end())});
    }
    if (stream.empty()) return records;
    const size_t taken = deframer.feed(stream.first(std::min(chunk, stream.size())));
    if (taken == 0) return internal_error("deframer took no bytes after yielding all records");
    stream = stream.subspan(taken);
  }
}

inline void expect_alert(const Error& error, AlertDescription alert) {
  ASSERT_TRUE(error.alert.has_value()) << error.to_string();
  EXPECT_EQ(*error.alert, alert) << error.to_string();
}

}  // namespace parley::record::testing

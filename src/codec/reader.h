// Reader: the bounds-checked cursor that every untrusted byte goes through.
// Each read either succeeds entirely or returns a decode_error and leaves the
// cursor where it was.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "common/bytes.h"
#include "parley/error.h"

namespace parley::codec {

class Reader {
 public:
  explicit Reader(ByteView data) : data_(data) {}

  size_t remaining() const { return data_.size() - pos_; }
  bool empty() const { return remaining() == 0; }
  size_t position() const { return pos_; }

  Result<uint8_t> u8();
  Result<uint16_t> u16();
  Result<uint32_t> u24();
  Result<uint32_t> u32();
  Result<uint64_t> u64();
  // Exactly `n` bytes.
  Result<ByteView> bytes(size_t n);
  // Everything left.
  ByteView rest();

  // Hot-path variant of bytes(): false (and no advance) if fewer than `n`
  // bytes remain. For parsers that build their own error after a failure.
  bool try_bytes(size_t n, ByteView& out) {
    if (remaining() < n) return false;
    out = data_.subspan(pos_, n);
    pos_ += n;
    return true;
  }
  // The next byte without consuming it; false at the end.
  bool try_peek(uint8_t& out) const {
    if (empty()) return false;
    out = data_[pos_];
    return true;
  }

  // A vector with a `prefix_size`-byte (1..4) big-endian length prefix whose
  // length must lie in [min, max] (RFC 8446 3.4 <min..max>).
  Result<ByteView> vector(size_t prefix_size, size_t min, size_t max);
  // The same, as a Reader over the vector body.
  Result<Reader> sub_reader(size_t prefix_size, size_t min, size_t max);

  // decode_error unless every byte has been consumed; `what` names the
  // structure for the error message.
  Status expect_end(std::string_view what) const;

 private:
  Result<uint64_t> read_be(size_t width);

  ByteView data_;
  size_t pos_ = 0;
};

}  // namespace parley::codec

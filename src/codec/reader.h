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

  // Inline: every field of every handshake message goes through these, and
  // the success path is a bounds check and a load.
  Result<uint8_t> u8() { return read_be<uint8_t>(1); }
  Result<uint16_t> u16() { return read_be<uint16_t>(2); }
  Result<uint32_t> u24() { return read_be<uint32_t>(3); }
  Result<uint32_t> u32() { return read_be<uint32_t>(4); }
  Result<uint64_t> u64() { return read_be<uint64_t>(8); }
  // Exactly `n` bytes.
  Result<ByteView> bytes(size_t n) {
    ByteView out;
    if (!try_bytes(n, out)) return truncated("truncated field");
    return out;
  }
  // Everything left.
  ByteView rest() {
    ByteView out = data_.subspan(pos_);
    pos_ = data_.size();
    return out;
  }

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
  Result<ByteView> vector(size_t prefix_size, size_t min, size_t max) {
    const size_t start = pos_;
    if (prefix_size < 1 || prefix_size > 4) return bad_prefix_size();
    PARLEY_ASSIGN_OR_RETURN(const uint64_t length, read_be<uint64_t>(prefix_size));
    if (length < min || length > max || remaining() < length) {
      return bad_vector_length(start, length, min, max);
    }
    ByteView out = data_.subspan(pos_, static_cast<size_t>(length));
    pos_ += static_cast<size_t>(length);
    return out;
  }
  // The same, as a Reader over the vector body.
  Result<Reader> sub_reader(size_t prefix_size, size_t min, size_t max);

  // decode_error unless every byte has been consumed; `what` names the
  // structure for the error message.
  Status expect_end(std::string_view what) const;

 private:
  template <typename T>
  Result<T> read_be(size_t width) {
    if (remaining() < width) return truncated("truncated integer");
    uint64_t value = 0;
    for (size_t i = 0; i < width; ++i) value = value << 8 | data_[pos_ + i];
    pos_ += width;
    return static_cast<T>(value);
  }
  // Out of line: the error paths are cold.
  static Error truncated(const char* what);
  static Error bad_prefix_size();
  Result<ByteView> bad_vector_length(size_t start, uint64_t length, size_t min, size_t max);

  ByteView data_;
  size_t pos_ = 0;
};

}  // namespace parley::codec

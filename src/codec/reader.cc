#include "codec/reader.h"

#include <string>

namespace parley::codec {

Result<uint64_t> Reader::read_be(size_t width) {
  if (remaining() < width) return decode_error("truncated integer");
  uint64_t value = 0;
  for (size_t i = 0; i < width; ++i) value = value << 8 | data_[pos_ + i];
  pos_ += width;
  return value;
}

Result<uint8_t> Reader::u8() {
  PARLEY_ASSIGN_OR_RETURN(uint64_t v, read_be(1));
  return static_cast<uint8_t>(v);
}
Result<uint16_t> Reader::u16() {
  PARLEY_ASSIGN_OR_RETURN(uint64_t v, read_be(2));
  return static_cast<uint16_t>(v);
}
Result<uint32_t> Reader::u24() {
  PARLEY_ASSIGN_OR_RETURN(uint64_t v, read_be(3));
  return static_cast<uint32_t>(v);
}
Result<uint32_t> Reader::u32() {
  PARLEY_ASSIGN_OR_RETURN(uint64_t v, read_be(4));
  return static_cast<uint32_t>(v);
}
Result<uint64_t> Reader::u64() {
  return read_be(8);
}

Result<ByteView> Reader::bytes(size_t n) {
  if (remaining() < n) return decode_error("truncated field");
  ByteView out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

ByteView Reader::rest() {
  ByteView out = data_.subspan(pos_);
  pos_ = data_.size();
  return out;
}

Result<ByteView> Reader::vector(size_t prefix_size, size_t min, size_t max) {
  if (prefix_size < 1 || prefix_size > 4) return internal_error("bad vector prefix size");
  const size_t start = pos_;
  PARLEY_ASSIGN_OR_RETURN(uint64_t length, read_be(prefix_size));
  if (length < min || length > max) {
    pos_ = start;
    return decode_error("vector length " + std::to_string(length) + " outside [" +
                        std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  if (remaining() < length) {
    pos_ = start;
    return decode_error("vector length " + std::to_string(length) + " exceeds the " +
                        std::to_string(remaining()) + " bytes left");
  }
  return bytes(static_cast<size_t>(length));
}

Result<Reader> Reader::sub_reader(size_t prefix_size, size_t min, size_t max) {
  PARLEY_ASSIGN_OR_RETURN(ByteView body, vector(prefix_size, min, max));
  return Reader(body);
}

Status Reader::expect_end(std::string_view what) const {
  if (!empty()) {
    return decode_error(std::to_string(remaining()) + " trailing bytes after " + std::string(what));
  }
  return {};
}

}  // namespace parley::codec

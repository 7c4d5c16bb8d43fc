#include "codec/reader.h"

#include <string>

namespace parley::codec {

Error Reader::truncated(const char* what) {
  return decode_error(what);
}

Error Reader::bad_prefix_size() {
  return internal_error("bad vector prefix size");
}

// Leaves the cursor where the vector started, as every failed read does.
Result<ByteView> Reader::bad_vector_length(size_t start, uint64_t length, size_t min, size_t max) {
  const size_t left = remaining();  // after the length prefix
  pos_ = start;
  if (length < min || length > max) {
    return decode_error("vector length " + std::to_string(length) + " outside [" +
                        std::to_string(min) + ", " + std::to_string(max) + "]");
  }
  return decode_error("vector length " + std::to_string(length) + " exceeds the " +
                      std::to_string(left) + " bytes left");
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

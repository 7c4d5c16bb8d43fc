#include "codec/writer.h"

namespace parley::codec {

namespace {
// A handle packs the prefix size into the low bits and the offset above.
constexpr size_t kPrefixBits = 3;
}  // namespace

size_t Writer::open(size_t prefix_size) {
  const size_t offset = out_.size();
  out_.resize(out_.size() + prefix_size, 0);
  return offset << kPrefixBits | prefix_size;
}

void Writer::close(size_t handle) {
  const size_t prefix_size = handle & ((size_t{1} << kPrefixBits) - 1);
  const size_t offset = handle >> kPrefixBits;
  const size_t length = out_.size() - offset - prefix_size;
  if (prefix_size < 8 && length >> (8 * prefix_size) != 0) ok_ = false;
  for (size_t i = 0; i < prefix_size; ++i) {
    out_[offset + i] = static_cast<uint8_t>(length >> (8 * (prefix_size - 1 - i)));
  }
}

}  // namespace parley::codec

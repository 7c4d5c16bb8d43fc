// Writer: appends big-endian integers and length-prefixed vectors. Length
// prefixes are written as nested scopes and patched when the scope closes.
#pragma once

#include <cstddef>
#include <cstdint>

#include "common/bytes.h"

namespace parley::codec {

class Writer {
 public:
  Writer() = default;
  explicit Writer(Bytes initial) : out_(std::move(initial)) {}

  void u8(uint8_t v) { out_.push_back(v); }
  void u16(uint16_t v) { put_be(v, 2); }
  void u24(uint32_t v) { put_be(v, 3); }
  void u32(uint32_t v) { put_be(v, 4); }
  void u64(uint64_t v) { put_be(v, 8); }
  void bytes(ByteView data) { out_.insert(out_.end(), data.begin(), data.end()); }

  // Opens a length-prefixed scope with a `prefix_size`-byte length; returns a
  // handle for close(). Scopes nest and must close innermost first.
  size_t open(size_t prefix_size);
  void close(size_t handle);

  // Runs `body` inside a length-prefixed scope.
  template <typename Body>
  void vector(size_t prefix_size, Body&& body) {
    size_t handle = open(prefix_size);
    body();
    close(handle);
  }
  // A length-prefixed byte string.
  void vector_bytes(size_t prefix_size, ByteView data) {
    vector(prefix_size, [&] { bytes(data); });
  }

  // False if some scope's body was too long for its prefix (a bug in the
  // caller, since lengths come from our own structures).
  bool ok() const { return ok_; }
  size_t size() const { return out_.size(); }
  const Bytes& data() const { return out_; }
  Bytes take() { return std::move(out_); }

 private:
  void put_be(uint64_t v, size_t width) {
    for (size_t i = width; i > 0; --i) out_.push_back(static_cast<uint8_t>(v >> (8 * (i - 1))));
  }

  Bytes out_;
  bool ok_ = true;
};

}  // namespace parley::codec

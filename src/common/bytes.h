// Byte-buffer vocabulary shared by every layer.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace parley {

using Bytes = std::vector<uint8_t>;
using ByteView = std::span<const uint8_t>;

inline ByteView as_bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Overwrites memory in a way the optimiser may not elide.
void secure_wipe(void* data, size_t size);

// Compares in time that depends only on the lengths (RFC 8446 4.4.4 Finished,
// binders, MACs). Different lengths compare unequal.
bool constant_time_equal(ByteView a, ByteView b);

// Lower-case hex, for logs, key logs and tests.
std::string to_hex(ByteView data);
// Parses hex, ignoring ASCII whitespace; returns empty on malformed input.
Bytes from_hex(std::string_view hex);

}  // namespace parley

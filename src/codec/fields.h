// Building blocks shared by the message and extension codecs: opaque
// vectors, lists of 8- and 16-bit code points, and "this body must be parsed
// to its last byte". Every decode error names the field it came from.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "codec/reader.h"
#include "codec/writer.h"
#include "common/bytes.h"
#include "parley/error.h"

namespace parley::codec {

// Prefixes an error's message with the structure it arose in; keeps the alert.
Error in_context(Error error, std::string_view what);

// The error of `result`, with `what` prepended (for PARLEY_ASSIGN_OR_RETURN
// chains: `return in_context(...)` on the failure path only).
template <typename T>
Result<T> with_context(Result<T> result, std::string_view what) {
  if (result.ok()) return result;
  return in_context(std::move(result).error(), what);
}

// RFC 8446 3.4: opaque field<min..max> with a `prefix_size`-byte length.
inline Result<Bytes> read_opaque(Reader& r, size_t prefix_size, size_t min, size_t max,
                                 std::string_view what) {
  PARLEY_ASSIGN_OR_RETURN(ByteView v, with_context(r.vector(prefix_size, min, max), what));
  return Bytes(v.begin(), v.end());
}

// A vector<min..max> as a Reader over its contents.
inline Result<Reader> read_block(Reader& r, size_t prefix_size, size_t min, size_t max,
                                 std::string_view what) {
  return with_context(r.sub_reader(prefix_size, min, max), what);
}

inline Result<uint8_t> read_u8(Reader& r, std::string_view what) {
  return with_context(r.u8(), what);
}
inline Result<uint16_t> read_u16(Reader& r, std::string_view what) {
  return with_context(r.u16(), what);
}
inline Result<uint32_t> read_u32(Reader& r, std::string_view what) {
  return with_context(r.u32(), what);
}

template <typename E>
using Underlying = typename std::conditional_t<std::is_enum_v<E>, std::underlying_type<E>,
                                               std::type_identity<E>>::type;

// A list of 1- or 2-byte code points (enums or integers) in a vector<min..max>
// whose byte length must be a multiple of the element size.
template <typename E>
Result<std::vector<E>> read_list(Reader& r, size_t prefix_size, size_t min, size_t max,
                                 std::string_view what) {
  using U = Underlying<E>;
  static_assert(sizeof(U) == 1 || sizeof(U) == 2);
  PARLEY_ASSIGN_OR_RETURN(Reader list, read_block(r, prefix_size, min, max, what));
  if (list.remaining() % sizeof(U) != 0) {
    return decode_error(std::string(what) + ": odd length for a list of 16-bit values");
  }
  std::vector<E> out;
  out.reserve(list.remaining() / sizeof(U));
  while (!list.empty()) {
    if constexpr (sizeof(U) == 1) {
      out.push_back(static_cast<E>(*list.u8()));
    } else {
      out.push_back(static_cast<E>(*list.u16()));
    }
  }
  return out;
}

template <typename E>
void write_list(Writer& w, size_t prefix_size, const std::vector<E>& values) {
  using U = Underlying<E>;
  static_assert(sizeof(U) == 1 || sizeof(U) == 2);
  w.vector(prefix_size, [&] {
    for (E v : values) {
      if constexpr (sizeof(U) == 1) {
        w.u8(static_cast<uint8_t>(v));
      } else {
        w.u16(static_cast<uint16_t>(v));
      }
    }
  });
}

// Runs `parse(Reader&) -> Result<T>` over `body` and requires it to consume
// every byte (trailing bytes are a decode_error).
template <typename T, typename Parse>
Result<T> decode_whole(ByteView body, std::string_view what, Parse&& parse) {
  Reader r(body);
  PARLEY_ASSIGN_OR_RETURN(T value, parse(r));
  PARLEY_TRY(r.expect_end(what));
  return value;
}

// A body that must be empty (ServerHelloDone, extended_master_secret, ...).
inline Status expect_empty(ByteView body, std::string_view what) {
  if (!body.empty()) return decode_error(std::string(what) + " must be empty");
  return {};
}

}  // namespace parley::codec

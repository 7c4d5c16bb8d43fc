// The property every codec fuzz target checks, for one decoder:
//   - decoding never crashes and every failure carries an alert;
//   - a decoded value re-encodes without overflow, the re-encoding decodes to
//     an equal value, and re-encoding that gives the same bytes again;
//   - the re-encoding reproduces the input byte for byte (decode records
//     extension order), except that a hello's empty extensions block is
//     dropped;
//   - describe() (the trace line) handles whatever decoded.
#pragma once

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "codec/codec.h"

namespace parley::codec::fuzz {

[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "codec property violated: %s\n", what);
  std::abort();
}

template <typename T>
constexpr bool kMayDropEmptyExtensionBlock = false;
template <>
constexpr bool kMayDropEmptyExtensionBlock<ClientHello> = true;
template <>
constexpr bool kMayDropEmptyExtensionBlock<ServerHello> = true;

template <typename T>
void check_reproduces_input(ByteView input, const Bytes& encoded) {
  if (std::equal(input.begin(), input.end(), encoded.begin(), encoded.end())) return;
  if constexpr (kMayDropEmptyExtensionBlock<T>) {
    if (input.size() == encoded.size() + 2 && input[input.size() - 2] == 0 &&
        input[input.size() - 1] == 0 && std::equal(encoded.begin(), encoded.end(), input.begin())) {
      return;
    }
  }
  fail("re-encoding differs from the input");
}

template <typename T, typename Decode>
void check_round_trip(ByteView input, Decode&& decode) {
  Result<T> first = decode(input);
  if (!first.ok()) {
    if (!first.error().alert) fail("decode error without an alert");
    return;
  }
  Result<Bytes> wire = encode_body(*first);
  if (!wire.ok()) fail("a decoded value does not re-encode");
  check_reproduces_input<T>(input, *wire);
  Result<T> second = decode(ByteView(*wire));
  if (!second.ok()) fail("the re-encoding does not decode");
  if (!(*second == *first)) fail("the re-encoding decodes to a different value");
  Result<Bytes> again = encode_body(*second);
  if (!again.ok() || *again != *wire) fail("encoding is not stable");
  if constexpr (requires { describe(*first); }) {
    if (describe(*first).empty()) fail("empty trace line");
  }
}

template <typename T>
void check_round_trip(ByteView input) {
  check_round_trip<T>(input, [](ByteView body) { return T::decode(body); });
}

}  // namespace parley::codec::fuzz

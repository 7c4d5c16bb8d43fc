// Helpers shared by the codec tests: round trips, known-answer encodings,
// truncation/trailing-byte sweeps and alert assertions, plus a reader for
// the hex blocks of RFC 8448.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "codec/handshake.h"
#include "common/bytes.h"
#include "parley/error.h"

namespace parley::codec::test {

inline constexpr AlertDescription kDecodeError = AlertDescription::kDecodeError;
inline constexpr AlertDescription kIllegalParameter = AlertDescription::kIllegalParameter;

// Hex to bytes; fails the test on malformed hex.
Bytes hex(std::string_view text);

// The hex of `n` copies of `byte`, to splice into a wire_hex string.
inline std::string hex_of(uint8_t byte, size_t n) {
  return to_hex(Bytes(n, byte));
}

// T::decode of the bytes `h` spells.
template <typename T>
Result<T> decode_hex(std::string_view h) {
  const Bytes wire = hex(h);
  return T::decode(wire);
}

// encode_body(value), failing the test if the Writer overflowed.
template <typename T>
Bytes encode(const T& value) {
  Result<Bytes> out = encode_body(value);
  EXPECT_TRUE(out.ok()) << out.error().to_string();
  return out.ok() ? *out : Bytes{};
}

template <typename T>
auto default_decoder() {
  return [](ByteView body) { return T::decode(body); };
}

// The result failed with `alert`.
template <typename R>
::testing::AssertionResult fails_with(const R& result, AlertDescription alert) {
  if (result.ok()) return ::testing::AssertionFailure() << "decoded successfully";
  if (result.error().alert != alert) {
    return ::testing::AssertionFailure() << "wrong alert: " << result.error().to_string()
                                         << " (wanted " << alert_name(alert) << ")";
  }
  return ::testing::AssertionSuccess() << result.error().to_string();
}

// encode(value) -> decode -> equal, and the re-encoding is byte-identical.
template <typename T, typename Decode>
void expect_round_trip(const T& value, Decode&& decode) {
  const Bytes wire = encode(value);
  auto decoded = decode(ByteView(wire));
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string() << " for " << to_hex(wire);
  EXPECT_TRUE(*decoded == value) << to_hex(wire);
  EXPECT_EQ(to_hex(encode(*decoded)), to_hex(wire));
}
template <typename T>
void expect_round_trip(const T& value) {
  expect_round_trip(value, default_decoder<T>());
}

// Every strict prefix of `wire` is a decode_error, except the lengths listed
// in `valid_lengths` (e.g. a TLS 1.2 hello without its extensions block).
template <typename Decode>
void expect_prefixes_fail(ByteView wire, Decode&& decode, std::vector<size_t> valid_lengths = {}) {
  for (size_t length = 0; length < wire.size(); ++length) {
    auto result = decode(wire.first(length));
    bool valid = false;
    for (size_t v : valid_lengths) valid |= v == length;
    if (valid) {
      EXPECT_TRUE(result.ok()) << "prefix of " << length << " bytes";
    } else {
      EXPECT_TRUE(fails_with(result, AlertDescription::kDecodeError))
          << "prefix of " << length << " of " << wire.size() << " bytes";
    }
  }
}

// One extra byte at the end is a decode_error.
template <typename Decode>
void expect_trailing_byte_fails(ByteView wire, Decode&& decode) {
  Bytes longer(wire.begin(), wire.end());
  longer.push_back(0x00);
  EXPECT_TRUE(fails_with(decode(ByteView(longer)), AlertDescription::kDecodeError));
}

// The full known-answer check of one type: `value` encodes to `wire_hex`,
// `wire_hex` decodes to `value`, every prefix and a trailing byte fail.
template <typename T, typename Decode>
void expect_wire_format(const T& value, std::string_view wire_hex, Decode&& decode) {
  const Bytes wire = hex(wire_hex);
  EXPECT_EQ(to_hex(encode(value)), to_hex(wire));
  auto decoded = decode(ByteView(wire));
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_TRUE(*decoded == value);
  expect_prefixes_fail(wire, decode);
  expect_trailing_byte_fails(wire, decode);
}
template <typename T>
void expect_wire_format(const T& value, std::string_view wire_hex) {
  expect_wire_format(value, wire_hex, default_decoder<T>());
}

// The hex dumps labelled `label` in RFC 8448 ("ClientHello", "payload",
// ...), in file order, each checked against its "(N octets)" count.
std::vector<Bytes> rfc8448_blocks(std::string_view label);

// The body of a handshake message (header checked and stripped).
Bytes handshake_body(ByteView message);

}  // namespace parley::codec::test

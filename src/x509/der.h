// A strict DER reader (ITU-T X.690 section 10) on top of codec::Reader's
// bounds checks. Definite lengths only, minimal length and integer encodings,
// low tag numbers only, and a nesting-depth limit, so a hostile certificate
// can neither read out of bounds nor recurse without bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "codec/reader.h"
#include "common/bytes.h"
#include "parley/error.h"

namespace parley::x509::der {

// Identifier octets of the universal types X.509 uses (X.680 8.4).
enum Tag : uint8_t {
  kBoolean = 0x01,
  kInteger = 0x02,
  kBitString = 0x03,
  kOctetString = 0x04,
  kNull = 0x05,
  kOid = 0x06,
  kUtf8String = 0x0c,
  kPrintableString = 0x13,
  kTeletexString = 0x14,
  kIa5String = 0x16,
  kUtcTime = 0x17,
  kGeneralizedTime = 0x18,
  kVisibleString = 0x1a,
  kUniversalString = 0x1c,
  kBmpString = 0x1e,
  kSequence = 0x30,
  kSet = 0x31,
};

// Context-specific tags [n] (X.690 8.1.2.2), primitive or constructed.
constexpr uint8_t context_tag(uint8_t number) {
  return static_cast<uint8_t>(0x80 | number);
}
constexpr uint8_t context_constructed(uint8_t number) {
  return static_cast<uint8_t>(0xa0 | number);
}

// Deeper nesting than any certificate needs; bounds recursion on hostile input.
inline constexpr int kMaxDepth = 24;

// One TLV: its tag, its contents and its whole encoding.
struct Element {
  uint8_t tag = 0;
  ByteView value;
  ByteView encoding;
};

struct BitString {
  ByteView bytes;                // the bits, most significant first
  uint8_t unused_bits = 0;       // 0..7, in the last byte
  bool bit(size_t index) const;  // bit `index` counted from the first, false past the end
};

class Parser {
 public:
  // `depth` is the nesting level of `data`'s elements, for parsers started on
  // the contents of an OCTET STRING or BIT STRING (X.509 extensions).
  explicit Parser(ByteView data, int depth = 0) : reader_(data), depth_(depth) {}

  bool empty() const { return reader_.empty(); }
  // True if the next element has tag `tag` (false at the end).
  bool peek(uint8_t tag) const;

  // The next element, whatever its tag.
  Result<Element> next();
  // The next element, which must have tag `tag`.
  Result<Element> read(uint8_t tag);
  // The next element if it has tag `tag`, else nothing (and no advance).
  Result<std::optional<Element>> read_optional(uint8_t tag);

  // A parser over the contents of the next element (tag `tag`, normally
  // constructed), one level deeper.
  Result<Parser> enter(uint8_t tag);
  Result<std::optional<Parser>> enter_optional(uint8_t tag);
  // A parser over `contents` of an element this parser read (OCTET STRING
  // wrappers), one level deeper.
  Result<Parser> nested(ByteView contents) const;

  // Typed readers for universal types.
  Result<bool> boolean();
  // INTEGER contents (two's complement, minimal), at least one byte.
  Result<ByteView> integer();
  // A non-negative INTEGER no greater than `max`.
  Result<uint64_t> small_unsigned(uint64_t max);
  // OBJECT IDENTIFIER contents, checked for minimal sub-identifiers.
  Result<ByteView> oid();
  Result<BitString> bit_string();
  Status null();
  // UTCTime or GeneralizedTime (RFC 5280 4.1.2.5), as seconds since the epoch.
  Result<int64_t> time();

  // decode_error unless every byte has been consumed.
  Status expect_end(std::string_view what) const { return reader_.expect_end(what); }

 private:
  // The next TLV into `out`; on failure the reason goes to `error` and the
  // caller rewinds. Kept free of Result so the hot path copies nothing.
  bool read_element(Element& out, const char*& error);
  Result<Element> element_or_error(bool ok, const Element& element, const char* error) const;

  codec::Reader reader_;
  int depth_;
};

// Checks INTEGER contents for DER minimality (X.690 8.3.2).
Status check_integer(ByteView contents);
// Checks OBJECT IDENTIFIER contents (X.690 8.19): non-empty, minimal.
Status check_oid(ByteView contents);
// Dotted-decimal form of OID contents ("2.5.4.3"), for messages.
std::string oid_to_string(ByteView contents);

// Days since 1970-01-01 of a proleptic Gregorian date.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day);
// Seconds since the epoch as "YYYY-MM-DD HH:MM:SS UTC", for messages.
std::string format_time(int64_t seconds);

}  // namespace parley::x509::der

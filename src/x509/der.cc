#include "x509/der.h"

#include <array>
#include <cstdio>

namespace parley::x509::der {

namespace {

bool is_digit(uint8_t c) {
  return c >= '0' && c <= '9';
}

// Reads `count` decimal digits from `text` at `pos`.
std::optional<unsigned> digits(ByteView text, size_t pos, size_t count) {
  unsigned value = 0;
  for (size_t i = 0; i < count; ++i) {
    if (!is_digit(text[pos + i])) return std::nullopt;
    value = value * 10 + (text[pos + i] - '0');
  }
  return value;
}

bool is_leap_year(int64_t year) {
  return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

unsigned days_in_month(int64_t year, unsigned month) {
  static constexpr std::array<unsigned, 12> kDays = {31, 28, 31, 30, 31, 30,
                                                     31, 31, 30, 31, 30, 31};
  return month == 2 && is_leap_year(year) ? 29 : kDays[month - 1];
}

// RFC 5280 4.1.2.5.1 / 4.1.2.5.2: UTCTime is YYMMDDHHMMSSZ and
// GeneralizedTime is YYYYMMDDHHMMSSZ; no fractions, no offsets.
Result<int64_t> parse_time(uint8_t tag, ByteView text) {
  const size_t year_digits = tag == kUtcTime ? 2 : 4;
  if (text.size() != year_digits + 11 || text.back() != 'Z') {
    return decode_error("time is not in the RFC 5280 form");
  }
  auto year_value = digits(text, 0, year_digits);
  auto month = digits(text, year_digits, 2);
  auto day = digits(text, year_digits + 2, 2);
  auto hour = digits(text, year_digits + 4, 2);
  auto minute = digits(text, year_digits + 6, 2);
  auto second = digits(text, year_digits + 8, 2);
  if (!year_value || !month || !day || !hour || !minute || !second) {
    return decode_error("time has a non-digit");
  }
  int64_t year = *year_value;
  if (tag == kUtcTime) year += year >= 50 ? 1900 : 2000;  // RFC 5280 4.1.2.5.1
  if (*month < 1 || *month > 12 || *day < 1 || *day > days_in_month(year, *month) || *hour > 23 ||
      *minute > 59 || *second > 59) {
    return decode_error("time out of range");
  }
  return days_from_civil(year, *month, *day) * 86400 + *hour * 3600 + *minute * 60 + *second;
}

}  // namespace

bool BitString::bit(size_t index) const {
  const size_t byte = index / 8;
  if (byte >= bytes.size()) return false;
  return (bytes[byte] >> (7 - index % 8)) & 1;
}

bool Parser::peek(uint8_t tag) const {
  uint8_t first = 0;
  return reader_.try_peek(first) && first == tag;
}

// Reads the identifier and length octets in as few bounds-checked reads as
// possible: this is the hot path of certificate parsing.
bool Parser::read_element(Element& out, const char*& error) {
  const codec::Reader start = reader_;
  ByteView header;
  if (!reader_.try_bytes(2, header)) return (error = "DER: truncated element"), false;
  const uint8_t tag = header[0];
  if ((tag & 0x1f) == 0x1f) return (error = "DER: high tag numbers are not used in X.509"), false;
  size_t length = header[1];
  if (length == 0x80) return (error = "DER: indefinite length"), false;
  if (length > 0x80) {
    const size_t octets = length & 0x7f;
    if (octets > 4) return (error = "DER: length too large"), false;
    ByteView long_length;
    if (!reader_.try_bytes(octets, long_length)) return (error = "DER: truncated length"), false;
    if (long_length[0] == 0) return (error = "DER: non-minimal length"), false;
    length = 0;
    for (uint8_t b : long_length) length = length << 8 | b;
    // X.690 10.1
    if (length < 0x80) return (error = "DER: non-minimal length"), false;
  }
  ByteView value;
  if (!reader_.try_bytes(length, value)) return (error = "DER: truncated element"), false;
  const size_t header_size = reader_.position() - start.position() - length;
  out.tag = tag;
  out.value = value;
  out.encoding = ByteView(header.data(), header_size + length);
  return true;
}

Result<Element> Parser::element_or_error(bool ok, const Element& element, const char* error) const {
  if (ok) return element;
  return decode_error(error);
}

Result<Element> Parser::next() {
  const codec::Reader saved = reader_;
  Element element;
  const char* error = nullptr;
  const bool ok = read_element(element, error);
  if (!ok) reader_ = saved;
  return element_or_error(ok, element, error);
}

Result<Element> Parser::read(uint8_t tag) {
  const codec::Reader saved = reader_;
  Element element;
  const char* error = nullptr;
  if (read_element(element, error) && element.tag == tag) return element;
  // The slow path: rewind and say what was wrong.
  reader_ = saved;
  if (empty()) return decode_error("DER: missing element");
  if (!peek(tag)) return decode_error("DER: unexpected tag");
  return decode_error(error);
}

Result<std::optional<Element>> Parser::read_optional(uint8_t tag) {
  if (!peek(tag)) return std::optional<Element>();
  PARLEY_ASSIGN_OR_RETURN(Element element, next());
  return std::optional<Element>(element);
}

Result<Parser> Parser::nested(ByteView contents) const {
  if (depth_ + 1 > kMaxDepth) return decode_error("DER: nesting too deep");
  return Parser(contents, depth_ + 1);
}

Result<Parser> Parser::enter(uint8_t tag) {
  PARLEY_ASSIGN_OR_RETURN(Element element, read(tag));
  return nested(element.value);
}

Result<std::optional<Parser>> Parser::enter_optional(uint8_t tag) {
  if (!peek(tag)) return std::optional<Parser>();
  PARLEY_ASSIGN_OR_RETURN(Parser inner, enter(tag));
  return std::optional<Parser>(inner);
}

Result<bool> Parser::boolean() {
  PARLEY_ASSIGN_OR_RETURN(Element element, read(kBoolean));
  // X.690 11.1: TRUE is 0xff.
  if (element.value.size() != 1 || (element.value[0] != 0x00 && element.value[0] != 0xff)) {
    return decode_error("DER: malformed BOOLEAN");
  }
  return element.value[0] == 0xff;
}

Status check_integer(ByteView contents) {
  if (contents.empty()) return decode_error("DER: empty INTEGER");
  if (contents.size() > 1 && ((contents[0] == 0x00 && contents[1] < 0x80) ||
                              (contents[0] == 0xff && contents[1] >= 0x80))) {
    return decode_error("DER: non-minimal INTEGER");
  }
  return {};
}

Result<ByteView> Parser::integer() {
  PARLEY_ASSIGN_OR_RETURN(Element element, read(kInteger));
  PARLEY_TRY(check_integer(element.value));
  return element.value;
}

Result<uint64_t> Parser::small_unsigned(uint64_t max) {
  PARLEY_ASSIGN_OR_RETURN(ByteView contents, integer());
  if (contents[0] & 0x80) return decode_error("DER: negative INTEGER");
  if (contents.size() > 8) return decode_error("DER: INTEGER too large");
  uint64_t value = 0;
  for (uint8_t b : contents) value = value << 8 | b;
  if (value > max) return decode_error("DER: INTEGER too large");
  return value;
}

Status check_oid(ByteView contents) {
  if (contents.empty()) return decode_error("DER: empty OBJECT IDENTIFIER");
  if (contents.back() & 0x80) return decode_error("DER: truncated OBJECT IDENTIFIER");
  bool at_start = true;
  for (uint8_t b : contents) {
    if (at_start && b == 0x80) return decode_error("DER: non-minimal OBJECT IDENTIFIER");
    at_start = (b & 0x80) == 0;
  }
  return {};
}

Result<ByteView> Parser::oid() {
  PARLEY_ASSIGN_OR_RETURN(Element element, read(kOid));
  PARLEY_TRY(check_oid(element.value));
  return element.value;
}

Result<BitString> Parser::bit_string() {
  PARLEY_ASSIGN_OR_RETURN(Element element, read(kBitString));
  if (element.value.empty()) return decode_error("DER: empty BIT STRING");
  const uint8_t unused = element.value[0];
  ByteView bits = element.value.subspan(1);
  if (unused > 7 || (bits.empty() && unused != 0)) return decode_error("DER: malformed BIT STRING");
  // X.690 11.2.1: unused bits are zero.
  if (!bits.empty() && (bits.back() & ((1u << unused) - 1)) != 0) {
    return decode_error("DER: BIT STRING padding is not zero");
  }
  return BitString{bits, unused};
}

Status Parser::null() {
  PARLEY_ASSIGN_OR_RETURN(Element element, read(kNull));
  if (!element.value.empty()) return decode_error("DER: malformed NULL");
  return {};
}

Result<int64_t> Parser::time() {
  if (peek(kUtcTime)) {
    PARLEY_ASSIGN_OR_RETURN(Element element, next());
    return parse_time(kUtcTime, element.value);
  }
  PARLEY_ASSIGN_OR_RETURN(Element element, read(kGeneralizedTime));
  return parse_time(kGeneralizedTime, element.value);
}

std::string oid_to_string(ByteView contents) {
  std::string out;
  uint64_t value = 0;
  bool first = true;
  for (uint8_t b : contents) {
    value = value << 7 | (b & 0x7f);
    if (b & 0x80) continue;
    if (first) {
      const uint64_t arc = value < 80 ? value / 40 : 2;
      out = std::to_string(arc) + "." + std::to_string(value - arc * 40);
      first = false;
    } else {
      out += "." + std::to_string(value);
    }
    value = 0;
  }
  return out;
}

// H. Hinnant's days_from_civil.
int64_t days_from_civil(int64_t year, unsigned month, unsigned day) {
  year -= month <= 2;
  const int64_t era = (year >= 0 ? year : year - 399) / 400;
  const int64_t year_of_era = year - era * 400;
  const int64_t day_of_year = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1;
  const int64_t day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
  return era * 146097 + day_of_era - 719468;
}

std::string format_time(int64_t seconds) {
  int64_t days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
  int64_t rest = seconds - days * 86400;
  // H. Hinnant's civil_from_days.
  days += 719468;
  const int64_t era = (days >= 0 ? days : days - 146096) / 146097;
  const int64_t day_of_era = days - era * 146097;
  const int64_t year_of_era =
      (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
  const int64_t day_of_year =
      day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
  const int64_t mp = (5 * day_of_year + 2) / 153;
  const int64_t day = day_of_year - (153 * mp + 2) / 5 + 1;
  const int64_t month = mp < 10 ? mp + 3 : mp - 9;
  const int64_t year = year_of_era + era * 400 + (month <= 2);
  char buffer[96];
  std::snprintf(buffer, sizeof buffer, "%04lld-%02lld-%02lld %02lld:%02lld:%02lld UTC",
                static_cast<long long>(year), static_cast<long long>(month),
                static_cast<long long>(day), static_cast<long long>(rest / 3600),
                static_cast<long long>(rest / 60 % 60), static_cast<long long>(rest % 60));
  return buffer;
}

}  // namespace parley::x509::der

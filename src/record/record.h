// Record layer vocabulary: size limits, the record header, and the views the
// deframer and the record protection pass around (RFC 8446 5, RFC 5246 6.2).
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "codec/enums.h"
#include "common/bytes.h"

namespace parley::record {

using codec::ContentType;

inline constexpr size_t kHeaderSize = 5;
// RFC 8446 5.1, RFC 5246 6.2.1: TLSPlaintext.length <= 2^14.
inline constexpr size_t kMaxPlaintext = size_t{1} << 14;
// RFC 8446 5.4: TLSInnerPlaintext (content || type || padding) <= 2^14 + 1.
inline constexpr size_t kMaxInnerPlaintext13 = kMaxPlaintext + 1;
// RFC 8446 5.2: TLSCiphertext.length <= 2^14 + 256.
inline constexpr size_t kMaxCiphertext13 = kMaxPlaintext + 256;
// RFC 5246 6.2.3: TLSCiphertext.length <= 2^14 + 2048.
inline constexpr size_t kMaxCiphertext12 = kMaxPlaintext + 2048;
// The largest record the deframer ever accepts, header included.
inline constexpr size_t kMaxRecordSize = kHeaderSize + kMaxCiphertext12;

// TLS 1.2 and TLS 1.3 records carry legacy_record_version 0x0303 (RFC 8446
// 5.1), except that a TLS 1.3 client may send 0x0301 on its first ClientHello.
inline constexpr uint16_t kRecordVersionTls12 = 0x0303;
inline constexpr uint16_t kRecordVersionTls10 = 0x0301;

// The content types this implementation knows (RFC 8446 5.1).
inline bool is_known_content_type(uint8_t type) {
  return type >= static_cast<uint8_t>(ContentType::kChangeCipherSpec) &&
         type <= static_cast<uint8_t>(ContentType::kApplicationData);
}

// A record as it came off the wire. The fragment is mutable so that record
// protection can be removed in place.
struct Record {
  ContentType type = ContentType::kInvalid;
  uint16_t version = 0;
  std::span<uint8_t> fragment;
};

// A record's content after protection is removed: the real content type and
// a view into the record's fragment.
struct Plaintext {
  ContentType type = ContentType::kInvalid;
  std::span<uint8_t> data;
};

// The five-byte record header (RFC 8446 5.1 TLSPlaintext / TLSCiphertext),
// also the additional data of a TLS 1.3 record (RFC 8446 5.2).
// Inline: it runs once per record.
inline std::array<uint8_t, kHeaderSize> encode_header(ContentType type, uint16_t version,
                                                      size_t length) {
  return {static_cast<uint8_t>(type), static_cast<uint8_t>(version >> 8),
          static_cast<uint8_t>(version), static_cast<uint8_t>(length >> 8),
          static_cast<uint8_t>(length)};
}

// Appends the five-byte record header (RFC 8446 5.1 TLSPlaintext /
// TLSCiphertext) to `out`.
void append_header(Bytes& out, ContentType type, uint16_t version, size_t length);
// Writes it at the start of `out` (at least kHeaderSize bytes).
inline void write_header(std::span<uint8_t> out, ContentType type, uint16_t version,
                         size_t length) {
  const auto header = encode_header(type, version, length);
  std::copy(header.begin(), header.end(), out.begin());
}

}  // namespace parley::record

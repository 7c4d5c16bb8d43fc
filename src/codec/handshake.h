// Handshake message framing (RFC 8446 4, RFC 5246 7.4):
//   struct { HandshakeType msg_type; uint24 length; opaque body[length]; }
// and helpers to encode any message struct, with or without the header.
#pragma once

#include <cstddef>
#include <cstdint>

#include "codec/enums.h"
#include "codec/reader.h"
#include "codec/writer.h"
#include "common/bytes.h"
#include "parley/error.h"

namespace parley::codec {

inline constexpr size_t kHandshakeHeaderSize = 4;
inline constexpr uint32_t kMaxHandshakeBodySize = 0xffffff;

struct HandshakeHeader {
  HandshakeType type{};
  uint32_t length = 0;  // of the body
  bool operator==(const HandshakeHeader&) const = default;
};

// Reads the 4-byte header (type is not validated: unknown types are the
// state machine's unexpected_message).
Result<HandshakeHeader> decode_handshake_header(Reader& r);

// One complete handshake message: its header must describe exactly the
// rest of `message` (decode_error otherwise).
struct HandshakeMessageView {
  HandshakeType type{};
  ByteView body;
};
Result<HandshakeMessageView> split_handshake_message(ByteView message);

void write_handshake_header(Writer& w, HandshakeType type, uint32_t length);

// Header + body. internal_error if the body does not fit in 2^24-1 bytes.
Result<Bytes> encode_handshake(HandshakeType type, ByteView body);

// The encoded body of any message or extension struct with encode(Writer&).
// internal_error if a field outgrew its length prefix (a local bug or an
// over-long configured value, never peer input).
template <typename T>
Result<Bytes> encode_body(const T& value) {
  Writer w;
  value.encode(w);
  if (!w.ok()) return internal_error("encoded field exceeds its length prefix");
  return w.take();
}

// The full handshake message (header included) of a message struct with a
// static kType.
template <typename Message>
Result<Bytes> encode_handshake(const Message& message) {
  Writer w;
  w.u8(static_cast<uint8_t>(Message::kType));
  w.vector(3, [&] { message.encode(w); });
  if (!w.ok()) return internal_error("encoded handshake message exceeds its length prefix");
  return w.take();
}

}  // namespace parley::codec

#include "codec/handshake.h"

#include <string>

#include "codec/fields.h"

namespace parley::codec {

Result<HandshakeHeader> decode_handshake_header(Reader& r) {
  PARLEY_ASSIGN_OR_RETURN(uint8_t type, read_u8(r, "handshake msg_type"));
  PARLEY_ASSIGN_OR_RETURN(uint32_t length, with_context(r.u24(), "handshake length"));
  return HandshakeHeader{static_cast<HandshakeType>(type), length};
}

Result<HandshakeMessageView> split_handshake_message(ByteView message) {
  Reader r(message);
  PARLEY_ASSIGN_OR_RETURN(HandshakeHeader header, decode_handshake_header(r));
  if (header.length != r.remaining()) {
    return decode_error("handshake length " + std::to_string(header.length) + " but " +
                        std::to_string(r.remaining()) + " body bytes");
  }
  return HandshakeMessageView{header.type, r.rest()};
}

void write_handshake_header(Writer& w, HandshakeType type, uint32_t length) {
  w.u8(static_cast<uint8_t>(type));
  w.u24(length);
}

Result<Bytes> encode_handshake(HandshakeType type, ByteView body) {
  if (body.size() > kMaxHandshakeBodySize) {
    return internal_error("handshake body of " + std::to_string(body.size()) + " bytes");
  }
  Writer w;
  write_handshake_header(w, type, static_cast<uint32_t>(body.size()));
  w.bytes(body);
  return w.take();
}

}  // namespace parley::codec

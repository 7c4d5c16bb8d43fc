#include "record/handshake_reassembler.h"

#include <cstddef>
#include <string>

#include "codec/reader.h"

namespace parley::record {

Status HandshakeReassembler::add_record(ByteView content) {
  // RFC 8446 5.1: handshake records are never empty.
  if (content.empty()) return unexpected_message("empty handshake record");
  buffer_.erase(buffer_.begin(), buffer_.begin() + static_cast<ptrdiff_t>(read_));
  read_ = 0;
  buffer_.insert(buffer_.end(), content.begin(), content.end());
  return check_pending_headers();
}

Status HandshakeReassembler::check_pending_headers() const {
  codec::Reader reader(ByteView(buffer_).subspan(read_));
  while (reader.remaining() >= kHandshakeHeaderSize) {
    (void)*reader.u8();
    const uint32_t length = *reader.u24();
    if (length > max_message_size_) {
      return decode_error("handshake message of " + std::to_string(length) +
                          " bytes exceeds the limit of " + std::to_string(max_message_size_));
    }
    if (!reader.bytes(length).ok()) break;  // the last message is still partial
  }
  return {};
}

std::optional<HandshakeMessage> HandshakeReassembler::next() {
  const ByteView pending = ByteView(buffer_).subspan(read_);
  codec::Reader reader(pending);
  auto type = reader.u8();
  auto length = reader.u24();
  if (!type.ok() || !length.ok()) return std::nullopt;
  auto body = reader.bytes(*length);
  if (!body.ok()) return std::nullopt;
  const size_t size = kHandshakeHeaderSize + *length;
  read_ += size;
  return HandshakeMessage{static_cast<codec::HandshakeType>(*type), *body, pending.first(size)};
}

Status HandshakeReassembler::expect_message_boundary(std::string_view what) const {
  if (has_pending_bytes()) {
    return unexpected_message("handshake message split across " + std::string(what));
  }
  return {};
}

}  // namespace parley::record

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

void HandshakeReassembler::release_if_drained() {
  if (has_pending_bytes()) return;
  buffer_ = Bytes();
  read_ = 0;
}

std::optional<size_t> largest_body_by_grammar(codec::HandshakeType type) {
  using T = codec::HandshakeType;
  constexpr size_t k8 = 1 + 255;     // <0..2^8-1> with its length
  constexpr size_t k16 = 2 + 65535;  // <0..2^16-1> with its length
  constexpr size_t kRandom = 32;
  switch (type) {
    case T::kHelloRequest:
    case T::kServerHelloDone:
    case T::kEndOfEarlyData:
      return 0;
    case T::kKeyUpdate:
      return 1;
    case T::kFinished:
      return 64;  // verify_data is one hash long; SHA-512 is the longest
    case T::kClientHello:
      // version, random, session id, cipher suites, compression, extensions
      return 2 + kRandom + (1 + 32) + k16 + k8 + k16;
    case T::kServerHello:
      return 2 + kRandom + (1 + 32) + 2 + 1 + k16;
    case T::kEncryptedExtensions:
      return k16;
    case T::kCertificateRequest:
      // TLS 1.2 (types, signature algorithms, CA names) is the larger form.
      return k8 + k16 + k16;
    case T::kCertificateVerify:
      return 2 + k16;
    case T::kClientKeyExchange:
      return k16;
    case T::kServerKeyExchange:
      // DHE (p, g, Ys) and a signature is the larger form.
      return 3 * k16 + 2 + k16;
    case T::kNewSessionTicket:
      // TLS 1.3: lifetime, age_add, nonce, ticket, extensions.
      return 4 + 4 + k8 + k16 + k16;
    default:
      return std::nullopt;  // Certificate, CertificateStatus: up to 2^24-1
  }
}

size_t HandshakeReassembler::limit_for(codec::HandshakeType type) const {
  return largest_body_by_grammar(type).value_or(max_message_size_);
}

Status HandshakeReassembler::check_pending_headers() const {
  codec::Reader reader(ByteView(buffer_).subspan(read_));
  while (reader.remaining() >= kHandshakeHeaderSize) {
    const auto type = static_cast<codec::HandshakeType>(*reader.u8());
    const uint32_t length = *reader.u24();
    if (length > limit_for(type)) {
      return decode_error("handshake message of " + std::to_string(length) +
                          " bytes exceeds the limit of " + std::to_string(limit_for(type)) +
                          " for its type");
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

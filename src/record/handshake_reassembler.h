// Handshake message reassembly: handshake messages may span several records
// and one record may hold several messages (RFC 8446 5.1, RFC 5246 6.2.1).
// Each complete message comes out with its raw bytes, header included, since
// the transcript hash covers exactly those bytes.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "codec/enums.h"
#include "common/bytes.h"
#include "parley/error.h"

namespace parley::record {

struct HandshakeMessage {
  codec::HandshakeType type = codec::HandshakeType::kHelloRequest;
  ByteView body;  // without the 4-byte header
  ByteView raw;   // header and body, as on the wire
};

inline constexpr size_t kHandshakeHeaderSize = 4;

// The largest body RFC 8446 / RFC 5246 allow for a message of `type`, or
// nullopt when only the 2^24 - 1 length field bounds it.
std::optional<size_t> largest_body_by_grammar(codec::HandshakeType type);

class HandshakeReassembler {
 public:
  // Handshake messages may be up to 2^24 - 1 bytes. Each type is accepted up
  // to the largest body its grammar allows (a ClientHello with every vector
  // full is 131,397 bytes: many GREASE values, long cipher lists and
  // post-quantum key shares all fit); only the types whose grammar allows
  // 16 MiB (Certificate, CertificateStatus, unknown types) are held to
  // max_message_size, by default 64 KiB like rustls, so that a peer cannot
  // make us buffer 16 MiB. Raise it for large certificate chains.
  static constexpr size_t kDefaultMaxMessageSize = 64 * 1024;

  explicit HandshakeReassembler(size_t max_message_size = kDefaultMaxMessageSize)
      : max_message_size_(max_message_size) {}

  // Appends the content of one handshake record. A message body longer than
  // the maximum is a decode_error (the length field is out of the range we
  // accept; rustls also answers decode_error, BoringSSL illegal_parameter).
  // Call next() until it yields nothing before adding the next record, so
  // that the buffer holds at most one message and one record. Invalidates the
  // messages returned so far.
  Status add_record(ByteView content);

  // The next complete message, or std::nullopt if it needs more records. Its
  // views stay valid until the next add_record().
  std::optional<HandshakeMessage> next();

  // Frees the buffer if every byte has been returned (and so invalidates the
  // messages returned so far): nothing stays allocated between flights.
  void release_if_drained();

  // True if any buffered byte has not been returned as part of a message.
  bool has_pending_bytes() const { return read_ != buffer_.size(); }

  // RFC 8446 5.1: handshake messages MUST NOT span a key change, nor be
  // interleaved with other record types. Call before changing read keys (and
  // on any non-handshake record); an unexpected_message error if any byte
  // is still pending. `what` names the event for the error message.
  Status expect_message_boundary(std::string_view what) const;

 private:
  Status check_pending_headers() const;
  size_t limit_for(codec::HandshakeType type) const;

  size_t max_message_size_;
  Bytes buffer_;
  size_t read_ = 0;  // start of the first message not yet returned
};

}  // namespace parley::record

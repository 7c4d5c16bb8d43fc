// The interface between a connection and its handshake state machine
// (client13/server13, client12/server12). The connection owns records,
// buffers and alerts; the machine owns the handshake: the transcript, the key
// schedule and the decision what each message means in its current state.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

#include "common/bytes.h"
#include "crypto/secret.h"
#include "parley/error.h"
#include "record/handshake_reassembler.h"

namespace parley::handshake {

class HandshakeMachine {
 public:
  virtual ~HandshakeMachine() = default;

  // Sends the first flight (a client's ClientHello); servers wait.
  virtual Status start() = 0;
  // One complete handshake message, in order. A message the current state
  // does not expect is an unexpected_message.
  virtual Status on_handshake_message(const record::HandshakeMessage& message) = 0;
  // A change_cipher_spec record whose content was the single byte 0x01: a
  // real message in TLS 1.2, a compatibility no-op in TLS 1.3 (RFC 8446 5).
  virtual Status on_change_cipher_spec() = 0;
  // Whether application data may flow.
  virtual bool is_complete() const = 0;
  // TLS 1.3 KeyUpdate (RFC 8446 4.6.3); an error in TLS 1.2.
  virtual Status update_keys(bool request_peer_update) = 0;
  // Keying material for the protocol above (RFC 8446 7.5, RFC 5705), once
  // the handshake is complete.
  virtual Result<crypto::Secret> export_keying_material(std::string_view label,
                                                        std::optional<ByteView> context,
                                                        size_t length) const = 0;
};

}  // namespace parley::handshake

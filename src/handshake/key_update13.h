// TLS 1.3 application traffic secrets after the handshake, and KeyUpdate in
// both directions (RFC 8446 4.6.3, 7.2). Shared by client and server.
#pragma once

#include <cstdint>
#include <optional>

#include "codec/messages.h"
#include "crypto/aead.h"
#include "crypto/secret.h"
#include "handshake/connection_core.h"
#include "handshake/key_schedule13.h"
#include "record/handshake_reassembler.h"

namespace parley::handshake {

class Tls13TrafficKeys {
 public:
  Tls13TrafficKeys(const Tls13Hkdf& hkdf, crypto::AeadAlgorithm aead, Secret write_secret,
                   Secret read_secret)
      : hkdf_(hkdf),
        aead_(aead),
        write_secret_(std::move(write_secret)),
        read_secret_(std::move(read_secret)) {}

  // Installs the current secrets as the connection's record protection.
  Status install_read(ConnectionCore& core) const;
  Status install_write(ConnectionCore& core) const;

  // A KeyUpdate from the peer: its later records use its next secret, and if
  // it asked, we answer with our own update.
  Status on_key_update(ConnectionCore& core, const record::HandshakeMessage& message);
  // Sends a KeyUpdate and moves our writes to our next secret.
  Status send_key_update(ConnectionCore& core, codec::KeyUpdateRequest request);

 private:
  Tls13Hkdf hkdf_;
  crypto::AeadAlgorithm aead_;
  Secret write_secret_;
  Secret read_secret_;
  // How much application data had been sent at our last KeyUpdate.
  std::optional<uint64_t> writes_at_last_update_;
};

}  // namespace parley::handshake

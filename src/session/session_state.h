// Resumable session state (RFC 8446 4.6.1, RFC 5246 7.4.1.2, RFC 5077 4) and
// its versioned, bounded encoding: what a server seals into a ticket or
// stores by session ID, and what a client caches to offer again.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "common/bytes.h"
#include "crypto/secret.h"
#include "parley/error.h"
#include "parley/protocol.h"

namespace parley::session {

struct SessionState {
  // Bounds of the encoding: a peer chain is at most this many certificates.
  static constexpr size_t kMaxPeerCertificates = 10;

  ProtocolVersion version = ProtocolVersion::kTls13;
  CipherSuite cipher_suite{};
  // TLS 1.3: the resumption PSK (RFC 8446 4.6.1); TLS 1.2: the master secret.
  crypto::Secret secret;
  int64_t issued_at = 0;  // seconds since the epoch
  uint32_t lifetime = 0;  // seconds
  uint32_t age_add = 0;   // RFC 8446 4.6.1 ticket_age_add
  uint32_t max_early_data = 0;
  bool extended_master_secret = false;  // TLS 1.2 (RFC 7627 5.3)
  std::string server_name;
  std::string alpn;
  std::vector<Bytes> peer_certificates;  // DER, leaf first
  // Client side: what to offer (a TLS 1.3 ticket, a TLS 1.2 ticket) and the
  // TLS 1.2 session ID.
  Bytes ticket;
  Bytes session_id;

  bool expired(int64_t now) const { return now < issued_at || now - issued_at >= lifetime; }

  // The encoding holds the secret: wrapped in a Secret, wiped when dropped.
  crypto::Secret encode() const;
  static Result<SessionState> decode(ByteView encoded);
};

}  // namespace parley::session

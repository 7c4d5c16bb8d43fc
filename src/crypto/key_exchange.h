// Ephemeral key agreement: (EC)DH for TLS 1.3 key_share and TLS 1.2
// (EC)DHE ServerKeyExchange / ClientKeyExchange.
#pragma once

#include "common/bytes.h"
#include "crypto/secret.h"
#include "parley/error.h"

namespace parley::crypto {

enum class KeyExchangeGroup {
  kX25519,
  kSecp256r1,
  kSecp384r1,
  kFfdhe2048,  // RFC 7919
  kFfdhe3072,  // RFC 7919
  kCustomDh,   // TLS 1.2 server-chosen finite-field group (at least 2048 bits)
  // TLS 1.3 only: ML-KEM-768 with an ECDH group (draft-ietf-tls-ecdhe-mlkem),
  // made by crypto/key_share.h rather than Provider::make_key_exchange.
  kX25519MlKem768,
  kSecp256r1MlKem768,
};

constexpr bool is_hybrid(KeyExchangeGroup group) {
  return group == KeyExchangeGroup::kX25519MlKem768 ||
         group == KeyExchangeGroup::kSecp256r1MlKem768;
}

class KeyExchange {
 public:
  virtual ~KeyExchange() = default;
  virtual KeyExchangeGroup group() const = 0;

  // Our public value in wire form: X25519 32 bytes; NIST curves the
  // uncompressed point (RFC 8446 4.2.8.2); finite-field DH Y left-padded to the
  // length of p (RFC 8446 4.2.8.1).
  virtual ByteView public_key() const = 0;

  // Computes the shared secret with the peer's public value. The peer value is
  // validated first (point on curve, 1 < Y < p-1, X25519 result not all zero);
  // an invalid one is an illegal_parameter error. For finite-field DH the
  // secret is left-padded to the length of p (TLS 1.2 callers strip leading
  // zeros, RFC 5246 8.1.2).
  virtual Result<Secret> agree(ByteView peer_public) = 0;
};

}  // namespace parley::crypto

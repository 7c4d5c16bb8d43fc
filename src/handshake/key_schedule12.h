// The TLS 1.2 key schedule for AEAD suites: the master secret (RFC 5246 8.1)
// or extended master secret (RFC 7627 4), the key block (RFC 5246 6.3),
// Finished verify_data (RFC 5246 7.4.9) and keying material exporters
// (RFC 5705).
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "common/bytes.h"
#include "crypto/hash.h"
#include "crypto/provider.h"
#include "crypto/secret.h"
#include "parley/error.h"

namespace parley::handshake {

inline constexpr size_t kTls12RandomSize = 32;
inline constexpr size_t kTls12MasterSecretSize = 48;
inline constexpr size_t kTls12VerifyDataSize = 12;

// The write keys and fixed IVs for both directions. AEAD suites have no MAC
// keys (RFC 5246 6.3 with mac_key_length 0).
struct Tls12KeyBlock {
  crypto::Secret client_write_key;
  crypto::Secret server_write_key;
  crypto::Secret client_write_iv;
  crypto::Secret server_write_iv;
};

enum class FinishedSender { kClient, kServer };

class KeySchedule12 {
 public:
  // RFC 5246 8.1: master_secret = PRF(pre_master_secret, "master secret",
  // ClientHello.random + ServerHello.random)[0..47].
  static KeySchedule12 from_premaster(const crypto::Provider& provider, crypto::HashAlgorithm prf,
                                      ByteView premaster, ByteView client_random,
                                      ByteView server_random);
  // RFC 7627 4: master_secret = PRF(pre_master_secret, "extended master
  // secret", session_hash)[0..47], session_hash being the transcript hash up
  // to and including ClientKeyExchange.
  static KeySchedule12 from_premaster_extended(const crypto::Provider& provider,
                                               crypto::HashAlgorithm prf, ByteView premaster,
                                               ByteView session_hash, ByteView client_random,
                                               ByteView server_random);
  // A resumed session: its saved master secret with this connection's
  // randoms.
  static KeySchedule12 from_master(const crypto::Provider& provider, crypto::HashAlgorithm prf,
                                   ByteView master_secret, ByteView client_random,
                                   ByteView server_random);

  // RFC 5246 6.3: key_block = PRF(master_secret, "key expansion",
  // server_random + client_random), split into client key, server key,
  // client IV, server IV.
  Tls12KeyBlock key_block(size_t key_size, size_t iv_size) const;

  // RFC 5246 7.4.9: PRF(master_secret, "client finished" / "server finished",
  // Hash(handshake_messages))[0..11].
  Bytes verify_data(FinishedSender sender, ByteView handshake_hash) const;
  // Compares in constant time.
  bool verify_finished(FinishedSender sender, ByteView handshake_hash, ByteView received) const;

  // RFC 5705 4: PRF(master_secret, label, client_random + server_random
  // [+ uint16 context length + context]). `context` nullopt means no context.
  Result<crypto::Secret> export_keying_material(std::string_view label,
                                                std::optional<ByteView> context,
                                                size_t length) const;

  const crypto::Secret& master_secret() const { return master_secret_; }

 private:
  KeySchedule12(const crypto::Provider& provider, crypto::HashAlgorithm prf, crypto::Secret master,
                ByteView client_random, ByteView server_random);

  const crypto::Provider* provider_;
  crypto::HashAlgorithm prf_;
  crypto::Secret master_secret_;
  Bytes client_random_;
  Bytes server_random_;
  // HMAC keyed with the master secret, shared by the key block and both
  // Finished messages: one key setup per connection instead of one per PRF
  // output (a resumed TLS 1.2 handshake is little else). Only the handshake's
  // own thread uses it; exporters, reachable through a const Connection from
  // any thread, key their own.
  mutable std::unique_ptr<crypto::Hmac> handshake_hmac_;
};

}  // namespace parley::handshake

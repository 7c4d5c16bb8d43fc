// The TLS 1.3 key schedule (RFC 8446 7.1) as typed stages:
//
//   EarlySecret --into_handshake(ecdhe)--> HandshakeSecret --into_master()--> MasterSecret
//
// A stage is produced only from the one before it (the constructors are
// private), and moving on consumes the previous stage, so secrets cannot be
// derived out of order. All secrets are crypto::Secret (wiped on
// destruction); Finished and binder values are compared in constant time.
#pragma once

#include <cstddef>
#include <memory>
#include <string_view>

#include "common/bytes.h"
#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/provider.h"
#include "crypto/secret.h"
#include "parley/error.h"
#include "record/tls13_protection.h"

namespace parley::handshake {

using crypto::Secret;

// RFC 8446 7.3: the AEAD key and IV for one direction.
struct TrafficKeys {
  Secret key;
  Secret iv;
};

// HKDF with the TLS 1.3 labels, bound to the negotiated hash.
class Tls13Hkdf {
 public:
  Tls13Hkdf(const crypto::Provider& provider, crypto::HashAlgorithm hash);

  const crypto::Provider& provider() const { return *provider_; }
  crypto::HashAlgorithm hash() const { return hash_; }
  size_t hash_size() const { return crypto::hash_size(hash_); }

  Secret extract(ByteView salt, ByteView ikm) const;
  // RFC 8446 7.1 HKDF-Expand-Label. `label` (without "tls13 ") at most 249
  // bytes and `context` at most 255; callers pass constants or bounded
  // fields.
  Secret expand_label(ByteView secret, std::string_view label, ByteView context,
                      size_t length) const;
  // RFC 8446 7.1 Derive-Secret, given Transcript-Hash(Messages).
  Secret derive_secret(ByteView secret, std::string_view label, ByteView transcript_hash) const;
  // Derive-Secret(secret, label, "") with Transcript-Hash of no messages.
  Secret derive_secret_empty(ByteView secret, std::string_view label) const;

  // RFC 8446 7.3: key = HKDF-Expand-Label(secret, "key", "", key_length),
  // iv = HKDF-Expand-Label(secret, "iv", "", 12).
  TrafficKeys traffic_keys(ByteView traffic_secret, crypto::AeadAlgorithm aead) const;
  // RFC 8446 7.2: application_traffic_secret_N+1 (KeyUpdate).
  Secret next_traffic_secret(ByteView traffic_secret) const;

  // RFC 8446 4.4.4: finished_key = HKDF-Expand-Label(BaseKey, "finished", "",
  // Hash.length).
  Secret finished_key(ByteView base_key) const;
  // verify_data = HMAC(finished_key, transcript_hash); also the PSK binder
  // with the binder key as base key (RFC 8446 4.2.11.2).
  Bytes finished_verify_data(ByteView base_key, ByteView transcript_hash) const;
  // Compares `received` with the expected verify_data in constant time.
  bool verify_finished(ByteView base_key, ByteView transcript_hash, ByteView received) const;

  // RFC 8446 4.6.1: the PSK for a ticket, HKDF-Expand-Label(
  // resumption_master_secret, "resumption", ticket_nonce, Hash.length).
  Secret resumption_psk(ByteView resumption_master_secret, ByteView ticket_nonce) const;

  // RFC 8446 7.5 TLS-Exporter: HKDF-Expand-Label(Derive-Secret(secret, label,
  // ""), "exporter", Hash(context), length). Fails if the label is too long.
  Result<Secret> export_keying_material(ByteView exporter_master_secret, std::string_view label,
                                        ByteView context, size_t length) const;

 private:
  const crypto::Provider* provider_;
  crypto::HashAlgorithm hash_;
  Bytes empty_hash_;  // Hash(""), computed once
};

// Record protection straight from a traffic secret (RFC 8446 7.3).
Result<std::unique_ptr<record::Tls13Encrypter>> make_tls13_encrypter(const Tls13Hkdf& hkdf,
                                                                     crypto::AeadAlgorithm aead,
                                                                     ByteView traffic_secret);
Result<std::unique_ptr<record::Tls13Decrypter>> make_tls13_decrypter(const Tls13Hkdf& hkdf,
                                                                     crypto::AeadAlgorithm aead,
                                                                     ByteView traffic_secret);

enum class PskKind {
  kExternal,    // "ext binder"
  kResumption,  // "res binder"
};

class HandshakeSecret;
class MasterSecret;

class EarlySecret {
 public:
  // Early Secret = HKDF-Extract(0, PSK), or with Hash.length zero bytes for
  // a handshake without PSK.
  static EarlySecret with_psk(const Tls13Hkdf& hkdf, ByteView psk);
  static EarlySecret without_psk(const Tls13Hkdf& hkdf);

  Secret binder_key(PskKind kind) const;
  // The binder value for `truncated_hello_hash`, the transcript hash up to
  // and excluding the binders list (RFC 8446 4.2.11.2).
  Bytes psk_binder(PskKind kind, ByteView truncated_hello_hash) const;
  bool verify_psk_binder(PskKind kind, ByteView truncated_hello_hash, ByteView binder) const;
  Secret client_early_traffic_secret(ByteView client_hello_hash) const;
  Secret early_exporter_master_secret(ByteView client_hello_hash) const;

  // Handshake Secret = HKDF-Extract(Derive-Secret(., "derived", ""), (EC)DHE);
  // an empty `shared_secret` (psk_ke) means Hash.length zero bytes.
  HandshakeSecret into_handshake(ByteView shared_secret) &&;

  const Tls13Hkdf& hkdf() const { return hkdf_; }
  // The stage secret itself, for test vectors.
  const Secret& secret() const { return secret_; }

 private:
  EarlySecret(const Tls13Hkdf& hkdf, Secret secret) : hkdf_(hkdf), secret_(std::move(secret)) {}

  Tls13Hkdf hkdf_;
  Secret secret_;
};

class HandshakeSecret {
 public:
  // Both take Transcript-Hash(ClientHello..ServerHello).
  Secret client_handshake_traffic_secret(ByteView hello_hash) const;
  Secret server_handshake_traffic_secret(ByteView hello_hash) const;

  // Master Secret = HKDF-Extract(Derive-Secret(., "derived", ""), 0).
  MasterSecret into_master() &&;

  const Tls13Hkdf& hkdf() const { return hkdf_; }
  const Secret& secret() const { return secret_; }

 private:
  friend class EarlySecret;
  HandshakeSecret(const Tls13Hkdf& hkdf, Secret secret) : hkdf_(hkdf), secret_(std::move(secret)) {}

  Tls13Hkdf hkdf_;
  Secret secret_;
};

class MasterSecret {
 public:
  // These three take Transcript-Hash(ClientHello..server Finished).
  Secret client_application_traffic_secret(ByteView server_finished_hash) const;
  Secret server_application_traffic_secret(ByteView server_finished_hash) const;
  Secret exporter_master_secret(ByteView server_finished_hash) const;
  // Transcript-Hash(ClientHello..client Finished).
  Secret resumption_master_secret(ByteView client_finished_hash) const;

  const Tls13Hkdf& hkdf() const { return hkdf_; }
  const Secret& secret() const { return secret_; }

 private:
  friend class HandshakeSecret;
  MasterSecret(const Tls13Hkdf& hkdf, Secret secret) : hkdf_(hkdf), secret_(std::move(secret)) {}

  Tls13Hkdf hkdf_;
  Secret secret_;
};

}  // namespace parley::handshake

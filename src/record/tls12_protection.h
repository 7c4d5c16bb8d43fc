// TLS 1.2 AEAD record protection: AES-GCM (RFC 5288 3, RFC 5246 6.2.3.3) with
// a 4-byte implicit salt and an 8-byte explicit nonce carried in each record,
// and ChaCha20-Poly1305 (RFC 7905 2) with a 12-byte IV XORed with the
// sequence number and no explicit nonce. Both authenticate
// seq_num || type || version || plaintext length.
#pragma once

#include <cstddef>
#include <memory>

#include "crypto/aead.h"
#include "crypto/provider.h"
#include "record/protection.h"

namespace parley::record {

// The keyed AEAD, nonce construction and sequence number for one direction.
class Tls12Keys {
 public:
  // `fixed_iv` is the client/server_write_IV from the key block: 4 bytes for
  // AES-GCM, 12 for ChaCha20-Poly1305.
  static Result<Tls12Keys> create(const crypto::Provider& provider, crypto::AeadAlgorithm alg,
                                  ByteView key, ByteView fixed_iv);
  // The fixed IV length each AEAD uses in TLS 1.2.
  static size_t fixed_iv_size(crypto::AeadAlgorithm alg);

  crypto::Aead& aead() { return *aead_; }
  SequenceNumber& sequence() { return sequence_; }
  // 8 for AES-GCM, 0 for ChaCha20-Poly1305.
  size_t explicit_nonce_size() const { return explicit_nonce_ ? 8 : 0; }
  // The nonce for the current sequence number; for AES-GCM `explicit_nonce`
  // (8 bytes) supplies the record's part.
  AeadNonce nonce(ByteView explicit_nonce) const;

 private:
  Tls12Keys(std::unique_ptr<crypto::Aead> aead, const AeadNonce& iv, bool explicit_nonce)
      : aead_(std::move(aead)), iv_(iv), explicit_nonce_(explicit_nonce) {}

  std::unique_ptr<crypto::Aead> aead_;
  AeadNonce iv_{};  // AES-GCM: salt in the first 4 bytes
  bool explicit_nonce_;
  SequenceNumber sequence_;
};

class Tls12AeadEncrypter final : public RecordEncrypter {
 public:
  explicit Tls12AeadEncrypter(Tls12Keys keys) : keys_(std::move(keys)) {}
  static Result<std::unique_ptr<Tls12AeadEncrypter>> create(const crypto::Provider& provider,
                                                            crypto::AeadAlgorithm alg, ByteView key,
                                                            ByteView fixed_iv);

  SequenceNumber& sequence() { return keys_.sequence(); }
  size_t sealed_size(size_t content_size) const override;
  size_t max_overhead() const override {
    return kHeaderSize + keys_.explicit_nonce_size() + crypto::kAeadTagSize;
  }
  bool encrypts() const override { return true; }

 protected:
  Status seal_record(ContentType type, ByteView content, std::span<uint8_t> out) override;

 private:
  Tls12Keys keys_;
};

class Tls12AeadDecrypter final : public RecordDecrypter {
 public:
  explicit Tls12AeadDecrypter(Tls12Keys keys) : keys_(std::move(keys)) {}
  static Result<std::unique_ptr<Tls12AeadDecrypter>> create(const crypto::Provider& provider,
                                                            crypto::AeadAlgorithm alg, ByteView key,
                                                            ByteView fixed_iv);

  SequenceNumber& sequence() { return keys_.sequence(); }
  bool decrypts() const override { return true; }

 protected:
  Result<Plaintext> open_record(Record record) override;

 private:
  Tls12Keys keys_;
};

}  // namespace parley::record

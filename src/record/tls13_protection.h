// TLS 1.3 record protection (RFC 8446 5.2-5.4): every record is an
// application_data record whose AEAD-sealed fragment holds
// content || real type || zero padding.
#pragma once

#include <cstddef>
#include <memory>

#include "crypto/aead.h"
#include "crypto/provider.h"
#include "record/protection.h"

namespace parley::record {

// A keyed AEAD and the per-record nonce state for one direction.
class Tls13Keys {
 public:
  // `key` is aead_key_size(alg) bytes, `iv` kAeadNonceSize bytes (RFC 8446
  // 7.3 traffic key and iv).
  static Result<Tls13Keys> create(const crypto::Provider& provider, crypto::AeadAlgorithm alg,
                                  ByteView key, ByteView iv);

  crypto::Aead& aead() { return *aead_; }
  AeadNonce next_nonce() const { return xor_nonce(iv_, sequence_.value()); }
  SequenceNumber& sequence() { return sequence_; }

 private:
  Tls13Keys(std::unique_ptr<crypto::Aead> aead, const AeadNonce& iv)
      : aead_(std::move(aead)), iv_(iv) {}

  std::unique_ptr<crypto::Aead> aead_;
  AeadNonce iv_;
  SequenceNumber sequence_;
};

class Tls13Encrypter final : public RecordEncrypter {
 public:
  explicit Tls13Encrypter(Tls13Keys keys) : keys_(std::move(keys)) {}
  static Result<std::unique_ptr<Tls13Encrypter>> create(const crypto::Provider& provider,
                                                        crypto::AeadAlgorithm alg, ByteView key,
                                                        ByteView iv);

  // RFC 8446 5.4 padding: pad each record's TLSInnerPlaintext (content and
  // type byte) up to a multiple of `block` bytes, within the 2^14 + 1 limit.
  // 0 or 1 means no padding (the default).
  void set_padding_block(size_t block) { padding_block_ = block; }

  SequenceNumber& sequence() { return keys_.sequence(); }
  size_t sealed_size(size_t content_size) const override;
  size_t max_overhead() const override;
  bool encrypts() const override { return true; }

 protected:
  Status seal_record(ContentType type, ByteView content, std::span<uint8_t> out) override;

 private:
  size_t padding_for(size_t content_size) const;

  Tls13Keys keys_;
  size_t padding_block_ = 0;
};

class Tls13Decrypter final : public RecordDecrypter {
 public:
  explicit Tls13Decrypter(Tls13Keys keys) : keys_(std::move(keys)) {}
  static Result<std::unique_ptr<Tls13Decrypter>> create(const crypto::Provider& provider,
                                                        crypto::AeadAlgorithm alg, ByteView key,
                                                        ByteView iv);

  // The sequence number advances only when a record opens, so a record that
  // fails (e.g. rejected 0-RTT data being skipped, RFC 8446 4.2.10) leaves it.
  SequenceNumber& sequence() { return keys_.sequence(); }
  bool decrypts() const override { return true; }

 protected:
  Result<Plaintext> open_record(Record record) override;

 private:
  Tls13Keys keys_;
};

}  // namespace parley::record

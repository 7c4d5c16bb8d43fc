// Record protection behind one interface, so that a connection holds "the
// current read protection" and "the current write protection" whatever the
// protocol version: plaintext (NullEncrypter/NullDecrypter), TLS 1.3
// (tls13_protection.h) or TLS 1.2 AEAD (tls12_protection.h).
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "common/bytes.h"
#include "crypto/aead.h"
#include "parley/error.h"
#include "record/record.h"

namespace parley::record {

// A per-direction record counter (RFC 8446 5.3, RFC 5246 6.1). It never wraps:
// the value 2^64 - 1 is never used, so a connection must rekey or close first.
class SequenceNumber {
 public:
  uint64_t value() const { return value_; }
  // An error once no sequence number is left.
  Status check_available() const {
    if (value_ == kLast) [[unlikely]]
      return exhausted();
    return {};
  }
  void advance() { ++value_; }
  // Tests only: jump close to the end of the sequence space.
  void set_for_testing(uint64_t value) { value_ = value; }

 private:
  static constexpr uint64_t kLast = ~uint64_t{0};
  static Error exhausted();

  uint64_t value_ = 0;
};

using AeadNonce = std::array<uint8_t, crypto::kAeadNonceSize>;

// RFC 8446 5.3 (also RFC 7905 2 for TLS 1.2 ChaCha20-Poly1305): the 64-bit
// sequence number, big-endian and left-padded to the IV length, XORed with
// the IV. Inline: it runs once per record.
inline AeadNonce xor_nonce(const AeadNonce& iv, uint64_t sequence) {
  // Whole-word operations: byte-wise XOR followed by word-sized reads of the
  // nonce stalls store forwarding, a measurable cost per small record.
  constexpr size_t kPrefix = crypto::kAeadNonceSize - sizeof(uint64_t);
  const uint64_t big_endian =
      std::endian::native == std::endian::little ? __builtin_bswap64(sequence) : sequence;
  uint64_t tail;
  std::memcpy(&tail, iv.data() + kPrefix, sizeof(tail));
  tail ^= big_endian;
  AeadNonce nonce;
  std::memcpy(nonce.data(), iv.data(), kPrefix);
  std::memcpy(nonce.data() + kPrefix, &tail, sizeof(tail));
  return nonce;
}

class RecordEncrypter {
 public:
  virtual ~RecordEncrypter() = default;

  // Appends one whole record (header, protected fragment) carrying `content`
  // of type `type` to `out`. `content` is at most kMaxPlaintext bytes; only
  // application data may be empty (RFC 8446 5.1). `out` grows without
  // reallocating if its capacity allows, so a caller that reuses `out` does
  // not allocate per record.
  Status seal(ContentType type, ByteView content, Bytes& out);
  // The same record written at the start of `out`, which must hold at least
  // sealed_size(content.size()) bytes; returns how many bytes it took. The
  // content is copied once, into place, and protected there.
  Result<size_t> seal_into(ContentType type, ByteView content, std::span<uint8_t> out);

  // The exact size of the record seal() makes of `content_size` bytes.
  virtual size_t sealed_size(size_t content_size) const = 0;
  // The most bytes a record adds to its content (header, explicit nonce,
  // type byte, padding, tag), for sizing buffers.
  virtual size_t max_overhead() const = 0;
  // False only for the null (plaintext) encrypter.
  virtual bool encrypts() const = 0;

 protected:
  // Writes the record into `out` (exactly sealed_size(content.size()) bytes).
  virtual Status seal_record(ContentType type, ByteView content, std::span<uint8_t> out) = 0;
};

class RecordDecrypter {
 public:
  virtual ~RecordDecrypter() = default;

  // Removes the protection from `record` in place and returns its content
  // type and content (a view into record.fragment). Failures carry the alert
  // to send: bad_record_mac, record_overflow or unexpected_message.
  Result<Plaintext> open(Record record);

  virtual bool decrypts() const = 0;
  // RFC 8449: at most `limit` bytes of plaintext per record (TLS 1.3: of
  // TLSInnerPlaintext, content type and padding included). Plaintext
  // records are not subject to it.
  void set_size_limit(size_t limit) { size_limit_ = limit; }

 protected:
  virtual Result<Plaintext> open_record(Record record) = 0;
  // The largest plaintext open() accepts (2^14, or less under
  // record_size_limit).
  size_t content_limit() const {
    return decrypts() && size_limit_ != 0 && size_limit_ < kMaxPlaintext ? size_limit_
                                                                         : kMaxPlaintext;
  }
  size_t size_limit_ = 0;  // 0: the protocol's
};

// Plaintext records, before the first keys are in place.
class NullEncrypter final : public RecordEncrypter {
 public:
  // `version` is the legacy_record_version to write: 0x0303, or 0x0301 for
  // a client's first ClientHello (RFC 8446 5.1).
  explicit NullEncrypter(uint16_t version = kRecordVersionTls12) : version_(version) {}
  void set_version(uint16_t version) { version_ = version; }

  size_t sealed_size(size_t content_size) const override { return kHeaderSize + content_size; }
  size_t max_overhead() const override { return kHeaderSize; }
  bool encrypts() const override { return false; }

 protected:
  Status seal_record(ContentType type, ByteView content, std::span<uint8_t> out) override;

 private:
  uint16_t version_;
};

class NullDecrypter final : public RecordDecrypter {
 public:
  bool decrypts() const override { return false; }

 protected:
  Result<Plaintext> open_record(Record record) override;
};

// Shared failures, so that every protection reports them alike.
Error bad_record_mac(std::string message);
Error record_overflow(std::string message);

}  // namespace parley::record

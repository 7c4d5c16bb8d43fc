// The running transcript hash over raw handshake messages (RFC 8446 4.4.1,
// RFC 5246 7.4.9). Until the negotiated hash is known (the client learns it
// from ServerHello) the messages are buffered and hashed when it is set.
#pragma once

#include <memory>
#include <optional>

#include "common/bytes.h"
#include "crypto/hash.h"
#include "crypto/provider.h"
#include "parley/error.h"

namespace parley::handshake {

class Transcript {
 public:
  explicit Transcript(const crypto::Provider& provider) : provider_(&provider) {}
  Transcript(const Transcript& other);
  Transcript& operator=(const Transcript& other);
  Transcript(Transcript&&) noexcept = default;
  Transcript& operator=(Transcript&&) noexcept = default;

  // What happens to the buffered messages once the hash is known.
  enum class Buffer {
    kDiscard,  // TLS 1.3, and TLS 1.2 without client certificates
    // TLS 1.2 CertificateVerify signs all handshake messages with the
    // signature's own hash (RFC 5246 7.4.8), so keep them until then.
    kKeep,
  };

  // Starts hashing with `alg`, first over everything added so far. Setting
  // the hash twice is an internal error.
  Status set_hash(crypto::HashAlgorithm alg, Buffer buffer = Buffer::kDiscard);
  bool has_hash() const { return hash_ != nullptr; }
  std::optional<crypto::HashAlgorithm> hash_algorithm() const;

  // Adds one raw handshake message (header included).
  void add(ByteView message);

  // Transcript-Hash of everything added so far; the transcript goes on.
  // Requires the hash to be set (empty result otherwise).
  Bytes current_hash() const;
  // Transcript-Hash of everything so far followed by `extra`, without adding
  // it: the PSK binder hash over a truncated ClientHello (RFC 8446 4.2.11.2).
  Bytes hash_with(ByteView extra) const;

  // RFC 8446 4.4.1: after a HelloRetryRequest, ClientHello1 is replaced by the
  // synthetic message_hash message (type 254, length Hash.length,
  // Hash(ClientHello1)). Call with only ClientHello1 added and the hash set.
  Status replace_with_message_hash();

  // The buffered messages (all of them while the hash is unknown, or with
  // Buffer::kKeep); empty otherwise.
  ByteView messages() const { return buffer_; }
  // Stops keeping messages (once TLS 1.2 CertificateVerify is done); does
  // nothing before the hash is set.
  void discard_messages();

 private:
  const crypto::Provider* provider_;
  std::unique_ptr<crypto::Hash> hash_;
  Bytes buffer_;
  bool keep_buffer_ = true;
  size_t added_ = 0;  // messages added since the start (for the HRR check)
};

}  // namespace parley::handshake

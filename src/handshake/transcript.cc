#include "handshake/transcript.h"

#include "codec/enums.h"

namespace parley::handshake {

Transcript::Transcript(const Transcript& other)
    : provider_(other.provider_),
      hash_(other.hash_ ? other.hash_->clone() : nullptr),
      buffer_(other.buffer_),
      keep_buffer_(other.keep_buffer_),
      added_(other.added_) {}

Transcript& Transcript::operator=(const Transcript& other) {
  if (this != &other) *this = Transcript(other);
  return *this;
}

std::optional<crypto::HashAlgorithm> Transcript::hash_algorithm() const {
  if (!hash_) return std::nullopt;
  return hash_->algorithm();
}

Status Transcript::set_hash(crypto::HashAlgorithm alg, Buffer buffer) {
  if (hash_) return internal_error("transcript hash set twice");
  hash_ = provider_->make_hash(alg);
  if (!hash_) return internal_error("hash algorithm unavailable");
  hash_->update(buffer_);
  keep_buffer_ = buffer == Buffer::kKeep;
  if (!keep_buffer_) discard_messages();
  return {};
}

void Transcript::add(ByteView message) {
  if (hash_) hash_->update(message);
  if (keep_buffer_) buffer_.insert(buffer_.end(), message.begin(), message.end());
  ++added_;
}

Bytes Transcript::current_hash() const {
  if (!hash_) return {};
  return hash_->peek();
}

Bytes Transcript::hash_with(ByteView extra) const {
  if (!hash_) return {};
  std::unique_ptr<crypto::Hash> fork = hash_->clone();
  fork->update(extra);
  Bytes out(fork->size());
  fork->finish(out);
  return out;
}

Status Transcript::replace_with_message_hash() {
  if (!hash_) return internal_error("message_hash needs the negotiated hash");
  if (added_ != 1) return internal_error("message_hash replaces exactly ClientHello1");
  const Bytes client_hello1_hash = current_hash();
  const crypto::HashAlgorithm alg = hash_->algorithm();
  hash_ = provider_->make_hash(alg);
  if (!hash_) return internal_error("hash algorithm unavailable");
  // RFC 8446 4.4.1: handshake type 254, a 3-byte length, then the hash.
  Bytes message = {static_cast<uint8_t>(codec::HandshakeType::kMessageHash), 0, 0,
                   static_cast<uint8_t>(client_hello1_hash.size())};
  message.insert(message.end(), client_hello1_hash.begin(), client_hello1_hash.end());
  buffer_.clear();
  added_ = 0;
  add(message);
  return {};
}

void Transcript::discard_messages() {
  if (!hash_) return;  // the messages are all there is until the hash is set
  keep_buffer_ = false;
  secure_wipe(buffer_.data(), buffer_.size());
  buffer_.clear();
  buffer_.shrink_to_fit();
}

}  // namespace parley::handshake

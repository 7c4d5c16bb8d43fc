#include "record/tls13_protection.h"

#include <cstring>
#include <string>

namespace parley::record {

Result<Tls13Keys> Tls13Keys::create(const crypto::Provider& provider, crypto::AeadAlgorithm alg,
                                    ByteView key, ByteView iv) {
  if (iv.size() != crypto::kAeadNonceSize) return internal_error("TLS 1.3 iv must be 12 bytes");
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<crypto::Aead> aead, provider.make_aead(alg, key));
  AeadNonce fixed_iv;
  std::copy(iv.begin(), iv.end(), fixed_iv.begin());
  return Tls13Keys(std::move(aead), fixed_iv);
}

Result<std::unique_ptr<Tls13Encrypter>> Tls13Encrypter::create(const crypto::Provider& provider,
                                                               crypto::AeadAlgorithm alg,
                                                               ByteView key, ByteView iv) {
  PARLEY_ASSIGN_OR_RETURN(Tls13Keys keys, Tls13Keys::create(provider, alg, key, iv));
  return std::make_unique<Tls13Encrypter>(std::move(keys));
}

Result<std::unique_ptr<Tls13Decrypter>> Tls13Decrypter::create(const crypto::Provider& provider,
                                                               crypto::AeadAlgorithm alg,
                                                               ByteView key, ByteView iv) {
  PARLEY_ASSIGN_OR_RETURN(Tls13Keys keys, Tls13Keys::create(provider, alg, key, iv));
  return std::make_unique<Tls13Decrypter>(std::move(keys));
}

size_t Tls13Encrypter::max_overhead() const {
  const size_t max_padding = padding_block_ > 1 ? padding_block_ - 1 : 0;
  return kHeaderSize + 1 + max_padding + crypto::kAeadTagSize;
}

size_t Tls13Encrypter::padding_for(size_t content_size) const {
  const size_t inner = content_size + 1;
  if (padding_block_ <= 1) return 0;
  size_t padded = (inner + padding_block_ - 1) / padding_block_ * padding_block_;
  if (padded > kMaxInnerPlaintext13) padded = kMaxInnerPlaintext13;
  return padded - inner;
}

size_t Tls13Encrypter::sealed_size(size_t content_size) const {
  return kHeaderSize + content_size + 1 + padding_for(content_size) + crypto::kAeadTagSize;
}

Status Tls13Encrypter::seal_record(ContentType type, ByteView content, std::span<uint8_t> out) {
  PARLEY_TRY(keys_.sequence().check_available());
  const size_t padding = padding_for(content.size());
  const size_t inner_size = content.size() + 1 + padding;
  // RFC 8446 5.2: the outer record is application_data, version 0x0303.
  write_header(out, ContentType::kApplicationData, kRecordVersionTls12,
               inner_size + crypto::kAeadTagSize);
  uint8_t* inner = out.data() + kHeaderSize;
  if (!content.empty()) std::memcpy(inner, content.data(), content.size());
  inner[content.size()] = static_cast<uint8_t>(type);
  std::memset(inner + content.size() + 1, 0, padding);  // RFC 8446 5.4: zero padding

  const AeadNonce nonce = keys_.next_nonce();
  // RFC 8446 5.2: additional_data is the record header.
  if (!keys_.aead().seal(nonce, ByteView(out.data(), kHeaderSize),
                         std::span<uint8_t>(inner, inner_size),
                         std::span<uint8_t>(inner + inner_size, crypto::kAeadTagSize))) {
    return internal_error("AEAD seal failed");
  }
  keys_.sequence().advance();
  return {};
}

Result<Plaintext> Tls13Decrypter::open_record(Record record) {
  // RFC 8446 5: once protected, only application_data records carry data
  // (a compatibility change_cipher_spec is handled before decryption).
  if (record.type != ContentType::kApplicationData) {
    return unexpected_message("unprotected record of type " +
                              std::to_string(static_cast<int>(record.type)) +
                              " after keys were set");
  }
  if (record.fragment.size() < crypto::kAeadTagSize) {
    return bad_record_mac("record shorter than the AEAD tag");
  }
  PARLEY_TRY(keys_.sequence().check_available());
  const size_t inner_size = record.fragment.size() - crypto::kAeadTagSize;
  // The additional data is the header as received (RFC 8446 5.2).
  const auto header = encode_header(record.type, record.version, record.fragment.size());
  const AeadNonce nonce = keys_.next_nonce();
  std::span<uint8_t> inner = record.fragment.first(inner_size);
  if (!keys_.aead().open(nonce, header, inner, ByteView(record.fragment).subspan(inner_size))) {
    return bad_record_mac("record authentication failed");
  }
  keys_.sequence().advance();

  // RFC 8446 5.4; RFC 8449 4 counts the type byte and padding as well.
  const size_t inner_limit =
      size_limit_ != 0 && size_limit_ < kMaxInnerPlaintext13 ? size_limit_ : kMaxInnerPlaintext13;
  if (inner_size > inner_limit) {
    return record_overflow("TLSInnerPlaintext of " + std::to_string(inner_size) +
                           " bytes exceeds the limit of " + std::to_string(inner_limit));
  }
  // RFC 8446 5.4: the content type is the last non-zero byte.
  size_t type_at = inner_size;
  while (type_at > 0 && inner[type_at - 1] == 0) --type_at;
  if (type_at == 0) return unexpected_message("TLSInnerPlaintext has no content type");
  const uint8_t type = inner[type_at - 1];
  if (!is_known_content_type(type) ||
      type == static_cast<uint8_t>(ContentType::kChangeCipherSpec)) {
    return unexpected_message("protected record of content type " + std::to_string(type));
  }
  return Plaintext{static_cast<ContentType>(type), inner.first(type_at - 1)};
}

}  // namespace parley::record

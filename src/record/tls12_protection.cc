#include "record/tls12_protection.h"

#include <algorithm>
#include <array>
#include <cstring>

namespace parley::record {
namespace {

constexpr size_t kSequenceSize = 8;
constexpr size_t kAdditionalDataSize = 13;

void store_be64(uint8_t* out, uint64_t value) {
  for (size_t i = 0; i < kSequenceSize; ++i) {
    out[i] = static_cast<uint8_t>(value >> (8 * (kSequenceSize - 1 - i)));
  }
}

// RFC 5246 6.2.3.3: additional_data = seq_num + TLSCompressed.type +
// TLSCompressed.version + TLSCompressed.length.
std::array<uint8_t, kAdditionalDataSize> additional_data(uint64_t sequence, ContentType type,
                                                         uint16_t version, size_t length) {
  std::array<uint8_t, kAdditionalDataSize> aad;
  store_be64(aad.data(), sequence);
  const auto header = encode_header(type, version, length);
  std::copy(header.begin(), header.end(), aad.begin() + kSequenceSize);
  return aad;
}

}  // namespace

size_t Tls12Keys::fixed_iv_size(crypto::AeadAlgorithm alg) {
  return alg == crypto::AeadAlgorithm::kChaCha20Poly1305 ? crypto::kAeadNonceSize : 4;
}

Result<Tls12Keys> Tls12Keys::create(const crypto::Provider& provider, crypto::AeadAlgorithm alg,
                                    ByteView key, ByteView fixed_iv) {
  if (fixed_iv.size() != fixed_iv_size(alg)) return internal_error("bad TLS 1.2 fixed IV size");
  PARLEY_ASSIGN_OR_RETURN(std::unique_ptr<crypto::Aead> aead, provider.make_aead(alg, key));
  AeadNonce iv{};
  std::copy(fixed_iv.begin(), fixed_iv.end(), iv.begin());
  return Tls12Keys(std::move(aead), iv, alg != crypto::AeadAlgorithm::kChaCha20Poly1305);
}

AeadNonce Tls12Keys::nonce(ByteView explicit_nonce) const {
  if (!explicit_nonce_) return xor_nonce(iv_, sequence_.value());  // RFC 7905 2
  // RFC 5288 3: GCMNonce = salt (4 bytes) || nonce_explicit (8 bytes).
  AeadNonce nonce = iv_;
  std::copy(explicit_nonce.begin(), explicit_nonce.end(), nonce.begin() + 4);
  return nonce;
}

Result<std::unique_ptr<Tls12AeadEncrypter>> Tls12AeadEncrypter::create(
    const crypto::Provider& provider, crypto::AeadAlgorithm alg, ByteView key, ByteView fixed_iv) {
  PARLEY_ASSIGN_OR_RETURN(Tls12Keys keys, Tls12Keys::create(provider, alg, key, fixed_iv));
  return std::make_unique<Tls12AeadEncrypter>(std::move(keys));
}

Result<std::unique_ptr<Tls12AeadDecrypter>> Tls12AeadDecrypter::create(
    const crypto::Provider& provider, crypto::AeadAlgorithm alg, ByteView key, ByteView fixed_iv) {
  PARLEY_ASSIGN_OR_RETURN(Tls12Keys keys, Tls12Keys::create(provider, alg, key, fixed_iv));
  return std::make_unique<Tls12AeadDecrypter>(std::move(keys));
}

size_t Tls12AeadEncrypter::sealed_size(size_t content_size) const {
  return kHeaderSize + keys_.explicit_nonce_size() + content_size + crypto::kAeadTagSize;
}

Status Tls12AeadEncrypter::seal_record(ContentType type, ByteView content, std::span<uint8_t> out) {
  PARLEY_TRY(keys_.sequence().check_available());
  const uint64_t sequence = keys_.sequence().value();
  const size_t explicit_size = keys_.explicit_nonce_size();
  write_header(out, type, kRecordVersionTls12,
               explicit_size + content.size() + crypto::kAeadTagSize);
  // The explicit nonce is the sequence number: unique per key, as RFC 5288 3
  // requires, and what other implementations send.
  uint8_t explicit_nonce[kSequenceSize];
  store_be64(explicit_nonce, sequence);
  std::memcpy(out.data() + kHeaderSize, explicit_nonce, explicit_size);
  uint8_t* body = out.data() + kHeaderSize + explicit_size;
  if (!content.empty()) std::memcpy(body, content.data(), content.size());

  const auto aad = additional_data(sequence, type, kRecordVersionTls12, content.size());
  if (!keys_.aead().seal(keys_.nonce(ByteView(explicit_nonce, explicit_size)), aad,
                         std::span<uint8_t>(body, content.size()),
                         std::span<uint8_t>(body + content.size(), crypto::kAeadTagSize))) {
    return internal_error("AEAD seal failed");
  }
  keys_.sequence().advance();
  return {};
}

Result<Plaintext> Tls12AeadDecrypter::open_record(Record record) {
  const size_t explicit_size = keys_.explicit_nonce_size();
  if (record.fragment.size() < explicit_size + crypto::kAeadTagSize) {
    return bad_record_mac("record shorter than the explicit nonce and AEAD tag");
  }
  PARLEY_TRY(keys_.sequence().check_available());
  const size_t content_size = record.fragment.size() - explicit_size - crypto::kAeadTagSize;
  std::span<uint8_t> content = record.fragment.subspan(explicit_size, content_size);
  const auto aad =
      additional_data(keys_.sequence().value(), record.type, record.version, content_size);
  if (!keys_.aead().open(keys_.nonce(record.fragment.first(explicit_size)), aad, content,
                         ByteView(record.fragment).subspan(explicit_size + content_size))) {
    return bad_record_mac("record authentication failed");
  }
  keys_.sequence().advance();
  return Plaintext{record.type, content};
}

}  // namespace parley::record

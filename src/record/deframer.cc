#include "record/deframer.h"

#include <algorithm>
#include <cstring>
#include <string>
#include <string_view>

#include "codec/reader.h"

namespace parley::record {

Deframer::Deframer(size_t capacity) : capacity_(std::max(capacity, kMaxRecordSize)) {}

size_t Deframer::feed(ByteView data) {
  if (data.empty()) return 0;
  if (!buffer_) buffer_ = std::make_unique_for_overwrite<uint8_t[]>(capacity_);
  // Move the kept and the unread bytes to the front, each packed, when the
  // tail has no room left: two records always fit.
  if (capacity_ - end_ < data.size() && kept_size_ + buffered() < end_) {
    std::memmove(buffer_.get(), buffer_.get() + kept_begin_, kept_size_);
    std::memmove(buffer_.get() + kept_size_, buffer_.get() + begin_, buffered());
    kept_begin_ = 0;
    end_ = kept_size_ + buffered();
    begin_ = kept_size_;
  }
  const size_t taken = std::min(data.size(), capacity_ - end_);
  if (taken > 0) std::memcpy(buffer_.get() + end_, data.data(), taken);
  end_ += taken;
  return taken;
}

void Deframer::release_if_empty() {
  if (begin_ != end_ || kept_size_ > 0) return;
  // No buffer while idle, as BoringSSL does by default: an idle connection
  // would otherwise hold two records of memory for nothing.
  buffer_.reset();
  begin_ = end_ = 0;
}

void Deframer::keep(std::span<uint8_t> part) {
  kept_begin_ = static_cast<size_t>(part.data() - buffer_.get());
  kept_size_ = part.size();
}

void Deframer::consume_kept(size_t n) {
  n = std::min(n, kept_size_);
  kept_begin_ += n;
  kept_size_ -= n;
  if (kept_size_ == 0) release_if_empty();
}

size_t Deframer::max_fragment_length() const {
  return mode_ == DeframerMode::kTls13 ? kMaxCiphertext13 : kMaxCiphertext12;
}

namespace {

// An HTTP/1.x request line or status line where the first TLS record header
// should be: someone pointed a plaintext client at a TLS port, or a TLS
// client at a plaintext server. Four bytes tell it from any TLS record,
// whose first byte is a content type (20-24).
bool looks_like_http(ByteView header) {
  static constexpr std::string_view kStarts[] = {"GET ", "HEAD", "POST", "PUT ", "DELE",
                                                 "OPTI", "CONN", "PATC", "TRAC", "HTTP"};
  const std::string_view text(reinterpret_cast<const char*>(header.data()), header.size());
  return std::any_of(std::begin(kStarts), std::end(kStarts),
                     [&](std::string_view start) { return text.starts_with(start); });
}

}  // namespace

Status Deframer::check_header(ByteView header, uint8_t type, uint16_t version,
                              size_t length) const {
  // RFC 8446 5: an unknown record type is an unexpected_message.
  if (!is_known_content_type(type)) {
    if (mode_ == DeframerMode::kUnnegotiated && looks_like_http(header)) {
      // A CONNECT is a client that took us for its HTTPS proxy.
      const bool connect = header[0] == 'C' && header[1] == 'O';
      return unexpected_message(connect ? "the peer sent an HTTP CONNECT request, not TLS"
                                        : "the peer sent plaintext HTTP, not TLS");
    }
    return unexpected_message("unknown record content type " + std::to_string(type));
  }
  switch (mode_) {
    case DeframerMode::kUnnegotiated:
      // Anything but 3.x is not TLS at all (RFC 8446 D, RFC 5246 E).
      if (version >> 8 != 3) {
        return make_error(ErrorKind::kProtocol, AlertDescription::kProtocolVersion,
                          "record version " + std::to_string(version) + " is not TLS");
      }
      break;
    case DeframerMode::kTls12:
      if (version != kRecordVersionTls12) {
        return make_error(ErrorKind::kProtocol, AlertDescription::kProtocolVersion,
                          "record version " + std::to_string(version) + " after TLS 1.2");
      }
      break;
    case DeframerMode::kTls13:
      break;  // RFC 8446 5.1: legacy_record_version MUST be ignored.
  }
  // RFC 8446 5.2, RFC 5246 6.2.3: record_overflow.
  if (length > max_fragment_length()) {
    return make_error(ErrorKind::kProtocol, AlertDescription::kRecordOverflow,
                      "record of " + std::to_string(length) + " bytes exceeds the limit of " +
                          std::to_string(max_fragment_length()));
  }
  return {};
}

Result<std::optional<Record>> Deframer::parse(std::span<uint8_t> bytes) const {
  codec::Reader reader(bytes);
  if (reader.remaining() < kHeaderSize) return std::optional<Record>();
  const uint8_t type = *reader.u8();
  const uint16_t version = *reader.u16();
  const uint16_t length = *reader.u16();
  PARLEY_TRY(check_header(ByteView(bytes).first(kHeaderSize), type, version, length));
  if (reader.remaining() < length) return std::optional<Record>();
  return std::optional<Record>(Record{
      static_cast<ContentType>(type),
      version,
      bytes.subspan(kHeaderSize, length),
  });
}

Result<std::optional<Record>> Deframer::next() {
  if (error_) return *error_;
  if (begin_ == end_) {
    release_if_empty();
    return std::optional<Record>();
  }
  auto record = parse(storage().subspan(begin_, buffered()));
  if (!record.ok()) {
    error_ = record.error();
    return *error_;
  }
  if (record->has_value()) begin_ += kHeaderSize + (*record)->fragment.size();
  return record;
}

}  // namespace parley::record

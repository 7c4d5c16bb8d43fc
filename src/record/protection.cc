#include "record/protection.h"

#include <cstring>
#include <string>

namespace parley::record {

// RFC 8446 5.3: "Sequence numbers MUST NOT wrap"; we stop one short so the
// counter itself cannot overflow either.
Error SequenceNumber::exhausted() {
  return make_error(ErrorKind::kProtocol, AlertDescription::kInternalError,
                    "record sequence number exhausted");
}

Error bad_record_mac(std::string message) {
  return make_error(ErrorKind::kCrypto, AlertDescription::kBadRecordMac, std::move(message));
}

Error record_overflow(std::string message) {
  return make_error(ErrorKind::kProtocol, AlertDescription::kRecordOverflow, std::move(message));
}

namespace {

Status check_content(ContentType type, ByteView content) {
  if (content.size() > kMaxPlaintext) {
    return internal_error("record content of " + std::to_string(content.size()) +
                          " bytes exceeds 2^14");
  }
  if (content.empty() && type != ContentType::kApplicationData) {
    return internal_error("empty record of a type other than application data");
  }
  return {};
}

}  // namespace

Status RecordEncrypter::seal(ContentType type, ByteView content, Bytes& out) {
  PARLEY_TRY(check_content(type, content));
  const size_t start = out.size();
  const size_t size = sealed_size(content.size());
  out.resize(start + size);
  Status sealed = seal_record(type, content, std::span<uint8_t>(out).subspan(start, size));
  if (!sealed.ok()) out.resize(start);
  return sealed;
}

Result<size_t> RecordEncrypter::seal_into(ContentType type, ByteView content,
                                          std::span<uint8_t> out) {
  PARLEY_TRY(check_content(type, content));
  const size_t size = sealed_size(content.size());
  if (out.size() < size) {
    return internal_error("a record of " + std::to_string(size) + " bytes does not fit in " +
                          std::to_string(out.size()));
  }
  PARLEY_TRY(seal_record(type, content, out.first(size)));
  return size;
}

Result<Plaintext> RecordDecrypter::open(Record record) {
  PARLEY_ASSIGN_OR_RETURN(Plaintext plaintext, open_record(record));
  // RFC 8446 5.2, 5.4 and RFC 5246 6.2.1: at most 2^14 bytes of content
  // (RFC 8449 4: or the record_size_limit we advertised).
  if (plaintext.data.size() > content_limit()) {
    return record_overflow("record content of " + std::to_string(plaintext.data.size()) +
                           " bytes exceeds the limit of " + std::to_string(content_limit()));
  }
  // RFC 8446 5.1, RFC 5246 6.2.1: only application data may be empty.
  if (plaintext.data.empty() && plaintext.type != ContentType::kApplicationData) {
    return unexpected_message("empty record of type " +
                              std::to_string(static_cast<int>(plaintext.type)));
  }
  return plaintext;
}

Status NullEncrypter::seal_record(ContentType type, ByteView content, std::span<uint8_t> out) {
  write_header(out, type, version_, content.size());
  if (!content.empty()) std::memcpy(out.data() + kHeaderSize, content.data(), content.size());
  return {};
}

Result<Plaintext> NullDecrypter::open_record(Record record) {
  return Plaintext{record.type, record.fragment};
}

}  // namespace parley::record

#include "record/protection.h"

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

Status RecordEncrypter::seal(ContentType type, ByteView content, Bytes& out) {
  if (content.size() > kMaxPlaintext) {
    return internal_error("record content of " + std::to_string(content.size()) +
                          " bytes exceeds 2^14");
  }
  if (content.empty() && type != ContentType::kApplicationData) {
    return internal_error("empty record of a type other than application data");
  }
  return seal_record(type, content, out);
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

Status NullEncrypter::seal_record(ContentType type, ByteView content, Bytes& out) {
  append_header(out, type, version_, content.size());
  out.insert(out.end(), content.begin(), content.end());
  return {};
}

Result<Plaintext> NullDecrypter::open_record(Record record) {
  return Plaintext{record.type, record.fragment};
}

}  // namespace parley::record

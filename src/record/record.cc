#include "record/record.h"

namespace parley::record {

bool is_known_content_type(uint8_t type) {
  switch (static_cast<ContentType>(type)) {
    case ContentType::kChangeCipherSpec:
    case ContentType::kAlert:
    case ContentType::kHandshake:
    case ContentType::kApplicationData:
      return true;
    case ContentType::kInvalid:
      return false;
  }
  return false;
}

std::array<uint8_t, kHeaderSize> encode_header(ContentType type, uint16_t version, size_t length) {
  return {static_cast<uint8_t>(type), static_cast<uint8_t>(version >> 8),
          static_cast<uint8_t>(version), static_cast<uint8_t>(length >> 8),
          static_cast<uint8_t>(length)};
}

void append_header(Bytes& out, ContentType type, uint16_t version, size_t length) {
  const auto header = encode_header(type, version, length);
  out.insert(out.end(), header.begin(), header.end());
}

}  // namespace parley::record

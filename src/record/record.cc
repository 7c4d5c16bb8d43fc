#include "record/record.h"

namespace parley::record {

void append_header(Bytes& out, ContentType type, uint16_t version, size_t length) {
  const auto header = encode_header(type, version, length);
  out.insert(out.end(), header.begin(), header.end());
}

}  // namespace parley::record

#include "record/fragmenter.h"

#include <algorithm>
#include <string>

namespace parley::record {

Status Fragmenter::set_max_fragment_length(size_t length) {
  if (length == 0 || length > kMaxPlaintext) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "maximum fragment length " + std::to_string(length) + " outside [1, 2^14]");
  }
  max_fragment_length_ = length;
  return {};
}

Status Fragmenter::seal(RecordEncrypter& encrypter, ContentType type, ByteView data,
                        Bytes& out) const {
  // One allocation for all the records, each sealed in place where it lands.
  const size_t records = (data.size() + max_fragment_length_ - 1) / max_fragment_length_;
  const size_t needed = out.size() + data.size() + records * encrypter.max_overhead();
  if (out.capacity() < needed) out.reserve(std::max(needed, 2 * out.capacity()));
  Status status;
  split(data, [&](ByteView piece) {
    if (status.ok()) status = encrypter.seal(type, piece, out);
  });
  return status;
}

}  // namespace parley::record

#include "record/fragmenter.h"

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
  Status status;
  split(data, [&](ByteView piece) {
    if (status.ok()) status = encrypter.seal(type, piece, out);
  });
  return status;
}

}  // namespace parley::record

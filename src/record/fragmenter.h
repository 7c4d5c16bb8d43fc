// Fragmenter: splits outgoing content into records of at most the maximum
// fragment length (2^14 by default, less under record_size_limit, RFC 8449).
#pragma once

#include <algorithm>
#include <cstddef>

#include "common/bytes.h"
#include "parley/error.h"
#include "record/protection.h"
#include "record/record.h"

namespace parley::record {

class Fragmenter {
 public:
  Fragmenter() = default;

  // `length` in [1, 2^14]; larger or zero is a configuration error.
  Status set_max_fragment_length(size_t length);
  size_t max_fragment_length() const { return max_fragment_length_; }

  // Calls `emit(ByteView)` for each consecutive piece of `data`, each at most
  // max_fragment_length() bytes. Empty `data` produces no piece.
  template <typename Emit>
  void split(ByteView data, Emit&& emit) const {
    while (!data.empty()) {
      const size_t n = std::min(data.size(), max_fragment_length_);
      emit(data.first(n));
      data = data.subspan(n);
    }
  }

  // Seals `data` as records of type `type`, appending them to `out`.
  Status seal(RecordEncrypter& encrypter, ContentType type, ByteView data, Bytes& out) const;

 private:
  size_t max_fragment_length_ = kMaxPlaintext;
};

}  // namespace parley::record

#include "compress/cache.h"

#include <algorithm>

namespace parley::compress {

Result<Bytes> CompressionCache::compress(
    const std::shared_ptr<const CertificateCompressor>& compressor, ByteView message) const {
  {
    std::lock_guard lock(mutex_);
    for (const Entry& entry : entries_) {
      if (entry.compressor == compressor &&
          std::equal(entry.uncompressed.begin(), entry.uncompressed.end(), message.begin(),
                     message.end())) {
        return entry.compressed;
      }
    }
  }
  // Compressed outside the lock: brotli at its best quality takes a while,
  // and two connections racing only compress twice.
  PARLEY_ASSIGN_OR_RETURN(Bytes compressed, compressor->compress(message));
  std::lock_guard lock(mutex_);
  auto same = std::find_if(entries_.begin(), entries_.end(),
                           [&](const Entry& entry) { return entry.compressor == compressor; });
  Entry fresh{compressor, Bytes(message.begin(), message.end()), compressed};
  if (same == entries_.end()) {
    entries_.push_back(std::move(fresh));
  } else {
    *same = std::move(fresh);
  }
  return compressed;
}

}  // namespace parley::compress

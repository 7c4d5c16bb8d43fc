// The compressed forms of one certificate chain's Certificate message, kept
// so that a server compresses each chain once per algorithm rather than per
// handshake (RFC 8879 4 allows caching). Thread-safe: one cache serves every
// connection using the chain.
#pragma once

#include <memory>
#include <mutex>
#include <vector>

#include "common/bytes.h"
#include "parley/compression.h"

namespace parley::compress {

class CompressionCache {
 public:
  // `message` compressed by `compressor`: from the cache when the same
  // compressor last compressed these same bytes (a Certificate whose entry
  // extensions changed, e.g. a new OCSP staple, is compressed again).
  Result<Bytes> compress(const std::shared_ptr<const CertificateCompressor>& compressor,
                         ByteView message) const;

 private:
  struct Entry {
    std::shared_ptr<const CertificateCompressor> compressor;  // kept alive: identity
    Bytes uncompressed;
    Bytes compressed;
  };
  mutable std::mutex mutex_;
  mutable std::vector<Entry> entries_;  // one per compressor, so a handful
};

}  // namespace parley::compress

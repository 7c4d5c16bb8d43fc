/// @file
/// Certificate compression (RFC 8879): the algorithms a connection offers
/// for the peer's Certificate and uses for its own (CommonConfig::
/// certificate_compressors). zlib, brotli and zstd are built in when their
/// libraries were found at build time; an application may add its own
/// algorithm by implementing CertificateCompressor.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string_view>
#include <vector>

#include "parley/error.h"
#include "parley/export.h"

namespace parley {

/// RFC 8879 7.3 CertificateCompressionAlgorithm code points. Other values
/// (e.g. private-use ones) are valid for application compressors.
enum class CertificateCompressionAlgorithm : uint16_t {
  kZlib = 1,    ///< RFC 1950 zlib format
  kBrotli = 2,  ///< RFC 7932
  kZstd = 3,    ///< RFC 8878
};

/// One certificate compression algorithm. Implementations must be safe to
/// call from several threads at once (configs are shared between
/// connections).
class PARLEY_EXPORT CertificateCompressor {
 public:
  virtual ~CertificateCompressor();
  /// The code point sent in compress_certificate and CompressedCertificate.
  virtual CertificateCompressionAlgorithm algorithm() const = 0;
  /// Compresses an encoded Certificate message body.
  virtual Result<std::vector<uint8_t>> compress(std::span<const uint8_t> message) const = 0;
  /// Decompresses peer input into at most `uncompressed_length` bytes (the
  /// length the peer declared, already bounded by
  /// CommonConfig::max_handshake_message_size): an implementation must never
  /// produce or allocate more. Output of another length is refused by the
  /// caller with bad_certificate (RFC 8879 4), as is an error.
  virtual Result<std::vector<uint8_t>> decompress(std::span<const uint8_t> compressed,
                                                  size_t uncompressed_length) const = 0;
};

/// The built-in compressor for `algorithm`, or null when this build lacks its
/// library (or the algorithm is not one of zlib, brotli, zstd).
PARLEY_EXPORT std::shared_ptr<const CertificateCompressor> builtin_certificate_compressor(
    CertificateCompressionAlgorithm algorithm);
/// Every built-in compressor of this build, in parley's preference order
/// (brotli, zstd, zlib): the default of CommonConfig::certificate_compressors.
PARLEY_EXPORT std::vector<std::shared_ptr<const CertificateCompressor>>
builtin_certificate_compressors();
/// The algorithm's IANA name ("zlib", "brotli", "zstd"), or "unknown".
PARLEY_EXPORT std::string_view name_of(CertificateCompressionAlgorithm algorithm);

}  // namespace parley

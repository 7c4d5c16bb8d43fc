// The built-in certificate compressors (RFC 8879 3): zlib, brotli and zstd
// through their libraries, each compiled in when CMake found it
// (PARLEY_HAVE_ZLIB, PARLEY_HAVE_BROTLI, PARLEY_HAVE_ZSTD). Decompression
// writes into a buffer of exactly the declared length and fails on any
// output beyond it, so a decompression bomb costs at most that buffer.
#include <memory>
#include <vector>

#include "common/bytes.h"
#include "parley/compression.h"

#ifdef PARLEY_HAVE_ZLIB
#include <zlib.h>
#endif
#ifdef PARLEY_HAVE_BROTLI
#include <brotli/decode.h>
#include <brotli/encode.h>
#endif
#ifdef PARLEY_HAVE_ZSTD
#include <zstd.h>
#endif

namespace parley {

CertificateCompressor::~CertificateCompressor() = default;

namespace {

[[maybe_unused]] Error compression_failed(std::string_view algorithm) {
  return internal_error(std::string(algorithm) + " compression failed");
}
[[maybe_unused]] Error decompression_failed(std::string_view algorithm) {
  return decode_error(std::string(algorithm) + " data does not decompress to the declared length");
}

// What every built-in compressor shares: its code point. (A build without
// any compression library uses none of these helpers.)
template <CertificateCompressionAlgorithm kAlgorithm>
class Builtin : public CertificateCompressor {
 public:
  CertificateCompressionAlgorithm algorithm() const override { return kAlgorithm; }
};

#ifdef PARLEY_HAVE_ZLIB
// RFC 8879 3: "zlib" is the RFC 1950 format.
class ZlibCompressor final : public Builtin<CertificateCompressionAlgorithm::kZlib> {
 public:
  Result<Bytes> compress(ByteView message) const override {
    uLongf size = compressBound(static_cast<uLong>(message.size()));
    Bytes out(size);
    if (compress2(out.data(), &size, message.data(), static_cast<uLong>(message.size()),
                  Z_BEST_COMPRESSION) != Z_OK) {
      return compression_failed("zlib");
    }
    out.resize(size);
    return out;
  }
  Result<Bytes> decompress(ByteView compressed, size_t uncompressed_length) const override {
    Bytes out(uncompressed_length);
    z_stream stream{};
    if (inflateInit(&stream) != Z_OK) return internal_error("zlib: inflateInit failed");
    stream.next_in = const_cast<Bytef*>(compressed.data());  // zlib's API is not const
    stream.avail_in = static_cast<uInt>(compressed.size());
    stream.next_out = out.data();
    stream.avail_out = static_cast<uInt>(out.size());
    const int result = inflate(&stream, Z_FINISH);
    const bool exact = result == Z_STREAM_END && stream.avail_out == 0 && stream.avail_in == 0;
    inflateEnd(&stream);
    if (!exact) return decompression_failed("zlib");
    return out;
  }
};
#endif

#ifdef PARLEY_HAVE_BROTLI
class BrotliCompressor final : public Builtin<CertificateCompressionAlgorithm::kBrotli> {
 public:
  Result<Bytes> compress(ByteView message) const override {
    size_t size = BrotliEncoderMaxCompressedSize(message.size());
    if (size == 0) return compression_failed("brotli");
    Bytes out(size);
    if (!BrotliEncoderCompress(BROTLI_MAX_QUALITY, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC,
                               message.size(), message.data(), &size, out.data())) {
      return compression_failed("brotli");
    }
    out.resize(size);
    return out;
  }
  Result<Bytes> decompress(ByteView compressed, size_t uncompressed_length) const override {
    Bytes out(uncompressed_length);
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) return internal_error("brotli: no decoder");
    size_t available_in = compressed.size();
    const uint8_t* next_in = compressed.data();
    size_t available_out = out.size();
    uint8_t* next_out = out.data();
    // Streaming into the fixed buffer: more output than it holds is
    // NEEDS_MORE_OUTPUT, a failure here.
    const BrotliDecoderResult result = BrotliDecoderDecompressStream(
        state, &available_in, &next_in, &available_out, &next_out, nullptr);
    BrotliDecoderDestroyInstance(state);
    if (result != BROTLI_DECODER_RESULT_SUCCESS || available_out != 0 || available_in != 0) {
      return decompression_failed("brotli");
    }
    return out;
  }
};
#endif

#ifdef PARLEY_HAVE_ZSTD
class ZstdCompressor final : public Builtin<CertificateCompressionAlgorithm::kZstd> {
 public:
  Result<Bytes> compress(ByteView message) const override {
    Bytes out(ZSTD_compressBound(message.size()));
    const size_t size =
        ZSTD_compress(out.data(), out.size(), message.data(), message.size(), ZSTD_maxCLevel());
    if (ZSTD_isError(size)) return compression_failed("zstd");
    out.resize(size);
    return out;
  }
  Result<Bytes> decompress(ByteView compressed, size_t uncompressed_length) const override {
    Bytes out(uncompressed_length);
    // One-shot into the flat buffer: zstd decodes in place (no window buffer
    // of the frame's size) and fails when the output does not fit.
    const size_t size =
        ZSTD_decompress(out.data(), out.size(), compressed.data(), compressed.size());
    if (ZSTD_isError(size) || size != uncompressed_length) return decompression_failed("zstd");
    return out;
  }
};
#endif

template <typename T>
std::shared_ptr<const CertificateCompressor> shared_instance() {
  static const auto instance = std::make_shared<const T>();
  return instance;
}

}  // namespace

std::shared_ptr<const CertificateCompressor> builtin_certificate_compressor(
    CertificateCompressionAlgorithm algorithm) {
  switch (algorithm) {
#ifdef PARLEY_HAVE_ZLIB
    case CertificateCompressionAlgorithm::kZlib:
      return shared_instance<ZlibCompressor>();
#endif
#ifdef PARLEY_HAVE_BROTLI
    case CertificateCompressionAlgorithm::kBrotli:
      return shared_instance<BrotliCompressor>();
#endif
#ifdef PARLEY_HAVE_ZSTD
    case CertificateCompressionAlgorithm::kZstd:
      return shared_instance<ZstdCompressor>();
#endif
    default:
      return nullptr;
  }
}

std::vector<std::shared_ptr<const CertificateCompressor>> builtin_certificate_compressors() {
  std::vector<std::shared_ptr<const CertificateCompressor>> out;
  for (auto algorithm :
       {CertificateCompressionAlgorithm::kBrotli, CertificateCompressionAlgorithm::kZstd,
        CertificateCompressionAlgorithm::kZlib}) {
    if (auto compressor = builtin_certificate_compressor(algorithm)) out.push_back(compressor);
  }
  return out;
}

}  // namespace parley

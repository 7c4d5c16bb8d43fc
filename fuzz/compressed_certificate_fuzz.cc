// Fuzzes RFC 8879's receive path: the input as a CompressedCertificate body
// (decoded; then decompressed by the built-in compressor its algorithm names,
// at most 64 KiB as CommonConfig's default limit allows, and the result
// decoded as a TLS 1.3 Certificate), and as a compress_certificate extension.
// No crash, no output beyond the declared length, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>

#include "codec/extensions.h"
#include "codec/messages.h"
#include "parley/compression.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley;
  const ByteView input(data, size);
  (void)codec::CertificateCompressionAlgorithms::decode(input);
  auto message = codec::CompressedCertificate::decode(input);
  if (!message.ok() || message->uncompressed_length > 64 * 1024) return 0;
  const auto compressor = builtin_certificate_compressor(
      static_cast<CertificateCompressionAlgorithm>(message->algorithm));
  if (!compressor) return 0;
  auto body =
      compressor->decompress(message->compressed_certificate_message, message->uncompressed_length);
  if (!body.ok()) return 0;
  if (body->size() > message->uncompressed_length) std::abort();  // the contract
  (void)codec::Certificate13::decode(*body);
  return 0;
}

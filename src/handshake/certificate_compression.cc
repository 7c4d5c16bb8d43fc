// Certificate compression (RFC 8879) for the TLS 1.3 machines of both roles:
// what we offer, which algorithm we compress our Certificate with, and the
// checks on a received CompressedCertificate before its Certificate is
// decoded. The algorithms themselves are CertificateCompressors
// (src/compress/ for the built-in ones).
#include <algorithm>
#include <string>

#include "handshake/machine_base.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

namespace {

Error bad_certificate(std::string message) {
  return make_error(ErrorKind::kDecode, AlertDescription::kBadCertificate, std::move(message));
}

std::shared_ptr<const CertificateCompressor> find_compressor(const CommonConfig& config,
                                                             uint16_t algorithm) {
  for (const auto& compressor : config.certificate_compressors) {
    if (compressor && static_cast<uint16_t>(compressor->algorithm()) == algorithm) {
      return compressor;
    }
  }
  return nullptr;
}

// The SessionInfo field for the Certificate of the client or of the server.
std::optional<CertificateCompressionAlgorithm>& compression_of(SessionInfo& info,
                                                               bool client_certificate) {
  return client_certificate ? info.client_certificate_compression : info.certificate_compression;
}

}  // namespace

std::optional<codec::CertificateCompressionAlgorithms> MachineBase::offered_compression(
    const CommonConfig& config) {
  codec::CertificateCompressionAlgorithms offer;
  for (const auto& compressor : config.certificate_compressors) {
    if (!compressor) continue;
    const auto algorithm = static_cast<uint16_t>(compressor->algorithm());
    // RFC 8879 3: a list without repeats (a config naming one twice offers it once).
    if (std::find(offer.algorithms.begin(), offer.algorithms.end(), algorithm) ==
        offer.algorithms.end()) {
      offer.algorithms.push_back(algorithm);
    }
  }
  // algorithms<2..2^8-2>: at most 127 of them.
  if (offer.algorithms.empty()) return std::nullopt;
  if (offer.algorithms.size() > 127) offer.algorithms.resize(127);
  return offer;
}

std::shared_ptr<const CertificateCompressor> MachineBase::choose_compressor(
    const CommonConfig& config,
    const std::optional<codec::CertificateCompressionAlgorithms>& peer) {
  if (!peer) return nullptr;
  // Our preference order: the peer's list is what it can decompress.
  for (const auto& compressor : config.certificate_compressors) {
    if (!compressor) continue;
    const auto algorithm = static_cast<uint16_t>(compressor->algorithm());
    if (std::find(peer->algorithms.begin(), peer->algorithms.end(), algorithm) !=
        peer->algorithms.end()) {
      return compressor;
    }
  }
  return nullptr;
}

Status MachineBase::append_certificate13(
    const codec::Certificate13& certificate, const CertifiedKey* key,
    const std::shared_ptr<const CertificateCompressor>& compressor, Bytes& flight) {
  if (compressor == nullptr || key == nullptr || certificate.certificate_list.empty()) {
    return append(certificate, flight);
  }
  PARLEY_ASSIGN_OR_RETURN(Bytes body, codec::encode_body(certificate));
  Result<Bytes> compressed = impl_of(*key).compressed.compress(compressor, body);
  // A compressor that fails (or returns nothing) costs the peer only the
  // bytes it would have saved: the Certificate goes uncompressed.
  if (!compressed.ok() || compressed->empty() || body.size() > codec::kMaxHandshakeBodySize) {
    return append(certificate, flight);
  }
  if (core_.tracing()) core_.trace(true, "Certificate", codec::describe(certificate));
  compression_of(core_.mutable_info(), core_.is_client()) = compressor->algorithm();
  return append(
      codec::CompressedCertificate{static_cast<uint16_t>(compressor->algorithm()),
                                   static_cast<uint32_t>(body.size()), std::move(*compressed)},
      flight);
}

Result<codec::Certificate13> MachineBase::receive_certificate13(
    const record::HandshakeMessage& raw,
    const std::optional<codec::CertificateCompressionAlgorithms>& offered) {
  const CommonConfig& config = core_.config();
  if (raw.type != codec::HandshakeType::kCompressedCertificate) {
    return receive_certificate<codec::Certificate13>(raw);
  }
  // RFC 8879 4: only in answer to our compress_certificate.
  if (!offered) return unexpected_message("CompressedCertificate without compress_certificate");
  PARLEY_ASSIGN_OR_RETURN(auto message, receive<codec::CompressedCertificate>(raw));
  const bool offered_algorithm = std::find(offered->algorithms.begin(), offered->algorithms.end(),
                                           message.algorithm) != offered->algorithms.end();
  const auto compressor = offered_algorithm ? find_compressor(config, message.algorithm) : nullptr;
  if (compressor == nullptr) {
    // RFC 8879 4: "MUST NOT send a CompressedCertificate message using an
    // algorithm that the receiver did not offer" (BoringSSL: illegal_parameter).
    return illegal_parameter("CompressedCertificate with an algorithm we did not offer: " +
                             codec::certificate_compression_label(message.algorithm));
  }
  // Bounded memory: the Certificate it stands for is held to the same limit
  // as an uncompressed one.
  if (message.uncompressed_length > config.max_handshake_message_size) {
    return bad_certificate("CompressedCertificate uncompressed_length " +
                           std::to_string(message.uncompressed_length) + " exceeds the limit of " +
                           std::to_string(config.max_handshake_message_size));
  }
  Result<Bytes> body =
      compressor->decompress(message.compressed_certificate_message, message.uncompressed_length);
  // RFC 8879 4: a message that does not decompress, or not to the declared
  // length, is bad_certificate.
  if (!body.ok() || body->size() != message.uncompressed_length) {
    return bad_certificate("CompressedCertificate does not decompress to its uncompressed_length" +
                           (body.ok() ? std::string() : ": " + body.error().message));
  }
  compression_of(core_.mutable_info(), !core_.is_client()) = compressor->algorithm();
  return codec::Certificate13::decode(*body);
}

}  // namespace parley::handshake

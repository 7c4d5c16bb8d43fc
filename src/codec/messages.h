// The handshake messages other than the hellos (RFC 8446 4.3-4.6, RFC 5246
// 7.4.2-7.4.9, RFC 5077, RFC 6066), and the Alert and ChangeCipherSpec
// record payloads. Each struct's encode writes the body only (see
// codec/handshake.h for the header); decode consumes the whole body.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "codec/enums.h"
#include "codec/extensions.h"
#include "codec/writer.h"
#include "common/bytes.h"
#include "parley/alert.h"
#include "parley/error.h"

namespace parley::codec {

// ----------------------------------------------------------------------------
// TLS 1.3
// ----------------------------------------------------------------------------

// RFC 8446 4.3.1. The RFC 8446 4.2 table limits EncryptedExtensions to
// these types among those parley implements; another implemented type is an
// illegal_parameter.
struct EncryptedExtensionsSet {
  std::optional<EmptyExtension> server_name;  // RFC 6066 3: acknowledgement
  std::optional<SupportedGroups> supported_groups;
  std::optional<SelectedProtocol> alpn;
  std::optional<RecordSizeLimit> record_size_limit;
  std::optional<EmptyExtension> early_data;  // RFC 8446 4.2.10: early data accepted
  std::vector<UnknownExtension> unknown;
  ExtensionOrder order;
  bool operator==(const EncryptedExtensionsSet&) const = default;
};

struct EncryptedExtensions {
  static constexpr HandshakeType kType = HandshakeType::kEncryptedExtensions;
  EncryptedExtensionsSet extensions;  // extensions<0..2^16-1>
  void encode(Writer& w) const;
  static Result<EncryptedExtensions> decode(ByteView body);
  bool operator==(const EncryptedExtensions&) const = default;
};

// RFC 8446 4.4.2: extensions of one CertificateEntry.
struct CertificateEntrySet {
  std::optional<CertificateStatus> status_request;  // OCSP staple (RFC 8446 4.4.2.1)
  std::optional<SignedCertificateTimestampList> signed_certificate_timestamp;  // RFC 6962 3.3
  std::vector<UnknownExtension> unknown;
  ExtensionOrder order;
  bool operator==(const CertificateEntrySet&) const = default;
};

struct CertificateEntry {
  Bytes cert_data;  // ASN1_subjectPublicKeyInfo or DER certificate, <1..2^24-1>
  CertificateEntrySet extensions;
  bool operator==(const CertificateEntry&) const = default;
};

// RFC 8446 4.4.2 (X.509 certificates; raw public keys are not supported).
struct Certificate13 {
  static constexpr HandshakeType kType = HandshakeType::kCertificate;
  Bytes certificate_request_context;               // <0..2^8-1>
  std::vector<CertificateEntry> certificate_list;  // <0..2^24-1>
  void encode(Writer& w) const;
  static Result<Certificate13> decode(ByteView body);
  bool operator==(const Certificate13&) const = default;
};

// RFC 8446 4.3.2: signature_algorithms is required (missing_extension).
struct CertificateRequestSet {
  std::optional<SignatureSchemeList> signature_algorithms;
  std::optional<SignatureSchemeList> signature_algorithms_cert;
  std::optional<CertificateAuthorities> certificate_authorities;
  // RFC 8446 4.4.2.1: an empty status_request asks for an OCSP response.
  std::optional<EmptyExtension> status_request;
  std::optional<CertificateCompressionAlgorithms> compress_certificate;  // RFC 8879 3
  std::vector<UnknownExtension> unknown;                                 // e.g. oid_filters
  ExtensionOrder order;
  bool operator==(const CertificateRequestSet&) const = default;
};

struct CertificateRequest13 {
  static constexpr HandshakeType kType = HandshakeType::kCertificateRequest;
  Bytes certificate_request_context;  // <0..2^8-1>
  CertificateRequestSet extensions;   // extensions<2..2^16-1>
  void encode(Writer& w) const;
  static Result<CertificateRequest13> decode(ByteView body);
  bool operator==(const CertificateRequest13&) const = default;
};

// RFC 8879 4: a TLS 1.3 Certificate message body, compressed. The
// uncompressed_length is peer input: the receiver bounds it before
// decompressing.
struct CompressedCertificate {
  static constexpr HandshakeType kType = HandshakeType::kCompressedCertificate;
  uint16_t algorithm = 0;
  uint32_t uncompressed_length = 0;      // uint24
  Bytes compressed_certificate_message;  // <1..2^24-1>
  void encode(Writer& w) const;
  static Result<CompressedCertificate> decode(ByteView body);
  bool operator==(const CompressedCertificate&) const = default;
};

struct NewSessionTicketSet {
  std::optional<EarlyDataNewSessionTicket> early_data;
  std::vector<UnknownExtension> unknown;
  ExtensionOrder order;
  bool operator==(const NewSessionTicketSet&) const = default;
};

// RFC 8446 4.6.1
struct NewSessionTicket13 {
  static constexpr HandshakeType kType = HandshakeType::kNewSessionTicket;
  uint32_t ticket_lifetime = 0;  // seconds
  uint32_t ticket_age_add = 0;
  Bytes ticket_nonce;              // <0..255>
  Bytes ticket;                    // <1..2^16-1>
  NewSessionTicketSet extensions;  // extensions<0..2^16-2>
  void encode(Writer& w) const;
  static Result<NewSessionTicket13> decode(ByteView body);
  bool operator==(const NewSessionTicket13&) const = default;
};

// RFC 8446 4.6.3: a request_update other than 0 or 1 is an illegal_parameter.
struct KeyUpdate {
  static constexpr HandshakeType kType = HandshakeType::kKeyUpdate;
  KeyUpdateRequest request_update = KeyUpdateRequest::kUpdateNotRequested;
  void encode(Writer& w) const;
  static Result<KeyUpdate> decode(ByteView body);
  bool operator==(const KeyUpdate&) const = default;
};

// RFC 8446 4.5: empty body.
struct EndOfEarlyData {
  static constexpr HandshakeType kType = HandshakeType::kEndOfEarlyData;
  void encode(Writer&) const {}
  static Result<EndOfEarlyData> decode(ByteView body);
  bool operator==(const EndOfEarlyData&) const = default;
};

// ----------------------------------------------------------------------------
// Both versions
// ----------------------------------------------------------------------------

// RFC 8446 4.4.3 CertificateVerify; RFC 5246 7.4.8 (digitally-signed with
// SignatureAndHashAlgorithm, which has the same 2-byte code points).
struct CertificateVerify {
  static constexpr HandshakeType kType = HandshakeType::kCertificateVerify;
  SignatureScheme scheme{};
  Bytes signature;  // <0..2^16-1>
  void encode(Writer& w) const;
  static Result<CertificateVerify> decode(ByteView body);
  bool operator==(const CertificateVerify&) const = default;
};

// RFC 8446 4.4.4 / RFC 5246 7.4.9: verify_data of a length fixed by the
// cipher suite (Hash.length in 1.3, 12 in 1.2), which the caller passes.
struct Finished {
  static constexpr HandshakeType kType = HandshakeType::kFinished;
  Bytes verify_data;
  void encode(Writer& w) const;
  static Result<Finished> decode(ByteView body, size_t verify_data_length);
  bool operator==(const Finished&) const = default;
};

// ----------------------------------------------------------------------------
// TLS 1.2
// ----------------------------------------------------------------------------

// RFC 5246 7.4.1.1: empty body.
struct HelloRequest {
  static constexpr HandshakeType kType = HandshakeType::kHelloRequest;
  void encode(Writer&) const {}
  static Result<HelloRequest> decode(ByteView body);
  bool operator==(const HelloRequest&) const = default;
};

// RFC 5246 7.4.2: ASN.1Cert certificate_list<0..2^24-1>, each <1..2^24-1>.
struct Certificate12 {
  static constexpr HandshakeType kType = HandshakeType::kCertificate;
  std::vector<Bytes> certificate_list;
  void encode(Writer& w) const;
  static Result<Certificate12> decode(ByteView body);
  bool operator==(const Certificate12&) const = default;
};

// RFC 5246 7.4.4
struct CertificateRequest12 {
  static constexpr HandshakeType kType = HandshakeType::kCertificateRequest;
  std::vector<ClientCertificateType> certificate_types;         // <1..2^8-1>
  std::vector<SignatureScheme> supported_signature_algorithms;  // <2..2^16-2>
  std::vector<Bytes> certificate_authorities;  // DistinguishedName<1..2^16-1> list <0..2^16-1>
  void encode(Writer& w) const;
  static Result<CertificateRequest12> decode(ByteView body);
  bool operator==(const CertificateRequest12&) const = default;
};

// RFC 8422 5.4: ServerKeyExchange for ECDHE_ECDSA / ECDHE_RSA. Only
// named_curve parameters exist in practice (RFC 8422 5.4 deprecates the
// others); another curve_type is an illegal_parameter.
struct ServerKeyExchangeEcdhe {
  static constexpr HandshakeType kType = HandshakeType::kServerKeyExchange;
  NamedGroup group{};
  Bytes public_key;  // ECPoint point<1..2^8-1>
  SignatureScheme scheme{};
  Bytes signature;  // <0..2^16-1>
  void encode(Writer& w) const;
  static Result<ServerKeyExchangeEcdhe> decode(ByteView body);
  bool operator==(const ServerKeyExchangeEcdhe&) const = default;

  // The encoded ServerECDHParams: what the signature covers after
  // client_random + server_random (RFC 8422 5.4). The encoding is canonical,
  // so this equals the bytes received.
  Bytes params() const;
  // client_random + server_random + params(): the signed content.
  Bytes signed_content(ByteView client_random, ByteView server_random) const;
};

// RFC 5246 7.4.3: ServerKeyExchange for DHE_RSA.
struct ServerKeyExchangeDhe {
  static constexpr HandshakeType kType = HandshakeType::kServerKeyExchange;
  Bytes dh_p;   // <1..2^16-1>
  Bytes dh_g;   // <1..2^16-1>
  Bytes dh_ys;  // <1..2^16-1>
  SignatureScheme scheme{};
  Bytes signature;  // <0..2^16-1>
  void encode(Writer& w) const;
  static Result<ServerKeyExchangeDhe> decode(ByteView body);
  bool operator==(const ServerKeyExchangeDhe&) const = default;

  Bytes params() const;  // the encoded ServerDHParams
  Bytes signed_content(ByteView client_random, ByteView server_random) const;
};

// RFC 5246 7.4.5: empty body.
struct ServerHelloDone {
  static constexpr HandshakeType kType = HandshakeType::kServerHelloDone;
  void encode(Writer&) const {}
  static Result<ServerHelloDone> decode(ByteView body);
  bool operator==(const ServerHelloDone&) const = default;
};

// RFC 5246 7.4.7.1: EncryptedPreMasterSecret, with its 2-byte length
// (TLS 1.0 and later) <0..2^16-1>.
struct ClientKeyExchangeRsa {
  static constexpr HandshakeType kType = HandshakeType::kClientKeyExchange;
  Bytes encrypted_pre_master_secret;
  void encode(Writer& w) const;
  static Result<ClientKeyExchangeRsa> decode(ByteView body);
  bool operator==(const ClientKeyExchangeRsa&) const = default;
};

// RFC 8422 5.7: ClientECDiffieHellmanPublic, ECPoint<1..2^8-1>.
struct ClientKeyExchangeEcdhe {
  static constexpr HandshakeType kType = HandshakeType::kClientKeyExchange;
  Bytes public_key;
  void encode(Writer& w) const;
  static Result<ClientKeyExchangeEcdhe> decode(ByteView body);
  bool operator==(const ClientKeyExchangeEcdhe&) const = default;
};

// RFC 5246 7.4.7.2: ClientDiffieHellmanPublic, dh_Yc<1..2^16-1>.
struct ClientKeyExchangeDhe {
  static constexpr HandshakeType kType = HandshakeType::kClientKeyExchange;
  Bytes dh_yc;
  void encode(Writer& w) const;
  static Result<ClientKeyExchangeDhe> decode(ByteView body);
  bool operator==(const ClientKeyExchangeDhe&) const = default;
};

// RFC 5077 3.3
struct NewSessionTicket12 {
  static constexpr HandshakeType kType = HandshakeType::kNewSessionTicket;
  uint32_t ticket_lifetime_hint = 0;  // seconds, 0 = unspecified
  Bytes ticket;                       // <0..2^16-1>
  void encode(Writer& w) const;
  static Result<NewSessionTicket12> decode(ByteView body);
  bool operator==(const NewSessionTicket12&) const = default;
};

// The TLS 1.2 CertificateStatus message (RFC 6066 8) is CertificateStatus in
// codec/extensions.h, shared with the TLS 1.3 CertificateEntry extension.

// ----------------------------------------------------------------------------
// Record payloads that are not handshake messages
// ----------------------------------------------------------------------------

// RFC 8446 6 / RFC 5246 7.2: exactly two bytes. Unknown levels and
// descriptions are kept as values (RFC 8446 6: treated as errors by the
// caller).
struct Alert {
  AlertLevel level = AlertLevel::kFatal;
  AlertDescription description = AlertDescription::kCloseNotify;
  void encode(Writer& w) const;
  static Result<Alert> decode(ByteView body);
  bool operator==(const Alert&) const = default;
};

// RFC 8446 5 / RFC 5246 7.1: the single byte 0x01. Anything else is an
// unexpected_message (RFC 8446 5).
struct ChangeCipherSpec {
  static constexpr uint8_t kValue = 0x01;
  void encode(Writer& w) const { w.u8(kValue); }
  static Result<ChangeCipherSpec> decode(ByteView body);
  bool operator==(const ChangeCipherSpec&) const = default;
};

}  // namespace parley::codec

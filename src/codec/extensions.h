// The bodies of the TLS extensions parley understands (RFC 8446 4.2, RFC 5246
// 7.4.1.4 and the RFCs cited per type). Each is a plain value with a
// symmetric encode (the extension_data only, without type and length) and a
// decode that must consume the whole extension_data.
//
// Where an extension has different shapes in different messages, each shape
// is its own type (KeyShareClientHello / KeyShareServerHello /
// KeyShareHelloRetryRequest, ...). The per-message extension sets that hold
// them are in hello.h and messages.h.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "codec/enums.h"
#include "codec/writer.h"
#include "common/bytes.h"
#include "parley/error.h"

namespace parley::codec {

// An extension whose extension_data is empty: extended_master_secret, the
// server's server_name / status_request / session_ticket acknowledgements,
// early_data in ClientHello and EncryptedExtensions, post_handshake_auth.
struct EmptyExtension {
  void encode(Writer&) const {}
  static Result<EmptyExtension> decode(ByteView body);
  bool operator==(const EmptyExtension&) const = default;
};

// An extension parley does not interpret (including RFC 8701 GREASE types),
// kept byte for byte.
struct UnknownExtension {
  ExtensionType type{};
  Bytes body;
  bool operator==(const UnknownExtension&) const = default;
};

// The order in which a message's extensions appeared on the wire. Decoding
// records it; encoding follows it for the types it lists (so a decoded
// message re-encodes byte for byte, and a sender can reproduce a given order,
// e.g. the RFC 8448 traces), then writes any other present extension in the
// set's canonical order. It is not part of the message's value: operator==
// ignores it, so hand-built and decoded messages with the same contents are
// equal.
struct ExtensionOrder {
  std::vector<ExtensionType> types;
  friend bool operator==(const ExtensionOrder&, const ExtensionOrder&) { return true; }
};

// RFC 6066 3: server_name in ClientHello. The RFC allows one name per
// NameType and host_name is the only type, so like OpenSSL and BoringSSL we
// accept exactly one host_name entry; anything else is a decode_error.
struct ServerNameList {
  std::string host_name;  // HostName<1..2^16-1>, as sent (no validation here)
  void encode(Writer& w) const;
  static Result<ServerNameList> decode(ByteView body);
  bool operator==(const ServerNameList&) const = default;
};

// RFC 8446 4.2.7: NamedGroup named_group_list<2..2^16-1>. Unknown and GREASE
// groups are kept as values.
struct SupportedGroups {
  std::vector<NamedGroup> groups;
  void encode(Writer& w) const;
  static Result<SupportedGroups> decode(ByteView body);
  bool operator==(const SupportedGroups&) const = default;
};

// RFC 8422 5.1.2: ECPointFormat ec_point_format_list<1..2^8-1>.
struct EcPointFormats {
  std::vector<EcPointFormat> formats;
  void encode(Writer& w) const;
  static Result<EcPointFormats> decode(ByteView body);
  bool operator==(const EcPointFormats&) const = default;
};

// RFC 8446 4.2.3: SignatureScheme supported_signature_algorithms<2..2^16-2>,
// the body of both signature_algorithms and signature_algorithms_cert.
struct SignatureSchemeList {
  std::vector<SignatureScheme> schemes;
  void encode(Writer& w) const;
  static Result<SignatureSchemeList> decode(ByteView body);
  bool operator==(const SignatureSchemeList&) const = default;
};

// RFC 7301 3.1: ProtocolName protocol_name_list<2..2^16-1>, each
// ProtocolName<1..2^8-1>. The client's offer.
struct ProtocolNameList {
  std::vector<std::string> protocols;
  void encode(Writer& w) const;
  static Result<ProtocolNameList> decode(ByteView body);
  bool operator==(const ProtocolNameList&) const = default;
};

// RFC 7301 3.1: the server's answer, a ProtocolNameList that "MUST contain
// exactly one" name. Another count is an illegal_parameter.
struct SelectedProtocol {
  std::string protocol;
  void encode(Writer& w) const;
  static Result<SelectedProtocol> decode(ByteView body);
  bool operator==(const SelectedProtocol&) const = default;
};

// RFC 8446 4.2.1: ProtocolVersion versions<2..254> in ClientHello.
struct SupportedVersionsClientHello {
  std::vector<ProtocolVersion> versions;
  void encode(Writer& w) const;
  static Result<SupportedVersionsClientHello> decode(ByteView body);
  bool operator==(const SupportedVersionsClientHello&) const = default;
};

// RFC 8446 4.2.1: the selected_version in ServerHello and HelloRetryRequest.
struct SupportedVersionsServerHello {
  ProtocolVersion selected_version{};
  void encode(Writer& w) const;
  static Result<SupportedVersionsServerHello> decode(ByteView body);
  bool operator==(const SupportedVersionsServerHello&) const = default;
};

// RFC 8446 4.2.8
struct KeyShareEntry {
  NamedGroup group{};
  Bytes key_exchange;  // <1..2^16-1>
  bool operator==(const KeyShareEntry&) const = default;
};

// RFC 8446 4.2.8: KeyShareEntry client_shares<0..2^16-1>. Two entries for the
// same group are an illegal_parameter (the RFC lets servers check this).
struct KeyShareClientHello {
  std::vector<KeyShareEntry> client_shares;
  void encode(Writer& w) const;
  static Result<KeyShareClientHello> decode(ByteView body);
  bool operator==(const KeyShareClientHello&) const = default;
};

struct KeyShareServerHello {
  KeyShareEntry server_share;
  void encode(Writer& w) const;
  static Result<KeyShareServerHello> decode(ByteView body);
  bool operator==(const KeyShareServerHello&) const = default;
};

struct KeyShareHelloRetryRequest {
  NamedGroup selected_group{};
  void encode(Writer& w) const;
  static Result<KeyShareHelloRetryRequest> decode(ByteView body);
  bool operator==(const KeyShareHelloRetryRequest&) const = default;
};

// RFC 8446 4.2.9: PskKeyExchangeMode ke_modes<1..255>. Unknown (GREASE)
// modes are kept as values.
struct PskKeyExchangeModes {
  std::vector<PskKeyExchangeMode> modes;
  void encode(Writer& w) const;
  static Result<PskKeyExchangeModes> decode(ByteView body);
  bool operator==(const PskKeyExchangeModes&) const = default;
};

// RFC 8446 4.2.11
struct PskIdentity {
  Bytes identity;  // <1..2^16-1>
  uint32_t obfuscated_ticket_age = 0;
  bool operator==(const PskIdentity&) const = default;
};

// RFC 8446 4.2.11 OfferedPsks: PskIdentity identities<7..2^16-1>;
// PskBinderEntry binders<33..2^16-1>, each <32..255>. A binder count that
// differs from the identity count is an illegal_parameter.
struct OfferedPsks {
  std::vector<PskIdentity> identities;
  std::vector<Bytes> binders;
  void encode(Writer& w) const;
  static Result<OfferedPsks> decode(ByteView body);
  bool operator==(const OfferedPsks&) const = default;

  // Bytes taken by the encoded binders list, length prefix included: the
  // part of a ClientHello that the binders do not cover (RFC 8446 4.2.11.2).
  size_t binders_length() const;
};

// RFC 8446 4.2.11: the server's selected_identity.
struct PreSharedKeyServerHello {
  uint16_t selected_identity = 0;
  void encode(Writer& w) const;
  static Result<PreSharedKeyServerHello> decode(ByteView body);
  bool operator==(const PreSharedKeyServerHello&) const = default;
};

// RFC 8446 4.2.2: opaque cookie<1..2^16-1>.
struct Cookie {
  Bytes cookie;
  void encode(Writer& w) const;
  static Result<Cookie> decode(ByteView body);
  bool operator==(const Cookie&) const = default;
};

// RFC 8446 4.2.10: early_data in NewSessionTicket.
struct EarlyDataNewSessionTicket {
  uint32_t max_early_data_size = 0;
  void encode(Writer& w) const;
  static Result<EarlyDataNewSessionTicket> decode(ByteView body);
  bool operator==(const EarlyDataNewSessionTicket&) const = default;
};

// RFC 5746 3.2: opaque renegotiated_connection<0..255>.
struct RenegotiationInfo {
  Bytes renegotiated_connection;
  void encode(Writer& w) const;
  static Result<RenegotiationInfo> decode(ByteView body);
  bool operator==(const RenegotiationInfo&) const = default;
};

// RFC 5077 3.2: the client's session_ticket; the extension_data is the ticket
// itself (no inner length) and may be empty.
struct SessionTicket {
  Bytes ticket;
  void encode(Writer& w) const;
  static Result<SessionTicket> decode(ByteView body);
  bool operator==(const SessionTicket&) const = default;
};

// RFC 6066 8: CertificateStatusRequest in ClientHello (a TLS 1.3
// CertificateRequest carries an empty status_request instead, RFC 8446
// 4.4.2.1). For ocsp(1) the OCSPStatusRequest's two vectors are
// kept opaque (their contents, without the length prefixes). Like OpenSSL,
// other status types are kept (their request bytes opaque) for the caller to
// ignore rather than rejected.
struct StatusRequest {
  CertificateStatusType status_type = CertificateStatusType::kOcsp;
  Bytes responder_id_list;   // ocsp: ResponderID responder_id_list<0..2^16-1>
  Bytes request_extensions;  // ocsp: Extensions request_extensions<0..2^16-1>
  Bytes other_request;       // any other status_type: the rest of the body
  void encode(Writer& w) const;
  static Result<StatusRequest> decode(ByteView body);
  bool operator==(const StatusRequest&) const = default;
};

// RFC 6066 8 CertificateStatus / RFC 8446 4.4.2.1: an OCSP response, the body
// of the TLS 1.2 CertificateStatus message and of status_request in a TLS 1.3
// CertificateEntry. Only ocsp(1) is defined; another type is a decode_error.
struct CertificateStatus {
  static constexpr HandshakeType kType = HandshakeType::kCertificateStatus;
  Bytes ocsp_response;  // OCSPResponse<1..2^24-1>, DER
  void encode(Writer& w) const;
  static Result<CertificateStatus> decode(ByteView body);
  bool operator==(const CertificateStatus&) const = default;
};

// RFC 6962 3.3: the body of signed_certificate_timestamp from a server (TLS
// 1.2 ServerHello, TLS 1.3 leaf CertificateEntry): a
// SignedCertificateTimestampList, SerializedSCT sct_list<1..2^16-1> with each
// SerializedSCT<1..2^16-1>. Kept whole (list length included), as an
// application hands it to a CT verifier; decode checks only that framing.
struct SignedCertificateTimestampList {
  Bytes list;  // the whole extension_data
  void encode(Writer& w) const;
  static Result<SignedCertificateTimestampList> decode(ByteView body);
  bool operator==(const SignedCertificateTimestampList&) const = default;
};

// RFC 8446 4.2.4: DistinguishedName authorities<3..2^16-1>, each
// DistinguishedName<1..2^16-1> (DER, opaque here).
struct CertificateAuthorities {
  std::vector<Bytes> authorities;
  void encode(Writer& w) const;
  static Result<CertificateAuthorities> decode(ByteView body);
  bool operator==(const CertificateAuthorities&) const = default;
};

// RFC 8449 4: uint16 RecordSizeLimit; a value below 64 is an
// illegal_parameter.
struct RecordSizeLimit {
  static constexpr uint16_t kMinimum = 64;
  uint16_t limit = 0;
  void encode(Writer& w) const;
  static Result<RecordSizeLimit> decode(ByteView body);
  bool operator==(const RecordSizeLimit&) const = default;
};

// RFC 8879 3: CertificateCompressionAlgorithm algorithms<2..2^8-2>, in the
// ClientHello and the TLS 1.3 CertificateRequest. Unknown algorithms are kept
// as values; a repeated one is a decode_error (as BoringSSL refuses it).
struct CertificateCompressionAlgorithms {
  std::vector<uint16_t> algorithms;
  void encode(Writer& w) const;
  static Result<CertificateCompressionAlgorithms> decode(ByteView body);
  bool operator==(const CertificateCompressionAlgorithms&) const = default;
};

// True for every extension type that has a typed field in some message's
// extension set. RFC 8446 4.2: such a type in a message that does not allow
// it is an illegal_parameter; any other type is kept as UnknownExtension.
bool is_implemented_extension(ExtensionType type);

}  // namespace parley::codec

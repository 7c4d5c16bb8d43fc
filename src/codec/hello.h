// ClientHello and ServerHello (RFC 8446 4.1.2-4.1.4, RFC 5246 7.4.1.2-3), for
// both TLS 1.3 and TLS 1.2, with HelloRetryRequest as a ServerHello carrying
// the special random.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "codec/enums.h"
#include "codec/extensions.h"
#include "codec/writer.h"
#include "common/bytes.h"
#include "parley/error.h"

namespace parley::codec {

using Random = std::array<uint8_t, 32>;

// RFC 8446 4.1.3: a ServerHello with this random is a HelloRetryRequest
// (SHA-256 of "HelloRetryRequest").
inline constexpr Random kHelloRetryRequestRandom = {
    0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
    0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c};

// RFC 8446 4.1.3: the last 8 bytes of ServerHello.random when a TLS 1.3
// server negotiates TLS 1.2 ("DOWNGRD" 01) or TLS 1.1 or below ("DOWNGRD" 00).
inline constexpr std::array<uint8_t, 8> kDowngradeTls12Sentinel = {0x44, 0x4f, 0x57, 0x4e,
                                                                   0x47, 0x52, 0x44, 0x01};
inline constexpr std::array<uint8_t, 8> kDowngradeTls11Sentinel = {0x44, 0x4f, 0x57, 0x4e,
                                                                   0x47, 0x52, 0x44, 0x00};

enum class DowngradeSentinel { kNone, kTls12, kTls11OrBelow };
DowngradeSentinel downgrade_sentinel(const Random& server_random);

// The extensions parley understands in a ClientHello. Anything else
// (GREASE, padding, ...) is kept in `unknown`. pre_shared_key is always
// encoded last and must be last on decode (RFC 8446 4.2.11).
struct ClientHelloExtensions {
  std::optional<ServerNameList> server_name;
  std::optional<RenegotiationInfo> renegotiation_info;
  std::optional<EmptyExtension> extended_master_secret;
  std::optional<SupportedGroups> supported_groups;
  std::optional<EcPointFormats> ec_point_formats;
  std::optional<SessionTicket> session_ticket;
  std::optional<ProtocolNameList> alpn;
  std::optional<StatusRequest> status_request;
  std::optional<EmptyExtension> signed_certificate_timestamp;  // RFC 6962 3.3.1
  std::optional<SignatureSchemeList> signature_algorithms;
  std::optional<SignatureSchemeList> signature_algorithms_cert;
  std::optional<KeyShareClientHello> key_share;
  std::optional<SupportedVersionsClientHello> supported_versions;
  std::optional<Cookie> cookie;
  std::optional<PskKeyExchangeModes> psk_key_exchange_modes;
  std::optional<CertificateAuthorities> certificate_authorities;
  std::optional<EmptyExtension> post_handshake_auth;
  std::optional<RecordSizeLimit> record_size_limit;
  std::optional<CertificateCompressionAlgorithms> compress_certificate;  // RFC 8879 3
  std::optional<EmptyExtension> early_data;
  std::optional<OfferedPsks> pre_shared_key;
  std::vector<UnknownExtension> unknown;
  ExtensionOrder order;
  bool operator==(const ClientHelloExtensions&) const = default;
};

struct ClientHello {
  static constexpr HandshakeType kType = HandshakeType::kClientHello;

  ProtocolVersion legacy_version = ProtocolVersion::kTls12;
  Random random{};
  Bytes legacy_session_id;                 // <0..32>
  std::vector<CipherSuite> cipher_suites;  // <2..2^16-2>; unknown/GREASE kept
  Bytes legacy_compression_methods = {0};  // <1..2^8-1>
  ClientHelloExtensions extensions;

  // The extensions block is optional in TLS 1.2 (RFC 5246 7.4.1.2) and is
  // decoded as extensions<0..2^16-1>; the TLS 1.3 lower bound of 8 follows
  // from the extensions 1.3 requires, which the state machine checks.
  // Encoding omits the block when there are no extensions.
  void encode(Writer& w) const;
  static Result<ClientHello> decode(ByteView body);
  bool operator==(const ClientHello&) const = default;

  // RFC 8446 4.2.11.2: the number of bytes at the end of the encoded
  // ClientHello taken by the PSK binders list (0 without pre_shared_key).
  // The binders cover the encoded message, header included, minus these
  // bytes; this holds for a decoded message (pre_shared_key must be last)
  // and for one we encode (we put it last).
  size_t binders_length() const;
  // The prefix of `encoded_message` (this ClientHello's handshake message,
  // header included) that the binders are computed over.
  ByteView binders_prefix(ByteView encoded_message) const;
};

// The extensions of a ServerHello in both versions and of a
// HelloRetryRequest. Which fields are encoded and accepted depends on the
// message form: a HelloRetryRequest carries only supported_versions,
// retry_key_share and cookie; a ServerHello never those two. Decoding
// enforces RFC 8446 4.2: a TLS 1.3 ServerHello (supported_versions present)
// carries only supported_versions, key_share and pre_shared_key among the
// types parley implements, and a TLS 1.2 one neither key_share nor
// pre_shared_key; other cases are illegal_parameter.
struct ServerHelloExtensions {
  // TLS 1.2 (RFC 5246 and the RFCs of each extension)
  std::optional<EmptyExtension> server_name;  // RFC 6066 3: acknowledgement
  std::optional<RenegotiationInfo> renegotiation_info;
  std::optional<EmptyExtension> extended_master_secret;
  std::optional<EcPointFormats> ec_point_formats;
  std::optional<EmptyExtension> session_ticket;  // RFC 5077 3.2: will send a ticket
  std::optional<SelectedProtocol> alpn;
  std::optional<EmptyExtension> status_request;  // RFC 6066 8: will send CertificateStatus
  std::optional<SignedCertificateTimestampList> signed_certificate_timestamp;  // RFC 6962 3.3
  std::optional<RecordSizeLimit> record_size_limit;
  // TLS 1.3
  std::optional<SupportedVersionsServerHello> supported_versions;
  std::optional<KeyShareServerHello> key_share;
  std::optional<PreSharedKeyServerHello> pre_shared_key;
  // HelloRetryRequest only
  std::optional<KeyShareHelloRetryRequest> retry_key_share;
  std::optional<Cookie> cookie;
  std::vector<UnknownExtension> unknown;
  ExtensionOrder order;
  bool operator==(const ServerHelloExtensions&) const = default;
};

struct ServerHello {
  static constexpr HandshakeType kType = HandshakeType::kServerHello;

  ProtocolVersion legacy_version = ProtocolVersion::kTls12;
  Random random{};
  Bytes legacy_session_id_echo;  // <0..32>
  CipherSuite cipher_suite{};
  uint8_t legacy_compression_method = 0;
  ServerHelloExtensions extensions;

  bool is_hello_retry_request() const { return random == kHelloRetryRequestRandom; }

  void encode(Writer& w) const;
  static Result<ServerHello> decode(ByteView body);
  bool operator==(const ServerHello&) const = default;
};

// A HelloRetryRequest skeleton: legacy_version TLS 1.2, the special random,
// supported_versions TLS 1.3 (RFC 8446 4.1.4).
ServerHello make_hello_retry_request(Bytes legacy_session_id_echo, CipherSuite suite);

}  // namespace parley::codec

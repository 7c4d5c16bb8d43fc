#include "codec/hello.h"

#include <algorithm>
#include <string>
#include <string_view>
#include <tuple>

#include "codec/extension_block.h"
#include "codec/fields.h"
#include "codec/reader.h"

namespace parley::codec {

namespace {

using CH = ClientHelloExtensions;
using SH = ServerHelloExtensions;
using ET = ExtensionType;

// Table order is the canonical encoding order.
constexpr auto kClientHelloFields = std::tuple{
    ExtensionField{ET::kServerName, &CH::server_name},
    ExtensionField{ET::kRenegotiationInfo, &CH::renegotiation_info},
    ExtensionField{ET::kExtendedMasterSecret, &CH::extended_master_secret},
    ExtensionField{ET::kSupportedGroups, &CH::supported_groups},
    ExtensionField{ET::kEcPointFormats, &CH::ec_point_formats},
    ExtensionField{ET::kSessionTicket, &CH::session_ticket},
    ExtensionField{ET::kApplicationLayerProtocolNegotiation, &CH::alpn},
    ExtensionField{ET::kStatusRequest, &CH::status_request},
    ExtensionField{ET::kSignedCertificateTimestamp, &CH::signed_certificate_timestamp},
    ExtensionField{ET::kSignatureAlgorithms, &CH::signature_algorithms},
    ExtensionField{ET::kSignatureAlgorithmsCert, &CH::signature_algorithms_cert},
    ExtensionField{ET::kKeyShare, &CH::key_share},
    ExtensionField{ET::kSupportedVersions, &CH::supported_versions},
    ExtensionField{ET::kCookie, &CH::cookie},
    ExtensionField{ET::kPskKeyExchangeModes, &CH::psk_key_exchange_modes},
    ExtensionField{ET::kCertificateAuthorities, &CH::certificate_authorities},
    ExtensionField{ET::kPostHandshakeAuth, &CH::post_handshake_auth},
    ExtensionField{ET::kRecordSizeLimit, &CH::record_size_limit},
    ExtensionField{ET::kCompressCertificate, &CH::compress_certificate},
    ExtensionField{ET::kEarlyData, &CH::early_data},
    ExtensionField{ET::kPreSharedKey, &CH::pre_shared_key},
};
constexpr ExtensionRules kClientHelloRules{"ClientHello", ET::kPreSharedKey};

constexpr auto kServerHelloFields = std::tuple{
    ExtensionField{ET::kServerName, &SH::server_name},
    ExtensionField{ET::kRenegotiationInfo, &SH::renegotiation_info},
    ExtensionField{ET::kExtendedMasterSecret, &SH::extended_master_secret},
    ExtensionField{ET::kEcPointFormats, &SH::ec_point_formats},
    ExtensionField{ET::kSessionTicket, &SH::session_ticket},
    ExtensionField{ET::kApplicationLayerProtocolNegotiation, &SH::alpn},
    ExtensionField{ET::kStatusRequest, &SH::status_request},
    ExtensionField{ET::kSignedCertificateTimestamp, &SH::signed_certificate_timestamp},
    ExtensionField{ET::kRecordSizeLimit, &SH::record_size_limit},
    ExtensionField{ET::kKeyShare, &SH::key_share},
    ExtensionField{ET::kPreSharedKey, &SH::pre_shared_key},
    ExtensionField{ET::kSupportedVersions, &SH::supported_versions},
};
constexpr ExtensionRules kServerHelloRules{"ServerHello", std::nullopt};

// RFC 8446 4.2 table: HelloRetryRequest allows key_share, cookie and
// supported_versions.
constexpr auto kHelloRetryRequestFields = std::tuple{
    ExtensionField{ET::kKeyShare, &SH::retry_key_share},
    ExtensionField{ET::kCookie, &SH::cookie},
    ExtensionField{ET::kSupportedVersions, &SH::supported_versions},
};
constexpr ExtensionRules kHelloRetryRequestRules{"HelloRetryRequest", std::nullopt};

// RFC 8446 4.2 table: the only ServerHello extensions of TLS 1.3.
constexpr std::array kTls13ServerHelloTypes = {ET::kSupportedVersions, ET::kKeyShare,
                                               ET::kPreSharedKey};

template <typename Set, typename Table>
void write_optional_block(Writer& w, const Set& set, const Table& table,
                          const ExtensionRules& rules) {
  if (has_extensions(set, table)) encode_extensions(w, set, table, rules);
}

// RFC 5246 7.4.1.2 / 7.4.1.3: the extensions block may be absent.
template <typename Set, typename Table>
Status read_optional_block(Reader& r, Set& set, const Table& table, const ExtensionRules& rules) {
  if (r.empty()) return {};
  return decode_extensions(r, 0, 0xffff, set, table, rules);
}

Result<Random> read_random(Reader& r) {
  PARLEY_ASSIGN_OR_RETURN(ByteView bytes, with_context(r.bytes(32), "random"));
  Random random;
  std::copy(bytes.begin(), bytes.end(), random.begin());
  return random;
}

// RFC 8446 4.1.2 / 4.1.3: both hellos open with legacy_version, random and a
// legacy session id of at most 32 bytes (the ServerHello echoes the client's).
struct HelloHead {
  ProtocolVersion& legacy_version;
  Random& random;
  Bytes& legacy_session_id;
};

void write_hello_head(Writer& w, ProtocolVersion legacy_version, const Random& random,
                      const Bytes& legacy_session_id) {
  w.u16(static_cast<uint16_t>(legacy_version));
  w.bytes(random);
  w.vector_bytes(1, legacy_session_id);
}

// The labels name the fields in decode errors ("ClientHello.legacy_version").
Status read_hello_head(Reader& r, const HelloHead& head, std::string_view version_label,
                       std::string_view session_id_label) {
  PARLEY_ASSIGN_OR_RETURN(uint16_t version, read_u16(r, version_label));
  head.legacy_version = static_cast<ProtocolVersion>(version);
  PARLEY_ASSIGN_OR_RETURN(head.random, read_random(r));
  PARLEY_ASSIGN_OR_RETURN(head.legacy_session_id, read_opaque(r, 1, 0, 32, session_id_label));
  return {};
}

// RFC 8446 4.2: per-version extension rules for ServerHello.
Status check_server_hello_extensions(const ServerHello& hello) {
  const ServerHelloExtensions& ext = hello.extensions;
  if (ext.supported_versions && static_cast<uint16_t>(ext.supported_versions->selected_version) <
                                    static_cast<uint16_t>(ProtocolVersion::kTls13)) {
    // RFC 8446 4.2.1: a version prior to TLS 1.3 in supported_versions.
    return illegal_parameter("ServerHello: supported_versions selects " +
                             protocol_version_label(ext.supported_versions->selected_version));
  }
  if (hello.is_hello_retry_request()) return {};  // its table is already strict
  if (ext.supported_versions) {
    for (ExtensionType type : ext.order.types) {
      const bool allowed = std::find(kTls13ServerHelloTypes.begin(), kTls13ServerHelloTypes.end(),
                                     type) != kTls13ServerHelloTypes.end();
      if (!allowed && is_implemented_extension(type)) {
        return illegal_parameter(extension_label(type) +
                                 " is not allowed in a TLS 1.3 ServerHello");
      }
    }
  } else if (ext.key_share || ext.pre_shared_key) {
    return illegal_parameter("TLS 1.3 extension in a TLS 1.2 ServerHello");
  }
  return {};
}

}  // namespace

DowngradeSentinel downgrade_sentinel(const Random& server_random) {
  auto tail_is = [&](const std::array<uint8_t, 8>& sentinel) {
    return std::equal(sentinel.begin(), sentinel.end(), server_random.end() - 8);
  };
  if (tail_is(kDowngradeTls12Sentinel)) return DowngradeSentinel::kTls12;
  if (tail_is(kDowngradeTls11Sentinel)) return DowngradeSentinel::kTls11OrBelow;
  return DowngradeSentinel::kNone;
}

// --- ClientHello ------------------------------------------------------------------

void ClientHello::encode(Writer& w) const {
  write_hello_head(w, legacy_version, random, legacy_session_id);
  write_list(w, 2, cipher_suites);
  w.vector_bytes(1, legacy_compression_methods);
  write_optional_block(w, extensions, kClientHelloFields, kClientHelloRules);
}

Result<ClientHello> ClientHello::decode(ByteView body) {
  return decode_whole<ClientHello>(body, "ClientHello", [](Reader& r) -> Result<ClientHello> {
    ClientHello hello;
    PARLEY_TRY(read_hello_head(r, {hello.legacy_version, hello.random, hello.legacy_session_id},
                               "ClientHello.legacy_version", "ClientHello.legacy_session_id"));
    PARLEY_ASSIGN_OR_RETURN(hello.cipher_suites,
                            read_list<CipherSuite>(r, 2, 2, 0xfffe, "ClientHello.cipher_suites"));
    PARLEY_ASSIGN_OR_RETURN(hello.legacy_compression_methods,
                            read_opaque(r, 1, 1, 0xff, "ClientHello.legacy_compression_methods"));
    PARLEY_TRY(read_optional_block(r, hello.extensions, kClientHelloFields, kClientHelloRules));
    return hello;
  });
}

size_t ClientHello::binders_length() const {
  return extensions.pre_shared_key ? extensions.pre_shared_key->binders_length() : 0;
}

ByteView ClientHello::binders_prefix(ByteView encoded_message) const {
  const size_t tail = std::min(binders_length(), encoded_message.size());
  return encoded_message.first(encoded_message.size() - tail);
}

// --- ServerHello ------------------------------------------------------------------

void ServerHello::encode(Writer& w) const {
  write_hello_head(w, legacy_version, random, legacy_session_id_echo);
  w.u16(static_cast<uint16_t>(cipher_suite));
  w.u8(legacy_compression_method);
  if (is_hello_retry_request()) {
    write_optional_block(w, extensions, kHelloRetryRequestFields, kHelloRetryRequestRules);
  } else {
    write_optional_block(w, extensions, kServerHelloFields, kServerHelloRules);
  }
}

Result<ServerHello> ServerHello::decode(ByteView body) {
  return decode_whole<ServerHello>(body, "ServerHello", [](Reader& r) -> Result<ServerHello> {
    ServerHello hello;
    PARLEY_TRY(read_hello_head(r,
                               {hello.legacy_version, hello.random, hello.legacy_session_id_echo},
                               "ServerHello.legacy_version", "ServerHello.legacy_session_id_echo"));
    PARLEY_ASSIGN_OR_RETURN(uint16_t suite, read_u16(r, "ServerHello.cipher_suite"));
    hello.cipher_suite = static_cast<CipherSuite>(suite);
    PARLEY_ASSIGN_OR_RETURN(hello.legacy_compression_method,
                            read_u8(r, "ServerHello.legacy_compression_method"));
    if (hello.is_hello_retry_request()) {
      PARLEY_TRY(read_optional_block(r, hello.extensions, kHelloRetryRequestFields,
                                     kHelloRetryRequestRules));
    } else {
      PARLEY_TRY(read_optional_block(r, hello.extensions, kServerHelloFields, kServerHelloRules));
    }
    PARLEY_TRY(check_server_hello_extensions(hello));
    return hello;
  });
}

ServerHello make_hello_retry_request(Bytes legacy_session_id_echo, CipherSuite suite) {
  ServerHello hello;
  hello.legacy_version = ProtocolVersion::kTls12;
  hello.random = kHelloRetryRequestRandom;
  hello.legacy_session_id_echo = std::move(legacy_session_id_echo);
  hello.cipher_suite = suite;
  hello.extensions.supported_versions = SupportedVersionsServerHello{ProtocolVersion::kTls13};
  return hello;
}

}  // namespace parley::codec

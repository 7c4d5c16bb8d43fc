#include "codec/extensions.h"

#include <algorithm>
#include <array>
#include <string>
#include <utility>

#include "codec/fields.h"
#include "codec/reader.h"

namespace parley::codec {

namespace {

// The body of a single-field extension that is one list of code points.
template <typename T, typename E>
Result<T> decode_list_body(ByteView body, size_t prefix_size, size_t min, size_t max,
                           std::string_view what) {
  return decode_whole<T>(body, what, [&](Reader& r) -> Result<T> {
    PARLEY_ASSIGN_OR_RETURN(std::vector<E> values, read_list<E>(r, prefix_size, min, max, what));
    return T{std::move(values)};
  });
}

// The body of a single-field extension that is one opaque vector.
template <typename T>
Result<T> decode_opaque_body(ByteView body, size_t prefix_size, size_t min, size_t max,
                             std::string_view what) {
  return decode_whole<T>(body, what, [&](Reader& r) -> Result<T> {
    PARLEY_ASSIGN_OR_RETURN(Bytes value, read_opaque(r, prefix_size, min, max, what));
    return T{std::move(value)};
  });
}

// A list of opaque vectors inside an outer vector (ALPN names, DNs, ...).
Result<std::vector<Bytes>> read_opaque_list(Reader& r, size_t outer_prefix, size_t outer_min,
                                            size_t outer_max, size_t inner_prefix, size_t inner_min,
                                            size_t inner_max, std::string_view what) {
  PARLEY_ASSIGN_OR_RETURN(Reader list, read_block(r, outer_prefix, outer_min, outer_max, what));
  std::vector<Bytes> out;
  while (!list.empty()) {
    PARLEY_ASSIGN_OR_RETURN(Bytes item,
                            read_opaque(list, inner_prefix, inner_min, inner_max, what));
    out.push_back(std::move(item));
  }
  return out;
}

Result<KeyShareEntry> read_key_share_entry(Reader& r) {
  KeyShareEntry entry;
  PARLEY_ASSIGN_OR_RETURN(uint16_t group, read_u16(r, "KeyShareEntry.group"));
  entry.group = static_cast<NamedGroup>(group);
  PARLEY_ASSIGN_OR_RETURN(entry.key_exchange,
                          read_opaque(r, 2, 1, 0xffff, "KeyShareEntry.key_exchange"));
  return entry;
}

void write_key_share_entry(Writer& w, const KeyShareEntry& entry) {
  w.u16(static_cast<uint16_t>(entry.group));
  w.vector_bytes(2, entry.key_exchange);
}

}  // namespace

Result<EmptyExtension> EmptyExtension::decode(ByteView body) {
  PARLEY_TRY(expect_empty(body, "extension_data"));
  return EmptyExtension{};
}

// --- server_name (RFC 6066 3) ---------------------------------------------------

void ServerNameList::encode(Writer& w) const {
  w.vector(2, [&] {
    w.u8(static_cast<uint8_t>(ServerNameType::kHostName));
    w.vector_bytes(2, as_bytes(host_name));
  });
}

Result<ServerNameList> ServerNameList::decode(ByteView body) {
  return decode_whole<ServerNameList>(body, "server_name", [](Reader& r) -> Result<ServerNameList> {
    PARLEY_ASSIGN_OR_RETURN(Reader list, read_block(r, 2, 1, 0xffff, "server_name_list"));
    PARLEY_ASSIGN_OR_RETURN(uint8_t type, read_u8(list, "server_name name_type"));
    if (type != static_cast<uint8_t>(ServerNameType::kHostName)) {
      return decode_error("server_name: name_type " + std::to_string(type) + " is not host_name");
    }
    PARLEY_ASSIGN_OR_RETURN(Bytes name, read_opaque(list, 2, 1, 0xffff, "host_name"));
    PARLEY_TRY(list.expect_end("server_name_list (one host_name only)"));
    return ServerNameList{std::string(name.begin(), name.end())};
  });
}

// --- lists of code points ---------------------------------------------------------

void SupportedGroups::encode(Writer& w) const {
  write_list(w, 2, groups);
}
Result<SupportedGroups> SupportedGroups::decode(ByteView body) {
  return decode_list_body<SupportedGroups, NamedGroup>(body, 2, 2, 0xffff, "supported_groups");
}

void EcPointFormats::encode(Writer& w) const {
  write_list(w, 1, formats);
}
Result<EcPointFormats> EcPointFormats::decode(ByteView body) {
  return decode_list_body<EcPointFormats, EcPointFormat>(body, 1, 1, 0xff, "ec_point_formats");
}

void SignatureSchemeList::encode(Writer& w) const {
  write_list(w, 2, schemes);
}
Result<SignatureSchemeList> SignatureSchemeList::decode(ByteView body) {
  return decode_list_body<SignatureSchemeList, SignatureScheme>(body, 2, 2, 0xfffe,
                                                                "signature_algorithms");
}

void SupportedVersionsClientHello::encode(Writer& w) const {
  write_list(w, 1, versions);
}
Result<SupportedVersionsClientHello> SupportedVersionsClientHello::decode(ByteView body) {
  return decode_list_body<SupportedVersionsClientHello, ProtocolVersion>(body, 1, 2, 254,
                                                                         "supported_versions");
}

void PskKeyExchangeModes::encode(Writer& w) const {
  write_list(w, 1, modes);
}
Result<PskKeyExchangeModes> PskKeyExchangeModes::decode(ByteView body) {
  return decode_list_body<PskKeyExchangeModes, PskKeyExchangeMode>(body, 1, 1, 255,
                                                                   "psk_key_exchange_modes");
}

// --- ALPN (RFC 7301 3.1) -------------------------------------------------------------

namespace {
Result<std::vector<std::string>> read_protocol_names(ByteView body) {
  return decode_whole<std::vector<std::string>>(
      body, "application_layer_protocol_negotiation",
      [](Reader& r) -> Result<std::vector<std::string>> {
        PARLEY_ASSIGN_OR_RETURN(std::vector<Bytes> names,
                                read_opaque_list(r, 2, 2, 0xffff, 1, 1, 0xff, "ProtocolName"));
        std::vector<std::string> out;
        out.reserve(names.size());
        for (const Bytes& name : names) out.emplace_back(name.begin(), name.end());
        return out;
      });
}

void write_protocol_names(Writer& w, const std::vector<std::string>& names) {
  w.vector(2, [&] {
    for (const std::string& name : names) w.vector_bytes(1, as_bytes(name));
  });
}
}  // namespace

void ProtocolNameList::encode(Writer& w) const {
  write_protocol_names(w, protocols);
}
Result<ProtocolNameList> ProtocolNameList::decode(ByteView body) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> names, read_protocol_names(body));
  return ProtocolNameList{std::move(names)};
}

void SelectedProtocol::encode(Writer& w) const {
  write_protocol_names(w, {protocol});
}
Result<SelectedProtocol> SelectedProtocol::decode(ByteView body) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<std::string> names, read_protocol_names(body));
  if (names.size() != 1) {
    return illegal_parameter("application_layer_protocol_negotiation: the server selected " +
                             std::to_string(names.size()) + " protocols, not exactly one");
  }
  return SelectedProtocol{std::move(names.front())};
}

// --- supported_versions (RFC 8446 4.2.1) --------------------------------------------

void SupportedVersionsServerHello::encode(Writer& w) const {
  w.u16(static_cast<uint16_t>(selected_version));
}
Result<SupportedVersionsServerHello> SupportedVersionsServerHello::decode(ByteView body) {
  return decode_whole<SupportedVersionsServerHello>(
      body, "supported_versions", [](Reader& r) -> Result<SupportedVersionsServerHello> {
        PARLEY_ASSIGN_OR_RETURN(uint16_t version, read_u16(r, "selected_version"));
        return SupportedVersionsServerHello{static_cast<ProtocolVersion>(version)};
      });
}

// --- key_share (RFC 8446 4.2.8) -------------------------------------------------------

void KeyShareClientHello::encode(Writer& w) const {
  w.vector(2, [&] {
    for (const KeyShareEntry& entry : client_shares) write_key_share_entry(w, entry);
  });
}

Result<KeyShareClientHello> KeyShareClientHello::decode(ByteView body) {
  return decode_whole<KeyShareClientHello>(
      body, "key_share", [](Reader& r) -> Result<KeyShareClientHello> {
        PARLEY_ASSIGN_OR_RETURN(Reader list, read_block(r, 2, 0, 0xffff, "client_shares"));
        KeyShareClientHello out;
        std::vector<uint16_t> groups;
        while (!list.empty()) {
          PARLEY_ASSIGN_OR_RETURN(KeyShareEntry entry, read_key_share_entry(list));
          groups.push_back(static_cast<uint16_t>(entry.group));
          out.client_shares.push_back(std::move(entry));
        }
        // RFC 8446 4.2.8: "Clients MUST NOT offer multiple KeyShareEntry
        // values for the same group", checked with illegal_parameter.
        std::sort(groups.begin(), groups.end());
        if (std::adjacent_find(groups.begin(), groups.end()) != groups.end()) {
          return illegal_parameter("key_share: two KeyShareEntry values for one group");
        }
        return out;
      });
}

void KeyShareServerHello::encode(Writer& w) const {
  write_key_share_entry(w, server_share);
}
Result<KeyShareServerHello> KeyShareServerHello::decode(ByteView body) {
  return decode_whole<KeyShareServerHello>(
      body, "key_share", [](Reader& r) -> Result<KeyShareServerHello> {
        PARLEY_ASSIGN_OR_RETURN(KeyShareEntry entry, read_key_share_entry(r));
        return KeyShareServerHello{std::move(entry)};
      });
}

void KeyShareHelloRetryRequest::encode(Writer& w) const {
  w.u16(static_cast<uint16_t>(selected_group));
}
Result<KeyShareHelloRetryRequest> KeyShareHelloRetryRequest::decode(ByteView body) {
  return decode_whole<KeyShareHelloRetryRequest>(
      body, "key_share", [](Reader& r) -> Result<KeyShareHelloRetryRequest> {
        PARLEY_ASSIGN_OR_RETURN(uint16_t group, read_u16(r, "selected_group"));
        return KeyShareHelloRetryRequest{static_cast<NamedGroup>(group)};
      });
}

// --- pre_shared_key (RFC 8446 4.2.11) --------------------------------------------------

void OfferedPsks::encode(Writer& w) const {
  w.vector(2, [&] {
    for (const PskIdentity& id : identities) {
      w.vector_bytes(2, id.identity);
      w.u32(id.obfuscated_ticket_age);
    }
  });
  w.vector(2, [&] {
    for (const Bytes& binder : binders) w.vector_bytes(1, binder);
  });
}

Result<OfferedPsks> OfferedPsks::decode(ByteView body) {
  return decode_whole<OfferedPsks>(body, "pre_shared_key", [](Reader& r) -> Result<OfferedPsks> {
    OfferedPsks out;
    PARLEY_ASSIGN_OR_RETURN(Reader ids, read_block(r, 2, 7, 0xffff, "identities"));
    while (!ids.empty()) {
      PskIdentity id;
      PARLEY_ASSIGN_OR_RETURN(id.identity, read_opaque(ids, 2, 1, 0xffff, "PskIdentity.identity"));
      PARLEY_ASSIGN_OR_RETURN(id.obfuscated_ticket_age,
                              read_u32(ids, "PskIdentity.obfuscated_ticket_age"));
      out.identities.push_back(std::move(id));
    }
    PARLEY_ASSIGN_OR_RETURN(out.binders,
                            read_opaque_list(r, 2, 33, 0xffff, 1, 32, 255, "PskBinderEntry"));
    if (out.binders.size() != out.identities.size()) {
      return illegal_parameter("pre_shared_key: " + std::to_string(out.identities.size()) +
                               " identities but " + std::to_string(out.binders.size()) +
                               " binders");
    }
    return out;
  });
}

size_t OfferedPsks::binders_length() const {
  size_t length = 2;
  for (const Bytes& binder : binders) length += 1 + binder.size();
  return length;
}

void PreSharedKeyServerHello::encode(Writer& w) const {
  w.u16(selected_identity);
}
Result<PreSharedKeyServerHello> PreSharedKeyServerHello::decode(ByteView body) {
  return decode_whole<PreSharedKeyServerHello>(
      body, "pre_shared_key", [](Reader& r) -> Result<PreSharedKeyServerHello> {
        PARLEY_ASSIGN_OR_RETURN(uint16_t index, read_u16(r, "selected_identity"));
        return PreSharedKeyServerHello{index};
      });
}

// --- small opaque bodies -----------------------------------------------------------------

void Cookie::encode(Writer& w) const {
  w.vector_bytes(2, cookie);
}
Result<Cookie> Cookie::decode(ByteView body) {
  return decode_opaque_body<Cookie>(body, 2, 1, 0xffff, "cookie");
}

void RenegotiationInfo::encode(Writer& w) const {
  w.vector_bytes(1, renegotiated_connection);
}
Result<RenegotiationInfo> RenegotiationInfo::decode(ByteView body) {
  return decode_opaque_body<RenegotiationInfo>(body, 1, 0, 255, "renegotiation_info");
}

void SessionTicket::encode(Writer& w) const {
  w.bytes(ticket);
}
Result<SessionTicket> SessionTicket::decode(ByteView body) {
  return SessionTicket{Bytes(body.begin(), body.end())};
}

void EarlyDataNewSessionTicket::encode(Writer& w) const {
  w.u32(max_early_data_size);
}
Result<EarlyDataNewSessionTicket> EarlyDataNewSessionTicket::decode(ByteView body) {
  return decode_whole<EarlyDataNewSessionTicket>(
      body, "early_data", [](Reader& r) -> Result<EarlyDataNewSessionTicket> {
        PARLEY_ASSIGN_OR_RETURN(uint32_t size, read_u32(r, "max_early_data_size"));
        return EarlyDataNewSessionTicket{size};
      });
}

void RecordSizeLimit::encode(Writer& w) const {
  w.u16(limit);
}
Result<RecordSizeLimit> RecordSizeLimit::decode(ByteView body) {
  return decode_whole<RecordSizeLimit>(
      body, "record_size_limit", [](Reader& r) -> Result<RecordSizeLimit> {
        PARLEY_ASSIGN_OR_RETURN(uint16_t limit, read_u16(r, "record_size_limit"));
        // RFC 8449 4: a value below 64 MUST be treated as illegal_parameter.
        if (limit < kMinimum) {
          return illegal_parameter("record_size_limit " + std::to_string(limit) + " is below 64");
        }
        return RecordSizeLimit{limit};
      });
}

// --- status_request (RFC 6066 8) ------------------------------------------------------------

void StatusRequest::encode(Writer& w) const {
  w.u8(static_cast<uint8_t>(status_type));
  if (status_type == CertificateStatusType::kOcsp) {
    w.vector_bytes(2, responder_id_list);
    w.vector_bytes(2, request_extensions);
  } else {
    w.bytes(other_request);
  }
}

Result<StatusRequest> StatusRequest::decode(ByteView body) {
  return decode_whole<StatusRequest>(
      body, "status_request", [](Reader& r) -> Result<StatusRequest> {
        StatusRequest out;
        PARLEY_ASSIGN_OR_RETURN(uint8_t type, read_u8(r, "status_request status_type"));
        out.status_type = static_cast<CertificateStatusType>(type);
        if (out.status_type != CertificateStatusType::kOcsp) {
          ByteView rest = r.rest();
          out.other_request.assign(rest.begin(), rest.end());
          return out;
        }
        PARLEY_ASSIGN_OR_RETURN(out.responder_id_list,
                                read_opaque(r, 2, 0, 0xffff, "responder_id_list"));
        PARLEY_ASSIGN_OR_RETURN(out.request_extensions,
                                read_opaque(r, 2, 0, 0xffff, "request_extensions"));
        return out;
      });
}

void CertificateStatus::encode(Writer& w) const {
  w.u8(static_cast<uint8_t>(CertificateStatusType::kOcsp));
  w.vector_bytes(3, ocsp_response);
}

Result<CertificateStatus> CertificateStatus::decode(ByteView body) {
  return decode_whole<CertificateStatus>(
      body, "CertificateStatus", [](Reader& r) -> Result<CertificateStatus> {
        PARLEY_ASSIGN_OR_RETURN(uint8_t type, read_u8(r, "CertificateStatus.status_type"));
        if (type != static_cast<uint8_t>(CertificateStatusType::kOcsp)) {
          return decode_error("CertificateStatus: status_type " + std::to_string(type) +
                              " is not ocsp");
        }
        PARLEY_ASSIGN_OR_RETURN(Bytes response, read_opaque(r, 3, 1, 0xffffff, "OCSPResponse"));
        return CertificateStatus{std::move(response)};
      });
}

// --- signed_certificate_timestamp (RFC 6962 3.3) --------------------------------------------

void SignedCertificateTimestampList::encode(Writer& w) const {
  w.bytes(list);
}

Result<SignedCertificateTimestampList> SignedCertificateTimestampList::decode(ByteView body) {
  return decode_whole<SignedCertificateTimestampList>(
      body, "signed_certificate_timestamp",
      [&](Reader& r) -> Result<SignedCertificateTimestampList> {
        PARLEY_ASSIGN_OR_RETURN(Bytes scts, read_opaque(r, 2, 1, 0xffff, "sct_list"));
        Reader list(scts);
        while (!list.empty()) {
          PARLEY_TRY(read_opaque(list, 2, 1, 0xffff, "SerializedSCT"));
        }
        return SignedCertificateTimestampList{Bytes(body.begin(), body.end())};
      });
}

// --- certificate_authorities (RFC 8446 4.2.4) -----------------------------------------------

void CertificateAuthorities::encode(Writer& w) const {
  w.vector(2, [&] {
    for (const Bytes& name : authorities) w.vector_bytes(2, name);
  });
}

Result<CertificateAuthorities> CertificateAuthorities::decode(ByteView body) {
  return decode_whole<CertificateAuthorities>(
      body, "certificate_authorities", [](Reader& r) -> Result<CertificateAuthorities> {
        PARLEY_ASSIGN_OR_RETURN(
            std::vector<Bytes> names,
            read_opaque_list(r, 2, 3, 0xffff, 2, 1, 0xffff, "DistinguishedName"));
        return CertificateAuthorities{std::move(names)};
      });
}

// --- compress_certificate (RFC 8879 3) -------------------------------------------------------

void CertificateCompressionAlgorithms::encode(Writer& w) const {
  write_list(w, 1, algorithms);
}
Result<CertificateCompressionAlgorithms> CertificateCompressionAlgorithms::decode(ByteView body) {
  PARLEY_ASSIGN_OR_RETURN(auto list, (decode_list_body<CertificateCompressionAlgorithms, uint16_t>(
                                         body, 1, 2, 254, "compress_certificate")));
  std::vector<uint16_t> sorted = list.algorithms;
  std::sort(sorted.begin(), sorted.end());
  if (std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end()) {
    return decode_error("compress_certificate: duplicate certificate compression algorithm");
  }
  return list;
}

// --- which types are typed somewhere ---------------------------------------------------------

bool is_implemented_extension(ExtensionType type) {
  using ET = ExtensionType;
  static constexpr std::array kImplemented = {
      ET::kServerName,
      ET::kStatusRequest,
      ET::kSupportedGroups,
      ET::kEcPointFormats,
      ET::kSignatureAlgorithms,
      ET::kApplicationLayerProtocolNegotiation,
      ET::kExtendedMasterSecret,
      ET::kRecordSizeLimit,
      ET::kSessionTicket,
      ET::kPreSharedKey,
      ET::kEarlyData,
      ET::kSupportedVersions,
      ET::kCookie,
      ET::kPskKeyExchangeModes,
      ET::kCertificateAuthorities,
      ET::kCompressCertificate,
      ET::kPostHandshakeAuth,
      ET::kSignatureAlgorithmsCert,
      ET::kKeyShare,
      ET::kRenegotiationInfo,
  };
  return std::find(kImplemented.begin(), kImplemented.end(), type) != kImplemented.end();
}

}  // namespace parley::codec

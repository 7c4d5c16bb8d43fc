// TLS 1.3 messages, the messages shared by both versions, and the Alert and
// ChangeCipherSpec payloads. The TLS 1.2-only messages are in messages12.cc.
#include "codec/messages.h"

#include <string>
#include <tuple>

#include "codec/extension_block.h"
#include "codec/fields.h"
#include "codec/reader.h"

namespace parley::codec {

namespace {

using ET = ExtensionType;

constexpr auto kEncryptedExtensionsFields = std::tuple{
    ExtensionField{ET::kServerName, &EncryptedExtensionsSet::server_name},
    ExtensionField{ET::kSupportedGroups, &EncryptedExtensionsSet::supported_groups},
    ExtensionField{ET::kApplicationLayerProtocolNegotiation, &EncryptedExtensionsSet::alpn},
    ExtensionField{ET::kRecordSizeLimit, &EncryptedExtensionsSet::record_size_limit},
    ExtensionField{ET::kEarlyData, &EncryptedExtensionsSet::early_data},
};
constexpr ExtensionRules kEncryptedExtensionsRules{"EncryptedExtensions", std::nullopt};

constexpr auto kCertificateEntryFields = std::tuple{
    ExtensionField{ET::kStatusRequest, &CertificateEntrySet::status_request},
    ExtensionField{ET::kSignedCertificateTimestamp,
                   &CertificateEntrySet::signed_certificate_timestamp},
};
constexpr ExtensionRules kCertificateEntryRules{"CertificateEntry", std::nullopt};

constexpr auto kCertificateRequestFields = std::tuple{
    ExtensionField{ET::kSignatureAlgorithms, &CertificateRequestSet::signature_algorithms},
    ExtensionField{ET::kSignatureAlgorithmsCert, &CertificateRequestSet::signature_algorithms_cert},
    ExtensionField{ET::kCertificateAuthorities, &CertificateRequestSet::certificate_authorities},
    ExtensionField{ET::kStatusRequest, &CertificateRequestSet::status_request},
    ExtensionField{ET::kCompressCertificate, &CertificateRequestSet::compress_certificate},
};
constexpr ExtensionRules kCertificateRequestRules{"CertificateRequest", std::nullopt};

constexpr auto kNewSessionTicketFields = std::tuple{
    ExtensionField{ET::kEarlyData, &NewSessionTicketSet::early_data},
};
constexpr ExtensionRules kNewSessionTicketRules{"NewSessionTicket", std::nullopt};

}  // namespace

// --- EncryptedExtensions (RFC 8446 4.3.1) ----------------------------------------------

void EncryptedExtensions::encode(Writer& w) const {
  encode_extensions(w, extensions, kEncryptedExtensionsFields, kEncryptedExtensionsRules);
}

Result<EncryptedExtensions> EncryptedExtensions::decode(ByteView body) {
  return decode_whole<EncryptedExtensions>(
      body, "EncryptedExtensions", [](Reader& r) -> Result<EncryptedExtensions> {
        EncryptedExtensions out;
        PARLEY_TRY(decode_extensions(r, 0, 0xffff, out.extensions, kEncryptedExtensionsFields,
                                     kEncryptedExtensionsRules));
        return out;
      });
}

// --- Certificate (RFC 8446 4.4.2) ---------------------------------------------------------

void Certificate13::encode(Writer& w) const {
  w.vector_bytes(1, certificate_request_context);
  w.vector(3, [&] {
    for (const CertificateEntry& entry : certificate_list) {
      w.vector_bytes(3, entry.cert_data);
      encode_extensions(w, entry.extensions, kCertificateEntryFields, kCertificateEntryRules);
    }
  });
}

Result<Certificate13> Certificate13::decode(ByteView body) {
  return decode_whole<Certificate13>(body, "Certificate", [](Reader& r) -> Result<Certificate13> {
    Certificate13 out;
    PARLEY_ASSIGN_OR_RETURN(out.certificate_request_context,
                            read_opaque(r, 1, 0, 0xff, "certificate_request_context"));
    PARLEY_ASSIGN_OR_RETURN(Reader list, read_block(r, 3, 0, 0xffffff, "certificate_list"));
    while (!list.empty()) {
      CertificateEntry entry;
      PARLEY_ASSIGN_OR_RETURN(entry.cert_data, read_opaque(list, 3, 1, 0xffffff, "cert_data"));
      PARLEY_TRY(decode_extensions(list, 0, 0xffff, entry.extensions, kCertificateEntryFields,
                                   kCertificateEntryRules));
      out.certificate_list.push_back(std::move(entry));
    }
    return out;
  });
}

// --- CompressedCertificate (RFC 8879 4) ------------------------------------------------------

void CompressedCertificate::encode(Writer& w) const {
  w.u16(algorithm);
  w.u24(uncompressed_length);
  w.vector_bytes(3, compressed_certificate_message);
}

Result<CompressedCertificate> CompressedCertificate::decode(ByteView body) {
  return decode_whole<CompressedCertificate>(
      body, "CompressedCertificate", [](Reader& r) -> Result<CompressedCertificate> {
        CompressedCertificate out;
        PARLEY_ASSIGN_OR_RETURN(out.algorithm, read_u16(r, "algorithm"));
        PARLEY_ASSIGN_OR_RETURN(out.uncompressed_length,
                                with_context(r.u24(), "uncompressed_length"));
        PARLEY_ASSIGN_OR_RETURN(out.compressed_certificate_message,
                                read_opaque(r, 3, 1, 0xffffff, "compressed_certificate_message"));
        return out;
      });
}

// --- CertificateRequest (RFC 8446 4.3.2) ---------------------------------------------------

void CertificateRequest13::encode(Writer& w) const {
  w.vector_bytes(1, certificate_request_context);
  encode_extensions(w, extensions, kCertificateRequestFields, kCertificateRequestRules);
}

Result<CertificateRequest13> CertificateRequest13::decode(ByteView body) {
  return decode_whole<CertificateRequest13>(
      body, "CertificateRequest", [](Reader& r) -> Result<CertificateRequest13> {
        CertificateRequest13 out;
        PARLEY_ASSIGN_OR_RETURN(out.certificate_request_context,
                                read_opaque(r, 1, 0, 0xff, "certificate_request_context"));
        PARLEY_TRY(decode_extensions(r, 2, 0xffff, out.extensions, kCertificateRequestFields,
                                     kCertificateRequestRules));
        // RFC 8446 4.3.2: "The "signature_algorithms" extension MUST be
        // specified"; RFC 8446 9.2 names missing_extension for a missing
        // mandatory extension.
        if (!out.extensions.signature_algorithms) {
          return make_error(ErrorKind::kProtocol, AlertDescription::kMissingExtension,
                            "CertificateRequest without signature_algorithms");
        }
        return out;
      });
}

// --- NewSessionTicket (RFC 8446 4.6.1) ------------------------------------------------------

void NewSessionTicket13::encode(Writer& w) const {
  w.u32(ticket_lifetime);
  w.u32(ticket_age_add);
  w.vector_bytes(1, ticket_nonce);
  w.vector_bytes(2, ticket);
  encode_extensions(w, extensions, kNewSessionTicketFields, kNewSessionTicketRules);
}

Result<NewSessionTicket13> NewSessionTicket13::decode(ByteView body) {
  return decode_whole<NewSessionTicket13>(
      body, "NewSessionTicket", [](Reader& r) -> Result<NewSessionTicket13> {
        NewSessionTicket13 out;
        PARLEY_ASSIGN_OR_RETURN(out.ticket_lifetime, read_u32(r, "ticket_lifetime"));
        PARLEY_ASSIGN_OR_RETURN(out.ticket_age_add, read_u32(r, "ticket_age_add"));
        PARLEY_ASSIGN_OR_RETURN(out.ticket_nonce, read_opaque(r, 1, 0, 255, "ticket_nonce"));
        PARLEY_ASSIGN_OR_RETURN(out.ticket, read_opaque(r, 2, 1, 0xffff, "ticket"));
        PARLEY_TRY(decode_extensions(r, 0, 0xfffe, out.extensions, kNewSessionTicketFields,
                                     kNewSessionTicketRules));
        return out;
      });
}

// --- KeyUpdate (RFC 8446 4.6.3) -------------------------------------------------------------

void KeyUpdate::encode(Writer& w) const {
  w.u8(static_cast<uint8_t>(request_update));
}

Result<KeyUpdate> KeyUpdate::decode(ByteView body) {
  return decode_whole<KeyUpdate>(body, "KeyUpdate", [](Reader& r) -> Result<KeyUpdate> {
    PARLEY_ASSIGN_OR_RETURN(uint8_t value, read_u8(r, "KeyUpdate.request_update"));
    // "If an implementation receives any other value, it MUST terminate the
    // connection with an "illegal_parameter" alert."
    if (value > static_cast<uint8_t>(KeyUpdateRequest::kUpdateRequested)) {
      return illegal_parameter("KeyUpdate.request_update " + std::to_string(value));
    }
    return KeyUpdate{static_cast<KeyUpdateRequest>(value)};
  });
}

// --- empty messages -------------------------------------------------------------------------

Result<EndOfEarlyData> EndOfEarlyData::decode(ByteView body) {
  PARLEY_TRY(expect_empty(body, "EndOfEarlyData"));
  return EndOfEarlyData{};
}

Result<HelloRequest> HelloRequest::decode(ByteView body) {
  PARLEY_TRY(expect_empty(body, "HelloRequest"));
  return HelloRequest{};
}

Result<ServerHelloDone> ServerHelloDone::decode(ByteView body) {
  PARLEY_TRY(expect_empty(body, "ServerHelloDone"));
  return ServerHelloDone{};
}

// --- CertificateVerify and Finished ---------------------------------------------------------

void CertificateVerify::encode(Writer& w) const {
  w.u16(static_cast<uint16_t>(scheme));
  w.vector_bytes(2, signature);
}

Result<CertificateVerify> CertificateVerify::decode(ByteView body) {
  return decode_whole<CertificateVerify>(
      body, "CertificateVerify", [](Reader& r) -> Result<CertificateVerify> {
        CertificateVerify out;
        PARLEY_ASSIGN_OR_RETURN(uint16_t scheme, read_u16(r, "CertificateVerify.algorithm"));
        out.scheme = static_cast<SignatureScheme>(scheme);
        PARLEY_ASSIGN_OR_RETURN(out.signature,
                                read_opaque(r, 2, 0, 0xffff, "CertificateVerify.signature"));
        return out;
      });
}

void Finished::encode(Writer& w) const {
  w.bytes(verify_data);
}

Result<Finished> Finished::decode(ByteView body, size_t verify_data_length) {
  if (body.size() != verify_data_length) {
    // RFC 8446 4.4.4, RFC 5246 7.4.9: Finished contents that are not the
    // expected verify_data are decrypt_error, whatever their length.
    return make_error(ErrorKind::kCrypto, AlertDescription::kDecryptError,
                      "Finished: verify_data of " + std::to_string(body.size()) +
                          " bytes, expected " + std::to_string(verify_data_length));
  }
  return Finished{Bytes(body.begin(), body.end())};
}

// --- Alert and ChangeCipherSpec -------------------------------------------------------------

void Alert::encode(Writer& w) const {
  w.u8(static_cast<uint8_t>(level));
  w.u8(static_cast<uint8_t>(description));
}

Result<Alert> Alert::decode(ByteView body) {
  return decode_whole<Alert>(body, "Alert", [](Reader& r) -> Result<Alert> {
    PARLEY_ASSIGN_OR_RETURN(uint8_t level, read_u8(r, "Alert.level"));
    PARLEY_ASSIGN_OR_RETURN(uint8_t description, read_u8(r, "Alert.description"));
    return Alert{static_cast<AlertLevel>(level), static_cast<AlertDescription>(description)};
  });
}

Result<ChangeCipherSpec> ChangeCipherSpec::decode(ByteView body) {
  // RFC 8446 5: "An implementation which receives any other change_cipher_spec
  // value [than the single byte 0x01] MUST abort the handshake with an
  // "unexpected_message" alert."
  if (body.size() != 1 || body[0] != kValue) {
    return unexpected_message("change_cipher_spec is not the single byte 0x01");
  }
  return ChangeCipherSpec{};
}

}  // namespace parley::codec

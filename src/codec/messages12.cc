// TLS 1.2-only handshake messages (RFC 5246 7.4, RFC 8422 5, RFC 5077 3.3).
#include <string>

#include "codec/fields.h"
#include "codec/messages.h"
#include "codec/reader.h"

namespace parley::codec {

namespace {

// RFC 5246 4.7 digitally-signed: SignatureAndHashAlgorithm + opaque<0..2^16-1>.
Status read_signature(Reader& r, SignatureScheme& scheme, Bytes& signature) {
  PARLEY_ASSIGN_OR_RETURN(uint16_t value, read_u16(r, "ServerKeyExchange.algorithm"));
  scheme = static_cast<SignatureScheme>(value);
  PARLEY_ASSIGN_OR_RETURN(signature, read_opaque(r, 2, 0, 0xffff, "ServerKeyExchange.signature"));
  return {};
}

void write_signature(Writer& w, SignatureScheme scheme, const Bytes& signature) {
  w.u16(static_cast<uint16_t>(scheme));
  w.vector_bytes(2, signature);
}

Bytes concat3(ByteView a, ByteView b, ByteView c) {
  Bytes out;
  out.reserve(a.size() + b.size() + c.size());
  out.insert(out.end(), a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  out.insert(out.end(), c.begin(), c.end());
  return out;
}

void write_ecdh_params(Writer& w, NamedGroup group, const Bytes& public_key) {
  w.u8(static_cast<uint8_t>(EcCurveType::kNamedCurve));
  w.u16(static_cast<uint16_t>(group));
  w.vector_bytes(1, public_key);
}

void write_dh_params(Writer& w, const ServerKeyExchangeDhe& ske) {
  w.vector_bytes(2, ske.dh_p);
  w.vector_bytes(2, ske.dh_g);
  w.vector_bytes(2, ske.dh_ys);
}

}  // namespace

// --- Certificate (RFC 5246 7.4.2) ----------------------------------------------------------

void Certificate12::encode(Writer& w) const {
  w.vector(3, [&] {
    for (const Bytes& cert : certificate_list) w.vector_bytes(3, cert);
  });
}

Result<Certificate12> Certificate12::decode(ByteView body) {
  return decode_whole<Certificate12>(body, "Certificate", [](Reader& r) -> Result<Certificate12> {
    Certificate12 out;
    PARLEY_ASSIGN_OR_RETURN(Reader list, read_block(r, 3, 0, 0xffffff, "certificate_list"));
    while (!list.empty()) {
      PARLEY_ASSIGN_OR_RETURN(Bytes cert, read_opaque(list, 3, 1, 0xffffff, "ASN.1Cert"));
      out.certificate_list.push_back(std::move(cert));
    }
    return out;
  });
}

// --- CertificateRequest (RFC 5246 7.4.4) ----------------------------------------------------

void CertificateRequest12::encode(Writer& w) const {
  write_list(w, 1, certificate_types);
  write_list(w, 2, supported_signature_algorithms);
  w.vector(2, [&] {
    for (const Bytes& name : certificate_authorities) w.vector_bytes(2, name);
  });
}

Result<CertificateRequest12> CertificateRequest12::decode(ByteView body) {
  return decode_whole<CertificateRequest12>(
      body, "CertificateRequest", [](Reader& r) -> Result<CertificateRequest12> {
        CertificateRequest12 out;
        PARLEY_ASSIGN_OR_RETURN(out.certificate_types, read_list<ClientCertificateType>(
                                                           r, 1, 1, 0xff, "certificate_types"));
        PARLEY_ASSIGN_OR_RETURN(
            out.supported_signature_algorithms,
            read_list<SignatureScheme>(r, 2, 2, 0xfffe, "supported_signature_algorithms"));
        PARLEY_ASSIGN_OR_RETURN(Reader names,
                                read_block(r, 2, 0, 0xffff, "certificate_authorities"));
        while (!names.empty()) {
          PARLEY_ASSIGN_OR_RETURN(Bytes name,
                                  read_opaque(names, 2, 1, 0xffff, "DistinguishedName"));
          out.certificate_authorities.push_back(std::move(name));
        }
        return out;
      });
}

// --- ServerKeyExchange, ECDHE (RFC 8422 5.4) -------------------------------------------------

void ServerKeyExchangeEcdhe::encode(Writer& w) const {
  write_ecdh_params(w, group, public_key);
  write_signature(w, scheme, signature);
}

Result<ServerKeyExchangeEcdhe> ServerKeyExchangeEcdhe::decode(ByteView body) {
  return decode_whole<ServerKeyExchangeEcdhe>(
      body, "ServerKeyExchange", [](Reader& r) -> Result<ServerKeyExchangeEcdhe> {
        ServerKeyExchangeEcdhe out;
        PARLEY_ASSIGN_OR_RETURN(uint8_t curve_type, read_u8(r, "ECParameters.curve_type"));
        if (curve_type != static_cast<uint8_t>(EcCurveType::kNamedCurve)) {
          return illegal_parameter("ServerKeyExchange: curve_type " + std::to_string(curve_type) +
                                   " is not named_curve");
        }
        PARLEY_ASSIGN_OR_RETURN(uint16_t group, read_u16(r, "ECParameters.namedcurve"));
        out.group = static_cast<NamedGroup>(group);
        PARLEY_ASSIGN_OR_RETURN(out.public_key,
                                read_opaque(r, 1, 1, 0xff, "ServerECDHParams.point"));
        PARLEY_TRY(read_signature(r, out.scheme, out.signature));
        return out;
      });
}

Bytes ServerKeyExchangeEcdhe::params() const {
  Writer w;
  write_ecdh_params(w, group, public_key);
  return w.take();
}

Bytes ServerKeyExchangeEcdhe::signed_content(ByteView client_random, ByteView server_random) const {
  return concat3(client_random, server_random, params());
}

// --- ServerKeyExchange, DHE (RFC 5246 7.4.3) ------------------------------------------------

void ServerKeyExchangeDhe::encode(Writer& w) const {
  write_dh_params(w, *this);
  write_signature(w, scheme, signature);
}

Result<ServerKeyExchangeDhe> ServerKeyExchangeDhe::decode(ByteView body) {
  return decode_whole<ServerKeyExchangeDhe>(
      body, "ServerKeyExchange", [](Reader& r) -> Result<ServerKeyExchangeDhe> {
        ServerKeyExchangeDhe out;
        PARLEY_ASSIGN_OR_RETURN(out.dh_p, read_opaque(r, 2, 1, 0xffff, "ServerDHParams.dh_p"));
        PARLEY_ASSIGN_OR_RETURN(out.dh_g, read_opaque(r, 2, 1, 0xffff, "ServerDHParams.dh_g"));
        PARLEY_ASSIGN_OR_RETURN(out.dh_ys, read_opaque(r, 2, 1, 0xffff, "ServerDHParams.dh_Ys"));
        PARLEY_TRY(read_signature(r, out.scheme, out.signature));
        return out;
      });
}

Bytes ServerKeyExchangeDhe::params() const {
  Writer w;
  write_dh_params(w, *this);
  return w.take();
}

Bytes ServerKeyExchangeDhe::signed_content(ByteView client_random, ByteView server_random) const {
  return concat3(client_random, server_random, params());
}

// --- ClientKeyExchange (RFC 5246 7.4.7, RFC 8422 5.7) ---------------------------------------

void ClientKeyExchangeRsa::encode(Writer& w) const {
  w.vector_bytes(2, encrypted_pre_master_secret);
}
Result<ClientKeyExchangeRsa> ClientKeyExchangeRsa::decode(ByteView body) {
  return decode_whole<ClientKeyExchangeRsa>(
      body, "ClientKeyExchange", [](Reader& r) -> Result<ClientKeyExchangeRsa> {
        PARLEY_ASSIGN_OR_RETURN(Bytes secret,
                                read_opaque(r, 2, 0, 0xffff, "EncryptedPreMasterSecret"));
        return ClientKeyExchangeRsa{std::move(secret)};
      });
}

void ClientKeyExchangeEcdhe::encode(Writer& w) const {
  w.vector_bytes(1, public_key);
}
Result<ClientKeyExchangeEcdhe> ClientKeyExchangeEcdhe::decode(ByteView body) {
  return decode_whole<ClientKeyExchangeEcdhe>(
      body, "ClientKeyExchange", [](Reader& r) -> Result<ClientKeyExchangeEcdhe> {
        PARLEY_ASSIGN_OR_RETURN(Bytes point,
                                read_opaque(r, 1, 1, 0xff, "ClientECDiffieHellmanPublic"));
        return ClientKeyExchangeEcdhe{std::move(point)};
      });
}

void ClientKeyExchangeDhe::encode(Writer& w) const {
  w.vector_bytes(2, dh_yc);
}
Result<ClientKeyExchangeDhe> ClientKeyExchangeDhe::decode(ByteView body) {
  return decode_whole<ClientKeyExchangeDhe>(
      body, "ClientKeyExchange", [](Reader& r) -> Result<ClientKeyExchangeDhe> {
        PARLEY_ASSIGN_OR_RETURN(Bytes yc, read_opaque(r, 2, 1, 0xffff, "dh_Yc"));
        return ClientKeyExchangeDhe{std::move(yc)};
      });
}

// --- NewSessionTicket (RFC 5077 3.3) --------------------------------------------------------

void NewSessionTicket12::encode(Writer& w) const {
  w.u32(ticket_lifetime_hint);
  w.vector_bytes(2, ticket);
}

Result<NewSessionTicket12> NewSessionTicket12::decode(ByteView body) {
  return decode_whole<NewSessionTicket12>(
      body, "NewSessionTicket", [](Reader& r) -> Result<NewSessionTicket12> {
        NewSessionTicket12 out;
        PARLEY_ASSIGN_OR_RETURN(out.ticket_lifetime_hint, read_u32(r, "ticket_lifetime_hint"));
        PARLEY_ASSIGN_OR_RETURN(out.ticket, read_opaque(r, 2, 0, 0xffff, "ticket"));
        return out;
      });
}

}  // namespace parley::codec

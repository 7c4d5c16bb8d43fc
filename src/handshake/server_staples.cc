// The server's OCSP staple (RFC 6066 8, RFC 8446 4.4.2.1) and signed
// certificate timestamps (RFC 6962 3.3): sent only when the client asked and
// the certificate has them (CertifiedKey::staples()).
#include "handshake/server.h"

namespace parley::handshake {

void ServerHandshake::note_status_requests(const codec::ClientHello& hello) {
  const auto& request = hello.extensions.status_request;
  // RFC 6066 8: ocsp(1) is the only status_type we answer.
  client_wants_ocsp_ = request && request->status_type == codec::CertificateStatusType::kOcsp;
  client_wants_scts_ = hello.extensions.signed_certificate_timestamp.has_value();
}

ServerHandshake::Staples ServerHandshake::staples_for(const CertifiedKey& key) const {
  Staples staples;
  if (client_wants_ocsp_) staples.ocsp_response = key.staples().ocsp_response();
  if (client_wants_scts_) staples.scts = key.staples().signed_certificate_timestamps();
  return staples;
}

codec::CertificateEntrySet ServerHandshake::leaf_entry_extensions(const CertifiedKey& key) const {
  codec::CertificateEntrySet extensions;
  const Staples staples = staples_for(key);
  if (staples.ocsp_response) {
    extensions.status_request = codec::CertificateStatus{*staples.ocsp_response};
  }
  if (staples.scts) extensions.signed_certificate_timestamp = {*staples.scts};
  return extensions;
}

}  // namespace parley::handshake

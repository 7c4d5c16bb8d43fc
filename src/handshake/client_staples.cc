// The client's side of OCSP stapling (RFC 6066 8, RFC 8446 4.4.2.1) and
// signed certificate timestamps (RFC 6962 3.3): asking for them, taking what
// the server sends into SessionInfo, and, with
// ClientConfig::verify_ocsp_staple, checking the staple (x509/ocsp.h) and
// RFC 7633 must-staple.
#include <algorithm>

#include "handshake/client.h"
#include "x509/ocsp.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

void ClientHandshake::request_staples(codec::ClientHelloExtensions& ext) const {
  // RFC 6066 8: ocsp with no responder ids and no request extensions.
  if (config_->request_ocsp_staple) ext.status_request = codec::StatusRequest{};
  if (config_->request_signed_certificate_timestamps) {
    ext.signed_certificate_timestamp = codec::EmptyExtension{};
  }
}

Status ClientHandshake::accept_scts(const codec::SignedCertificateTimestampList& scts) {
  if (!hello_.extensions.signed_certificate_timestamp) {
    return unrequested_extension("signed_certificate_timestamp");
  }
  core_.mutable_info().signed_certificate_timestamps = scts.list;
  return {};
}

Status ClientHandshake::accept_ocsp_response(Bytes response) {
  if (!hello_.extensions.status_request) return unrequested_extension("status_request");
  core_.mutable_info().ocsp_response = std::move(response);
  return {};
}

Status ClientHandshake::accept_certificate_entry(const codec::CertificateEntrySet& ext, bool leaf) {
  // RFC 8446 4.4.2: entry extensions answer ClientHello extensions; RFC
  // 8446 4.4.2.1 and RFC 6962 3.3 put the staple and SCTs on the leaf only
  // (those on other entries are checked but not kept, as BoringSSL does).
  PARLEY_TRY(reject_unknown_extensions(ext.unknown));
  if (ext.status_request) {
    if (!hello_.extensions.status_request) return unrequested_extension("status_request");
    if (leaf) PARLEY_TRY(accept_ocsp_response(ext.status_request->ocsp_response));
  }
  if (ext.signed_certificate_timestamp) {
    if (!hello_.extensions.signed_certificate_timestamp) {
      return unrequested_extension("signed_certificate_timestamp");
    }
    if (leaf) PARLEY_TRY(accept_scts(*ext.signed_certificate_timestamp));
  }
  return {};
}

Status ClientHandshake::after_certificate12(State next) {
  state_ = next;
  // RFC 6066 8: the server may still decide not to send CertificateStatus
  // after promising it in ServerHello.
  if (!certificate_status_promised12_) return check_ocsp_staple();
  state_after_status12_ = next;
  state_ = State::kWaitCertificateStatus12;
  return {};
}

Status ClientHandshake::on_certificate_status12(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto status, receive<codec::CertificateStatus>(message));
  PARLEY_TRY(accept_ocsp_response(std::move(status.ocsp_response)));
  state_ = state_after_status12_;
  return check_ocsp_staple();
}

Status ClientHandshake::skip_certificate_status12() {
  state_ = state_after_status12_;
  return check_ocsp_staple();
}

namespace {

// The certificate that issued `leaf`: from the rest of the chain or the trust
// anchors, with the name and the key that signed it.
std::optional<x509::Certificate> find_issuer(const x509::Certificate& leaf,
                                             const std::vector<Bytes>& chain,
                                             const x509::TrustStore& anchors,
                                             const crypto::Provider& provider) {
  const auto signed_leaf = [&](const x509::Certificate& candidate) {
    if (!(candidate.subject() == leaf.issuer()) || !leaf.signature_algorithm()) return false;
    auto key = candidate.public_key(provider);
    return key.ok() && (*key)->verify(*leaf.signature_algorithm(), leaf.tbs(), leaf.signature());
  };
  for (size_t i = 1; i < chain.size(); ++i) {
    auto candidate = x509::Certificate::parse(chain[i]);
    if (candidate.ok() && signed_leaf(*candidate)) return std::move(candidate).value();
  }
  for (const x509::TrustAnchor* anchor : anchors.find_by_subject(leaf.issuer())) {
    if (signed_leaf(anchor->certificate)) return anchor->certificate;
  }
  return std::nullopt;
}

}  // namespace

Status ClientHandshake::check_ocsp_staple() {
  if (!config_->verify_ocsp_staple || config_->insecure_skip_verification) return {};
  const SessionInfo& info = core_.info();
  PARLEY_ASSIGN_OR_RETURN(x509::Certificate leaf,
                          x509::Certificate::parse(info.peer_certificates.front()));
  if (info.ocsp_response.empty()) {
    if (!x509::requires_ocsp_staple(leaf)) return {};
    // RFC 7633 4.2.3: a must-staple certificate without a staple is refused.
    Error error = x509::certificate_error(CertificateFailure::kBadStatusResponse,
                                          AlertDescription::kBadCertificateStatusResponse,
                                          "the must-staple (RFC 7633) server certificate came "
                                          "without an OCSP response");
    error.certificate_subject = leaf.subject_string();
    return error;
  }
  const auto issuer = find_issuer(leaf, info.peer_certificates,
                                  x509::trust_store(*config_->trust_anchors), core_.provider());
  if (!issuer) {
    return x509::certificate_error(CertificateFailure::kBadStatusResponse,
                                   AlertDescription::kBadCertificateStatusResponse,
                                   "OCSP response: the leaf's issuer is not known");
  }
  x509::OcspCheckOptions options;
  options.time = core_.now();
  options.provider = &core_.provider();
  Status checked = x509::check_ocsp_response(info.ocsp_response, leaf, *issuer, options);
  if (core_.tracing()) {
    core_.trace_step("VerifyOcsp", checked.ok() ? "good" : checked.error().message);
  }
  return checked;
}

}  // namespace parley::handshake

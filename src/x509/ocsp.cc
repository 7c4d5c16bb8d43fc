#include "x509/ocsp.h"

#include <algorithm>
#include <array>
#include <string>

#include "x509/der.h"
#include "x509/oid.h"
#include "x509/verify.h"

namespace parley::x509 {

namespace {

using der::Element;
using der::Parser;

// RFC 6960 4.2.1: id-pkix-ocsp-basic (1.3.6.1.5.5.7.48.1.1).
constexpr oid::Oid<9> kOcspBasic = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x30, 0x01, 0x01};
// RFC 6960 4.2.2.2: id-kp-OCSPSigning (1.3.6.1.5.5.7.3.9).
constexpr oid::Oid<8> kOcspSigning = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x09};
// RFC 7633 6: id-pe-tlsfeature (1.3.6.1.5.5.7.1.24).
constexpr oid::Oid<8> kTlsFeature = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x18};
// The CertID hash algorithms (RFC 6960 4.1.1; SHA-1 is what responders use).
constexpr oid::Oid<5> kSha1 = {0x2b, 0x0e, 0x03, 0x02, 0x1a};
constexpr oid::Oid<9> kSha256 = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01};
constexpr oid::Oid<9> kSha384 = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02};
constexpr oid::Oid<9> kSha512 = {0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03};

constexpr uint8_t kEnumerated = 0x0a;  // X.680 8.4
// Bounds on hostile input beyond the byte count: a staple is about one
// certificate, and carries at most a delegated responder's chain.
constexpr size_t kMaxSingleResponses = 64;
constexpr size_t kMaxResponseCertificates = 8;
constexpr uint64_t kStatusRequestFeature = 5;  // RFC 7633 / RFC 6066 ExtensionType

Error bad_response(const std::string& what) {
  return certificate_error(CertificateFailure::kBadStatusResponse,
                           AlertDescription::kBadCertificateStatusResponse,
                           "OCSP response: " + what);
}

template <typename T>
Result<T> field(const char* name, Result<T> result) {
  if (result.ok()) return result;
  return bad_response(std::string("malformed ") + name + ": " + result.error().message);
}
Status field(const char* name, Status status) {
  if (status.ok()) return status;
  return bad_response(std::string("malformed ") + name + ": " + status.error().message);
}

std::optional<crypto::HashAlgorithm> hash_from_oid(ByteView contents) {
  if (oid::equals(contents, kSha1)) return crypto::HashAlgorithm::kSha1;
  if (oid::equals(contents, kSha256)) return crypto::HashAlgorithm::kSha256;
  if (oid::equals(contents, kSha384)) return crypto::HashAlgorithm::kSha384;
  if (oid::equals(contents, kSha512)) return crypto::HashAlgorithm::kSha512;
  return std::nullopt;
}

// RFC 6960 4.1.1: CertID ::= SEQUENCE { hashAlgorithm, issuerNameHash,
// issuerKeyHash, serialNumber }.
Result<OcspCertId> parse_cert_id(Parser& parent) {
  PARLEY_ASSIGN_OR_RETURN(Parser p, parent.enter(der::kSequence));
  PARLEY_ASSIGN_OR_RETURN(Parser algorithm, p.enter(der::kSequence));
  PARLEY_ASSIGN_OR_RETURN(ByteView hash_oid, algorithm.oid());
  if (algorithm.peek(der::kNull)) PARLEY_TRY(algorithm.null());
  PARLEY_TRY(algorithm.expect_end("hashAlgorithm"));
  const auto hash = hash_from_oid(hash_oid);
  if (!hash) return bad_response("CertID hash algorithm " + der::oid_to_string(hash_oid));
  OcspCertId id;
  id.hash = *hash;
  PARLEY_ASSIGN_OR_RETURN(Element name_hash, p.read(der::kOctetString));
  PARLEY_ASSIGN_OR_RETURN(Element key_hash, p.read(der::kOctetString));
  PARLEY_ASSIGN_OR_RETURN(id.serial, p.integer());
  PARLEY_TRY(p.expect_end("CertID"));
  id.issuer_name_hash = name_hash.value;
  id.issuer_key_hash = key_hash.value;
  return id;
}

// RFC 6960 4.2.1: CertStatus ::= CHOICE { good [0] IMPLICIT NULL, revoked [1]
// IMPLICIT RevokedInfo, unknown [2] IMPLICIT UnknownInfo }.
Status parse_cert_status(Parser& p, OcspSingleResponse& out) {
  PARLEY_ASSIGN_OR_RETURN(Element status, p.next());
  if (status.tag == der::context_tag(0) || status.tag == der::context_tag(2)) {
    if (!status.value.empty()) return bad_response("CertStatus NULL with contents");
    out.status =
        status.tag == der::context_tag(0) ? OcspCertStatus::kGood : OcspCertStatus::kUnknown;
    return {};
  }
  if (status.tag != der::context_constructed(1)) return bad_response("unknown CertStatus");
  out.status = OcspCertStatus::kRevoked;
  PARLEY_ASSIGN_OR_RETURN(Parser revoked, p.nested(status.value));
  PARLEY_ASSIGN_OR_RETURN(out.revocation_time, revoked.time());
  // revocationReason [0] EXPLICIT CRLReason OPTIONAL: not needed to refuse.
  PARLEY_TRY(revoked.enter_optional(der::context_constructed(0)));
  return revoked.expect_end("RevokedInfo");
}

Result<OcspSingleResponse> parse_single_response(Parser& parent) {
  PARLEY_ASSIGN_OR_RETURN(Parser p, parent.enter(der::kSequence));
  OcspSingleResponse out;
  PARLEY_ASSIGN_OR_RETURN(out.cert_id, parse_cert_id(p));
  PARLEY_TRY(parse_cert_status(p, out));
  PARLEY_ASSIGN_OR_RETURN(out.this_update, p.time());
  PARLEY_ASSIGN_OR_RETURN(auto next_update, p.enter_optional(der::context_constructed(0)));
  if (next_update) {
    PARLEY_ASSIGN_OR_RETURN(out.next_update, next_update->time());
    PARLEY_TRY(next_update->expect_end("nextUpdate"));
  }
  PARLEY_TRY(p.read_optional(der::context_constructed(1)));  // singleExtensions
  PARLEY_TRY(p.expect_end("SingleResponse"));
  return out;
}

// RFC 5280 4.1: the subjectPublicKey BIT STRING's bits, which the CertID's
// issuerKeyHash and a byKey ResponderID hash.
Result<ByteView> subject_public_key_bits(const Certificate& cert) {
  Parser top(cert.public_key_info().der);
  PARLEY_ASSIGN_OR_RETURN(Parser spki, top.enter(der::kSequence));
  PARLEY_TRY(spki.read(der::kSequence));
  PARLEY_ASSIGN_OR_RETURN(der::BitString key, spki.bit_string());
  return key.bytes;
}

const crypto::Provider& provider_of(const OcspCheckOptions& options) {
  return options.provider ? *options.provider : crypto::default_provider();
}

bool same(ByteView a, ByteView b) {
  return std::equal(a.begin(), a.end(), b.begin(), b.end());
}

bool responder_id_names(const OcspResponse& response, const Certificate& cert,
                        const crypto::Provider& provider) {
  if (response.responder_name()) return same(*response.responder_name(), cert.subject().der);
  auto bits = subject_public_key_bits(cert);
  return bits.ok() && response.responder_key_hash() &&
         same(*response.responder_key_hash(),
              crypto::hash(provider, crypto::HashAlgorithm::kSha1, *bits));
}

bool allowed_signature(std::optional<crypto::SignatureAlgorithm> algorithm) {
  const auto allowed = default_certificate_signature_algorithms();
  return algorithm && std::find(allowed.begin(), allowed.end(), *algorithm) != allowed.end();
}

bool signed_by(const Certificate& signer, std::optional<crypto::SignatureAlgorithm> algorithm,
               ByteView message, ByteView signature, const crypto::Provider& provider) {
  if (!allowed_signature(algorithm)) return false;
  auto key = signer.public_key(provider);
  return key.ok() && (*key)->verify(*algorithm, message, signature);
}

// RFC 6960 4.2.2.2: a responder the issuer delegated to: issued (and signed)
// by the issuer, with id-kp-OCSPSigning, valid now.
Status check_delegated_responder(const Certificate& responder, const Certificate& issuer,
                                 const OcspCheckOptions& options) {
  const crypto::Provider& provider = provider_of(options);
  if (!(responder.issuer() == issuer.subject()) ||
      !signed_by(issuer, responder.signature_algorithm(), responder.tbs(), responder.signature(),
                 provider)) {
    return bad_response("the responder certificate '" + responder.subject_string() +
                        "' is not issued by the leaf's issuer");
  }
  const auto& eku = responder.ext_key_usage();
  const bool ocsp_signing =
      eku && std::any_of(eku->value.begin(), eku->value.end(),
                         [](ByteView usage) { return oid::equals(usage, kOcspSigning); });
  if (!ocsp_signing) {
    return bad_response("the responder certificate '" + responder.subject_string() +
                        "' lacks id-kp-OCSPSigning");
  }
  if (options.time < responder.not_before() || options.time > responder.not_after()) {
    return bad_response("the responder certificate '" + responder.subject_string() +
                        "' is not valid now");
  }
  return {};
}

// The signature, by the issuer itself or by a delegated responder.
Status check_signature(const OcspResponse& response, const Certificate& issuer,
                       const OcspCheckOptions& options) {
  const crypto::Provider& provider = provider_of(options);
  if (!allowed_signature(response.signature_algorithm())) {
    return bad_response("unsupported signature algorithm");
  }
  if (responder_id_names(response, issuer, provider)) {
    if (signed_by(issuer, response.signature_algorithm(), response.tbs_response_data(),
                  response.signature(), provider)) {
      return {};
    }
    return bad_response("the signature by the issuer does not verify");
  }
  for (const Certificate& responder : response.certificates()) {
    if (!responder_id_names(response, responder, provider)) continue;
    PARLEY_TRY(check_delegated_responder(responder, issuer, options));
    if (signed_by(responder, response.signature_algorithm(), response.tbs_response_data(),
                  response.signature(), provider)) {
      return {};
    }
    return bad_response("the signature by the delegated responder does not verify");
  }
  return bad_response("signed by neither the issuer nor a responder it delegated to");
}

bool matches(const OcspCertId& id, const Certificate& leaf, ByteView issuer_key_bits,
             const crypto::Provider& provider) {
  return same(id.serial, leaf.serial()) &&
         same(id.issuer_name_hash, crypto::hash(provider, id.hash, leaf.issuer().der)) &&
         same(id.issuer_key_hash, crypto::hash(provider, id.hash, issuer_key_bits));
}

Status check_current(const OcspSingleResponse& single, const OcspCheckOptions& options) {
  // RFC 6960 4.2.2.1: thisUpdate not in the future, nextUpdate not passed.
  if (single.this_update > options.time + options.clock_skew_seconds) {
    return bad_response("thisUpdate " + der::format_time(single.this_update) + " is in the future");
  }
  const int64_t expiry = single.next_update
                             ? *single.next_update
                             : single.this_update + options.max_age_without_next_update;
  if (expiry < options.time - options.clock_skew_seconds) {
    return bad_response("expired at " + der::format_time(expiry));
  }
  return {};
}

}  // namespace

Result<OcspResponse> OcspResponse::parse(ByteView der) {
  OcspResponse out;
  out.der_ = std::make_shared<const Bytes>(der.begin(), der.end());
  Parser top(*out.der_);
  PARLEY_ASSIGN_OR_RETURN(Parser response, field("OCSPResponse", top.enter(der::kSequence)));
  PARLEY_TRY(field("OCSPResponse", top.expect_end("OCSPResponse")));
  PARLEY_ASSIGN_OR_RETURN(Element status, field("responseStatus", response.read(kEnumerated)));
  if (status.value.size() != 1) return bad_response("malformed responseStatus");
  out.status_ = static_cast<OcspResponseStatus>(status.value[0]);
  PARLEY_ASSIGN_OR_RETURN(
      auto bytes, field("responseBytes", response.enter_optional(der::context_constructed(0))));
  PARLEY_TRY(field("OCSPResponse", response.expect_end("OCSPResponse")));
  if (out.status_ != OcspResponseStatus::kSuccessful) {
    if (bytes) return bad_response("responseBytes in an unsuccessful response");
    return out;
  }
  if (!bytes) return bad_response("a successful response without responseBytes");
  PARLEY_ASSIGN_OR_RETURN(Parser response_bytes,
                          field("ResponseBytes", bytes->enter(der::kSequence)));
  PARLEY_ASSIGN_OR_RETURN(ByteView type, field("responseType", response_bytes.oid()));
  if (!oid::equals(type, kOcspBasic)) {
    return bad_response("responseType " + der::oid_to_string(type) + " is not id-pkix-ocsp-basic");
  }
  PARLEY_ASSIGN_OR_RETURN(Element basic, field("response", response_bytes.read(der::kOctetString)));
  PARLEY_TRY(field("ResponseBytes", response_bytes.expect_end("ResponseBytes")));
  PARLEY_TRY(field("ResponseBytes", bytes->expect_end("responseBytes")));
  PARLEY_TRY(out.parse_basic(basic.value));
  return out;
}

// RFC 6960 4.2.1: BasicOCSPResponse ::= SEQUENCE { tbsResponseData,
// signatureAlgorithm, signature, certs [0] EXPLICIT SEQUENCE OF Certificate
// OPTIONAL }.
Status OcspResponse::parse_basic(ByteView basic) {
  Parser top(basic, 1);
  PARLEY_ASSIGN_OR_RETURN(Parser p, field("BasicOCSPResponse", top.enter(der::kSequence)));
  PARLEY_TRY(field("BasicOCSPResponse", top.expect_end("BasicOCSPResponse")));
  PARLEY_ASSIGN_OR_RETURN(Element data, field("tbsResponseData", p.read(der::kSequence)));
  PARLEY_ASSIGN_OR_RETURN(Element algorithm, field("signatureAlgorithm", p.read(der::kSequence)));
  PARLEY_ASSIGN_OR_RETURN(der::BitString signature, field("signature", p.bit_string()));
  if (signature.unused_bits != 0) return bad_response("signature is not whole bytes");
  tbs_ = data.encoding;
  signature_ = signature.bytes;
  signature_algorithm_ = signature_algorithm_from_der(algorithm.value);
  PARLEY_ASSIGN_OR_RETURN(auto certs,
                          field("certs", p.enter_optional(der::context_constructed(0))));
  PARLEY_TRY(field("BasicOCSPResponse", p.expect_end("BasicOCSPResponse")));
  if (certs) {
    PARLEY_ASSIGN_OR_RETURN(Parser list, field("certs", certs->enter(der::kSequence)));
    PARLEY_TRY(field("certs", certs->expect_end("certs")));
    while (!list.empty()) {
      if (certs_.size() == kMaxResponseCertificates) return bad_response("too many certs");
      PARLEY_ASSIGN_OR_RETURN(Element cert, field("certs", list.read(der::kSequence)));
      auto parsed = Certificate::parse(cert.encoding);
      if (!parsed.ok()) return bad_response("a malformed certificate: " + parsed.error().message);
      certs_.push_back(std::move(parsed).value());
    }
  }
  return parse_response_data(data.value);
}

// RFC 6960 4.2.1: ResponseData ::= SEQUENCE { version [0] EXPLICIT DEFAULT
// v1, responderID, producedAt, responses, responseExtensions [1] EXPLICIT
// OPTIONAL }; ResponderID ::= CHOICE { byName [1] Name, byKey [2] KeyHash }.
Status OcspResponse::parse_response_data(ByteView data) {
  Parser p(data, 2);
  PARLEY_ASSIGN_OR_RETURN(auto version,
                          field("version", p.enter_optional(der::context_constructed(0))));
  if (version) {
    PARLEY_ASSIGN_OR_RETURN(uint64_t number, field("version", version->small_unsigned(0)));
    (void)number;  // DER omits the default; v1 is the only version
  }
  PARLEY_ASSIGN_OR_RETURN(auto by_name,
                          field("responderID", p.enter_optional(der::context_constructed(1))));
  if (by_name) {
    PARLEY_ASSIGN_OR_RETURN(Element name, field("responderID", by_name->read(der::kSequence)));
    PARLEY_TRY(field("responderID", by_name->expect_end("responderID")));
    responder_name_ = name.encoding;
  } else {
    PARLEY_ASSIGN_OR_RETURN(Parser by_key,
                            field("responderID", p.enter(der::context_constructed(2))));
    PARLEY_ASSIGN_OR_RETURN(Element hash, field("responderID", by_key.read(der::kOctetString)));
    PARLEY_TRY(field("responderID", by_key.expect_end("responderID")));
    responder_key_hash_ = hash.value;
  }
  PARLEY_ASSIGN_OR_RETURN(produced_at_, field("producedAt", p.time()));
  PARLEY_ASSIGN_OR_RETURN(Parser list, field("responses", p.enter(der::kSequence)));
  while (!list.empty()) {
    if (responses_.size() == kMaxSingleResponses) return bad_response("too many responses");
    PARLEY_ASSIGN_OR_RETURN(OcspSingleResponse single,
                            field("SingleResponse", parse_single_response(list)));
    responses_.push_back(single);
  }
  PARLEY_TRY(field("responseExtensions", p.read_optional(der::context_constructed(1))));
  return field("ResponseData", p.expect_end("ResponseData"));
}

Status check_ocsp_response(ByteView response_der, const Certificate& leaf,
                           const Certificate& issuer, const OcspCheckOptions& options) {
  PARLEY_ASSIGN_OR_RETURN(OcspResponse response, OcspResponse::parse(response_der));
  if (response.status() != OcspResponseStatus::kSuccessful) {
    return bad_response("responseStatus " + std::to_string(static_cast<int>(response.status())) +
                        " (not successful)");
  }
  PARLEY_TRY(check_signature(response, issuer, options));
  const crypto::Provider& provider = provider_of(options);
  PARLEY_ASSIGN_OR_RETURN(ByteView issuer_key_bits,
                          field("issuer key", subject_public_key_bits(issuer)));
  const auto& responses = response.responses();
  const auto single = std::find_if(responses.begin(), responses.end(), [&](const auto& s) {
    return matches(s.cert_id, leaf, issuer_key_bits, provider);
  });
  if (single == responses.end()) return bad_response("no response for this certificate");
  PARLEY_TRY(check_current(*single, options));
  switch (single->status) {
    case OcspCertStatus::kGood:
      return {};
    case OcspCertStatus::kRevoked: {
      Error error =
          certificate_error(CertificateFailure::kRevoked, AlertDescription::kCertificateRevoked,
                            "OCSP response: the certificate was revoked at " +
                                der::format_time(single->revocation_time.value_or(0)));
      error.certificate_subject = leaf.subject_string();
      return error;
    }
    case OcspCertStatus::kUnknown:
      break;
  }
  return bad_response("the responder does not know the certificate (status unknown)");
}

bool requires_ocsp_staple(const Certificate& leaf) {
  for (const Extension& extension : leaf.extensions()) {
    if (!oid::equals(extension.oid, kTlsFeature)) continue;
    // RFC 7633 4.1: Features ::= SEQUENCE OF INTEGER.
    Parser top(extension.value, 1);
    auto features = top.enter(der::kSequence);
    if (!features.ok()) return true;
    while (!features->empty()) {
      auto feature = features->small_unsigned(0xffff);
      if (!feature.ok() || *feature == kStatusRequestFeature) return true;
    }
  }
  return false;
}

}  // namespace parley::x509

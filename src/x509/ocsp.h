// OCSP responses (RFC 6960 4.2) as a TLS server staples them (RFC 6066 8,
// RFC 8446 4.4.2.1): parsing with parley's strict DER reader, and checking a
// response for a leaf certificate: the signature by the issuer or by a
// responder the issuer delegated to (RFC 6960 4.2.2.2), the CertID, the
// validity window and the status. Also the RFC 7633 TLS Feature extension
// ("must-staple").
//
// Every ByteView a parsed OcspResponse exposes points into its own shared
// copy of the DER, so copies are cheap and views stay valid.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <vector>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "crypto/signature.h"
#include "parley/error.h"
#include "x509/certificate.h"

namespace parley::x509 {

// RFC 6960 4.2.1 OCSPResponseStatus.
enum class OcspResponseStatus : uint8_t {
  kSuccessful = 0,
  kMalformedRequest = 1,
  kInternalError = 2,
  kTryLater = 3,
  kSigRequired = 5,
  kUnauthorized = 6,
};

// RFC 6960 4.2.1 CertStatus.
enum class OcspCertStatus { kGood, kRevoked, kUnknown };

// RFC 6960 4.1.1 CertID: which certificate a SingleResponse is about.
struct OcspCertId {
  crypto::HashAlgorithm hash = crypto::HashAlgorithm::kSha1;
  ByteView issuer_name_hash;  // hash of the issuer's Name DER
  ByteView issuer_key_hash;   // hash of the issuer's subjectPublicKey bits
  ByteView serial;            // INTEGER contents
};

// RFC 6960 4.2.1 SingleResponse.
struct OcspSingleResponse {
  OcspCertId cert_id;
  OcspCertStatus status = OcspCertStatus::kUnknown;
  std::optional<int64_t> revocation_time;  // for kRevoked
  int64_t this_update = 0;
  std::optional<int64_t> next_update;
};

// An OCSPResponse. Only a successful one carries a BasicOCSPResponse (the
// only responseType parley understands, id-pkix-ocsp-basic).
class OcspResponse {
 public:
  // Errors are kCertificate / bad_certificate_status_response (RFC 6066 8)
  // naming the malformed field.
  static Result<OcspResponse> parse(ByteView der);

  OcspResponseStatus status() const { return status_; }
  // The signed ResponseData, whole, and its signature.
  ByteView tbs_response_data() const { return tbs_; }
  std::optional<crypto::SignatureAlgorithm> signature_algorithm() const {
    return signature_algorithm_;
  }
  ByteView signature() const { return signature_; }
  // ResponderID: byName (the Name DER) or byKey (SHA-1 of the key bits).
  std::optional<ByteView> responder_name() const { return responder_name_; }
  std::optional<ByteView> responder_key_hash() const { return responder_key_hash_; }
  int64_t produced_at() const { return produced_at_; }
  const std::vector<OcspSingleResponse>& responses() const { return responses_; }
  // BasicOCSPResponse.certs: a delegated responder's certificate, if any.
  const std::vector<Certificate>& certificates() const { return certs_; }

 private:
  Status parse_basic(ByteView basic);
  Status parse_response_data(ByteView data);

  std::shared_ptr<const Bytes> der_;
  OcspResponseStatus status_ = OcspResponseStatus::kSuccessful;
  ByteView tbs_;
  std::optional<crypto::SignatureAlgorithm> signature_algorithm_;
  ByteView signature_;
  std::optional<ByteView> responder_name_;
  std::optional<ByteView> responder_key_hash_;
  int64_t produced_at_ = 0;
  std::vector<OcspSingleResponse> responses_;
  std::vector<Certificate> certs_;
};

struct OcspCheckOptions {
  int64_t time = 0;  // seconds since the epoch
  // How far thisUpdate may lie in the future and nextUpdate in the past, for
  // clocks that disagree a little (as Go and BoringSSL allow).
  int64_t clock_skew_seconds = 300;
  // A response without nextUpdate is taken as fresh for this long after
  // thisUpdate (RFC 6960 4.2.2.1 leaves it to local policy).
  int64_t max_age_without_next_update = 7 * 24 * 3600;
  const crypto::Provider* provider = nullptr;  // null: the default provider
};

// Checks `response_der` as the status of `leaf`, issued by `issuer`: parsed,
// successful, signed by the issuer or a delegated responder (a certificate
// the issuer signed with id-kp-OCSPSigning, valid at options.time), with a
// SingleResponse whose CertID matches the leaf, current at options.time and
// good. Errors are kCertificate: certificate_revoked for a revoked leaf
// (CertificateFailure::kRevoked), bad_certificate_status_response for
// everything else (kBadStatusResponse), each saying what was wrong.
Status check_ocsp_response(ByteView response_der, const Certificate& leaf,
                           const Certificate& issuer, const OcspCheckOptions& options);

// RFC 7633: whether the leaf's TLS Feature extension lists status_request(5)
// ("must-staple"). A malformed extension counts as listing it (fail closed).
bool requires_ocsp_staple(const Certificate& leaf);

}  // namespace parley::x509

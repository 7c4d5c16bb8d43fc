// Test-only OCSP responses on libcrypto's OCSP code (the code `openssl ocsp`
// runs as a responder), with the times, statuses, signers and defects each
// test needs; the tests' clock is cert_factory's kNow.
#pragma once

#include <cstdint>
#include <optional>

#include "common/bytes.h"
#include "x509/cert_factory.h"

namespace parley::x509::testing {

struct OcspSpec {
  enum class Status { kGood, kRevoked, kUnknown };
  Status status = Status::kGood;
  int64_t this_update = kNow - kDay;
  std::optional<int64_t> next_update = kNow + 6 * kDay;
  // Signs as this delegated responder (its certificate included) instead of
  // the issuer.
  const Issued* responder = nullptr;
  bool responder_id_by_key = false;
  // A CertID for another serial (a response about a different certificate).
  bool wrong_serial = false;
  // Flips a bit of the signature.
  bool corrupt_signature = false;
  // RFC 6960 4.2.1 responseStatus; other than 0, no responseBytes.
  int response_status = 0;
};

// A DER OCSPResponse about `leaf_der`, issued by `issuer`.
Bytes make_ocsp_response(ByteView leaf_der, const Issued& issuer, const OcspSpec& spec = {});

}  // namespace parley::x509::testing

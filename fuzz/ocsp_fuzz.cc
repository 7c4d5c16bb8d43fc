// Fuzzes the OCSP response parser (x509/ocsp.h) and the staple check: the
// input as a DER OCSPResponse and, when it parses and carries certificates,
// checked against them as leaf and issuer (signatures, delegation, CertID
// matching, validity, status), and their TLS Feature extension read.
// Nothing may crash, whatever the bytes. Seeds: fuzz/seeds/ocsp/.
#include <cstddef>
#include <cstdint>
#include <span>

#include "x509/ocsp.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley;
  const ByteView input(data, size);
  auto response = x509::OcspResponse::parse(input);
  if (!response.ok()) return 0;
  for (const x509::OcspSingleResponse& single : response->responses()) {
    (void)single.cert_id.serial.size();
  }
  const auto& certs = response->certificates();
  if (certs.empty()) return 0;
  x509::OcspCheckOptions options;
  options.time = response->produced_at();
  const x509::Certificate& leaf = certs.front();
  (void)x509::requires_ocsp_staple(leaf);
  (void)x509::check_ocsp_response(input, leaf, certs.back(), options);
  return 0;
}

#include "x509/ocsp_factory.h"

#include <openssl/ocsp.h>
#include <openssl/x509.h>

#include <algorithm>
#include <memory>
#include <stdexcept>

namespace parley::x509::testing {

namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("ocsp_factory: ") + what);
}

std::shared_ptr<X509> parse_x509(ByteView der) {
  const unsigned char* p = der.data();
  std::shared_ptr<X509> cert(d2i_X509(nullptr, &p, static_cast<long>(der.size())), X509_free);
  check(cert != nullptr, "d2i_X509");
  return cert;
}

OCSP_CERTID* make_cert_id(X509* leaf, X509* issuer, bool wrong_serial) {
  if (!wrong_serial) return OCSP_cert_to_id(EVP_sha1(), leaf, issuer);
  ASN1_INTEGER* serial = ASN1_INTEGER_dup(X509_get0_serialNumber(leaf));
  ASN1_INTEGER_set(serial, ASN1_INTEGER_get(serial) + 1);
  OCSP_CERTID* id = OCSP_cert_id_new(EVP_sha1(), X509_get_subject_name(issuer),
                                     X509_get0_pubkey_bitstr(issuer), serial);
  ASN1_INTEGER_free(serial);
  return id;
}

int status_code(OcspSpec::Status status) {
  switch (status) {
    case OcspSpec::Status::kGood:
      return V_OCSP_CERTSTATUS_GOOD;
    case OcspSpec::Status::kRevoked:
      return V_OCSP_CERTSTATUS_REVOKED;
    case OcspSpec::Status::kUnknown:
      break;
  }
  return V_OCSP_CERTSTATUS_UNKNOWN;
}

Bytes encode(OCSP_RESPONSE* response) {
  unsigned char* out = nullptr;
  const int size = i2d_OCSP_RESPONSE(response, &out);
  check(size > 0, "i2d_OCSP_RESPONSE");
  Bytes der(out, out + size);
  OPENSSL_free(out);
  return der;
}

}  // namespace

Bytes make_ocsp_response(ByteView leaf_der, const Issued& issuer, const OcspSpec& spec) {
  if (spec.response_status != 0) {
    std::unique_ptr<OCSP_RESPONSE, decltype(&OCSP_RESPONSE_free)> response(
        OCSP_response_create(spec.response_status, nullptr), OCSP_RESPONSE_free);
    return encode(response.get());
  }
  auto leaf = parse_x509(leaf_der);
  std::unique_ptr<OCSP_BASICRESP, decltype(&OCSP_BASICRESP_free)> basic(OCSP_BASICRESP_new(),
                                                                        OCSP_BASICRESP_free);
  OCSP_CERTID* id = make_cert_id(leaf.get(), issuer.x509.get(), spec.wrong_serial);
  check(id != nullptr, "cert id");
  ASN1_TIME* this_update = ASN1_TIME_set(nullptr, spec.this_update);
  ASN1_TIME* next_update = spec.next_update ? ASN1_TIME_set(nullptr, *spec.next_update) : nullptr;
  ASN1_TIME* revoked_at = ASN1_TIME_set(nullptr, spec.this_update - kDay);
  check(OCSP_basic_add1_status(basic.get(), id, status_code(spec.status),
                               OCSP_REVOKED_STATUS_KEYCOMPROMISE, revoked_at, this_update,
                               next_update) != nullptr,
        "add status");
  OCSP_CERTID_free(id);
  ASN1_TIME_free(this_update);
  ASN1_TIME_free(next_update);
  ASN1_TIME_free(revoked_at);
  const Issued& signer = spec.responder ? *spec.responder : issuer;
  unsigned long flags = spec.responder ? 0 : OCSP_NOCERTS;
  if (spec.responder_id_by_key) flags |= OCSP_RESPID_KEY;
  check(OCSP_basic_sign(basic.get(), signer.x509.get(), signer.key.get(), EVP_sha256(), nullptr,
                        flags) == 1,
        "OCSP_basic_sign");
  std::unique_ptr<OCSP_RESPONSE, decltype(&OCSP_RESPONSE_free)> response(
      OCSP_response_create(OCSP_RESPONSE_STATUS_SUCCESSFUL, basic.get()), OCSP_RESPONSE_free);
  Bytes der = encode(response.get());
  if (spec.corrupt_signature) {
    // The signature's bytes appear once in the encoding: flip its last bit.
    const ASN1_OCTET_STRING* signature = OCSP_resp_get0_signature(basic.get());
    const unsigned char* bytes = ASN1_STRING_get0_data(signature);
    const auto found =
        std::search(der.begin(), der.end(), bytes, bytes + ASN1_STRING_length(signature));
    check(found != der.end(), "signature in the encoding");
    *(found + ASN1_STRING_length(signature) - 1) ^= 0x01;
  }
  return der;
}

}  // namespace parley::x509::testing

// OCSP responses (x509/ocsp.h): parsing, and each rule of checking a staple
// for a leaf, on responses libcrypto's responder code makes (ocsp_factory.h).
#include "x509/ocsp.h"

#include <gtest/gtest.h>

#include <fstream>
#include <iterator>

#include "x509/cert_factory.h"
#include "x509/ocsp_factory.h"

namespace parley::x509 {
namespace {

using testing::CertSpec;
using testing::Issued;
using testing::kDay;
using testing::KeyKind;
using testing::kNow;
using testing::OcspSpec;

struct Pki {
  Issued ca;
  Issued leaf;
};

const Pki& pki() {
  static const Pki instance = [] {
    Pki out;
    out.ca = testing::issue(testing::root_spec("OCSP Test CA"),
                            testing::make_key(KeyKind::kP256, true), nullptr);
    out.leaf = testing::issue(testing::leaf_spec("server.test"),
                              testing::make_key(KeyKind::kP256, true), &out.ca);
    return out;
  }();
  return instance;
}

Issued responder(const Issued& issuer, const std::string& eku = "OCSPSigning") {
  CertSpec spec = testing::leaf_spec("responder.test");
  spec.subject = "CN=OCSP Responder";
  testing::set_extension(spec, "extendedKeyUsage", eku);
  return testing::issue(spec, testing::make_key(KeyKind::kP256, true), &issuer);
}

Status check(const Bytes& response, int64_t time = kNow) {
  auto leaf = Certificate::parse(pki().leaf.der);
  auto issuer = Certificate::parse(pki().ca.der);
  EXPECT_TRUE(leaf.ok() && issuer.ok());
  OcspCheckOptions options;
  options.time = time;
  return check_ocsp_response(response, *leaf, *issuer, options);
}

Bytes response(const OcspSpec& spec = {}) {
  return testing::make_ocsp_response(pki().leaf.der, pki().ca, spec);
}

void expect_bad(const Status& status, const std::string& words) {
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().kind, ErrorKind::kCertificate);
  EXPECT_EQ(status.error().alert, AlertDescription::kBadCertificateStatusResponse);
  EXPECT_EQ(status.error().certificate_failure, CertificateFailure::kBadStatusResponse);
  EXPECT_NE(status.error().message.find(words), std::string::npos) << status.error().message;
}

TEST(OcspResponse, ParsesWhatTheResponderSigned) {
  auto parsed = OcspResponse::parse(response());
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;
  EXPECT_EQ(parsed->status(), OcspResponseStatus::kSuccessful);
  ASSERT_EQ(parsed->responses().size(), 1u);
  const OcspSingleResponse& single = parsed->responses()[0];
  EXPECT_EQ(single.status, OcspCertStatus::kGood);
  EXPECT_EQ(single.this_update, kNow - kDay);
  EXPECT_EQ(single.next_update, kNow + 6 * kDay);
  EXPECT_EQ(single.cert_id.hash, crypto::HashAlgorithm::kSha1);
  EXPECT_EQ(single.cert_id.issuer_name_hash.size(), 20u);
  ASSERT_TRUE(parsed->responder_name());
  EXPECT_TRUE(parsed->certificates().empty());
  EXPECT_EQ(parsed->signature_algorithm(), crypto::SignatureAlgorithm::kEcdsaSha256);
}

TEST(OcspResponse, GoodResponseFromTheIssuerPasses) {
  const Status status = check(response());
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST(OcspResponse, ResponderIdByKeyPasses) {
  OcspSpec spec;
  spec.responder_id_by_key = true;
  auto parsed = OcspResponse::parse(response(spec));
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(parsed->responder_key_hash());
  const Status status = check(response(spec));
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST(OcspResponse, RevokedIsCertificateRevoked) {
  OcspSpec spec;
  spec.status = OcspSpec::Status::kRevoked;
  const Status status = check(response(spec));
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().alert, AlertDescription::kCertificateRevoked);
  EXPECT_EQ(status.error().certificate_failure, CertificateFailure::kRevoked);
  EXPECT_NE(status.error().message.find("revoked"), std::string::npos);
}

TEST(OcspResponse, UnknownStatusIsRefused) {
  OcspSpec spec;
  spec.status = OcspSpec::Status::kUnknown;
  expect_bad(check(response(spec)), "status unknown");
}

TEST(OcspResponse, ExpiredIsRefused) {
  OcspSpec spec;
  spec.this_update = kNow - 10 * kDay;
  spec.next_update = kNow - 2 * kDay;
  expect_bad(check(response(spec)), "expired");
}

TEST(OcspResponse, NotYetValidIsRefused) {
  OcspSpec spec;
  spec.this_update = kNow + kDay;
  expect_bad(check(response(spec)), "in the future");
}

TEST(OcspResponse, SmallClockSkewIsTolerated) {
  OcspSpec spec;
  spec.this_update = kNow + 60;
  spec.next_update = kNow + 2 * kDay;
  EXPECT_TRUE(check(response(spec)).ok());
  spec.this_update = kNow - 2 * kDay;
  spec.next_update = kNow - 60;
  EXPECT_TRUE(check(response(spec)).ok());
}

TEST(OcspResponse, WithoutNextUpdateAgesOutAfterAWeek) {
  OcspSpec spec;
  spec.next_update = std::nullopt;
  EXPECT_TRUE(check(response(spec)).ok());
  expect_bad(check(response(spec), kNow + 8 * kDay), "expired");
}

TEST(OcspResponse, WrongCertIdIsRefused) {
  OcspSpec spec;
  spec.wrong_serial = true;
  expect_bad(check(response(spec)), "no response for this certificate");
}

TEST(OcspResponse, BadSignatureIsRefused) {
  OcspSpec spec;
  spec.corrupt_signature = true;
  expect_bad(check(response(spec)), "does not verify");
}

TEST(OcspResponse, DelegatedResponderPasses) {
  const Issued delegate = responder(pki().ca);
  OcspSpec spec;
  spec.responder = &delegate;
  auto parsed = OcspResponse::parse(response(spec));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->certificates().size(), 1u);
  const Status status = check(response(spec));
  EXPECT_TRUE(status.ok()) << status.error().message;
}

TEST(OcspResponse, DelegatedResponderWithoutOcspSigningIsRefused) {
  const Issued delegate = responder(pki().ca, "serverAuth");
  OcspSpec spec;
  spec.responder = &delegate;
  expect_bad(check(response(spec)), "lacks id-kp-OCSPSigning");
}

TEST(OcspResponse, ResponderFromAnotherCaIsRefused) {
  const Issued other_ca = testing::issue(testing::root_spec("Other CA"),
                                         testing::make_key(KeyKind::kP256, true), nullptr);
  const Issued delegate = responder(other_ca);
  OcspSpec spec;
  spec.responder = &delegate;
  expect_bad(check(response(spec)), "not issued by the leaf's issuer");
}

TEST(OcspResponse, UnsuccessfulResponseIsRefused) {
  OcspSpec spec;
  spec.response_status = 3;  // tryLater
  auto parsed = OcspResponse::parse(response(spec));
  ASSERT_TRUE(parsed.ok());
  EXPECT_EQ(parsed->status(), OcspResponseStatus::kTryLater);
  expect_bad(check(response(spec)), "not successful");
}

TEST(OcspResponse, EveryTruncationIsAnErrorNeverACrash) {
  const Bytes whole = response();
  for (size_t size = 0; size < whole.size(); ++size) {
    const Bytes prefix(whole.begin(), whole.begin() + static_cast<ptrdiff_t>(size));
    auto parsed = OcspResponse::parse(prefix);
    ASSERT_FALSE(parsed.ok()) << size;
    EXPECT_EQ(parsed.error().alert, AlertDescription::kBadCertificateStatusResponse);
  }
}

TEST(OcspResponse, TrailingBytesAndWrongOuterTagAreRefused) {
  Bytes trailing = response();
  trailing.push_back(0);
  EXPECT_FALSE(OcspResponse::parse(trailing).ok());
  Bytes wrong_tag = response();
  wrong_tag[0] = 0x31;
  EXPECT_FALSE(OcspResponse::parse(wrong_tag).ok());
}

TEST(OcspResponse, MustStapleIsTheTlsFeatureWithStatusRequest) {
  CertSpec spec = testing::leaf_spec("server.test");
  spec.extensions.push_back(testing::config_extension("tlsfeature", "status_request"));
  const Issued must_staple = testing::issue(spec, testing::make_key(KeyKind::kP256), &pki().ca);
  auto parsed = Certificate::parse(must_staple.der);
  ASSERT_TRUE(parsed.ok());
  EXPECT_TRUE(requires_ocsp_staple(*parsed));
  auto plain = Certificate::parse(pki().leaf.der);
  ASSERT_TRUE(plain.ok());
  EXPECT_FALSE(requires_ocsp_staple(*plain));
}

Bytes seed(const std::string& name) {
  std::ifstream file(std::string(PARLEY_SOURCE_DIR) + "/fuzz/seeds/ocsp/" + name, std::ios::binary);
  return Bytes(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
}

// The fuzz seeds, made by `openssl ocsp` as a responder (make_seeds.sh there).
TEST(OcspResponse, ParsesWhatOpensslOcspMakes) {
  auto good = OcspResponse::parse(seed("good_by_issuer.der"));
  ASSERT_TRUE(good.ok()) << good.error().message;
  ASSERT_EQ(good->responses().size(), 1u);
  EXPECT_EQ(good->responses()[0].status, OcspCertStatus::kGood);
  EXPECT_TRUE(good->responses()[0].next_update);
  auto revoked = OcspResponse::parse(seed("revoked_by_delegate.der"));
  ASSERT_TRUE(revoked.ok()) << revoked.error().message;
  ASSERT_EQ(revoked->responses().size(), 1u);
  EXPECT_EQ(revoked->responses()[0].status, OcspCertStatus::kRevoked);
  EXPECT_TRUE(revoked->responder_key_hash());
  ASSERT_EQ(revoked->certificates().size(), 1u);
  EXPECT_EQ(revoked->certificates()[0].subject_string(), "CN=seed responder");
  auto unknown = OcspResponse::parse(seed("unknown.der"));
  ASSERT_TRUE(unknown.ok()) << unknown.error().message;
  ASSERT_EQ(unknown->responses().size(), 1u);
  EXPECT_EQ(unknown->responses()[0].status, OcspCertStatus::kUnknown);
}

}  // namespace
}  // namespace parley::x509

// Certificate parsing: fields of generated certificates, and rejection of
// malformed DER and malformed extensions.
#include "x509/certificate.h"

#include <gtest/gtest.h>

#include "x509/cert_factory.h"
#include "x509/oid.h"

namespace parley::x509 {
namespace {

using testing::CertSpec;
using testing::config_extension;
using testing::issue;
using testing::Issued;
using testing::kDay;
using testing::KeyKind;
using testing::kNow;
using testing::leaf_spec;
using testing::make_key;
using testing::raw_extension;
using testing::root_spec;

class CertificateTest : public ::testing::Test {
 protected:
  CertificateTest() : root_(issue(root_spec(), make_key(KeyKind::kRsa2048), nullptr)) {}

  Result<Certificate> parse_leaf(const CertSpec& spec) const {
    return Certificate::parse(issue(spec, make_key(KeyKind::kP256), &root_).der);
  }
  // A leaf with one extra raw extension must fail to parse, saying `fragment`.
  void expect_malformed_extension(const std::string& oid, const Bytes& value,
                                  const std::string& fragment) const {
    CertSpec spec = leaf_spec();
    spec.extensions = {raw_extension(oid, value, false)};
    spec.key_ids = false;
    auto cert = parse_leaf(spec);
    ASSERT_FALSE(cert.ok()) << oid;
    EXPECT_EQ(cert.error().kind, ErrorKind::kCertificate);
    EXPECT_EQ(cert.error().alert, AlertDescription::kBadCertificate);
    EXPECT_NE(cert.error().message.find(fragment), std::string::npos) << cert.error().message;
  }

  Issued root_;
};

TEST_F(CertificateTest, ParsesTheFieldsOfALeaf) {
  CertSpec spec = leaf_spec();
  spec.subject = "C=US/O=Example Org/CN=example.com";
  spec.serial = {0x00, 0x9a, 0xbc};
  testing::set_extension(spec, "subjectAltName",
                         "DNS:example.com,DNS:*.example.com,IP:192.0.2.1,IP:2001:db8::1,"
                         "email:admin@example.com,URI:https://example.com/");
  // certificatePolicies: 2.23.140.1.2.1 (CABF domain validated).
  spec.extensions.push_back(raw_extension(
      "2.5.29.32", {0x30, 0x0a, 0x30, 0x08, 0x06, 0x06, 0x67, 0x81, 0x0c, 0x01, 0x02, 0x01},
      false));
  auto cert = parse_leaf(spec);
  ASSERT_TRUE(cert.ok()) << cert.error().message;
  EXPECT_EQ(cert->version(), 3);
  EXPECT_EQ(to_hex(cert->serial()), "009abc");
  EXPECT_EQ(cert->subject_string(), "C=US, O=Example Org, CN=example.com");
  EXPECT_EQ(cert->issuer().to_string(), "CN=Test Root");
  ASSERT_EQ(cert->subject().common_names.size(), 1u);
  EXPECT_EQ(cert->not_before(), spec.not_before);
  EXPECT_EQ(cert->not_after(), spec.not_after);
  EXPECT_EQ(cert->signature_algorithm(), crypto::SignatureAlgorithm::kRsaPkcs1Sha256);
  EXPECT_EQ(cert->public_key_info().algorithm, KeyAlgorithm::kEcP256);
  EXPECT_FALSE(cert->self_issued());

  ASSERT_TRUE(cert->subject_alt_names().has_value());
  const auto& sans = cert->subject_alt_names()->value;
  ASSERT_EQ(sans.size(), 6u);
  EXPECT_EQ(sans[0].type, GeneralName::Type::kDns);
  EXPECT_EQ(sans[1].text(), "*.example.com");
  EXPECT_EQ(sans[2].type, GeneralName::Type::kIp);
  EXPECT_EQ(sans[2].value.size(), 4u);
  EXPECT_EQ(sans[3].value.size(), 16u);
  EXPECT_EQ(sans[4].type, GeneralName::Type::kEmail);
  EXPECT_EQ(sans[4].text(), "admin@example.com");
  EXPECT_EQ(sans[5].type, GeneralName::Type::kUri);
  EXPECT_EQ(sans[5].text(), "https://example.com/");

  ASSERT_TRUE(cert->key_usage().has_value());
  EXPECT_TRUE(cert->key_usage()->critical);
  EXPECT_EQ(cert->key_usage()->value, kDigitalSignature);
  ASSERT_TRUE(cert->ext_key_usage().has_value());
  ASSERT_EQ(cert->ext_key_usage()->value.size(), 2u);
  EXPECT_TRUE(oid::equals(cert->ext_key_usage()->value[0], oid::kServerAuth));
  EXPECT_TRUE(oid::equals(cert->ext_key_usage()->value[1], oid::kClientAuth));
  EXPECT_FALSE(cert->basic_constraints().has_value());
  ASSERT_TRUE(cert->subject_key_id().has_value());
  ASSERT_TRUE(cert->authority_key_id().has_value());
  EXPECT_TRUE(cert->authority_key_id()->value.key_id.has_value());
  ASSERT_TRUE(cert->certificate_policies().has_value());
  EXPECT_EQ(der::oid_to_string(cert->certificate_policies()->value[0]), "2.23.140.1.2.1");
  EXPECT_FALSE(cert->unknown_critical_extension().has_value());
  EXPECT_EQ(cert->extensions().size(), 6u);
}

TEST_F(CertificateTest, ParsesCaExtensions) {
  CertSpec spec = root_spec("Constrained");
  testing::set_extension(spec, "basicConstraints", "critical,CA:TRUE,pathlen:3");
  spec.extensions.push_back(
      config_extension("nameConstraints",
                       "critical,permitted;DNS:example.com,permitted;IP:10.0.0.0/255.0.0.0,"
                       "excluded;email:.example.net"));
  spec.extensions.push_back(config_extension("policyConstraints", "requireExplicitPolicy:2"));
  auto cert = Certificate::parse(issue(spec, make_key(KeyKind::kRsa2048), nullptr).der);
  ASSERT_TRUE(cert.ok()) << cert.error().message;
  EXPECT_TRUE(cert->self_issued());
  EXPECT_EQ(cert->public_key_info().algorithm, KeyAlgorithm::kRsa);
  EXPECT_EQ(cert->public_key_info().rsa_modulus_bits, 2048u);
  ASSERT_TRUE(cert->basic_constraints().has_value());
  EXPECT_TRUE(cert->basic_constraints()->value.ca);
  EXPECT_EQ(cert->basic_constraints()->value.path_len, 3u);
  EXPECT_EQ(cert->key_usage()->value, kKeyCertSign | kCrlSign);
  ASSERT_TRUE(cert->name_constraints().has_value());
  const NameConstraints& constraints = cert->name_constraints()->value;
  ASSERT_EQ(constraints.permitted.size(), 2u);
  EXPECT_EQ(constraints.permitted[0].base.text(), "example.com");
  EXPECT_EQ(constraints.permitted[1].base.value.size(), 8u);
  ASSERT_EQ(constraints.excluded.size(), 1u);
  EXPECT_EQ(constraints.excluded[0].base.type, GeneralName::Type::kEmail);
  ASSERT_TRUE(cert->policy_constraints().has_value());
  EXPECT_EQ(cert->policy_constraints()->value.require_explicit_policy, 2u);
  EXPECT_FALSE(cert->policy_constraints()->value.inhibit_policy_mapping.has_value());
}

TEST_F(CertificateTest, ParsesVersion1) {
  CertSpec spec = leaf_spec();
  spec.version = 1;
  spec.extensions.clear();
  auto cert = parse_leaf(spec);
  ASSERT_TRUE(cert.ok()) << cert.error().message;
  EXPECT_EQ(cert->version(), 1);
  EXPECT_TRUE(cert->extensions().empty());
}

TEST_F(CertificateTest, EscapesUnprintableNameBytes) {
  CertSpec spec = leaf_spec();
  spec.subject = "CN=Z\xc3\xbcrich";
  auto cert = parse_leaf(spec);
  ASSERT_TRUE(cert.ok());
  EXPECT_EQ(cert->subject_string(), "CN=Z\\xC3\\xBCrich");
}

TEST_F(CertificateTest, EveryTruncationIsRejected) {
  const Bytes der = issue(leaf_spec(), make_key(KeyKind::kP256), &root_).der;
  for (size_t size = 0; size < der.size(); ++size) {
    auto cert = Certificate::parse(ByteView(der).first(size));
    ASSERT_FALSE(cert.ok()) << size;
    EXPECT_EQ(cert.error().alert, AlertDescription::kBadCertificate);
  }
  Bytes trailing = der;
  trailing.push_back(0x00);
  EXPECT_FALSE(Certificate::parse(trailing).ok());
}

TEST_F(CertificateTest, CorruptedBytesNeverCrash) {
  const Bytes der = issue(leaf_spec(), make_key(KeyKind::kP256), &root_).der;
  size_t rejected = 0;
  for (size_t i = 0; i < der.size(); ++i) {
    Bytes corrupted = der;
    corrupted[i] ^= 0xa5;
    if (!Certificate::parse(corrupted).ok()) ++rejected;
  }
  EXPECT_GT(rejected, der.size() / 4);  // structure bytes are caught by the reader
}

TEST_F(CertificateTest, OuterAndInnerSignatureAlgorithmsMustMatch) {
  Bytes der = issue(leaf_spec(), make_key(KeyKind::kP256), &root_).der;
  // Find the outer AlgorithmIdentifier (after tbsCertificate) and change its
  // hash from SHA-256 (...01 0b) to SHA-384 (...01 0c).
  der::Parser top(der);
  auto outer = top.enter(der::kSequence);
  ASSERT_TRUE(outer.ok());
  ASSERT_TRUE(outer->read(der::kSequence).ok());
  auto algorithm = outer->read(der::kSequence);
  ASSERT_TRUE(algorithm.ok());
  const size_t offset = static_cast<size_t>(algorithm->value.data() - der.data());
  ASSERT_EQ(der[offset + 10], 0x0b);
  der[offset + 10] = 0x0c;
  auto cert = Certificate::parse(der);
  ASSERT_FALSE(cert.ok());
  EXPECT_NE(cert.error().message.find("signatureAlgorithm differs"), std::string::npos);
}

TEST_F(CertificateTest, DuplicateExtensionsAreRejected) {
  CertSpec spec = leaf_spec();
  spec.extensions.push_back(raw_extension("1.2.3.4", {0x05, 0x00}, false));
  spec.extensions.push_back(raw_extension("1.2.3.4", {0x05, 0x00}, false));
  auto cert = parse_leaf(spec);
  ASSERT_FALSE(cert.ok());
  EXPECT_NE(cert.error().message.find("duplicate extension 1.2.3.4"), std::string::npos);
}

TEST_F(CertificateTest, UnknownCriticalExtensionIsReported) {
  CertSpec spec = leaf_spec();
  spec.extensions.push_back(raw_extension("1.2.3.4", {0x05, 0x00}, true));
  auto cert = parse_leaf(spec);
  ASSERT_TRUE(cert.ok());
  ASSERT_TRUE(cert->unknown_critical_extension().has_value());
  EXPECT_EQ(der::oid_to_string(cert->unknown_critical_extension()->oid), "1.2.3.4");
}

TEST_F(CertificateTest, MalformedKnownExtensionsAreRejected) {
  expect_malformed_extension("2.5.29.17", {0x30, 0x00}, "empty GeneralNames");
  expect_malformed_extension("2.5.29.17", {0x30, 0x07, 0x87, 0x05, 1, 2, 3, 4, 5},
                             "iPAddress is neither 4 nor 16 bytes");
  expect_malformed_extension("2.5.29.17", {0x30, 0x04, 0x82, 0x02, 0xc3, 0xbc}, "not ASCII");
  expect_malformed_extension("2.5.29.17", {'e', 'x', 'a', 'm', 'p', 'l', 'e'}, "unexpected tag");
  expect_malformed_extension("2.5.29.15", {0x03, 0x01, 0x00}, "keyUsage with no bits set");
  expect_malformed_extension("2.5.29.19", {0x30, 0x03, 0x01, 0x01, 0x00}, "explicit cA FALSE");
  expect_malformed_extension("2.5.29.19", {0x30, 0x03, 0x02, 0x01, 0xff}, "negative INTEGER");
  expect_malformed_extension("2.5.29.30", {0x30, 0x00}, "empty nameConstraints");
  expect_malformed_extension("2.5.29.30", {0x30, 0x02, 0xa0, 0x00}, "empty GeneralSubtrees");
  // permitted dNSName "*.a" : wildcards are not constraints.
  expect_malformed_extension("2.5.29.30",
                             {0x30, 0x09, 0xa0, 0x07, 0x30, 0x05, 0x82, 0x03, '*', '.', 'a'},
                             "malformed dNSName constraint");
  // permitted iPAddress 10.0.0.1/255.0.0.0: host bits set.
  expect_malformed_extension(
      "2.5.29.30", {0x30, 0x0e, 0xa0, 0x0c, 0x30, 0x0a, 0x87, 0x08, 10, 0, 0, 1, 255, 0, 0, 0},
      "malformed iPAddress constraint");
  expect_malformed_extension("2.5.29.35", {0x30, 0x00, 0x00}, "trailing");
  expect_malformed_extension("2.5.29.35", {0x30, 0x03, 0x82, 0x01, 0x01}, "must come together");
  expect_malformed_extension("2.5.29.36", {0x30, 0x00}, "empty policyConstraints");
  expect_malformed_extension(
      "2.5.29.32", {0x30, 0x0a, 0x30, 0x03, 0x06, 0x01, 0x2a, 0x30, 0x03, 0x06, 0x01, 0x2a},
      "repeated certificate policy");
  expect_malformed_extension("1.3.6.1.5.5.7.1.1", {0x30, 0x00}, "empty AuthorityInfoAccess");
  expect_malformed_extension("2.5.29.14", {0x04, 0x00}, "empty subjectKeyIdentifier");
  expect_malformed_extension("2.5.29.37", {0x30, 0x00}, "empty OID list");
}

TEST_F(CertificateTest, P521KeysParse) {
  CertSpec spec = leaf_spec();
  auto p521 = Certificate::parse(issue(spec, make_key(KeyKind::kP521), &root_).der);
  ASSERT_TRUE(p521.ok()) << p521.error().message;
  EXPECT_EQ(p521->public_key_info().algorithm, KeyAlgorithm::kEcP521);
  EXPECT_EQ(p521->public_key_info().algorithm_name, "ECDSA P-521");
  auto key = p521->public_key();
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ((*key)->type(), crypto::KeyType::kEcP521);
}

TEST_F(CertificateTest, PublicKeyComesFromTheProvider) {
  auto cert = parse_leaf(leaf_spec());
  ASSERT_TRUE(cert.ok());
  auto key = cert->public_key();
  ASSERT_TRUE(key.ok()) << key.error().message;
  EXPECT_EQ((*key)->type(), crypto::KeyType::kEcP256);
  auto root = Certificate::parse(root_.der);
  ASSERT_TRUE(root.ok());
  auto root_key = root->public_key();
  ASSERT_TRUE(root_key.ok());
  EXPECT_TRUE((*root_key)->verify(*cert->signature_algorithm(), cert->tbs(), cert->signature()));
}

TEST(SignatureAlgorithms, KnownEncodingsOnly) {
  EXPECT_EQ(signature_algorithm_from_der(from_hex("06082a8648ce3d040302")),
            crypto::SignatureAlgorithm::kEcdsaSha256);
  EXPECT_EQ(signature_algorithm_from_der(from_hex("06092a864886f70d01010b0500")),
            crypto::SignatureAlgorithm::kRsaPkcs1Sha256);
  EXPECT_EQ(signature_algorithm_from_der(from_hex("06092a864886f70d01010b")),
            crypto::SignatureAlgorithm::kRsaPkcs1Sha256);  // RFC 4055: absent NULL accepted
  // ECDSA with a NULL parameter is not the RFC 5758 encoding.
  EXPECT_FALSE(signature_algorithm_from_der(from_hex("06082a8648ce3d0403020500")).has_value());
  // MD5 with RSA.
  EXPECT_FALSE(signature_algorithm_from_der(from_hex("06092a864886f70d0101040500")).has_value());
}

}  // namespace
}  // namespace parley::x509

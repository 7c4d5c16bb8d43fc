// Path building and validation rules, each with certificates made here.
#include "x509/verify.h"

#include <gtest/gtest.h>

#include <atomic>

#include "crypto/delegating_provider.h"
#include "x509/cert_factory.h"

namespace parley::x509 {
namespace {

using testing::CertSpec;
using testing::intermediate_spec;
using testing::issue;
using testing::Issued;
using testing::kDay;
using testing::KeyKind;
using testing::kNow;
using testing::leaf_spec;
using testing::make_key;
using testing::root_spec;
using testing::set_extension;

// Forwards to the default provider, counting signature verifications.
class CountingProvider : public crypto::testing::DelegatingProvider {
 public:
  class CountingKey : public crypto::PublicKey {
   public:
    CountingKey(std::unique_ptr<crypto::PublicKey> key, std::atomic<size_t>& count)
        : key_(std::move(key)), count_(count) {}
    crypto::KeyType type() const override { return key_->type(); }
    size_t bits() const override { return key_->bits(); }
    Bytes spki_der() const override { return key_->spki_der(); }
    bool verify(crypto::SignatureAlgorithm alg, ByteView message,
                ByteView signature) const override {
      ++count_;
      return key_->verify(alg, message, signature);
    }
    Result<Bytes> rsa_encrypt_pkcs1(ByteView plaintext) const override {
      return key_->rsa_encrypt_pkcs1(plaintext);
    }

   private:
    std::unique_ptr<crypto::PublicKey> key_;
    std::atomic<size_t>& count_;
  };

  Result<std::unique_ptr<crypto::PublicKey>> parse_public_key(ByteView spki) const override {
    PARLEY_ASSIGN_OR_RETURN(auto key, base().parse_public_key(spki));
    return std::unique_ptr<crypto::PublicKey>(new CountingKey(std::move(key), verifications));
  }

  mutable std::atomic<size_t> verifications{0};
};

class VerifyTest : public ::testing::Test {
 protected:
  VerifyTest()
      : root_(issue(root_spec(), make_key(KeyKind::kP256), nullptr)),
        intermediate_(issue(intermediate_spec(), make_key(KeyKind::kP384), &root_)),
        leaf_(issue(leaf_spec(), make_key(KeyKind::kP256), &intermediate_)) {
    EXPECT_TRUE(store_.add_der(root_.der).ok());
  }

  VerifyOptions options(const std::string& name = "example.com") const {
    VerifyOptions options;
    options.time = kNow;
    if (!name.empty()) options.peer_name = PeerName::parse(name);
    return options;
  }

  Result<VerifiedPath> verify(const Issued& leaf, const std::vector<const Issued*>& intermediates,
                              const VerifyOptions& options) const {
    std::vector<Bytes> ders;
    for (const Issued* cert : intermediates) ders.push_back(cert->der);
    return verify_chain(leaf.der, ders, store_, options);
  }
  Result<VerifiedPath> verify(const Issued& leaf,
                              const std::vector<const Issued*>& intermediates) const {
    return verify(leaf, intermediates, options());
  }

  // The leaf of `spec` under the standard intermediate, verified.
  Result<VerifiedPath> verify_leaf(const CertSpec& spec, const VerifyOptions& options,
                                   KeyKind kind = KeyKind::kP256) const {
    return verify(issue(spec, make_key(kind), &intermediate_), {&intermediate_}, options);
  }
  Result<VerifiedPath> verify_leaf(const CertSpec& spec) const {
    return verify_leaf(spec, options());
  }
  // The standard leaf under an intermediate made from `spec`.
  Result<VerifiedPath> verify_intermediate(const CertSpec& spec) const {
    Issued intermediate = issue(spec, make_key(KeyKind::kP384), &root_);
    Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP256), &intermediate);
    return verify(leaf, {&intermediate});
  }

  // The standard leaf (intermediate) spec with `extension` set to `value`, in
  // OpenSSL's config syntax, or removed.
  static CertSpec leaf_with(const std::string& extension, const std::string& value) {
    CertSpec spec = leaf_spec();
    set_extension(spec, extension, value);
    return spec;
  }
  static CertSpec intermediate_with(const std::string& extension, const std::string& value) {
    CertSpec spec = intermediate_spec();
    set_extension(spec, extension, value);
    return spec;
  }
  static CertSpec leaf_without(const std::string& extension) {
    CertSpec spec = leaf_spec();
    testing::remove_extension(spec, extension);
    return spec;
  }

  static void expect_rejected(const Result<VerifiedPath>& result, AlertDescription alert,
                              const std::string& fragment) {
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kCertificate);
    EXPECT_EQ(result.error().alert, alert) << result.error().message;
    EXPECT_NE(result.error().message.find(fragment), std::string::npos) << result.error().message;
  }

  Issued root_;
  Issued intermediate_;
  Issued leaf_;
  TrustStore store_;
};

TEST_F(VerifyTest, BuildsLeafIntermediateRootPath) {
  auto path = verify(leaf_, {&intermediate_});
  ASSERT_TRUE(path.ok()) << path.error().message;
  ASSERT_EQ(path->certificates.size(), 3u);
  EXPECT_EQ(path->certificates[0].subject_string(), "CN=example.com");
  EXPECT_EQ(path->certificates[1].subject_string(), "CN=Test Intermediate");
  EXPECT_EQ(path->certificates[2].subject_string(), "CN=Test Root");
}

TEST_F(VerifyTest, RsaPssAndEd25519ChainsVerify) {
  CertSpec root = root_spec("RSA Root");
  Issued rsa_root = issue(root, make_key(KeyKind::kRsa2048), nullptr);
  CertSpec pss = intermediate_spec("Ed25519 Intermediate");
  pss.rsa_pss = true;
  Issued ed_intermediate = issue(pss, make_key(KeyKind::kEd25519), &rsa_root);
  CertSpec leaf = leaf_spec();
  leaf.digest = "";  // Ed25519 signs without a separate digest
  Issued ed_leaf = issue(leaf, make_key(KeyKind::kRsa2048), &ed_intermediate);
  TrustStore store;
  ASSERT_TRUE(store.add_der(rsa_root.der).ok());
  std::vector<Bytes> chain = {ed_intermediate.der};
  auto path = verify_chain(ed_leaf.der, chain, store, options());
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(path->certificates[1].signature_algorithm(), crypto::SignatureAlgorithm::kRsaPssSha256);
  EXPECT_EQ(path->certificates[0].signature_algorithm(), crypto::SignatureAlgorithm::kEd25519);
}

TEST_F(VerifyTest, IntermediatesInAnyOrderWithUnrelatedExtras) {
  Issued unrelated = issue(intermediate_spec("Unrelated"), make_key(KeyKind::kP256), &root_);
  auto path = verify(leaf_, {&unrelated, &root_, &intermediate_});
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(path->certificates.size(), 3u);
}

TEST_F(VerifyTest, TriesEverySameNameIssuerUntilOneVerifies) {
  // Same subject as the real intermediate, another key: its signature check fails.
  Issued impostor = issue(intermediate_spec(), make_key(KeyKind::kP256, true), &root_);
  auto path = verify(leaf_, {&impostor, &intermediate_});
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_TRUE(std::ranges::equal(path->certificates[1].der(), intermediate_.der));
}

TEST_F(VerifyTest, SkipsAnExpiredCandidateBesideAValidOne) {
  CertSpec expired = intermediate_spec();
  expired.not_after = kNow - kDay;
  Issued old = issue(expired, make_key(KeyKind::kP384), &root_);  // same name, same key
  auto path = verify(leaf_, {&old, &intermediate_});
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_TRUE(std::ranges::equal(path->certificates[1].der(), intermediate_.der));
  // Alone, the expired one is reported as such.
  expect_rejected(verify(leaf_, {&old}), AlertDescription::kCertificateExpired,
                  "intermediate certificate 1 'CN=Test Intermediate': expired at");
}

TEST_F(VerifyTest, CrossSignedRootReachesWhicheverRootIsTrusted) {
  Issued new_root = issue(root_spec("New Root"), make_key(KeyKind::kP256, true), nullptr);
  // The new root's key, certified by the old root.
  Issued cross = issue(intermediate_spec("New Root"), new_root.key, &root_);
  Issued intermediate = issue(intermediate_spec("Issuing CA"), make_key(KeyKind::kP384), &new_root);
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP256), &intermediate);
  std::vector<Bytes> chain = {intermediate.der, cross.der};

  auto via_old = verify_chain(leaf.der, chain, store_, options());
  ASSERT_TRUE(via_old.ok()) << via_old.error().message;
  EXPECT_EQ(via_old->certificates.size(), 4u);
  EXPECT_EQ(via_old->certificates.back().subject_string(), "CN=Test Root");

  TrustStore new_store;
  ASSERT_TRUE(new_store.add_der(new_root.der).ok());
  auto via_new = verify_chain(leaf.der, chain, new_store, options());
  ASSERT_TRUE(via_new.ok()) << via_new.error().message;
  EXPECT_EQ(via_new->certificates.size(), 3u);
}

TEST_F(VerifyTest, IssuerLoopEndsAsUnknownCa) {
  // A and B certify each other; neither is trusted.
  auto key_a = make_key(KeyKind::kP256, true);
  auto key_b = make_key(KeyKind::kP256, true);
  Issued a_self = issue(intermediate_spec("Loop A"), key_a, nullptr);
  Issued b = issue(intermediate_spec("Loop B"), key_b, &a_self);
  Issued b_self = issue(intermediate_spec("Loop B"), key_b, nullptr);
  Issued a = issue(intermediate_spec("Loop A"), key_a, &b_self);
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP256), &a);
  expect_rejected(verify(leaf, {&a, &b}), AlertDescription::kUnknownCa,
                  "not a trusted or known CA");
}

TEST_F(VerifyTest, HostileChainIsBoundedBySignatureBudget) {
  // Many same-name CAs that all claim to issue each other: without a bound
  // the search is exponential.
  std::vector<Issued> mesh;
  CertSpec spec = intermediate_spec("Mesh");
  Issued seed = issue(spec, make_key(KeyKind::kP256, true), nullptr);
  for (int i = 0; i < 12; ++i) mesh.push_back(issue(spec, make_key(KeyKind::kP256, true), &seed));
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP256), &mesh[0]);
  std::vector<Bytes> chain;
  for (const Issued& cert : mesh) chain.push_back(cert.der);
  CountingProvider provider;
  VerifyOptions opts = options();
  opts.provider = &provider;
  opts.max_signature_checks = 20;
  auto result = verify_chain(leaf.der, chain, store_, opts);
  ASSERT_FALSE(result.ok());
  EXPECT_LE(provider.verifications.load(), 20u);
}

TEST_F(VerifyTest, PathLengthIsCapped) {
  // root -> i1 -> i2 -> ... -> leaf, longer than max_path_length.
  std::vector<Issued> chain_certs;
  const Issued* parent = &root_;
  for (int i = 0; i < 5; ++i) {
    chain_certs.push_back(
        issue(intermediate_spec("Level " + std::to_string(i)), make_key(KeyKind::kP256), parent));
    parent = &chain_certs.back();
  }
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP256), parent);
  std::vector<const Issued*> intermediates;
  for (const Issued& cert : chain_certs) intermediates.push_back(&cert);
  ASSERT_TRUE(verify(leaf, intermediates).ok());
  VerifyOptions opts = options();
  opts.max_path_length = 6;  // needs 7
  expect_rejected(verify(leaf, intermediates, opts), AlertDescription::kUnknownCa,
                  "within 6 certificates");
  opts = options();
  opts.max_intermediates = 4;
  expect_rejected(verify(leaf, intermediates, opts), AlertDescription::kUnknownCa,
                  "path needs 5 intermediates, more than the 4 allowed");
}

TEST_F(VerifyTest, ValidityIsCheckedAtTheGivenTime) {
  VerifyOptions later = options();
  later.time = kNow + 400 * kDay;
  expect_rejected(verify(leaf_, {&intermediate_}, later), AlertDescription::kCertificateExpired,
                  "leaf certificate 'CN=example.com': expired at");
  VerifyOptions earlier = options();
  earlier.time = kNow - 31 * kDay;
  expect_rejected(verify(leaf_, {&intermediate_}, earlier), AlertDescription::kCertificateExpired,
                  "not valid until");
  CertSpec old_root = root_spec();
  old_root.not_after = kNow - 1;
  TrustStore store;
  ASSERT_TRUE(store.add_der(issue(old_root, make_key(KeyKind::kP256), nullptr).der).ok());
  std::vector<Bytes> chain = {intermediate_.der};
  expect_rejected(verify_chain(leaf_.der, chain, store, options()),
                  AlertDescription::kCertificateExpired, "trust anchor 'CN=Test Root': expired");
}

TEST_F(VerifyTest, UnknownIssuerIsUnknownCa) {
  expect_rejected(verify(leaf_, {}), AlertDescription::kUnknownCa,
                  "issuer 'CN=Test Intermediate' is not a trusted or known CA");
  TrustStore empty;
  std::vector<Bytes> chain = {intermediate_.der};
  expect_rejected(verify_chain(leaf_.der, chain, empty, options()), AlertDescription::kUnknownCa,
                  "issuer 'CN=Test Root'");
}

TEST_F(VerifyTest, TamperedSignatureIsBadCertificate) {
  Issued tampered = leaf_;
  tampered.der[tampered.der.size() - 5] ^= 0x01;  // inside the ECDSA signature
  expect_rejected(verify(tampered, {&intermediate_}), AlertDescription::kBadCertificate,
                  "signature does not verify with the key of 'CN=Test Intermediate'");
}

// Error::certificate_failure and certificate_subject: a program tells the
// reasons apart, and learns which certificate was at fault, without parsing
// the message.
TEST_F(VerifyTest, FailuresCarryTheReasonAndTheCertificate) {
  struct Case {
    Result<VerifiedPath> result;
    CertificateFailure reason;
    std::string subject;
  };
  VerifyOptions later = options();
  later.time = kNow + 400 * kDay;
  VerifyOptions earlier = options();
  earlier.time = kNow - 31 * kDay;
  Issued tampered = leaf_;
  tampered.der[tampered.der.size() - 5] ^= 0x01;
  Bytes garbage = {0x30, 0x03, 0x02, 0x01, 0x01};
  const Case cases[] = {
      {verify(leaf_, {&intermediate_}, options("other.example")),
       CertificateFailure::kHostNameMismatch, "CN=example.com"},
      {verify(leaf_, {&intermediate_}, later), CertificateFailure::kExpired, "CN=example.com"},
      {verify(leaf_, {&intermediate_}, earlier), CertificateFailure::kNotYetValid,
       "CN=example.com"},
      {verify(leaf_, {}), CertificateFailure::kUnknownIssuer, "CN=example.com"},
      {verify(tampered, {&intermediate_}), CertificateFailure::kBadSignature, "CN=example.com"},
      {verify_leaf(leaf_with("extendedKeyUsage", "clientAuth")),
       CertificateFailure::kUsageNotAllowed, "CN=example.com"},
      {verify_intermediate(intermediate_with("keyUsage", "critical,digitalSignature")),
       CertificateFailure::kNotACa, "CN=Test Intermediate"},
      {verify_chain(garbage, std::vector<Bytes>(), store_, options()),
       CertificateFailure::kMalformed, ""},
  };
  for (const Case& c : cases) {
    ASSERT_FALSE(c.result.ok()) << certificate_failure_name(c.reason);
    const Error& error = c.result.error();
    EXPECT_EQ(error.kind, ErrorKind::kCertificate);
    EXPECT_EQ(error.certificate_failure, c.reason)
        << certificate_failure_name(error.certificate_failure) << ": " << error.message;
    EXPECT_EQ(error.certificate_subject, c.subject) << error.message;
  }
  EXPECT_EQ(certificate_failure_name(CertificateFailure::kHostNameMismatch), "host name mismatch");
}

TEST_F(VerifyTest, Sha1SignaturesAreRejectedUnlessAllowed) {
  CertSpec spec = leaf_spec();
  spec.digest = "SHA1";
  Issued leaf = issue(spec, make_key(KeyKind::kP256), &intermediate_);
  expect_rejected(verify(leaf, {&intermediate_}), AlertDescription::kUnsupportedCertificate,
                  "signature algorithm is not accepted");
  VerifyOptions opts = options();
  opts.signature_algorithms = {crypto::SignatureAlgorithm::kEcdsaSha1,
                               crypto::SignatureAlgorithm::kEcdsaSha256};
  EXPECT_TRUE(verify(leaf, {&intermediate_}, opts).ok());
}

TEST_F(VerifyTest, PathLenConstraintCountsNonSelfIssuedIntermediates) {
  CertSpec constrained = intermediate_spec("Constrained");
  set_extension(constrained, "basicConstraints", "critical,CA:TRUE,pathlen:0");
  Issued top = issue(constrained, make_key(KeyKind::kP256), &root_);
  Issued below = issue(intermediate_spec("Below"), make_key(KeyKind::kP384), &top);
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP256), &below);
  expect_rejected(verify(leaf, {&below, &top}), AlertDescription::kBadCertificate,
                  "pathLenConstraint 0 exceeded by 1");
  Issued direct = issue(leaf_spec(), make_key(KeyKind::kP256), &top);
  EXPECT_TRUE(verify(direct, {&top}).ok());
}

TEST_F(VerifyTest, IssuersMustBeCas) {
  CertSpec not_ca = intermediate_with("basicConstraints", "critical,CA:FALSE");
  set_extension(not_ca, "keyUsage", "digitalSignature");
  CertSpec no_ski = intermediate_spec();
  no_ski.key_ids = false;
  no_ski.extensions.push_back(testing::config_extension("authorityKeyIdentifier", "keyid:always"));
  for (const auto& [spec, fragment] : {
           std::pair{not_ca, "not a CA (basicConstraints cA)"},
           std::pair{intermediate_with("keyUsage", "critical,cRLSign"),
                     "keyUsage without keyCertSign"},
           std::pair{intermediate_with("basicConstraints", "CA:TRUE"),
                     "non-critical basicConstraints"},
           std::pair{no_ski, "no subjectKeyIdentifier"},
       }) {
    SCOPED_TRACE(fragment);
    expect_rejected(verify_intermediate(spec), AlertDescription::kBadCertificate, fragment);
  }
}

TEST_F(VerifyTest, IntermediateExtKeyUsageMustAllowThePurpose) {
  expect_rejected(verify_intermediate(intermediate_with("extendedKeyUsage", "clientAuth")),
                  AlertDescription::kUnsupportedCertificate,
                  "extKeyUsage does not include serverAuth");
  EXPECT_TRUE(verify_intermediate(intermediate_with("extendedKeyUsage", "serverAuth")).ok());
}

TEST_F(VerifyTest, LeafKeyUsageAndKeyEncipherment) {
  const CertSpec encipher = leaf_with("keyUsage", "critical,keyEncipherment");
  expect_rejected(verify_leaf(encipher, options(), KeyKind::kRsa2048),
                  AlertDescription::kUnsupportedCertificate,
                  "keyUsage does not include digitalSignature");
  VerifyOptions rsa_kx = options();
  rsa_kx.leaf_key_use = LeafKeyUse::kKeyEncipherment;
  EXPECT_TRUE(verify_leaf(encipher, rsa_kx, KeyKind::kRsa2048).ok());
  // RFC 5246 7.4.2: RSA key exchange needs keyEncipherment, not just any usage.
  expect_rejected(
      verify_leaf(leaf_with("keyUsage", "critical,digitalSignature"), rsa_kx, KeyKind::kRsa2048),
      AlertDescription::kUnsupportedCertificate, "keyUsage does not include keyEncipherment");
  // Nothing can be encrypted to an EC key.
  expect_rejected(verify_leaf(encipher, rsa_kx, KeyKind::kP256),
                  AlertDescription::kUnsupportedCertificate, "RSA key exchange needs an RSA key");
  EXPECT_TRUE(verify_leaf(leaf_without("keyUsage")).ok());
  expect_rejected(verify_leaf(leaf_with("keyUsage", "digitalSignature,keyCertSign")),
                  AlertDescription::kBadCertificate, "keyCertSign without basicConstraints cA");
}

TEST_F(VerifyTest, LeafExtKeyUsageMatchesTheRole) {
  const CertSpec client = leaf_with("extendedKeyUsage", "clientAuth");
  expect_rejected(verify_leaf(client), AlertDescription::kUnsupportedCertificate,
                  "extKeyUsage does not include serverAuth");
  VerifyOptions client_role = options("");
  client_role.purpose = KeyPurpose::kClientAuth;
  EXPECT_TRUE(verify_leaf(client, client_role).ok());
  expect_rejected(verify_leaf(leaf_without("extendedKeyUsage")),
                  AlertDescription::kUnsupportedCertificate,
                  "no extKeyUsage (serverAuth is required)");
  expect_rejected(verify_leaf(leaf_with("extendedKeyUsage", "serverAuth,anyExtendedKeyUsage")),
                  AlertDescription::kBadCertificate, "anyExtendedKeyUsage in a leaf");
}

TEST_F(VerifyTest, LeafMustNotBeACa) {
  expect_rejected(verify_leaf(leaf_with("basicConstraints", "critical,CA:TRUE")),
                  AlertDescription::kBadCertificate, "a CA certificate used as the leaf");
}

TEST_F(VerifyTest, KeyPolicy) {
  expect_rejected(verify_leaf(leaf_spec(), options(), KeyKind::kRsa1024),
                  AlertDescription::kUnsupportedCertificate, "1024-bit RSA key");
  EXPECT_TRUE(verify_leaf(leaf_spec(), options(), KeyKind::kP384).ok());
  EXPECT_TRUE(verify_leaf(leaf_spec(), options(), KeyKind::kP521).ok());
  EXPECT_TRUE(verify_leaf(leaf_spec(), options(), KeyKind::kEd25519).ok());
}

TEST_F(VerifyTest, SerialNumberRules) {
  for (const Bytes& serial : {Bytes{0x00}, Bytes{0xff, 0x01}, Bytes(21, 0x11)}) {
    CertSpec spec = leaf_spec();
    spec.serial = serial;
    expect_rejected(verify_leaf(spec), AlertDescription::kBadCertificate,
                    "serial number is not a positive 1-20 octet integer");
  }
  CertSpec twenty = leaf_spec();
  twenty.serial = Bytes(20, 0xee);  // encoded with a leading zero: 21 octets
  twenty.serial.insert(twenty.serial.begin(), 0x00);
  EXPECT_TRUE(verify_leaf(twenty).ok());
}

TEST_F(VerifyTest, HostNameMatchesDnsSansOnly) {
  const CertSpec wildcard = leaf_with("subjectAltName", "DNS:*.example.com,DNS:example.net");
  EXPECT_TRUE(verify_leaf(wildcard, options("www.example.com")).ok());
  EXPECT_TRUE(verify_leaf(wildcard, options("WWW.Example.COM.")).ok());
  EXPECT_TRUE(verify_leaf(wildcard, options("example.net")).ok());
  expect_rejected(verify_leaf(wildcard, options("a.b.example.com")),
                  AlertDescription::kBadCertificate,
                  "not valid for a.b.example.com (subjectAltName: *.example.com, example.net)");
  expect_rejected(verify_leaf(wildcard, options("example.com")), AlertDescription::kBadCertificate,
                  "not valid for example.com");
  // No fallback to the subject common name.
  expect_rejected(verify_leaf(leaf_with("subjectAltName", "DNS:other.example")),
                  AlertDescription::kBadCertificate, "not valid for example.com");
}

TEST_F(VerifyTest, IpAddressesMatchIpSansOnly) {
  const CertSpec spec = leaf_with("subjectAltName", "DNS:192.0.2.7,IP:192.0.2.1,IP:2001:db8::1");
  EXPECT_TRUE(verify_leaf(spec, options("192.0.2.1")).ok());
  EXPECT_TRUE(verify_leaf(spec, options("2001:db8:0::1")).ok());
  expect_rejected(verify_leaf(spec, options("192.0.2.7")), AlertDescription::kBadCertificate,
                  "not valid for 192.0.2.7");
}

TEST_F(VerifyTest, NameConstraintsApplyToSansAndToCnWithoutSan) {
  CertSpec constrained = intermediate_spec("Constrained CA");
  constrained.extensions.push_back(testing::config_extension(
      "nameConstraints", "critical,permitted;DNS:example.com,excluded;DNS:bad.example.com"));
  Issued ca = issue(constrained, make_key(KeyKind::kP384), &root_);
  const auto check = [&](const CertSpec& spec, const std::string& name) {
    return verify(issue(spec, make_key(KeyKind::kP256), &ca), {&ca}, options(name));
  };
  EXPECT_TRUE(check(leaf_spec("www.example.com"), "www.example.com").ok());
  expect_rejected(
      check(leaf_spec("example.org"), "example.org"), AlertDescription::kBadCertificate,
      "dNSName example.org is outside the permitted name constraints of 'CN=Constrained CA'");
  expect_rejected(check(leaf_spec("x.bad.example.com"), "x.bad.example.com"),
                  AlertDescription::kBadCertificate, "within an excluded name constraint");
  // A wildcard that could match an excluded name is excluded.
  CertSpec wildcard = leaf_spec("www.example.com");
  set_extension(wildcard, "subjectAltName", "DNS:*.example.com");
  expect_rejected(check(wildcard, "www.example.com"), AlertDescription::kBadCertificate,
                  "dNSName *.example.com is within an excluded name constraint");
  // Without a SAN the CN is what a legacy client would match: constrained too.
  CertSpec cn_only = leaf_spec("example.org");
  testing::remove_extension(cn_only, "subjectAltName");
  expect_rejected(check(cn_only, ""), AlertDescription::kBadCertificate,
                  "dNSName example.org is outside");
}

TEST_F(VerifyTest, NonCriticalNameConstraintsAreRejected) {
  CertSpec spec = intermediate_spec();
  spec.extensions.push_back(
      testing::config_extension("nameConstraints", "permitted;DNS:example.com"));
  expect_rejected(verify_intermediate(spec), AlertDescription::kBadCertificate,
                  "non-critical nameConstraints");
}

TEST_F(VerifyTest, UnknownCriticalExtensionIsUnsupported) {
  CertSpec spec = leaf_spec();
  spec.extensions.push_back(testing::raw_extension("1.3.6.1.4.1.99999.1", {0x05, 0x00}, true));
  expect_rejected(verify_leaf(spec), AlertDescription::kUnsupportedCertificate,
                  "unsupported critical extension 1.3.6.1.4.1.99999.1");
  spec.extensions.back().critical = false;  // ignored when not critical
  EXPECT_TRUE(verify_leaf(spec).ok());
}

TEST_F(VerifyTest, SubjectAltNameCriticality) {
  CertSpec empty_subject = leaf_spec();
  empty_subject.subject = "";
  expect_rejected(verify_leaf(empty_subject), AlertDescription::kBadCertificate,
                  "empty subject without a critical subjectAltName");
  set_extension(empty_subject, "subjectAltName", "critical,DNS:example.com");
  EXPECT_TRUE(verify_leaf(empty_subject).ok());
  expect_rejected(verify_leaf(leaf_with("subjectAltName", "critical,DNS:example.com")),
                  AlertDescription::kBadCertificate,
                  "critical subjectAltName with a non-empty subject");
}

TEST_F(VerifyTest, AuthorityKeyIdentifierRules) {
  CertSpec missing = leaf_spec();
  missing.key_ids = false;
  expect_rejected(verify_leaf(missing), AlertDescription::kBadCertificate,
                  "no authorityKeyIdentifier");
  CertSpec with_issuer = leaf_spec();
  with_issuer.key_ids = false;
  with_issuer.extensions.push_back(
      testing::config_extension("authorityKeyIdentifier", "keyid:always,issuer:always"));
  expect_rejected(verify_leaf(with_issuer), AlertDescription::kBadCertificate,
                  "authorityKeyIdentifier with authorityCertIssuer");
}

// certificatePolicies with the given policy OIDs' DER contents.
testing::ExtensionSpec policies(const std::vector<Bytes>& oids) {
  Bytes body;
  for (const Bytes& oid : oids) {
    body.insert(body.end(), {0x30, static_cast<uint8_t>(oid.size() + 2), 0x06,
                             static_cast<uint8_t>(oid.size())});
    body.insert(body.end(), oid.begin(), oid.end());
  }
  Bytes value = {0x30, static_cast<uint8_t>(body.size())};
  value.insert(value.end(), body.begin(), body.end());
  return testing::raw_extension("2.5.29.32", value, false);
}

TEST_F(VerifyTest, RequireExplicitPolicyNeedsACommonPolicy) {
  const Bytes dv = {0x67, 0x81, 0x0c, 0x01, 0x02, 0x01};  // 2.23.140.1.2.1
  const Bytes ov = {0x67, 0x81, 0x0c, 0x01, 0x02, 0x02};  // 2.23.140.1.2.2
  const Bytes any = {0x55, 0x1d, 0x20, 0x00};
  CertSpec ca_spec = intermediate_spec("Policy CA");
  ca_spec.extensions.push_back(
      testing::config_extension("policyConstraints", "critical,requireExplicitPolicy:0"));
  ca_spec.extensions.push_back(policies({dv}));
  Issued ca = issue(ca_spec, make_key(KeyKind::kP384), &root_);
  const auto with = [&](std::vector<Bytes> leaf_policies) {
    CertSpec spec = leaf_spec();
    if (!leaf_policies.empty()) spec.extensions.push_back(policies(leaf_policies));
    return verify(issue(spec, make_key(KeyKind::kP256), &ca), {&ca});
  };
  EXPECT_TRUE(with({dv}).ok());
  EXPECT_TRUE(with({any}).ok());
  expect_rejected(with({ov}), AlertDescription::kBadCertificate,
                  "no certificate policy is valid for the whole path, as the "
                  "requireExplicitPolicy of 'CN=Policy CA' demands");
  expect_rejected(with({}), AlertDescription::kBadCertificate, "no certificate policy");
  // Without the constraint, policies are not required.
  EXPECT_TRUE(verify_leaf(leaf_spec()).ok());
}

// A chain root -> fresh intermediate -> leaf, with `root` the only anchor.
Result<VerifiedPath> verify_under_root(const Issued& root, const VerifyOptions& options) {
  Issued intermediate = issue(intermediate_spec(), make_key(KeyKind::kP384), &root);
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP256), &intermediate);
  TrustStore store;
  EXPECT_TRUE(store.add_der(root.der).ok());
  const std::vector<Bytes> chain = {intermediate.der};
  return verify_chain(leaf.der, chain, store, options);
}

// Roots shaped like those that fail the CA profile: each is refused under
// anchor_profile (as x509-limbo expects) and anchors a path without it
// (RFC 5280 6.1.1 (d)), as in webpki, Go, OpenSSL and GnuTLS.
TEST_F(VerifyTest, LegacyTrustAnchorsAnchorPathsWithoutTheAnchorProfile) {
  struct Legacy {
    const char* why;  // the anchor-profile refusal
    CertSpec spec;
  };
  std::vector<Legacy> roots;
  // OpenSSL 3.0's `openssl req -x509` could write an authorityKeyIdentifier
  // that is an empty SEQUENCE (limbo
  // webpki::aki::root-with-aki-missing-keyidentifier).
  CertSpec empty_aki = root_spec("Empty AKI Root");
  empty_aki.extensions.push_back(testing::raw_extension("2.5.29.35", {0x30, 0x00}, false));
  roots.push_back({"authorityKeyIdentifier without keyIdentifier", empty_aki});
  CertSpec noncritical_bc = root_spec("Go Daddy Class 2 Like Root");
  set_extension(noncritical_bc, "basicConstraints", "CA:TRUE");
  roots.push_back({"non-critical basicConstraints", noncritical_bc});
  CertSpec no_ski = root_spec("No SKI Root");
  no_ski.key_ids = false;
  roots.push_back({"no subjectKeyIdentifier", no_ski});
  CertSpec ski_mismatch = root_spec("AKI Mismatch Root");
  ski_mismatch.extensions.push_back(
      testing::raw_extension("2.5.29.35", {0x30, 0x06, 0x80, 0x04, 0x01, 0x02, 0x03, 0x04}, false));
  roots.push_back({"differs from its own subjectKeyIdentifier", ski_mismatch});
  // Go Daddy Class 2, Starfield Class 2: issuer and serial in the AKI.
  CertSpec aki_issuer = root_spec("AKI Issuer Root");
  aki_issuer.extensions.push_back(testing::raw_extension(
      "2.5.29.35",
      {0x30, 0x1b, 0x80, 0x04, 0x01, 0x02, 0x03, 0x04, 0xa1, 0x10, 0xa4, 0x0e, 0x30, 0x0c, 0x31,
       0x0a, 0x30, 0x08, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x01, 0x78, 0x82, 0x01, 0x01},
      false));
  roots.push_back({"authorityKeyIdentifier with authorityCertIssuer", aki_issuer});
  CertSpec with_eku = root_spec("EKU Root");
  set_extension(with_eku, "extendedKeyUsage", "serverAuth");
  roots.push_back({"extKeyUsage in a root", with_eku});

  VerifyOptions lenient = options();
  lenient.anchor_profile = false;
  for (const Legacy& legacy : roots) {
    SCOPED_TRACE(legacy.spec.subject);
    Issued root = issue(legacy.spec, make_key(KeyKind::kRsa2048), nullptr);
    expect_rejected(verify_under_root(root, options()), AlertDescription::kBadCertificate,
                    legacy.why);
    auto path = verify_under_root(root, lenient);
    ASSERT_TRUE(path.ok()) << path.error().message;
    EXPECT_EQ(path->certificates.size(), 3u);
  }
}

TEST_F(VerifyTest, VersionOneRootAnchorsPaths) {
  CertSpec v1 = root_spec("V1 Root");
  v1.version = 1;
  v1.extensions.clear();
  Issued root = issue(v1, make_key(KeyKind::kP256), nullptr);
  auto path = verify_under_root(root, options());
  ASSERT_TRUE(path.ok()) << path.error().message;
  EXPECT_EQ(path->certificates.size(), 3u);
}

// What every anchor needs, profile or not: a usable, strong key, a validity
// period covering the time, and its name constraints obeyed below it.
TEST_F(VerifyTest, TrustAnchorSafetyChecksHoldWithoutTheAnchorProfile) {
  VerifyOptions lenient = options();
  lenient.anchor_profile = false;
  CertSpec expired = root_spec("Expired Root");
  expired.not_after = kNow - kDay;
  expect_rejected(verify_under_root(issue(expired, make_key(KeyKind::kP256), nullptr), lenient),
                  AlertDescription::kCertificateExpired, "trust anchor 'CN=Expired Root': expired");
  expect_rejected(verify_under_root(
                      issue(root_spec("Weak Root"), make_key(KeyKind::kRsa1024), nullptr), lenient),
                  AlertDescription::kUnsupportedCertificate,
                  "trust anchor 'CN=Weak Root': 1024-bit RSA key");
  CertSpec constrained = root_spec("Constrained Root");
  constrained.extensions.push_back(
      testing::config_extension("nameConstraints", "critical,permitted;DNS:example.org"));
  expect_rejected(verify_under_root(issue(constrained, make_key(KeyKind::kP256), nullptr), lenient),
                  AlertDescription::kBadCertificate, "'CN=Constrained Root'");
  TrustStore store;
  ASSERT_TRUE(store.add_der(root_.der).ok());
  EXPECT_TRUE(check_trust_anchor(store.anchors()[0], lenient).ok());
  lenient.time = kNow + 20 * 365 * kDay;  // past the root's notAfter
  EXPECT_FALSE(check_trust_anchor(store.anchors()[0], lenient).ok());
}

TEST_F(VerifyTest, MalformedLeafIsBadCertificate) {
  Bytes truncated(leaf_.der.begin(), leaf_.der.end() - 1);
  expect_rejected(verify_chain(truncated, std::span<const Bytes>(), store_, options()),
                  AlertDescription::kBadCertificate, "leaf certificate: malformed certificate");
  // A malformed intermediate is ignored, and named if the path then fails.
  std::vector<Bytes> chain = {Bytes{0x30, 0x00}};
  expect_rejected(verify_chain(leaf_.der, chain, store_, options()), AlertDescription::kUnknownCa,
                  "ignored certificate 1: malformed certificate");
}

}  // namespace
}  // namespace parley::x509

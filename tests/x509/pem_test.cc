// PEM decoding, certificate chains and private keys in every supported form.
#include "x509/pem.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "x509/cert_factory.h"

namespace parley::x509 {
namespace {

using testing::issue;
using testing::Issued;
using testing::KeyKind;
using testing::leaf_spec;
using testing::make_key;
using testing::private_key_pem;
using testing::root_spec;

std::string temp_file(const std::string& name, const std::string& contents) {
  // The process id keeps tests that ctest runs in parallel off each other's files.
  const std::string path =
      std::string(::testing::TempDir()) + "/parley_pem_" + std::to_string(::getpid()) + "_" + name;
  std::ofstream(path, std::ios::binary) << contents;
  return path;
}

TEST(Pem, DecodesBlocksAndIgnoresSurroundingText) {
  auto blocks = parse_pem(
      "comment\n-----BEGIN THING-----\nAAEC\nAw==\n-----END THING-----\ntrailer\n"
      "-----BEGIN OTHER-----\r\n/w==\r\n-----END OTHER-----\r\n");
  ASSERT_TRUE(blocks.ok()) << blocks.error().message;
  ASSERT_EQ(blocks->size(), 2u);
  EXPECT_EQ((*blocks)[0].label, "THING");
  EXPECT_EQ((*blocks)[0].der, (Bytes{0x00, 0x01, 0x02, 0x03}));
  EXPECT_EQ((*blocks)[1].der, (Bytes{0xff}));
}

TEST(Pem, RejectsMalformedBase64AndFraming) {
  EXPECT_FALSE(parse_pem("-----BEGIN X-----\nAA!A\n-----END X-----\n").ok());
  EXPECT_FALSE(parse_pem("-----BEGIN X-----\nAAA\n-----END X-----\n").ok());   // no padding
  EXPECT_FALSE(parse_pem("-----BEGIN X-----\nAB==\n-----END X-----\n").ok());  // non-canonical
  EXPECT_FALSE(parse_pem("-----BEGIN X-----\nA=AA\n-----END X-----\n").ok());  // inner '='
  EXPECT_FALSE(parse_pem("-----BEGIN X-----\nAAAA\n-----END Y-----\n").ok());  // labels differ
  EXPECT_FALSE(parse_pem("-----BEGIN X-----\nAAAA\n").ok());                   // no END
  auto none = parse_pem("no blocks here");
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST(Pem, ParsesCertificateChains) {
  Issued root = issue(root_spec(), make_key(KeyKind::kP256), nullptr);
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP384), &root);
  auto chain = parse_pem_certificates(leaf.pem() + "\n" + root.pem());
  ASSERT_TRUE(chain.ok()) << chain.error().message;
  ASSERT_EQ(chain->size(), 2u);
  EXPECT_EQ((*chain)[0].subject_string(), "CN=example.com");
  EXPECT_EQ((*chain)[1].subject_string(), "CN=Test Root");

  const std::string path = temp_file("chain.pem", leaf.pem() + root.pem());
  auto loaded = load_certificate_chain_file(path);
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_EQ(loaded->size(), 2u);
  std::remove(path.c_str());

  EXPECT_FALSE(parse_pem_certificates(private_key_pem(make_key(KeyKind::kP256))).ok());
  auto missing = load_certificate_chain_file("/nonexistent/chain.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kConfig);
  EXPECT_NE(missing.error().message.find("/nonexistent/chain.pem"), std::string::npos);
  const std::string garbage = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
  auto bad = parse_pem_certificates(garbage);
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("PEM certificate 1: malformed certificate"),
            std::string::npos);
}

struct KeyCase {
  KeyKind kind;
  bool traditional;
  const char* label;
};

class PrivateKeyPem : public ::testing::TestWithParam<KeyCase> {};

TEST_P(PrivateKeyPem, LoadsAndMatchesItsCertificate) {
  const KeyCase& param = GetParam();
  auto key = make_key(param.kind);
  const std::string pem = private_key_pem(key, param.traditional);
  ASSERT_NE(pem.find(std::string("-----BEGIN ") + param.label + "-----"), std::string::npos) << pem;
  auto parsed = parse_private_key_pem(pem);
  ASSERT_TRUE(parsed.ok()) << parsed.error().message;

  Issued root = issue(root_spec(), make_key(KeyKind::kP256), nullptr);
  auto cert = Certificate::parse(issue(leaf_spec(), key, &root).der);
  ASSERT_TRUE(cert.ok());
  EXPECT_TRUE(check_key_matches_certificate(**parsed, *cert).ok());
  auto other = Certificate::parse(issue(leaf_spec(), make_key(param.kind, true), &root).der);
  ASSERT_TRUE(other.ok());
  Status mismatch = check_key_matches_certificate(**parsed, *other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(mismatch.error().kind, ErrorKind::kConfig);
  EXPECT_NE(mismatch.error().message.find("does not match"), std::string::npos);

  const std::string path = temp_file("key.pem", pem);
  EXPECT_TRUE(load_private_key_file(path).ok());
  std::remove(path.c_str());
}

INSTANTIATE_TEST_SUITE_P(Formats, PrivateKeyPem,
                         ::testing::Values(KeyCase{KeyKind::kP256, false, "PRIVATE KEY"},
                                           KeyCase{KeyKind::kP256, true, "EC PRIVATE KEY"},
                                           KeyCase{KeyKind::kRsa2048, false, "PRIVATE KEY"},
                                           KeyCase{KeyKind::kRsa2048, true, "RSA PRIVATE KEY"},
                                           KeyCase{KeyKind::kEd25519, false, "PRIVATE KEY"}));

TEST(PrivateKeyPemErrors, EncryptedAndUnsupportedKeysSayWhy) {
  auto encrypted = parse_private_key_pem(
      "-----BEGIN ENCRYPTED PRIVATE KEY-----\nMAA=\n-----END ENCRYPTED PRIVATE KEY-----\n");
  ASSERT_FALSE(encrypted.ok());
  EXPECT_EQ(encrypted.error().kind, ErrorKind::kConfig);
  EXPECT_NE(encrypted.error().message.find("encrypted private keys are not supported"),
            std::string::npos);
  auto legacy = parse_private_key_pem(
      "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
      "MAA=\n-----END RSA PRIVATE KEY-----\n");
  ASSERT_FALSE(legacy.ok());
  EXPECT_NE(legacy.error().message.find("encrypted"), std::string::npos);
  auto dsa = parse_private_key_pem(
      "-----BEGIN DSA PRIVATE KEY-----\nMAA=\n-----END DSA PRIVATE KEY-----\n");
  ASSERT_FALSE(dsa.ok());
  EXPECT_NE(dsa.error().message.find("unsupported private key type \"DSA PRIVATE KEY\""),
            std::string::npos);
  auto garbage =
      parse_private_key_pem("-----BEGIN PRIVATE KEY-----\nMAA=\n-----END PRIVATE KEY-----\n");
  ASSERT_FALSE(garbage.ok());
  EXPECT_NE(garbage.error().message.find("malformed PRIVATE KEY"), std::string::npos);
  auto none = parse_private_key_pem("nothing");
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.error().message.find("no PRIVATE KEY block"), std::string::npos);
  auto missing = load_private_key_file("/nonexistent/key.pem");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.error().message.find("cannot open /nonexistent/key.pem"), std::string::npos);
}

}  // namespace
}  // namespace parley::x509

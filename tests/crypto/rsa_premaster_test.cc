// TLS 1.2 RSA key transport (RFC 5246 7.4.7.1).
#include <gtest/gtest.h>

#include "crypto/oracle.h"
#include "crypto/provider.h"
#include "crypto/signature.h"

namespace parley::crypto {
namespace {

const Provider& provider() {
  return default_provider();
}

class RsaPremaster : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto& g = testing::generated_key("RSA:2048");
    key_ = std::move(provider().parse_private_key(g.pkcs8, PrivateKeyFormat::kPkcs8)).value();
    public_ = std::move(provider().parse_public_key(g.spki)).value();
    premaster_ = Bytes(48);
    provider().random(premaster_);
    premaster_[0] = 0x03;
    premaster_[1] = 0x03;
  }

  Bytes encrypt(ByteView plaintext) {
    return std::move(public_->rsa_encrypt_pkcs1(plaintext)).value();
  }

  // Decrypts and checks the contract for a failure: 48 bytes, no error, and
  // not the premaster secret.
  void expect_random_secret(ByteView ciphertext, uint16_t version, const std::string& what) {
    auto out = key_->rsa_decrypt_premaster(ciphertext, version);
    ASSERT_TRUE(out.ok()) << what;
    EXPECT_EQ(out->size(), 48u) << what;
    EXPECT_NE(to_hex(out->view()), to_hex(premaster_)) << what;
  }

  std::unique_ptr<PrivateKey> key_;
  std::unique_ptr<PublicKey> public_;
  Bytes premaster_;
};

TEST_F(RsaPremaster, RoundTrip) {
  Bytes ciphertext = encrypt(premaster_);
  EXPECT_EQ(ciphertext.size(), 256u);
  auto out = key_->rsa_decrypt_premaster(ciphertext, 0x0303);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_hex(out->view()), to_hex(premaster_));
}

TEST_F(RsaPremaster, EncryptionIsStandardPkcs1) {
  // libcrypto decrypts what we encrypt, and we decrypt what it encrypts.
  const auto& g = testing::generated_key("RSA:2048");
  EXPECT_EQ(testing::oracle_rsa_decrypt(g, encrypt(premaster_)), premaster_);
  auto out = key_->rsa_decrypt_premaster(testing::oracle_rsa_encrypt(g, premaster_), 0x0303);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(to_hex(out->view()), to_hex(premaster_));
}

TEST_F(RsaPremaster, WrongClientVersionGivesRandomSecret) {
  Bytes ciphertext = encrypt(premaster_);
  expect_random_secret(ciphertext, 0x0302, "version 3.2");
  expect_random_secret(ciphertext, 0x0301, "version 3.1");
  expect_random_secret(ciphertext, 0x0304, "version 3.4");
}

TEST_F(RsaPremaster, CorruptedCiphertextGivesRandomSecret) {
  Bytes ciphertext = encrypt(premaster_);
  for (size_t i : {size_t{0}, size_t{100}, size_t{255}}) {
    Bytes bad = ciphertext;
    bad[i] ^= 0x01;
    expect_random_secret(bad, 0x0303, "flipped byte " + std::to_string(i));
  }
}

TEST_F(RsaPremaster, WrongLengthsGiveRandomSecret) {
  Bytes ciphertext = encrypt(premaster_);
  expect_random_secret(ByteView(ciphertext).first(255), 0x0303, "short ciphertext");
  Bytes longer = ciphertext;
  longer.push_back(0);
  expect_random_secret(longer, 0x0303, "long ciphertext");
  expect_random_secret({}, 0x0303, "empty ciphertext");
  expect_random_secret(Bytes(256, 0xff), 0x0303, "ciphertext above the modulus");
  // Correctly padded plaintexts of the wrong length.
  expect_random_secret(encrypt(ByteView(premaster_).first(47)), 0x0303, "47-byte premaster");
  Bytes longer_premaster = premaster_;
  longer_premaster.push_back(0x42);
  expect_random_secret(encrypt(longer_premaster), 0x0303, "49-byte premaster");
}

TEST_F(RsaPremaster, FailuresGiveFreshRandomness) {
  Bytes bad = encrypt(premaster_);
  bad[10] ^= 0x80;
  auto first = key_->rsa_decrypt_premaster(bad, 0x0303);
  auto second = key_->rsa_decrypt_premaster(bad, 0x0303);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(to_hex(first->view()), to_hex(second->view()));
}

TEST_F(RsaPremaster, OnlyRsaEncryptionKeys) {
  for (const char* spec : {"EC:P-256", "RSA-PSS:2048"}) {
    const auto& g = testing::generated_key(spec);
    auto key = provider().parse_private_key(g.pkcs8, PrivateKeyFormat::kPkcs8);
    ASSERT_TRUE(key.ok());
    EXPECT_FALSE((*key)->rsa_decrypt_premaster(Bytes(256, 1), 0x0303).ok()) << spec;
    auto pub = provider().parse_public_key(g.spki);
    ASSERT_TRUE(pub.ok());
    EXPECT_FALSE((*pub)->rsa_encrypt_pkcs1(premaster_).ok()) << spec;
  }
}

TEST_F(RsaPremaster, PlaintextTooLongForTheModulus) {
  EXPECT_FALSE(public_->rsa_encrypt_pkcs1(Bytes(256 - 10, 1)).ok());
  EXPECT_TRUE(public_->rsa_encrypt_pkcs1(Bytes(256 - 11, 1)).ok());
}

TEST(Random, FillsAndDiffers) {
  Bytes a(64), b(64);
  provider().random(a);
  provider().random(b);
  EXPECT_NE(a, b);
  EXPECT_NE(a, Bytes(64, 0));
  provider().random({});  // empty is fine
}

}  // namespace
}  // namespace parley::crypto

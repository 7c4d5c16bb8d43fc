// RFC 5246 7.4.2: the server certificate's keyUsage, when present, must allow
// what the negotiated TLS 1.2 suite does with its key: keyEncipherment for
// the RSA key exchange, digitalSignature for the ECDHE suites.
#include <gtest/gtest.h>

#include "connection_pair.h"

namespace parley::testing {
namespace {

// An RSA server leaf with exactly `key_usage`, from the cached RSA PKI's CA.
std::shared_ptr<const CertifiedKey> rsa_leaf_with_usage(const std::string& key_usage) {
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  const x509::testing::Key key = x509::testing::make_key(KeyKind::kRsa2048);
  x509::testing::CertSpec spec = x509::testing::leaf_spec("server.test");
  x509::testing::set_extension(spec, "keyUsage", key_usage);
  const x509::testing::Issued leaf = x509::testing::issue(spec, key, &pki.ca);
  auto certified =
      CertifiedKey::from_pem(leaf.pem() + pki.ca.pem(), x509::testing::private_key_pem(key));
  EXPECT_TRUE(certified.ok()) << certified.error().to_string();
  return *certified;
}

// Runs a TLS 1.2 handshake with `suite` against a server holding `leaf`.
Pair handshake(CipherSuite suite, std::shared_ptr<const CertifiedKey> leaf) {
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  auto client = client_config(pki);
  auto server = server_config(pki);
  for (CommonConfig* config :
       {static_cast<CommonConfig*>(client.get()), static_cast<CommonConfig*>(server.get())}) {
    config->versions = {ProtocolVersion::kTls12};
    config->cipher_suites = {suite};
  }
  server->certificates = {std::move(leaf)};
  Pair pair(client, server);
  pair.pump();
  return pair;
}

TEST(Tls12KeyUsage, RsaKeyExchangeNeedsKeyEncipherment) {
  Pair pair = handshake(CipherSuite::kTlsRsaWithAes128GcmSha256,
                        rsa_leaf_with_usage("critical,digitalSignature"));
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kUnsupportedCertificate);
  EXPECT_NE(pair.client().error()->message.find("keyEncipherment"), std::string::npos)
      << pair.client().error()->message;
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kUnsupportedCertificate);
}

TEST(Tls12KeyUsage, RsaKeyExchangeWithKeyEnciphermentOnlyCompletes) {
  Pair pair = handshake(CipherSuite::kTlsRsaWithAes128GcmSha256,
                        rsa_leaf_with_usage("critical,keyEncipherment"));
  EXPECT_TRUE(pair.handshake_done());
}

TEST(Tls12KeyUsage, EcdheRsaNeedsDigitalSignature) {
  Pair refused = handshake(CipherSuite::kTlsEcdheRsaWithAes128GcmSha256,
                           rsa_leaf_with_usage("critical,keyEncipherment"));
  ASSERT_TRUE(refused.client().failed());
  EXPECT_EQ(refused.client().error()->alert, AlertDescription::kUnsupportedCertificate);
  EXPECT_NE(refused.client().error()->message.find("digitalSignature"), std::string::npos);

  Pair accepted = handshake(CipherSuite::kTlsEcdheRsaWithAes128GcmSha256,
                            rsa_leaf_with_usage("critical,digitalSignature"));
  EXPECT_TRUE(accepted.handshake_done());
}

}  // namespace
}  // namespace parley::testing

// The server certificate's keyUsage, when present, must allow what the
// handshake does with its key (RFC 5246 7.4.2): keyEncipherment for the TLS
// 1.2 RSA key exchange, digitalSignature for every signing suite and TLS 1.3.
// Our server does not pick a suite its certificate may not serve; our client
// refuses a server that does.
#include <gtest/gtest.h>

#include "codec/messages.h"
#include "connection_pair.h"
#include "tls12_link.h"

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

// Runs a handshake with `suite` (of `version`) against a server holding `leaf`.
Pair handshake(CipherSuite suite, std::shared_ptr<const CertifiedKey> leaf,
               ProtocolVersion version = ProtocolVersion::kTls12) {
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  auto client = client_config(pki);
  auto server = server_config(pki);
  for (CommonConfig* config :
       {static_cast<CommonConfig*>(client.get()), static_cast<CommonConfig*>(server.get())}) {
    config->versions = {version};
    config->cipher_suites = {suite};
  }
  server->certificates = {std::move(leaf)};
  Pair pair(client, server);
  pair.pump();
  return pair;
}

TEST(Tls12KeyUsage, ServerDoesNotOfferRsaKeyExchangeItsCertificateMayNotServe) {
  Pair pair = handshake(CipherSuite::kTlsRsaWithAes128GcmSha256,
                        rsa_leaf_with_usage("critical,digitalSignature"));
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kHandshakeFailure);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kHandshakeFailure);
}

TEST(Tls12KeyUsage, ClientRefusesRsaKeyExchangeWithoutKeyEncipherment) {
  // A server that does not check its own certificate: the link swaps in a
  // leaf (same key) whose keyUsage is digitalSignature alone.
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  auto client = client_config(pki);
  auto server = server_config(pki);
  for (CommonConfig* config :
       {static_cast<CommonConfig*>(client.get()), static_cast<CommonConfig*>(server.get())}) {
    config->versions = {ProtocolVersion::kTls12};
    config->cipher_suites = {CipherSuite::kTlsRsaWithAes128GcmSha256};
  }
  Tls12Link link(client, server);
  const auto signing_only = rsa_leaf_with_usage("critical,digitalSignature");
  link.server_hook = [&](std::vector<WireRecord>& records) {
    const int at = find_message(records, codec::HandshakeType::kCertificate);
    if (at >= 0) records[at] = handshake_record(codec::Certificate12{signing_only->chain()});
  };
  link.pump();
  ASSERT_TRUE(link.client().failed());
  EXPECT_EQ(link.client().error()->alert, AlertDescription::kUnsupportedCertificate);
  EXPECT_NE(link.client().error()->message.find("keyUsage does not include keyEncipherment"),
            std::string::npos)
      << link.client().error()->message;
}

TEST(Tls12KeyUsage, RsaKeyExchangeWithKeyEnciphermentOnlyCompletes) {
  Pair pair = handshake(CipherSuite::kTlsRsaWithAes128GcmSha256,
                        rsa_leaf_with_usage("critical,keyEncipherment"));
  EXPECT_TRUE(pair.handshake_done());
}

TEST(Tls12KeyUsage, EcdheRsaNeedsDigitalSignature) {
  Pair refused = handshake(CipherSuite::kTlsEcdheRsaWithAes128GcmSha256,
                           rsa_leaf_with_usage("critical,keyEncipherment"));
  ASSERT_TRUE(refused.server().failed());
  EXPECT_EQ(refused.server().error()->alert, AlertDescription::kHandshakeFailure);

  Pair accepted = handshake(CipherSuite::kTlsEcdheRsaWithAes128GcmSha256,
                            rsa_leaf_with_usage("critical,digitalSignature"));
  EXPECT_TRUE(accepted.handshake_done());
}

// RFC 8446 4.4.2.2: a TLS 1.3 server always signs.
TEST(Tls13KeyUsage, ServerNeedsACertificateThatMaySign) {
  Pair refused =
      handshake(CipherSuite::kTlsAes128GcmSha256, rsa_leaf_with_usage("critical,keyEncipherment"),
                ProtocolVersion::kTls13);
  ASSERT_TRUE(refused.server().failed());
  EXPECT_EQ(refused.server().error()->alert, AlertDescription::kHandshakeFailure);
  Pair accepted =
      handshake(CipherSuite::kTlsAes128GcmSha256, rsa_leaf_with_usage("critical,digitalSignature"),
                ProtocolVersion::kTls13);
  EXPECT_TRUE(accepted.handshake_done());
}

}  // namespace
}  // namespace parley::testing

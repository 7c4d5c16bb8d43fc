// The server certificate's keyUsage, when present, must allow what the
// handshake does with its key (RFC 5246 7.4.2): keyEncipherment for the TLS
// 1.2 RSA key exchange, digitalSignature for every signing suite and TLS 1.3.
// Our server does not pick a suite its certificate may not serve; our client
// refuses a server that does.
#include <gtest/gtest.h>

#include <utility>

#include "codec/messages.h"
#include "connection_pair.h"
#include "tls12_link.h"

namespace parley::testing {
namespace {

// An RSA server leaf with exactly `key_usage`, from the cached RSA PKI's CA.
std::shared_ptr<const CertifiedKey> rsa_leaf_with_usage(const std::string& key_usage) {
  x509::testing::CertSpec spec = x509::testing::leaf_spec("server.test");
  x509::testing::set_extension(spec, "keyUsage", key_usage);
  return issue_leaf(cached_pki(KeyKind::kRsa2048), KeyKind::kRsa2048, spec);
}

// Client and server configs for the cached RSA PKI that offer only `suite`
// of `version`.
std::pair<std::shared_ptr<ClientConfig>, std::shared_ptr<ServerConfig>> configs(
    CipherSuite suite, ProtocolVersion version = ProtocolVersion::kTls12) {
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  auto client = client_config(pki);
  auto server = server_config(pki);
  client->versions = server->versions = {version};
  client->cipher_suites = server->cipher_suites = {suite};
  return {client, server};
}

// Runs a handshake with `suite` (of `version`) against a server holding `leaf`.
Pair handshake(CipherSuite suite, std::shared_ptr<const CertifiedKey> leaf,
               ProtocolVersion version = ProtocolVersion::kTls12) {
  auto [client, server] = configs(suite, version);
  server->certificates = {std::move(leaf)};
  Pair pair(client, server);
  pair.pump();
  return pair;
}

// A server that does not check its own certificate: the link replaces the
// chain it sends with `leaf` (same key, other keyUsage).
void swap_server_leaf(Tls12Link& link, std::shared_ptr<const CertifiedKey> leaf) {
  link.server_hook = [leaf](std::vector<WireRecord>& records) {
    const int at = find_message(records, codec::HandshakeType::kCertificate);
    if (at >= 0) records[at] = handshake_record(codec::Certificate12{leaf->chain()});
  };
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
  auto [client, server] = configs(CipherSuite::kTlsRsaWithAes128GcmSha256);
  Tls12Link link(client, server);
  swap_server_leaf(link, rsa_leaf_with_usage("critical,digitalSignature"));
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

// Skipping chain validation (insecure_skip_verification) trusts the chain,
// not a key used for what its certificate forbids (BoGo RSAKeyUsage-*): the
// link swaps in a leaf (same key) whose keyUsage is keyEncipherment alone.
TEST(Tls12KeyUsage, ClientWithoutValidationStillChecksKeyUsage) {
  auto [client, server] = configs(CipherSuite::kTlsEcdheRsaWithAes128GcmSha256);
  client->trust_anchors = nullptr;
  client->insecure_skip_verification = true;
  Tls12Link link(client, server);
  swap_server_leaf(link, rsa_leaf_with_usage("critical,keyEncipherment"));
  link.pump();
  ASSERT_TRUE(link.client().failed());
  EXPECT_EQ(link.client().error()->alert, AlertDescription::kUnsupportedCertificate)
      << link.client().error()->to_string();
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

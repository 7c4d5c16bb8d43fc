// The public handles of include/parley/ over their internals: the crypto
// provider a config names, and what CertifiedKey and TrustAnchors report.
#include <gtest/gtest.h>

#include "connection_pair.h"
#include "parley/crypto_provider.h"

namespace parley::testing {
namespace {

TEST(CryptoProviderHandle, LibcryptoIsTheDefaultProvider) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->provider = &CryptoProvider::libcrypto();
  auto server = server_config(pki);
  server->provider = &CryptoProvider::libcrypto();
  Pair pair(client, server);
  pair.pump();
  EXPECT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client_to_server("over the named provider"), "over the named provider");
}

// An application class deriving from the handle is no provider parley can use.
class ForeignProvider : public CryptoProvider {};

TEST(CryptoProviderHandle, AForeignProviderIsAConfigError) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  const ForeignProvider foreign;
  auto client = client_config(pki);
  client->provider = &foreign;
  auto connection = ClientConnection::create(client, "server.test");
  ASSERT_FALSE(connection.ok());
  EXPECT_EQ(connection.error().kind, ErrorKind::kConfig);
  EXPECT_NE(connection.error().message.find("provider"), std::string::npos);
  auto server = server_config(pki);
  server->provider = &foreign;
  EXPECT_EQ(ServerConnection::create(server).error().kind, ErrorKind::kConfig);
}

TEST(CertifiedKeyHandle, ReportsTheChainAndTheLeafKeyUsage) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  // make_pki loads leaf + CA as the chain.
  ASSERT_EQ(pki.server->chain().size(), 2u);
  EXPECT_EQ(pki.server->chain()[1], pki.ca.der);
  EXPECT_TRUE(pki.server->allows_signing());
  EXPECT_EQ(pki.anchors->size(), 1u);
}

}  // namespace
}  // namespace parley::testing

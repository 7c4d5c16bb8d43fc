// The public API over its internals: the crypto provider a config names,
// what CertifiedKey and TrustAnchors report, the certificate failure reasons
// a connection reports, and plaintext HTTP where TLS was expected.
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

// The connection's error carries the reason x509 found, and the subject.
TEST(CertificateErrors, TheClientSeesTheReasonAndTheSubject) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  const TestPki other = make_pki(KeyKind::kP256, "server.test", "another CA");
  struct Case {
    std::string name;
    std::shared_ptr<ClientConfig> client;
    std::string server_name;
    CertificateFailure reason;
    std::string subject;
  };
  auto expired = client_config(pki);
  expired->clock = [] { return x509::testing::kNow + 400 * x509::testing::kDay; };
  auto early = client_config(pki);
  early->clock = [] { return x509::testing::kNow - 31 * x509::testing::kDay; };
  const Case cases[] = {
      {"mismatch", client_config(pki), "other.test", CertificateFailure::kHostNameMismatch,
       "CN=server.test"},
      {"expired", expired, "server.test", CertificateFailure::kExpired, "CN=server.test"},
      {"early", early, "server.test", CertificateFailure::kNotYetValid, "CN=server.test"},
      // The server sends its CA too: the chain ends at that CA, whose issuer
      // (itself) the client does not trust.
      {"untrusted", client_config(other), "server.test", CertificateFailure::kUnknownIssuer,
       "CN=parley test CA"},
  };
  for (const Case& c : cases) {
    Pair pair(c.client, server_config(pki), c.server_name);
    pair.pump();
    ASSERT_TRUE(pair.client().failed()) << c.name;
    const Error& error = *pair.client().error();
    EXPECT_EQ(error.kind, ErrorKind::kCertificate) << c.name;
    EXPECT_EQ(error.certificate_failure, c.reason) << c.name << ": " << error.message;
    EXPECT_EQ(error.certificate_subject, c.subject) << c.name << ": " << error.message;
  }
}

std::span<const uint8_t> bytes_of(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

TEST(PlaintextHttp, AServerNamesAnHttpRequest) {
  auto server = ServerConnection::create(server_config(cached_pki(KeyKind::kP256)));
  ASSERT_TRUE(server.ok());
  auto taken = server->receive_tls(bytes_of("GET / HTTP/1.1\r\nHost: server.test\r\n\r\n"));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().message, "the peer sent plaintext HTTP, not TLS");
  EXPECT_TRUE(server->failed());
}

TEST(PlaintextHttp, AClientNamesAnHttpResponse) {
  auto client = ClientConnection::create(client_config(cached_pki(KeyKind::kP256)), "server.test");
  ASSERT_TRUE(client.ok());
  client->consume_tls(client->pending_tls().size());  // the ClientHello, "sent"
  auto taken =
      client->receive_tls(bytes_of("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n"));
  ASSERT_FALSE(taken.ok());
  EXPECT_EQ(taken.error().message, "the peer sent plaintext HTTP, not TLS");
  EXPECT_EQ(client->error()->message, "the peer sent plaintext HTTP, not TLS");
}

}  // namespace
}  // namespace parley::testing

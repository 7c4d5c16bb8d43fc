// Configured signature schemes: what reaches the wire and what parley signs
// with. Schemes parley does not implement (BoringSSL's private-use MD5-SHA1
// pseudo-scheme 0xff01) are never offered, a list of only those is a
// configuration error rather than an empty signature_algorithms (RFC 8446
// 4.2.3, RFC 5246 7.4.1.4.1), and SHA-1 is never signed with (RFC 9155)
// even where configured: the handshake fails with handshake_failure, or the
// client sends no certificate (RFC 5246 7.4.6), not internal_error.
#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

#include "connection_pair.h"

namespace parley::testing {
namespace {

constexpr auto kMd5Sha1 = static_cast<SignatureScheme>(0xff01);

TEST(SignatureSchemes, SchemesParleyDoesNotImplementAreNotOffered) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->signature_schemes = {kMd5Sha1, SignatureScheme::kEcdsaSecp256r1Sha256};
  auto client_hello = std::make_shared<std::string>();
  client->trace = [client_hello](const TraceEvent& event) {
    if (event.outgoing && event.message == "ClientHello") *client_hello = event.details;
  };
  Pair pair(client, server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_NE(client_hello->find("sig_schemes=[ecdsa_secp256r1_sha256]"), std::string::npos)
      << *client_hello;
}

TEST(SignatureSchemes, OnlySchemesParleyDoesNotImplementIsAConfigurationError) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->signature_schemes = {kMd5Sha1};
  auto created_client = ClientConnection::create(client, "server.test");
  ASSERT_FALSE(created_client.ok());
  EXPECT_EQ(created_client.error().kind, ErrorKind::kConfig);

  auto server = server_config(pki);
  server->signature_schemes = {kMd5Sha1};
  auto created_server = ServerConnection::create(server);
  ASSERT_FALSE(created_server.ok());
  EXPECT_EQ(created_server.error().kind, ErrorKind::kConfig);
}

// A TLS 1.2 client that accepts only rsa_pkcs1_sha1, and an RSA server told
// it may sign with that and nothing else.
TEST(SignatureSchemes, Tls12ServerRefusesToSignWithSha1WithHandshakeFailure) {
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  auto client = client_config(pki);
  client->versions = {ProtocolVersion::kTls12};
  client->signature_schemes = {SignatureScheme::kRsaPkcs1Sha1};
  auto server = server_config(pki);
  server->signing_schemes = {SignatureScheme::kRsaPkcs1Sha1};
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kHandshakeFailure)
      << pair.server().error()->to_string();
}

// The server asks for a client certificate signed with rsa_pkcs1_sha1 only.
TEST(SignatureSchemes, Tls12ClientRefusesToSignWithSha1BySendingNoCertificate) {
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  auto client = client_config(pki);
  client->versions = {ProtocolVersion::kTls12};
  client->certificate = pki.client;
  client->signing_schemes = {SignatureScheme::kRsaPkcs1Sha1};
  auto server = server_config(pki);
  server->client_auth = ClientAuth::kOptional;
  server->signature_schemes = {SignatureScheme::kRsaPkcs1Sha1};
  server->signing_schemes = {SignatureScheme::kRsaPssRsaeSha256};
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done())
      << (pair.client().failed() ? pair.client().error()->to_string()
                                 : std::string("the client did not fail"));
  EXPECT_TRUE(pair.server().info().peer_certificates.empty());
}

}  // namespace
}  // namespace parley::testing

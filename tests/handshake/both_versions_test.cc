// Behaviour that must be the same in TLS 1.3 and TLS 1.2: ALPN, certificate
// validation failures and their alerts, optional client authentication,
// close_notify, and data written before the handshake.
#include <gtest/gtest.h>

#include "common/bytes.h"
#include "connection_pair.h"

namespace parley::testing {
namespace {

class BothVersions : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  // A client that speaks only the version under test, and a default server.
  std::shared_ptr<ClientConfig> client(const TestPki& pki) const {
    auto config = client_config(pki);
    config->versions = {GetParam()};
    return config;
  }
  static const TestPki& pki() { return cached_pki(KeyKind::kP256); }
};

TEST_P(BothVersions, AlpnNegotiatedInServerOrder) {
  auto client_side = client(pki());
  client_side->alpn_protocols = {"h2", "http/1.1"};
  auto server = server_config(pki());
  server->alpn_protocols = {"http/1.1", "h2"};
  Pair pair(client_side, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().version, GetParam());
  EXPECT_EQ(pair.client().info().alpn_protocol, "http/1.1");
  EXPECT_EQ(pair.server().info().alpn_protocol, "http/1.1");
}

TEST_P(BothVersions, AlpnWithoutOverlapIsNoApplicationProtocol) {
  auto client_side = client(pki());
  client_side->alpn_protocols = {"h2"};
  auto server = server_config(pki());
  server->alpn_protocols = {"http/1.1"};
  Pair pair(client_side, server);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kNoApplicationProtocol);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kNoApplicationProtocol);
}

TEST_P(BothVersions, ClientAuthOptionalWithoutCertificate) {
  auto server = server_config(pki());
  server->client_auth = ClientAuth::kOptional;
  Pair pair(client(pki()), server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_TRUE(pair.server().info().peer_certificates.empty());
}

TEST_P(BothVersions, ClientCertificateFromUnknownCaIsUnknownCa) {
  const TestPki other = make_pki(KeyKind::kP256, "other.test", "another CA");
  auto client_side = client(pki());
  client_side->certificate = other.client;
  auto server = server_config(pki());
  server->client_auth = ClientAuth::kOptional;
  Pair pair(client_side, server);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kUnknownCa);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kUnknownCa);
}

TEST_P(BothVersions, WrongServerNameIsBadCertificate) {
  Pair pair(client(pki()), server_config(pki()), "other.test");
  pair.pump();
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->kind, ErrorKind::kCertificate);
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kBadCertificate);
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kBadCertificate);
}

// A root that fails the anchor profile (an extKeyUsage in a root, CABF
// 7.1.2.1.2) but is otherwise a sound CA, with a server and a client leaf.
const TestPki& pki_with_nonconforming_root() {
  static const TestPki pki = [] {
    x509::testing::CertSpec root = x509::testing::root_spec("root with extKeyUsage");
    x509::testing::set_extension(root, "extendedKeyUsage", "serverAuth,clientAuth");
    return make_pki(KeyKind::kP256, "server.test", root);
  }();
  return pki;
}

TEST_P(BothVersions, NonconformingRootIsRefusedUnlessAnchorsAreLenient) {
  const TestPki& odd = pki_with_nonconforming_root();
  Pair refused(client(odd), server_config(odd));
  refused.pump();
  ASSERT_TRUE(refused.client().failed());
  EXPECT_EQ(refused.client().error()->alert, AlertDescription::kBadCertificate);
  EXPECT_NE(refused.client().error()->message.find("extKeyUsage in a root"), std::string::npos)
      << refused.client().error()->message;

  auto lenient = client(odd);
  lenient->strict_trust_anchors = false;
  Pair accepted(lenient, server_config(odd));
  accepted.pump();
  EXPECT_TRUE(accepted.handshake_done());
}

TEST_P(BothVersions, ServerTrustAnchorsForClientsFollowTheSameSwitch) {
  const TestPki& odd = pki_with_nonconforming_root();
  auto client_side = client(odd);
  client_side->strict_trust_anchors = false;
  client_side->certificate = odd.client;
  auto server = server_config(odd);
  server->client_auth = ClientAuth::kRequired;
  Pair refused(client_side, server);
  refused.pump();
  ASSERT_TRUE(refused.server().failed());
  EXPECT_EQ(refused.server().error()->alert, AlertDescription::kBadCertificate);

  server->strict_trust_anchors = false;
  Pair accepted(client_side, server);
  accepted.pump();
  ASSERT_TRUE(accepted.handshake_done());
  EXPECT_EQ(accepted.server().info().peer_certificates.size(), 2u);
}

TEST_P(BothVersions, UntrustedServerIsUnknownCa) {
  const TestPki other = make_pki(KeyKind::kP256, "server.test", "another CA");
  Pair pair(client(other), server_config(pki()));
  pair.pump();
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kUnknownCa);
}

TEST_P(BothVersions, ExpiredServerCertificateIsCertificateExpired) {
  auto client_side = client(pki());
  client_side->clock = [] { return x509::testing::kNow + 3 * 365 * x509::testing::kDay; };
  Pair pair(client_side, server_config(pki()));
  pair.pump();
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kCertificateExpired);
}

TEST_P(BothVersions, CloseNotifyBothWays) {
  Pair pair(client(pki()), server_config(pki()));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  pair.client().close();
  pair.pump();
  EXPECT_TRUE(pair.server().peer_closed());
  EXPECT_FALSE(pair.server().failed());
  pair.server().close();
  pair.pump();
  EXPECT_TRUE(pair.client().peer_closed());
  EXPECT_FALSE(pair.client().failed());
  EXPECT_FALSE(pair.client().write(as_bytes("late")).ok());
}

TEST_P(BothVersions, DataWrittenBeforeHandshakeIsDelivered) {
  Pair pair(client(pki()), server_config(pki()));
  ASSERT_TRUE(pair.client().write(as_bytes("early")).ok());
  ASSERT_TRUE(pair.server().write(as_bytes("greeting")).ok());
  pair.pump();
  EXPECT_EQ(read_all(pair.server()), "early");
  EXPECT_EQ(read_all(pair.client()), "greeting");
}

INSTANTIATE_TEST_SUITE_P(Tls13AndTls12, BothVersions,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace parley::testing

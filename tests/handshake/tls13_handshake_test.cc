// In-memory TLS 1.3 client <-> server handshakes: every suite x group x
// certificate type, HelloRetryRequest, client authentication, ALPN, SNI,
// KeyUpdate, close_notify, and broken peers (each asserting its alert).
#include <gtest/gtest.h>

#include <span>
#include <tuple>

#include "codec/enums.h"
#include "codec/handshake.h"
#include "codec/hello.h"
#include "codec/messages.h"
#include "connection_pair.h"
#include "crypto/provider.h"
#include "handshake/key_schedule13.h"

namespace parley::testing {
namespace {

constexpr auto kTls13 = ProtocolVersion::kTls13;

struct CertCase {
  KeyKind kind;
  SignatureScheme expected_scheme;
};

const CertCase kCertCases[] = {
    {KeyKind::kP256, SignatureScheme::kEcdsaSecp256r1Sha256},
    {KeyKind::kP384, SignatureScheme::kEcdsaSecp384r1Sha384},
    {KeyKind::kP521, SignatureScheme::kEcdsaSecp521r1Sha512},
    {KeyKind::kRsa2048, SignatureScheme::kRsaPssRsaeSha256},
    {KeyKind::kEd25519, SignatureScheme::kEd25519},
};

class Tls13Matrix : public ::testing::TestWithParam<std::tuple<CipherSuite, NamedGroup, int>> {};

TEST_P(Tls13Matrix, HandshakeAndDataBothWays) {
  const auto [suite, group, cert_index] = GetParam();
  const CertCase& cert = kCertCases[cert_index];
  const TestPki& pki = cached_pki(cert.kind);
  auto client = client_config(pki);
  client->versions = {kTls13};
  client->cipher_suites = {suite};
  client->groups = {group};
  auto server = server_config(pki);
  Pair pair(client, server);
  pair.pump();
  ASSERT_FALSE(pair.client().failed()) << pair.client().error()->to_string();
  ASSERT_FALSE(pair.server().failed()) << pair.server().error()->to_string();
  ASSERT_TRUE(pair.handshake_done());
  for (const SessionInfo* info : {&pair.client().info(), &pair.server().info()}) {
    EXPECT_EQ(info->version, kTls13);
    EXPECT_EQ(info->cipher_suite, suite);
    EXPECT_EQ(info->group, group);
    EXPECT_EQ(info->signature_scheme, cert.expected_scheme);
    EXPECT_FALSE(info->hello_retry_request);
  }
  EXPECT_EQ(pair.client().info().peer_certificate_subject, "CN=server.test");
  EXPECT_EQ(pair.server().info().server_name, "server.test");
  EXPECT_EQ(pair.client_to_server("ping"), "ping");
  EXPECT_EQ(pair.server_to_client("pong"), "pong");
}

INSTANTIATE_TEST_SUITE_P(
    AllSuitesGroupsCerts, Tls13Matrix,
    ::testing::Combine(::testing::Values(CipherSuite::kTlsAes128GcmSha256,
                                         CipherSuite::kTlsAes256GcmSha384,
                                         CipherSuite::kTlsChaCha20Poly1305Sha256),
                       ::testing::Values(NamedGroup::kX25519, NamedGroup::kSecp256r1,
                                         NamedGroup::kSecp384r1, NamedGroup::kSecp521r1,
                                         NamedGroup::kFfdhe2048, NamedGroup::kX25519MlKem768,
                                         NamedGroup::kSecp256r1MlKem768),
                       ::testing::Range(0, 5)));

TEST(Tls13Handshake, HelloRetryRequestForAnotherGroup) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->groups = {NamedGroup::kX25519, NamedGroup::kSecp256r1};
  auto server = server_config(pki);
  server->groups = {NamedGroup::kSecp256r1};
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_TRUE(pair.client().info().hello_retry_request);
  EXPECT_TRUE(pair.server().info().hello_retry_request);
  EXPECT_EQ(pair.client().info().group, NamedGroup::kSecp256r1);
  EXPECT_EQ(pair.client_to_server("after retry"), "after retry");
}

// The hybrid groups (draft-ietf-tls-ecdhe-mlkem): which group each pair of
// preferences ends on, and whether it took a HelloRetryRequest.
struct GroupCase {
  const char* name;
  std::vector<NamedGroup> client;  // empty: the default
  std::vector<NamedGroup> server;
  NamedGroup expected;
  bool retry;
};

void PrintTo(const GroupCase& c, std::ostream* out) {
  *out << c.name;
}

constexpr auto kHybrid = NamedGroup::kX25519MlKem768;
constexpr auto kP256Hybrid = NamedGroup::kSecp256r1MlKem768;

const GroupCase kGroupCases[] = {
    {"DefaultsAgreeOnX25519MlKem768", {}, {}, kHybrid, false},
    {"DefaultClientClassicalServer", {}, {NamedGroup::kX25519}, NamedGroup::kX25519, false},
    {"ServerPrefersClassical", {}, {NamedGroup::kX25519, kHybrid}, NamedGroup::kX25519, false},
    {"ClassicalClientDefaultServer", {NamedGroup::kX25519}, {}, NamedGroup::kX25519, false},
    {"RetryToX25519MlKem768", {NamedGroup::kX25519, kHybrid}, {kHybrid}, kHybrid, true},
    {"RetryToSecP256r1MlKem768",
     {NamedGroup::kX25519, kP256Hybrid},
     {kP256Hybrid},
     kP256Hybrid,
     true},
    {"RetryFromHybridSharesToP256", {}, {NamedGroup::kSecp256r1}, NamedGroup::kSecp256r1, true},
    {"RetryFromHybridSharesToTheOtherHybrid",
     {kHybrid, NamedGroup::kX25519, kP256Hybrid},
     {kP256Hybrid},
     kP256Hybrid,
     true},
    {"SecP256r1MlKem768FirstSharesP256Too",
     {kP256Hybrid, NamedGroup::kSecp256r1},
     {NamedGroup::kSecp256r1},
     NamedGroup::kSecp256r1,
     false},
    {"BothHybridsServerOrderWins",
     {kHybrid, kP256Hybrid, NamedGroup::kX25519},
     {kP256Hybrid, kHybrid},
     kHybrid,  // the only hybrid the client sent a share for, so no retry
     false},
};

class Tls13Groups : public ::testing::TestWithParam<GroupCase> {};

TEST_P(Tls13Groups, NegotiatesTheExpectedGroup) {
  const GroupCase& c = GetParam();
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->groups = c.client;
  auto server = server_config(pki);
  server->groups = c.server;
  Pair pair(client, server);
  pair.pump();
  ASSERT_FALSE(pair.client().failed()) << pair.client().error()->to_string();
  ASSERT_FALSE(pair.server().failed()) << pair.server().error()->to_string();
  ASSERT_TRUE(pair.handshake_done());
  for (const SessionInfo* info : {&pair.client().info(), &pair.server().info()}) {
    EXPECT_EQ(info->version, kTls13);
    EXPECT_EQ(info->group, c.expected);
    EXPECT_EQ(info->hello_retry_request, c.retry);
  }
  EXPECT_EQ(pair.client_to_server("ping"), "ping");
  EXPECT_EQ(pair.server_to_client("pong"), "pong");
}

INSTANTIATE_TEST_SUITE_P(Hybrids, Tls13Groups, ::testing::ValuesIn(kGroupCases),
                         [](const auto& info) { return std::string(info.param.name); });

// Never in TLS 1.2: a TLS 1.2 server with a hybrid first picks a classical
// curve, and one with only hybrids has no ECDHE group at all.
TEST(Tls13Handshake, HybridsAreNeverUsedInTls12) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto server = server_config(pki);
  server->versions = {ProtocolVersion::kTls12};
  server->groups = {kHybrid, NamedGroup::kX25519};
  Pair pair(client_config(pki), server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().version, ProtocolVersion::kTls12);
  EXPECT_EQ(pair.client().info().group, NamedGroup::kX25519);

  auto hybrid_only = server_config(pki);
  hybrid_only->versions = {ProtocolVersion::kTls12};
  hybrid_only->groups = {kHybrid, kP256Hybrid};
  auto client = client_config(pki);
  client->groups = {kHybrid, kP256Hybrid, NamedGroup::kX25519};
  Pair failing(client, hybrid_only);
  failing.pump();
  ASSERT_TRUE(failing.server().failed());
  EXPECT_EQ(failing.server().error()->alert, AlertDescription::kHandshakeFailure);
}

TEST(Tls13Handshake, Tls12OnlyClientListsNoHybrid) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->versions = {ProtocolVersion::kTls12};
  client->groups = {kHybrid, NamedGroup::kX25519};
  auto created = ClientConnection::create(client, "server.test");
  ASSERT_TRUE(created.ok());
  auto pending = created->pending_tls();
  auto hello = codec::ClientHello::decode(ByteView(pending.data(), pending.size()).subspan(9));
  ASSERT_TRUE(hello.ok());
  ASSERT_TRUE(hello->extensions.supported_groups);
  EXPECT_EQ(hello->extensions.supported_groups->groups,
            std::vector<NamedGroup>{NamedGroup::kX25519});
  EXPECT_FALSE(hello->extensions.key_share);
}

TEST(Tls13Handshake, NoCommonGroupIsHandshakeFailure) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->groups = {NamedGroup::kX25519};
  auto server = server_config(pki);
  server->groups = {NamedGroup::kSecp384r1};
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kHandshakeFailure);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->kind, ErrorKind::kPeerAlert);
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kHandshakeFailure);
}

// RFC 8017 9.1.1: RSA-PSS with a salt as long as the digest (RFC 8446
// 4.2.3) needs a modulus of at least 2 * hLen + 2 bytes, so a 1024-bit key
// can sign rsa_pss_rsae_sha384 but not rsa_pss_rsae_sha512. A client that
// accepts only the latter leaves the server no scheme: handshake_failure,
// not a signing error.
std::unique_ptr<Pair> rsa1024_pair(SignatureScheme accepted) {
  const TestPki& pki = cached_pki(KeyKind::kRsa1024);
  auto client = client_config(pki);
  client->signature_schemes = {accepted};
  client->insecure_skip_verification = true;  // the 1024-bit chain is not the point
  auto pair = std::make_unique<Pair>(client, server_config(pki));
  pair->pump();
  return pair;
}

TEST(Tls13Handshake, RsaPssDigestTooLargeForTheKeyIsHandshakeFailure) {
  auto pair = rsa1024_pair(SignatureScheme::kRsaPssRsaeSha512);
  ASSERT_TRUE(pair->server().failed());
  EXPECT_EQ(pair->server().error()->kind, ErrorKind::kProtocol);
  EXPECT_EQ(pair->server().error()->alert, AlertDescription::kHandshakeFailure)
      << pair->server().error()->to_string();
}

TEST(Tls13Handshake, RsaPssDigestThatFitsTheKeyIsUsed) {
  auto pair = rsa1024_pair(SignatureScheme::kRsaPssRsaeSha384);
  ASSERT_TRUE(pair->handshake_done());
  EXPECT_EQ(pair->client().info().signature_scheme, SignatureScheme::kRsaPssRsaeSha384);
}

TEST(Tls13Handshake, ClientAuthRequired) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->certificate = pki.client;
  auto server = server_config(pki);
  server->client_auth = ClientAuth::kRequired;
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.server().info().peer_certificate_subject, "CN=client.test");
  EXPECT_EQ(pair.client_to_server("authenticated"), "authenticated");
}

TEST(Tls13Handshake, ClientAuthRequiredWithoutCertificateIsCertificateRequired) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto server = server_config(pki);
  server->client_auth = ClientAuth::kRequired;
  Pair pair(client_config(pki), server);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kCertificateRequired);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kCertificateRequired);
}

TEST(Tls13Handshake, ServerPicksCertificateBySniAndSignatureScheme) {
  TestPki pki = make_pki(KeyKind::kP256, "a.test");
  auto b_rsa = issue_leaf(pki, KeyKind::kRsa2048, "b.test");
  auto b_ecdsa = issue_leaf(pki, KeyKind::kP384, "b.test");
  auto server = server_config(pki);
  server->certificates = {pki.server, b_rsa, b_ecdsa};
  {
    Pair pair(client_config(pki), server, "b.test");
    pair.pump();
    ASSERT_TRUE(pair.handshake_done());
    // The first certificate naming b.test that fits a scheme: the RSA one.
    EXPECT_EQ(pair.client().info().peer_certificate_subject, "CN=b.test");
    EXPECT_EQ(pair.client().info().signature_scheme, SignatureScheme::kRsaPssRsaeSha256);
  }
  {
    // A client that accepts only ECDSA P-384 gets the P-384 certificate.
    auto client = client_config(pki);
    client->signature_schemes = {SignatureScheme::kEcdsaSecp384r1Sha384};
    Pair pair(client, server, "b.test");
    pair.pump();
    ASSERT_TRUE(pair.handshake_done());
    EXPECT_EQ(pair.client().info().peer_certificate_subject, "CN=b.test");
    EXPECT_EQ(pair.client().info().signature_scheme, SignatureScheme::kEcdsaSecp384r1Sha384);
  }
  {
    Pair pair(client_config(pki), server, "a.test");
    pair.pump();
    ASSERT_TRUE(pair.handshake_done());
    EXPECT_EQ(pair.client().info().peer_certificate_subject, "CN=a.test");
  }
}

TEST(Tls13Handshake, KeyUpdateBothDirections) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Pair pair(client_config(pki), server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  ASSERT_TRUE(pair.client().update_keys(/*request_peer_update=*/true).ok());
  EXPECT_EQ(pair.client_to_server("after client update"), "after client update");
  EXPECT_EQ(pair.server_to_client("after server answer"), "after server answer");
  ASSERT_TRUE(pair.server().update_keys(false).ok());
  EXPECT_EQ(pair.server_to_client("after server update"), "after server update");
  EXPECT_FALSE(pair.client().failed());
  EXPECT_FALSE(pair.server().failed());
}

// The TLS records in `wire` (5-byte headers), counted.
size_t count_records(std::span<const uint8_t> wire) {
  size_t count = 0;
  for (size_t at = 0; at + 5 <= wire.size(); at += 5 + ((wire[at + 3] << 8) | wire[at + 4])) {
    ++count;
  }
  return count;
}

// RFC 8446 4.6.3: several update_requested KeyUpdates that arrive while we
// send nothing are answered with one KeyUpdate.
TEST(Tls13Handshake, RequestedKeyUpdatesWhileSilentGetOneAnswer) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Pair pair(client_config(pki), server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  for (int i = 0; i < 3; ++i) ASSERT_TRUE(pair.client().update_keys(true).ok());
  auto requests = pair.client().pending_tls();
  ASSERT_EQ(count_records(requests), 3u);
  ASSERT_TRUE(pair.server().receive_tls(requests).ok());
  pair.client().consume_tls(requests.size());
  EXPECT_EQ(count_records(pair.server().pending_tls()), 1u);
  pair.pump();
  EXPECT_EQ(pair.server_to_client("after one answer"), "after one answer");
  EXPECT_EQ(pair.client_to_server("and back"), "and back");
  // After application data, a new request gets a new answer.
  ASSERT_TRUE(pair.client().update_keys(true).ok());
  pair.pump();
  EXPECT_EQ(pair.server_to_client("second answer"), "second answer");
  EXPECT_FALSE(pair.client().failed());
  EXPECT_FALSE(pair.server().failed());
}

// After the handshake, a peer may send 32 messages (KeyUpdates,
// NewSessionTickets) and 32 empty records without application data in a
// row, not an endless stream.
TEST(Tls13Handshake, EndlessKeyUpdatesAreUnexpectedMessage) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Pair pair(client_config(pki), server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  for (int i = 0; i < 32; ++i) ASSERT_TRUE(pair.client().update_keys(false).ok());
  pair.pump();
  ASSERT_FALSE(pair.server().failed()) << pair.server().error()->to_string();
  EXPECT_EQ(pair.client_to_server("data resets the count"), "data resets the count");
  for (int i = 0; i < 33; ++i) ASSERT_TRUE(pair.client().update_keys(false).ok());
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kUnexpectedMessage);
}

// A connected pair (the client without a session cache, so the server sends
// no tickets) and the server's application-data encrypter, to write records
// the real server would not.
struct PairWithServerKeys {
  PairWithServerKeys() {
    const TestPki& pki = cached_pki(KeyKind::kP256);
    auto client = client_config(pki);
    client->cipher_suites = {CipherSuite::kTlsAes128GcmSha256};
    // No session cache: the server then sends no tickets, and the records
    // sealed here start at the server's first sequence number.
    client->session_cache = nullptr;
    Bytes secret;
    client->key_log = [&](std::string_view label, std::span<const uint8_t>,
                          std::span<const uint8_t> value) {
      if (label == "SERVER_TRAFFIC_SECRET_0") secret.assign(value.begin(), value.end());
    };
    pair = std::make_unique<Pair>(client, server_config(pki));
    pair->pump();
    EXPECT_TRUE(pair->handshake_done());
    const handshake::Tls13Hkdf hkdf(crypto::default_provider(), crypto::HashAlgorithm::kSha256);
    auto made = handshake::make_tls13_encrypter(hkdf, crypto::AeadAlgorithm::kAes128Gcm, secret);
    EXPECT_TRUE(made.ok());
    if (made.ok()) encrypter = std::move(*made);
  }
  // Seals `content` as one record and gives it to the client.
  Status to_client(codec::ContentType type, ByteView content) {
    Bytes wire;
    PARLEY_TRY(encrypter->seal(type, content, wire));
    PARLEY_ASSIGN_OR_RETURN(size_t taken, pair->client().receive_tls(wire));
    EXPECT_EQ(taken, wire.size());
    return {};
  }

  std::unique_ptr<Pair> pair;
  std::unique_ptr<record::Tls13Encrypter> encrypter;
};

Bytes new_session_ticket() {
  codec::NewSessionTicket13 ticket;
  ticket.ticket_lifetime = 3600;
  ticket.ticket_nonce = {1};
  ticket.ticket = Bytes(180, 0x5a);
  auto message = codec::encode_handshake(ticket);
  EXPECT_TRUE(message.ok());
  return message.ok() ? *message : Bytes();
}

// RFC 8446 5.1: a post-handshake message may be split over any number of
// records; the limit on records without application data counts messages.
TEST(Tls13Handshake, PostHandshakeMessageInOneByteRecordsIsAccepted) {
  PairWithServerKeys keys;
  ASSERT_TRUE(keys.encrypter);
  const Bytes message = new_session_ticket();
  ASSERT_GT(message.size(), 64u);
  for (uint8_t byte : message) {
    const Status sent = keys.to_client(codec::ContentType::kHandshake, Bytes{byte});
    ASSERT_TRUE(sent.ok()) << sent.error().to_string();
  }
  EXPECT_FALSE(keys.pair->client().failed());
}

// Empty records and post-handshake messages are limited separately: tickets
// followed by 32 empty records are accepted, a 33rd empty record is not.
TEST(Tls13Handshake, TicketsDoNotCountAgainstTheEmptyRecordLimit) {
  PairWithServerKeys keys;
  ASSERT_TRUE(keys.encrypter);
  for (int i = 0; i < 2; ++i) {
    ASSERT_TRUE(keys.to_client(codec::ContentType::kHandshake, new_session_ticket()).ok());
  }
  for (int i = 0; i < 32; ++i) {
    const Status sent = keys.to_client(codec::ContentType::kApplicationData, Bytes());
    ASSERT_TRUE(sent.ok()) << sent.error().to_string();
  }
  const Status last = keys.to_client(codec::ContentType::kApplicationData, Bytes());
  ASSERT_FALSE(last.ok());
  EXPECT_EQ(last.error().alert, AlertDescription::kUnexpectedMessage);
}

TEST(Tls13Handshake, TamperedServerRecordIsBadRecordMac) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Pair pair(client_config(pki), server_config(pki));
  bool tampered = false;
  pair.pump([&](std::vector<uint8_t>& chunk) {
    // Flip the last byte of the server's first flight: inside the tag of
    // its last encrypted record.
    if (!tampered && chunk.size() > 200) {
      chunk.back() ^= 1;
      tampered = true;
    }
  });
  ASSERT_TRUE(tampered);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kBadRecordMac);
}

TEST(Tls13Handshake, VersionMismatchIsProtocolVersion) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->versions = {ProtocolVersion::kTls12};
  auto server = server_config(pki);
  server->versions = {kTls13};
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kProtocolVersion);
}

TEST(Tls13Handshake, KeyLogHasTheFiveTls13Secrets) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  std::vector<std::string> labels;
  client->key_log = [&](std::string_view label, std::span<const uint8_t> random,
                        std::span<const uint8_t> secret) {
    EXPECT_EQ(random.size(), 32u);
    EXPECT_EQ(secret.size(), 32u);
    labels.emplace_back(label);
  };
  Pair pair(client, server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(labels, (std::vector<std::string>{
                        "CLIENT_HANDSHAKE_TRAFFIC_SECRET", "SERVER_HANDSHAKE_TRAFFIC_SECRET",
                        "CLIENT_TRAFFIC_SECRET_0", "SERVER_TRAFFIC_SECRET_0", "EXPORTER_SECRET"}));
}

TEST(Tls13Handshake, TraceShowsTheFlowInOrder) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto client = client_config(pki);
  client->session_cache = make_client_session_cache();  // so the server sends tickets
  std::vector<std::string> lines;
  client->trace = [&](const TraceEvent& e) {
    if (e.local) return;  // the messages only (trace_test.cc has the steps)
    lines.push_back(std::string(e.outgoing ? "> " : "< ") + e.message);
  };
  Pair pair(client, server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(lines, (std::vector<std::string>{"> ClientHello", "< ServerHello", "> ChangeCipherSpec",
                                             "< ChangeCipherSpec", "< EncryptedExtensions",
                                             "< CompressedCertificate", "< Certificate",
                                             "< CertificateVerify", "< Finished", "> Finished",
                                             "< NewSessionTicket", "< NewSessionTicket"}));
}

}  // namespace
}  // namespace parley::testing

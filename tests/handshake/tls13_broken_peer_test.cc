// TLS 1.3 against scripted, broken peers: each violation gets the alert RFC
// 8446 6.2 names, exactly once, and the connection stays closed after it.
#include <gtest/gtest.h>

#include "codec/handshake.h"
#include "codec/hello.h"
#include "codec/messages.h"
#include "connection_pair.h"
#include "crypto/provider.h"
#include "record/record.h"

namespace parley::testing {
namespace {

using codec::ContentType;

Bytes record(ContentType type, ByteView body, uint16_t version = 0x0303) {
  Bytes out;
  record::append_header(out, type, version, body.size());
  out.insert(out.end(), body.begin(), body.end());
  return out;
}

template <typename Message>
Bytes handshake_record(const Message& message) {
  auto raw = codec::encode_handshake(message);
  EXPECT_TRUE(raw.ok());
  return record(ContentType::kHandshake, *raw);
}

// The one plaintext fatal alert a connection that failed before encryption
// must have queued, and nothing else.
void expect_one_plaintext_alert(Connection& connection, AlertDescription alert) {
  ASSERT_TRUE(connection.failed());
  EXPECT_EQ(connection.error()->alert, alert) << connection.error()->to_string();
  auto pending = connection.pending_tls();
  const Bytes expected = {21, 3, 3, 0, 2, 2, static_cast<uint8_t>(alert)};
  EXPECT_EQ(Bytes(pending.begin(), pending.end()), expected);
  connection.consume_tls(pending.size());
  // Closed for good: more input is refused and produces no second alert.
  const Bytes more = record(ContentType::kAlert, Bytes{1, 0});
  EXPECT_FALSE(connection.receive_tls(more).ok());
  EXPECT_TRUE(connection.pending_tls().empty());
}

const TestPki& pki() {
  static const TestPki instance = make_pki(KeyKind::kP256);
  return instance;
}

// ---------------------------------------------------------------------------
// A real client against a scripted server

class BrokenServer : public ::testing::Test {
 protected:
  void SetUp() override {
    auto config = client_config(pki());
    config->groups = client_groups();
    auto created = ClientConnection::create(config, "server.test");
    ASSERT_TRUE(created.ok());
    client_ = std::make_unique<ClientConnection>(std::move(*created));
    hello_ = take_client_hello();
  }

  virtual std::vector<NamedGroup> client_groups() const {
    return {NamedGroup::kX25519, NamedGroup::kSecp256r1};
  }

  codec::ClientHello take_client_hello() {
    auto pending = client_->pending_tls();
    Bytes wire(pending.begin(), pending.end());
    client_->consume_tls(wire.size());
    auto hello = codec::ClientHello::decode(ByteView(wire).subspan(5 + 4));
    EXPECT_TRUE(hello.ok());
    return *hello;
  }

  // A valid ServerHello answering hello_ with x25519.
  codec::ServerHello server_hello() {
    codec::ServerHello hello;
    crypto::default_provider().random(hello.random);
    hello.legacy_session_id_echo = hello_.legacy_session_id;
    hello.cipher_suite = CipherSuite::kTlsAes128GcmSha256;
    hello.extensions.supported_versions =
        codec::SupportedVersionsServerHello{ProtocolVersion::kTls13};
    auto share = crypto::default_provider().make_key_exchange(crypto::KeyExchangeGroup::kX25519);
    const ByteView key = (*share)->public_key();
    hello.extensions.key_share =
        codec::KeyShareServerHello{{NamedGroup::kX25519, Bytes(key.begin(), key.end())}};
    return hello;
  }

  codec::ServerHello retry_request(NamedGroup group) {
    codec::ServerHello retry;
    retry.random = codec::kHelloRetryRequestRandom;
    retry.legacy_session_id_echo = hello_.legacy_session_id;
    retry.cipher_suite = CipherSuite::kTlsAes128GcmSha256;
    retry.extensions.supported_versions =
        codec::SupportedVersionsServerHello{ProtocolVersion::kTls13};
    retry.extensions.retry_key_share = codec::KeyShareHelloRetryRequest{group};
    return retry;
  }

  void feed(const Bytes& bytes) { (void)client_->receive_tls(bytes); }

  std::unique_ptr<ClientConnection> client_;
  codec::ClientHello hello_;
};

TEST_F(BrokenServer, TruncatedServerHelloIsDecodeError) {
  auto raw = codec::encode_handshake(server_hello());
  Bytes truncated = *raw;
  truncated.resize(truncated.size() - 3);
  truncated[3] = static_cast<uint8_t>(truncated[3] - 3);  // the header agrees with the body
  feed(record(ContentType::kHandshake, truncated));
  expect_one_plaintext_alert(*client_, AlertDescription::kDecodeError);
}

TEST_F(BrokenServer, UnofferedCipherSuiteIsIllegalParameter) {
  auto hello = server_hello();
  hello.cipher_suite = CipherSuite::kTlsRsaWithAes128GcmSha256;
  feed(handshake_record(hello));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenServer, MissingKeyShareIsMissingExtension) {
  auto hello = server_hello();
  hello.extensions.key_share.reset();
  feed(handshake_record(hello));
  expect_one_plaintext_alert(*client_, AlertDescription::kMissingExtension);
}

TEST_F(BrokenServer, KeyShareForAnotherGroupIsIllegalParameter) {
  auto hello = server_hello();
  hello.extensions.key_share->server_share.group = NamedGroup::kSecp256r1;
  feed(handshake_record(hello));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenServer, LowOrderX25519ShareIsIllegalParameter) {
  auto hello = server_hello();
  hello.extensions.key_share->server_share.key_exchange = Bytes(32, 0);
  feed(handshake_record(hello));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenServer, SessionIdNotEchoedIsIllegalParameter) {
  auto hello = server_hello();
  hello.legacy_session_id_echo = Bytes(32, 7);
  feed(handshake_record(hello));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenServer, SelectingTls12ViaSupportedVersionsIsIllegalParameter) {
  auto hello = server_hello();
  hello.extensions.supported_versions->selected_version = ProtocolVersion::kTls12;
  hello.extensions.key_share.reset();
  feed(handshake_record(hello));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenServer, FinishedBeforeServerHelloIsUnexpectedMessage) {
  feed(handshake_record(codec::Finished{Bytes(32, 1)}));
  expect_one_plaintext_alert(*client_, AlertDescription::kUnexpectedMessage);
}

TEST_F(BrokenServer, ApplicationDataBeforeHandshakeIsUnexpectedMessage) {
  feed(record(ContentType::kApplicationData, as_bytes("too early")));
  expect_one_plaintext_alert(*client_, AlertDescription::kUnexpectedMessage);
}

TEST_F(BrokenServer, UnknownContentTypeIsUnexpectedMessage) {
  feed(record(static_cast<ContentType>(99), Bytes{1, 2, 3}));
  expect_one_plaintext_alert(*client_, AlertDescription::kUnexpectedMessage);
}

TEST_F(BrokenServer, OversizedRecordIsRecordOverflow) {
  Bytes header = {22, 3, 3, 0x48, 0x01};  // 2^14 + 2049 bytes announced
  feed(header);
  expect_one_plaintext_alert(*client_, AlertDescription::kRecordOverflow);
}

TEST_F(BrokenServer, ChangeCipherSpecWithWrongByteIsUnexpectedMessage) {
  feed(record(ContentType::kChangeCipherSpec, Bytes{2}));
  expect_one_plaintext_alert(*client_, AlertDescription::kUnexpectedMessage);
}

TEST_F(BrokenServer, RetryForTheGroupAlreadySentIsIllegalParameter) {
  feed(handshake_record(retry_request(NamedGroup::kX25519)));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenServer, SecondHelloRetryRequestIsUnexpectedMessage) {
  feed(handshake_record(retry_request(NamedGroup::kSecp256r1)));
  ASSERT_FALSE(client_->failed());
  // The client answered with a compatibility CCS and a second ClientHello
  // carrying a P-256 share.
  auto pending = client_->pending_tls();
  Bytes wire(pending.begin(), pending.end());
  client_->consume_tls(wire.size());
  ASSERT_GT(wire.size(), 6u + 9u);
  auto second = codec::ClientHello::decode(ByteView(wire).subspan(6 + 5 + 4));
  ASSERT_TRUE(second.ok()) << second.error().to_string();
  ASSERT_EQ(second->extensions.key_share->client_shares.size(), 1u);
  EXPECT_EQ(second->extensions.key_share->client_shares[0].group, NamedGroup::kSecp256r1);
  EXPECT_EQ(second->random, hello_.random);

  feed(handshake_record(retry_request(NamedGroup::kSecp256r1)));
  expect_one_plaintext_alert(*client_, AlertDescription::kUnexpectedMessage);
}

// RFC 8446 4.2: we send no extension we do not know, so a response to one
// was never requested: unsupported_extension.
TEST_F(BrokenServer, UnknownExtensionInServerHelloIsUnsupportedExtension) {
  codec::ServerHello hello = server_hello();
  hello.extensions.unknown.push_back({static_cast<codec::ExtensionType>(0x1234), {}});
  feed(handshake_record(hello));
  expect_one_plaintext_alert(*client_, AlertDescription::kUnsupportedExtension);
}

TEST_F(BrokenServer, UnknownExtensionInHelloRetryRequestIsUnsupportedExtension) {
  codec::ServerHello retry = retry_request(NamedGroup::kSecp256r1);
  retry.extensions.unknown.push_back({static_cast<codec::ExtensionType>(0x1234), {}});
  feed(handshake_record(retry));
  expect_one_plaintext_alert(*client_, AlertDescription::kUnsupportedExtension);
}

// RFC 8446 4.1.3: a server answering a TLS 1.3-only client with TLS 1.2 is
// refused for its version, whatever suite it names.
TEST(BrokenServerVersion, Tls12ServerHelloToATls13OnlyClientIsProtocolVersion) {
  auto config = client_config(pki());
  config->versions = {ProtocolVersion::kTls13};
  auto client = ClientConnection::create(config, "server.test");
  ASSERT_TRUE(client.ok());
  client->consume_tls(client->pending_tls().size());
  codec::ServerHello hello;
  crypto::default_provider().random(hello.random);
  hello.cipher_suite = CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256;  // not offered either
  (void)client->receive_tls(handshake_record(hello));
  expect_one_plaintext_alert(*client, AlertDescription::kProtocolVersion);
}

TEST_F(BrokenServer, FatalAlertFromPeerIsReportedAndNotAnswered) {
  feed(record(ContentType::kAlert, Bytes{2, 40}));
  ASSERT_TRUE(client_->failed());
  EXPECT_EQ(client_->error()->kind, ErrorKind::kPeerAlert);
  EXPECT_EQ(client_->error()->alert, AlertDescription::kHandshakeFailure);
  EXPECT_TRUE(client_->pending_tls().empty());
}

// ---------------------------------------------------------------------------
// A scripted client against a real server

// A client offering both hybrids, against servers answering with broken
// hybrid shares (draft-ietf-tls-ecdhe-mlkem: any malformed share is
// illegal_parameter).
class BrokenHybridServer : public BrokenServer {
 protected:
  std::vector<NamedGroup> client_groups() const override {
    return {NamedGroup::kX25519MlKem768, NamedGroup::kSecp256r1MlKem768, NamedGroup::kX25519};
  }

  // A ServerHello choosing `group` with `share` as its key share.
  codec::ServerHello hybrid_hello(NamedGroup group, Bytes share) {
    auto hello = server_hello();
    hello.extensions.key_share = codec::KeyShareServerHello{{group, std::move(share)}};
    return hello;
  }
};

TEST_F(BrokenHybridServer, OffersTheHybridAndTheClassicalShare) {
  ASSERT_TRUE(hello_.extensions.key_share);
  const auto& shares = hello_.extensions.key_share->client_shares;
  ASSERT_EQ(shares.size(), 2u);
  EXPECT_EQ(shares[0].group, NamedGroup::kX25519MlKem768);
  EXPECT_EQ(shares[0].key_exchange.size(), 1184u + 32u);
  EXPECT_EQ(shares[1].group, NamedGroup::kX25519);
  EXPECT_EQ(shares[1].key_exchange.size(), 32u);
}

TEST_F(BrokenHybridServer, ShareOfWrongLengthIsIllegalParameter) {
  // X25519MLKEM768: ciphertext (1088) || X25519 (32).
  for (size_t size : std::initializer_list<size_t>{1, 32, 1088, 1119, 1121, 1153, 4000}) {
    SetUp();
    feed(handshake_record(hybrid_hello(NamedGroup::kX25519MlKem768, Bytes(size, 7))));
    expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
  }
}

TEST_F(BrokenHybridServer, ShareForTheHybridWeSentNoShareForIsIllegalParameter) {
  // SecP256r1MLKEM768 is in supported_groups but has no share: the server
  // must have asked with HelloRetryRequest.
  feed(handshake_record(hybrid_hello(NamedGroup::kSecp256r1MlKem768, Bytes(65 + 1088, 4))));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenHybridServer, ZeroX25519PartIsIllegalParameter) {
  Bytes share(1088 + 32, 0);  // any ciphertext decapsulates; the X25519 point is zero
  feed(handshake_record(hybrid_hello(NamedGroup::kX25519MlKem768, share)));
  expect_one_plaintext_alert(*client_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenHybridServer, RetryRequestToTheOtherHybridIsAnswered) {
  feed(handshake_record(retry_request(NamedGroup::kSecp256r1MlKem768)));
  ASSERT_FALSE(client_->failed()) << client_->error()->to_string();
  auto pending = client_->pending_tls();
  Bytes wire(pending.begin(), pending.end());
  // The compatibility change_cipher_spec (6 bytes), then ClientHello2 with
  // exactly one share, for the group asked for (RFC 8446 4.1.2).
  auto retry = codec::ClientHello::decode(ByteView(wire).subspan(6 + 5 + 4));
  ASSERT_TRUE(retry.ok()) << retry.error().to_string();
  const auto& shares = retry->extensions.key_share->client_shares;
  ASSERT_EQ(shares.size(), 1u);
  EXPECT_EQ(shares[0].group, NamedGroup::kSecp256r1MlKem768);
  EXPECT_EQ(shares[0].key_exchange.size(), 65u + 1184u);
  EXPECT_EQ(shares[0].key_exchange[0], 0x04);  // the P-256 point comes first
}

class BrokenClient : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = ServerConnection::create(server_config(pki()));
    ASSERT_TRUE(created.ok());
    server_ = std::make_unique<ServerConnection>(std::move(*created));
    // A genuine ClientHello from our own client, to mutate.
    auto client = ClientConnection::create(client_config(pki()), "server.test");
    ASSERT_TRUE(client.ok());
    auto pending = client->pending_tls();
    Bytes wire(pending.begin(), pending.end());
    hello_ = *codec::ClientHello::decode(ByteView(wire).subspan(5 + 4));
  }

  void feed(const Bytes& bytes) { (void)server_->receive_tls(bytes); }

  std::unique_ptr<ServerConnection> server_;
  codec::ClientHello hello_;
};

// The default ClientHello carries X25519MLKEM768 first; a share of any
// wrong length for either hybrid is illegal_parameter.
TEST_F(BrokenClient, HybridShareOfWrongLengthIsIllegalParameter) {
  for (NamedGroup group : {NamedGroup::kX25519MlKem768, NamedGroup::kSecp256r1MlKem768}) {
    const size_t right = group == NamedGroup::kX25519MlKem768 ? 1184 + 32 : 65 + 1184;
    for (size_t size : std::initializer_list<size_t>{1, 32, 65, 1184, right - 1, right + 1, 4000}) {
      SCOPED_TRACE(std::string(codec::named_group_name(group)) + " " + std::to_string(size));
      auto config = server_config(pki());
      config->groups = {group};
      auto created = ServerConnection::create(config);
      ASSERT_TRUE(created.ok());
      ServerConnection server = std::move(*created);
      codec::ClientHello hello = hello_;
      hello.extensions.supported_groups->groups = {group};
      hello.extensions.key_share->client_shares = {{group, Bytes(size, 0x04)}};
      (void)server.receive_tls(handshake_record(hello));
      expect_one_plaintext_alert(server, AlertDescription::kIllegalParameter);
    }
  }
}

TEST_F(BrokenClient, HybridEncapsulationKeyFailingTheModulusCheckIsIllegalParameter) {
  auto& share = hello_.extensions.key_share->client_shares.at(0);
  ASSERT_EQ(share.group, NamedGroup::kX25519MlKem768);
  share.key_exchange[0] = 0xff;  // the first coefficient becomes 4095
  share.key_exchange[1] |= 0x0f;
  feed(handshake_record(hello_));
  expect_one_plaintext_alert(*server_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenClient, UnmodifiedHelloIsAccepted) {
  feed(handshake_record(hello_));
  EXPECT_FALSE(server_->failed());
  EXPECT_FALSE(server_->pending_tls().empty());
}

TEST_F(BrokenClient, TruncatedClientHelloIsDecodeError) {
  auto raw = *codec::encode_handshake(hello_);
  raw.resize(40);
  raw[1] = 0;
  raw[2] = 0;
  raw[3] = 36;
  feed(record(ContentType::kHandshake, raw));
  expect_one_plaintext_alert(*server_, AlertDescription::kDecodeError);
}

TEST_F(BrokenClient, MissingSignatureAlgorithmsIsMissingExtension) {
  hello_.extensions.signature_algorithms.reset();
  feed(handshake_record(hello_));
  expect_one_plaintext_alert(*server_, AlertDescription::kMissingExtension);
}

TEST_F(BrokenClient, MissingKeyShareIsMissingExtension) {
  hello_.extensions.key_share.reset();
  feed(handshake_record(hello_));
  expect_one_plaintext_alert(*server_, AlertDescription::kMissingExtension);
}

TEST_F(BrokenClient, CompressionIsIllegalParameter) {
  hello_.legacy_compression_methods = {1, 0};
  feed(handshake_record(hello_));
  expect_one_plaintext_alert(*server_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenClient, NoCommonSuiteIsHandshakeFailure) {
  hello_.cipher_suites = {static_cast<CipherSuite>(0x1304)};  // TLS_AES_128_CCM_SHA256
  feed(handshake_record(hello_));
  expect_one_plaintext_alert(*server_, AlertDescription::kHandshakeFailure);
}

TEST_F(BrokenClient, OnlyOldVersionsIsProtocolVersion) {
  hello_.extensions.supported_versions =
      codec::SupportedVersionsClientHello{{ProtocolVersion::kTls11, ProtocolVersion::kTls10}};
  feed(handshake_record(hello_));
  expect_one_plaintext_alert(*server_, AlertDescription::kProtocolVersion);
}

TEST_F(BrokenClient, OffCurveKeyShareIsIllegalParameter) {
  hello_.extensions.supported_groups = codec::SupportedGroups{{NamedGroup::kSecp256r1}};
  Bytes point(65, 0x11);
  point[0] = 0x04;
  hello_.extensions.key_share = codec::KeyShareClientHello{{{NamedGroup::kSecp256r1, point}}};
  feed(handshake_record(hello_));
  expect_one_plaintext_alert(*server_, AlertDescription::kIllegalParameter);
}

TEST_F(BrokenClient, ApplicationDataBeforeClientHelloIsUnexpectedMessage) {
  feed(record(ContentType::kApplicationData, as_bytes("GET /")));
  expect_one_plaintext_alert(*server_, AlertDescription::kUnexpectedMessage);
}

TEST_F(BrokenClient, ChangeCipherSpecBeforeClientHelloIsUnexpectedMessage) {
  feed(record(ContentType::kChangeCipherSpec, Bytes{1}));
  expect_one_plaintext_alert(*server_, AlertDescription::kUnexpectedMessage);
}

TEST_F(BrokenClient, HandshakeMessageOfUnknownTypeIsUnexpectedMessage) {
  const Bytes bogus = {99, 0, 0, 1, 0};
  feed(record(ContentType::kHandshake, bogus));
  expect_one_plaintext_alert(*server_, AlertDescription::kUnexpectedMessage);
}

// RFC 8446 5: one compatibility change_cipher_spec is dropped; a second is
// unexpected_message, not silently dropped without limit (CVE-2020-25648).
TEST_F(BrokenClient, SecondChangeCipherSpecIsUnexpectedMessage) {
  feed(handshake_record(hello_));
  ASSERT_FALSE(server_->failed());
  feed(record(ContentType::kChangeCipherSpec, Bytes{1}));
  ASSERT_FALSE(server_->failed()) << server_->error()->to_string();
  feed(record(ContentType::kChangeCipherSpec, Bytes{1}));
  ASSERT_TRUE(server_->failed());
  EXPECT_EQ(server_->error()->alert, AlertDescription::kUnexpectedMessage);
}

// RFC 8446 4.2.10: a client MUST NOT offer early data in its second
// ClientHello; a server skips early data only up to that ClientHello, so an
// application_data record after it is deprotected, and fails.
TEST_F(BrokenClient, EarlyDataAfterSecondClientHelloIsNotSkipped) {
  auto config = server_config(pki());
  config->groups = {NamedGroup::kSecp256r1};  // asks for P-256 with HelloRetryRequest
  auto created = ServerConnection::create(config);
  ASSERT_TRUE(created.ok());
  server_ = std::make_unique<ServerConnection>(std::move(*created));
  auto& shares = hello_.extensions.key_share->client_shares;
  std::erase_if(shares, [](const auto& s) { return s.group == NamedGroup::kSecp256r1; });
  feed(handshake_record(hello_));
  ASSERT_FALSE(server_->failed()) << server_->error()->to_string();
  ASSERT_TRUE(server_->info().hello_retry_request);
  server_->consume_tls(server_->pending_tls().size());

  // The second ClientHello: a P-256 share (from a client made for it), and
  // the early_data extension it must not carry.
  auto p256 = client_config(pki());
  p256->groups = {NamedGroup::kSecp256r1};
  auto other = ClientConnection::create(p256, "server.test");
  ASSERT_TRUE(other.ok());
  auto pending = other->pending_tls();
  auto p256_hello = codec::ClientHello::decode(ByteView(pending.data(), pending.size()).subspan(9));
  ASSERT_TRUE(p256_hello.ok());
  shares = p256_hello->extensions.key_share->client_shares;
  hello_.extensions.early_data = codec::EmptyExtension{};
  feed(handshake_record(hello_));
  ASSERT_FALSE(server_->failed()) << server_->error()->to_string();
  feed(record(ContentType::kApplicationData, Bytes(40, 0x17)));
  ASSERT_TRUE(server_->failed());
  EXPECT_EQ(server_->error()->alert, AlertDescription::kBadRecordMac)
      << server_->error()->to_string();
}

// A ClientHello beyond 64 KiB (GREASE and long cipher lists, large key
// shares) is legitimate: the limit is the largest its grammar allows.
TEST_F(BrokenClient, ClientHelloLargerThan64KiBIsAccepted) {
  for (uint16_t i = 0; i < 20000; ++i) {
    hello_.cipher_suites.push_back(static_cast<CipherSuite>(0x6300 + i));  // unassigned
  }
  hello_.extensions.unknown.push_back({static_cast<codec::ExtensionType>(0x1234), Bytes(40000, 7)});
  auto raw = codec::encode_handshake(hello_);
  ASSERT_TRUE(raw.ok());
  ASSERT_GT(raw->size(), 64u * 1024);
  for (size_t at = 0; at < raw->size(); at += 16384) {
    const size_t size = std::min<size_t>(16384, raw->size() - at);
    feed(record(ContentType::kHandshake, ByteView(*raw).subspan(at, size)));
  }
  EXPECT_FALSE(server_->failed()) << server_->error()->to_string();
  EXPECT_FALSE(server_->pending_tls().empty());
}

TEST_F(BrokenClient, HugeHandshakeMessageIsRefusedWithoutBuffering) {
  const Bytes header = {1, 0xff, 0xff, 0xff};  // a 16 MiB ClientHello announced
  feed(record(ContentType::kHandshake, header));
  ASSERT_TRUE(server_->failed());
  EXPECT_EQ(server_->error()->alert, AlertDescription::kDecodeError);
}

}  // namespace
}  // namespace parley::testing

// ClientHello / ServerHello / HelloRetryRequest: known answers from RFC 8448,
// round trips, extension rules and malformed input.
#include "codec/hello.h"

#include <gtest/gtest.h>

#include "codec/handshake.h"
#include "codec/writer.h"
#include "codec_test_util.h"

namespace parley::codec {
namespace {

using namespace test;

Random random_of(std::string_view h) {
  Bytes bytes = hex(h);
  Random random{};
  EXPECT_EQ(bytes.size(), random.size());
  std::copy_n(bytes.begin(), std::min(bytes.size(), random.size()), random.begin());
  return random;
}

Bytes rfc8448_body(std::string_view label, size_t index) {
  std::vector<Bytes> blocks = test::rfc8448_blocks(label);
  EXPECT_GT(blocks.size(), index);
  return blocks.size() > index ? test::handshake_body(blocks[index]) : Bytes{};
}

// The size of a ClientHello body before its extensions block.
size_t client_hello_fixed_size(const ClientHello& hello) {
  return 2 + 32 + 1 + hello.legacy_session_id.size() + 2 + 2 * hello.cipher_suites.size() + 1 +
         hello.legacy_compression_methods.size();
}

ClientHello basic_client_hello() {
  ClientHello hello;
  hello.random = random_of("000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f");
  hello.legacy_session_id = Bytes(32, 0x55);
  hello.cipher_suites = {CipherSuite::kTlsAes128GcmSha256,
                         CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256};
  auto& ext = hello.extensions;
  ext.server_name = ServerNameList{"example.com"};
  ext.supported_groups = SupportedGroups{{NamedGroup::kX25519, NamedGroup::kSecp256r1}};
  ext.signature_algorithms = SignatureSchemeList{{SignatureScheme::kEcdsaSecp256r1Sha256}};
  ext.supported_versions =
      SupportedVersionsClientHello{{ProtocolVersion::kTls13, ProtocolVersion::kTls12}};
  ext.key_share = KeyShareClientHello{{{NamedGroup::kX25519, Bytes(32, 0x77)}}};
  ext.alpn = ProtocolNameList{{"h2", "http/1.1"}};
  ext.extended_master_secret = EmptyExtension{};
  ext.renegotiation_info = RenegotiationInfo{};
  ext.ec_point_formats = EcPointFormats{{EcPointFormat::kUncompressed}};
  ext.psk_key_exchange_modes = PskKeyExchangeModes{{PskKeyExchangeMode::kPskDheKe}};
  return hello;
}

// A ClientHello body with the given raw extensions block contents.
Bytes client_hello_with_extensions(ByteView block_contents) {
  ClientHello hello = basic_client_hello();
  hello.extensions = {};
  Writer w;
  hello.encode(w);
  w.vector_bytes(2, block_contents);
  return w.take();
}

Bytes server_hello_with_extensions(ByteView block_contents, const Random& random = {}) {
  ServerHello hello;
  hello.random = random;
  hello.cipher_suite = CipherSuite::kTlsAes128GcmSha256;
  Writer w;
  hello.encode(w);
  w.vector_bytes(2, block_contents);
  return w.take();
}

// --- RFC 8448 known answers ----------------------------------------------------------------

TEST(ClientHello, DecodesRfc8448Section3) {
  const Bytes body = rfc8448_body("ClientHello", 0);
  auto hello = ClientHello::decode(body);
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();
  EXPECT_EQ(hello->legacy_version, ProtocolVersion::kTls12);
  EXPECT_EQ(hello->random,
            random_of("6660261ff947cea49cce6cfad687f457cf1b14531ba14131a0e8f309a1d0b9c4"));
  EXPECT_TRUE(hello->legacy_session_id.empty());
  EXPECT_EQ(hello->cipher_suites, (std::vector<CipherSuite>{CipherSuite::kTlsAes128GcmSha256,
                                                            CipherSuite::kTlsChaCha20Poly1305Sha256,
                                                            CipherSuite::kTlsAes256GcmSha384}));
  EXPECT_EQ(hello->legacy_compression_methods, Bytes{0});

  const ClientHelloExtensions& ext = hello->extensions;
  ASSERT_TRUE(ext.server_name);
  EXPECT_EQ(ext.server_name->host_name, "server");
  ASSERT_TRUE(ext.renegotiation_info);
  EXPECT_TRUE(ext.renegotiation_info->renegotiated_connection.empty());
  ASSERT_TRUE(ext.supported_groups);
  EXPECT_EQ(ext.supported_groups->groups.size(), 9u);
  EXPECT_EQ(ext.supported_groups->groups[0], NamedGroup::kX25519);
  ASSERT_TRUE(ext.session_ticket);
  EXPECT_TRUE(ext.session_ticket->ticket.empty());
  ASSERT_TRUE(ext.key_share);
  ASSERT_EQ(ext.key_share->client_shares.size(), 1u);
  EXPECT_EQ(ext.key_share->client_shares[0].group, NamedGroup::kX25519);
  EXPECT_EQ(to_hex(ext.key_share->client_shares[0].key_exchange),
            "4cfdfcd178b784bf328cae793b136f2aedce005ff183d7bb1495207236647037");
  ASSERT_TRUE(ext.supported_versions);
  EXPECT_EQ(ext.supported_versions->versions,
            std::vector<ProtocolVersion>{ProtocolVersion::kTls13});
  ASSERT_TRUE(ext.signature_algorithms);
  EXPECT_EQ(ext.signature_algorithms->schemes.size(), 15u);
  EXPECT_EQ(ext.signature_algorithms->schemes[0], SignatureScheme::kEcdsaSecp256r1Sha256);
  EXPECT_EQ(ext.signature_algorithms->schemes[4], SignatureScheme::kRsaPssRsaeSha256);
  ASSERT_TRUE(ext.psk_key_exchange_modes);
  EXPECT_EQ(ext.psk_key_exchange_modes->modes,
            std::vector<PskKeyExchangeMode>{PskKeyExchangeMode::kPskDheKe});
  ASSERT_TRUE(ext.record_size_limit);
  EXPECT_EQ(ext.record_size_limit->limit, 0x4001);
  EXPECT_FALSE(ext.pre_shared_key);
  EXPECT_FALSE(ext.early_data);
  EXPECT_TRUE(ext.unknown.empty());
  using ET = ExtensionType;
  EXPECT_EQ(
      ext.order.types,
      (std::vector<ET>{ET::kServerName, ET::kRenegotiationInfo, ET::kSupportedGroups,
                       ET::kSessionTicket, ET::kKeyShare, ET::kSupportedVersions,
                       ET::kSignatureAlgorithms, ET::kPskKeyExchangeModes, ET::kRecordSizeLimit}));

  // The recorded order makes the re-encoding byte-exact.
  EXPECT_EQ(to_hex(test::encode(*hello)), to_hex(body));
  EXPECT_EQ(hello->binders_length(), 0u);
}

TEST(ClientHello, KeyShareMatchesRfc8448ClientPublicKey) {
  // Cross-check the parsed key share against the trace's key pair dump.
  std::vector<Bytes> public_keys = test::rfc8448_blocks("public key");
  ASSERT_FALSE(public_keys.empty());
  auto hello = ClientHello::decode(rfc8448_body("ClientHello", 0));
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(hello->extensions.key_share->client_shares[0].key_exchange, public_keys[0]);
}

TEST(ClientHello, Rfc8448Section4PskClientHelloAndBinderPrefix) {
  // Section 4's "ClientHello" dump stops before the binders; the record
  // payload holds the whole message, and "ClientHello prefix" is the part
  // the binder covers.
  std::vector<Bytes> payloads = test::rfc8448_blocks("payload");
  std::vector<Bytes> prefixes = test::rfc8448_blocks("ClientHello prefix");
  ASSERT_EQ(prefixes.size(), 1u);
  const Bytes* full = nullptr;
  for (const Bytes& p : payloads) {
    if (p.size() > prefixes[0].size() &&
        std::equal(prefixes[0].begin(), prefixes[0].end(), p.begin())) {
      full = &p;
    }
  }
  ASSERT_NE(full, nullptr);
  auto hello = ClientHello::decode(test::handshake_body(*full));
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();
  const ClientHelloExtensions& ext = hello->extensions;
  ASSERT_TRUE(ext.pre_shared_key);
  ASSERT_EQ(ext.pre_shared_key->identities.size(), 1u);
  EXPECT_EQ(ext.pre_shared_key->identities[0].identity.size(), 0xb2u);
  EXPECT_EQ(ext.pre_shared_key->identities[0].obfuscated_ticket_age, 0x933d0937u);
  ASSERT_EQ(ext.pre_shared_key->binders.size(), 1u);
  EXPECT_EQ(ext.pre_shared_key->binders[0].size(), 32u);
  EXPECT_TRUE(ext.early_data);
  ASSERT_EQ(ext.unknown.size(), 1u);  // padding
  EXPECT_EQ(ext.unknown[0].type, ExtensionType::kPadding);
  EXPECT_EQ(ext.order.types.back(), ExtensionType::kPreSharedKey);

  EXPECT_EQ(hello->binders_length(), 35u);
  EXPECT_EQ(to_hex(hello->binders_prefix(*full)), to_hex(prefixes[0]));
  EXPECT_EQ(to_hex(test::encode(*hello)), to_hex(test::handshake_body(*full)));
  // The dump labelled ClientHello is exactly that prefix, so neither its
  // framing nor its body decodes.
  const Bytes dump = test::rfc8448_blocks("ClientHello")[1];
  EXPECT_EQ(dump, prefixes[0]);
  EXPECT_TRUE(fails_with(split_handshake_message(dump), kDecodeError));
  EXPECT_TRUE(fails_with(ClientHello::decode(ByteView(dump).subspan(4)), kDecodeError));
}

TEST(ServerHello, DecodesRfc8448Section3) {
  const Bytes body = rfc8448_body("ServerHello", 0);
  auto hello = ServerHello::decode(body);
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();
  EXPECT_FALSE(hello->is_hello_retry_request());
  EXPECT_EQ(hello->legacy_version, ProtocolVersion::kTls12);
  EXPECT_EQ(hello->random,
            random_of("1274991495cf425857262dde2299342c315afba9b64a87d552515614e01b045d"));
  EXPECT_EQ(hello->cipher_suite, CipherSuite::kTlsAes128GcmSha256);
  EXPECT_EQ(hello->legacy_compression_method, 0);
  const ServerHelloExtensions& ext = hello->extensions;
  ASSERT_TRUE(ext.key_share);
  EXPECT_EQ(ext.key_share->server_share.group, NamedGroup::kX25519);
  EXPECT_EQ(to_hex(ext.key_share->server_share.key_exchange),
            "c7bb6bdfc26350b929a08a41a76ddac210b096868d960c4845987dc3a7fa650a");
  ASSERT_TRUE(ext.supported_versions);
  EXPECT_EQ(ext.supported_versions->selected_version, ProtocolVersion::kTls13);
  EXPECT_EQ(to_hex(test::encode(*hello)), to_hex(body));
  EXPECT_EQ(downgrade_sentinel(hello->random), DowngradeSentinel::kNone);
}

TEST(ServerHello, DecodesRfc8448HelloRetryRequest) {
  const Bytes body = rfc8448_body("ServerHello", 2);
  auto hello = ServerHello::decode(body);
  ASSERT_TRUE(hello.ok()) << hello.error().to_string();
  EXPECT_TRUE(hello->is_hello_retry_request());
  const ServerHelloExtensions& ext = hello->extensions;
  ASSERT_TRUE(ext.retry_key_share);
  EXPECT_EQ(ext.retry_key_share->selected_group, NamedGroup::kSecp256r1);
  EXPECT_FALSE(ext.key_share);
  ASSERT_TRUE(ext.cookie);
  EXPECT_EQ(ext.cookie->cookie.size(), 0x72u);
  ASSERT_TRUE(ext.supported_versions);
  EXPECT_EQ(ext.supported_versions->selected_version, ProtocolVersion::kTls13);
  EXPECT_EQ(to_hex(test::encode(*hello)), to_hex(body));
}

// --- round trips -------------------------------------------------------------------------

TEST(ClientHello, RoundTripsEveryExtension) {
  ClientHello hello = basic_client_hello();
  auto& ext = hello.extensions;
  ext.session_ticket = SessionTicket{{1, 2, 3}};
  ext.status_request = StatusRequest{};
  ext.signature_algorithms_cert = SignatureSchemeList{{SignatureScheme::kRsaPkcs1Sha256}};
  ext.cookie = Cookie{{9, 9}};
  ext.certificate_authorities = CertificateAuthorities{{{0x30, 0x00}}};
  ext.post_handshake_auth = EmptyExtension{};
  ext.record_size_limit = RecordSizeLimit{16385};
  ext.early_data = EmptyExtension{};
  ext.unknown = {{static_cast<ExtensionType>(0x1a1a), {}}, {ExtensionType::kPadding, {0, 0}}};
  ext.pre_shared_key = OfferedPsks{{{{1, 2, 3}, 77}}, {Bytes(48, 0xee)}};
  expect_round_trip(hello);

  // pre_shared_key is encoded last whatever the recorded order says.
  ext.order.types = {ExtensionType::kPreSharedKey, ExtensionType::kKeyShare};
  auto decoded = ClientHello::decode(test::encode(hello));
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(decoded->extensions.order.types.front(), ExtensionType::kKeyShare);
  EXPECT_EQ(decoded->extensions.order.types.back(), ExtensionType::kPreSharedKey);
  EXPECT_EQ(decoded->extensions.order.types.size(), 21u);
}

TEST(ClientHello, EncodeFollowsTheRequestedOrder) {
  ClientHello hello = basic_client_hello();
  using ET = ExtensionType;
  hello.extensions.order.types = {ET::kKeyShare, ET::kApplicationLayerProtocolNegotiation,
                                  ET::kServerName};
  auto decoded = ClientHello::decode(test::encode(hello));
  ASSERT_TRUE(decoded.ok());
  const auto& order = decoded->extensions.order.types;
  ASSERT_GE(order.size(), 3u);
  EXPECT_EQ(order[0], ET::kKeyShare);
  EXPECT_EQ(order[1], ET::kApplicationLayerProtocolNegotiation);
  EXPECT_EQ(order[2], ET::kServerName);
}

TEST(ClientHello, Tls12WithoutExtensionsBlock) {
  ClientHello hello = basic_client_hello();
  hello.extensions = {};
  const Bytes wire = test::encode(hello);
  EXPECT_EQ(wire.size(), client_hello_fixed_size(hello));
  expect_round_trip(hello);
  // An empty block decodes to the same value (and is re-encoded without it).
  Bytes with_empty_block = wire;
  with_empty_block.push_back(0);
  with_empty_block.push_back(0);
  auto decoded = ClientHello::decode(with_empty_block);
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(*decoded == hello);
}

TEST(ClientHello, GreaseIsKeptAndIgnored) {
  ClientHello hello = basic_client_hello();
  hello.cipher_suites.insert(hello.cipher_suites.begin(), static_cast<CipherSuite>(0x2a2a));
  hello.extensions.supported_groups->groups.insert(
      hello.extensions.supported_groups->groups.begin(), static_cast<NamedGroup>(0x4a4a));
  hello.extensions.key_share->client_shares.insert(
      hello.extensions.key_share->client_shares.begin(),
      KeyShareEntry{static_cast<NamedGroup>(0x4a4a), {0}});
  hello.extensions.supported_versions->versions.insert(
      hello.extensions.supported_versions->versions.begin(), static_cast<ProtocolVersion>(0x8a8a));
  hello.extensions.unknown = {{static_cast<ExtensionType>(0x0a0a), {}},
                              {static_cast<ExtensionType>(0xfafa), {0}}};
  auto decoded = ClientHello::decode(test::encode(hello));
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_TRUE(*decoded == hello);
  EXPECT_TRUE(is_grease(static_cast<uint16_t>(decoded->cipher_suites[0])));
  EXPECT_EQ(decoded->extensions.unknown.size(), 2u);
}

TEST(ServerHello, RoundTripsTls12AndTls13Forms) {
  ServerHello tls12;
  tls12.random = random_of("0102030405060708090a0b0c0d0e0f101112131415161718444f574e47524401");
  tls12.legacy_session_id_echo = Bytes(32, 0x33);
  tls12.cipher_suite = CipherSuite::kTlsEcdheRsaWithAes128GcmSha256;
  tls12.extensions.server_name = EmptyExtension{};
  tls12.extensions.renegotiation_info = RenegotiationInfo{Bytes(24, 1)};
  tls12.extensions.extended_master_secret = EmptyExtension{};
  tls12.extensions.ec_point_formats = EcPointFormats{{EcPointFormat::kUncompressed}};
  tls12.extensions.session_ticket = EmptyExtension{};
  tls12.extensions.alpn = SelectedProtocol{"h2"};
  tls12.extensions.status_request = EmptyExtension{};
  tls12.extensions.record_size_limit = RecordSizeLimit{1000};
  tls12.extensions.unknown = {{ExtensionType::kEncryptThenMac, {}}};
  expect_round_trip(tls12);
  EXPECT_EQ(downgrade_sentinel(tls12.random), DowngradeSentinel::kTls12);

  ServerHello tls13;
  tls13.cipher_suite = CipherSuite::kTlsAes256GcmSha384;
  tls13.extensions.supported_versions = SupportedVersionsServerHello{ProtocolVersion::kTls13};
  tls13.extensions.key_share = KeyShareServerHello{{NamedGroup::kSecp384r1, Bytes(97, 4)}};
  tls13.extensions.pre_shared_key = PreSharedKeyServerHello{0};
  expect_round_trip(tls13);

  ServerHello no_extensions;
  no_extensions.cipher_suite = CipherSuite::kTlsRsaWithAes128GcmSha256;
  expect_round_trip(no_extensions);
}

TEST(ServerHello, HelloRetryRequestRoundTrip) {
  ServerHello hrr = make_hello_retry_request(Bytes(32, 0x11), CipherSuite::kTlsAes128GcmSha256);
  EXPECT_TRUE(hrr.is_hello_retry_request());
  hrr.extensions.retry_key_share = KeyShareHelloRetryRequest{NamedGroup::kSecp384r1};
  hrr.extensions.cookie = Cookie{{1, 2, 3, 4}};
  expect_round_trip(hrr);
}

TEST(DowngradeSentinel, RecognisesBothValues) {
  Random random{};
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::kNone);
  std::copy(kDowngradeTls11Sentinel.begin(), kDowngradeTls11Sentinel.end(), random.end() - 8);
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::kTls11OrBelow);
  random.back() = 0x01;
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::kTls12);
  random.back() = 0x02;
  EXPECT_EQ(downgrade_sentinel(random), DowngradeSentinel::kNone);
}

// --- malformed input --------------------------------------------------------------------

TEST(ClientHello, EveryTruncationFailsExceptBeforeTheExtensions) {
  ClientHello hello = basic_client_hello();
  hello.extensions.pre_shared_key = OfferedPsks{{{{1, 2, 3}, 77}}, {Bytes(32, 0xee)}};
  const Bytes wire = test::encode(hello);
  // Cutting exactly before the extensions block leaves a valid TLS 1.2 hello.
  expect_prefixes_fail(wire, test::default_decoder<ClientHello>(),
                       {client_hello_fixed_size(hello)});
  expect_trailing_byte_fails(wire, test::default_decoder<ClientHello>());
}

TEST(ServerHello, EveryTruncationFailsExceptBeforeTheExtensions) {
  const Bytes wire = rfc8448_body("ServerHello", 0);
  expect_prefixes_fail(wire, test::default_decoder<ServerHello>(), {2 + 32 + 1 + 2 + 1});
  expect_trailing_byte_fails(wire, test::default_decoder<ServerHello>());
}

TEST(ClientHello, FixedFieldBounds) {
  ClientHello hello = basic_client_hello();
  hello.extensions = {};
  hello.legacy_session_id = Bytes(33, 1);  // <0..32>
  EXPECT_TRUE(fails_with(ClientHello::decode(test::encode(hello)), kDecodeError));

  hello = basic_client_hello();
  hello.cipher_suites.clear();  // <2..2^16-2>
  EXPECT_TRUE(fails_with(ClientHello::decode(test::encode(hello)), kDecodeError));

  hello = basic_client_hello();
  hello.legacy_compression_methods.clear();  // <1..2^8-1>
  EXPECT_TRUE(fails_with(ClientHello::decode(test::encode(hello)), kDecodeError));

  // An odd cipher_suites length.
  Bytes odd = test::encode(basic_client_hello());
  const size_t suites_at = 2 + 32 + 1 + 32;
  odd[suites_at + 1] = 3;
  EXPECT_TRUE(fails_with(ClientHello::decode(odd), kDecodeError));
}

TEST(ClientHello, ExtensionLengthsThatLie) {
  // An extension whose length runs past the block.
  EXPECT_TRUE(fails_with(ClientHello::decode(client_hello_with_extensions(hex("0017 0005 00"))),
                         kDecodeError));
  // A block holding half an extension header.
  EXPECT_TRUE(
      fails_with(ClientHello::decode(client_hello_with_extensions(hex("00"))), kDecodeError));
  // The typed body is malformed (supported_groups with an odd length).
  EXPECT_TRUE(
      fails_with(ClientHello::decode(client_hello_with_extensions(hex("000a 0005 0003 001d00"))),
                 kDecodeError));
  // The block's own length is longer than what follows.
  Bytes lying = client_hello_with_extensions(hex("0017 0000"));
  lying[lying.size() - 5] = 0x09;
  EXPECT_TRUE(fails_with(ClientHello::decode(lying), kDecodeError));
}

TEST(ClientHello, DuplicateExtensionsAreDecodeError) {
  // Two extended_master_secret.
  EXPECT_TRUE(fails_with(
      ClientHello::decode(client_hello_with_extensions(hex("0017 0000 0017 0000"))), kDecodeError));
  // Two unknown extensions of the same type.
  EXPECT_TRUE(fails_with(
      ClientHello::decode(client_hello_with_extensions(hex("1234 0000 0015 0000 1234 0001 00"))),
      kDecodeError));
  // A typed one repeated through `unknown` by a careless caller.
  ClientHello hello = basic_client_hello();
  hello.extensions.unknown = {{ExtensionType::kServerName, {}}};
  EXPECT_TRUE(fails_with(ClientHello::decode(test::encode(hello)), kDecodeError));
}

TEST(ClientHello, PreSharedKeyMustBeLast) {
  const Bytes psk = test::encode(OfferedPsks{{{{1}, 0}}, {Bytes(32, 2)}});
  Writer block;
  block.u16(static_cast<uint16_t>(ExtensionType::kPreSharedKey));
  block.vector_bytes(2, psk);
  block.bytes(hex("0017 0000"));  // extended_master_secret after it
  EXPECT_TRUE(fails_with(ClientHello::decode(client_hello_with_extensions(block.data())),
                         kIllegalParameter));

  Writer last;
  last.bytes(hex("0017 0000"));
  last.u16(static_cast<uint16_t>(ExtensionType::kPreSharedKey));
  last.vector_bytes(2, psk);
  EXPECT_TRUE(ClientHello::decode(client_hello_with_extensions(last.data())).ok());
}

TEST(ServerHello, Tls13ServerHelloAllowsOnlyItsExtensions) {
  // supported_versions(1.3) + server_name acknowledgement.
  EXPECT_TRUE(
      fails_with(ServerHello::decode(server_hello_with_extensions(hex("002b 0002 0304 0000 0000"))),
                 kIllegalParameter));
  // Unknown extensions pass (the state machine checks they were offered).
  EXPECT_TRUE(
      ServerHello::decode(server_hello_with_extensions(hex("002b 0002 0304 1234 0000"))).ok());
  // supported_versions must select TLS 1.3 or later (RFC 8446 4.2.1).
  EXPECT_TRUE(fails_with(ServerHello::decode(server_hello_with_extensions(hex("002b 0002 0303"))),
                         kIllegalParameter));
  // key_share without supported_versions: a TLS 1.2 ServerHello.
  EXPECT_TRUE(
      fails_with(ServerHello::decode(server_hello_with_extensions(hex("0033 0006 001d 0002 abcd"))),
                 kIllegalParameter));
  // Extensions only a ClientHello carries.
  EXPECT_TRUE(
      fails_with(ServerHello::decode(server_hello_with_extensions(hex("000a 0004 0002 001d"))),
                 kIllegalParameter));
}

TEST(ServerHello, HelloRetryRequestAllowsOnlyItsExtensions) {
  // server_name in a HelloRetryRequest.
  EXPECT_TRUE(fails_with(ServerHello::decode(server_hello_with_extensions(
                             hex("002b 0002 0304 0000 0000"), kHelloRetryRequestRandom)),
                         kIllegalParameter));
  // The ServerHello form of key_share does not parse as selected_group.
  EXPECT_TRUE(
      fails_with(ServerHello::decode(server_hello_with_extensions(
                     hex("002b 0002 0304 0033 0006 001d 0002 abcd"), kHelloRetryRequestRandom)),
                 kDecodeError));
  auto ok = ServerHello::decode(
      server_hello_with_extensions(hex("002b 0002 0304 0033 0002 0017"), kHelloRetryRequestRandom));
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok->extensions.retry_key_share->selected_group, NamedGroup::kSecp256r1);
}

TEST(ServerHello, DuplicateExtensionsAreDecodeError) {
  EXPECT_TRUE(fails_with(
      ServerHello::decode(server_hello_with_extensions(hex("002b 0002 0304 002b 0002 0304"))),
      kDecodeError));
}

}  // namespace
}  // namespace parley::codec

// TLS 1.2 against broken peers: a real client and server whose flights a
// test edits on the link (with the keys where it must seal records), and raw
// ClientHellos fed to a server. Each violation gets its alert, exactly once,
// and the connection closes.
#include <gtest/gtest.h>

#include "codec/messages.h"
#include "crypto/provider.h"
#include "handshake/key_schedule12.h"
#include "handshake/negotiation.h"
#include "tls12_link.h"

namespace parley::testing {
namespace {

using codec::ContentType;
using codec::HandshakeType;

constexpr auto kTls12 = ProtocolVersion::kTls12;
constexpr auto kTls13 = ProtocolVersion::kTls13;

const TestPki& pki_for(KeyKind kind) {
  static std::map<KeyKind, TestPki> cache;
  auto it = cache.find(kind);
  if (it == cache.end()) it = cache.emplace(kind, make_pki(kind)).first;
  return it->second;
}

// A TLS 1.2 link for one suite with a certificate of `kind`.
Tls12Link make_link(CipherSuite suite, KeyKind kind,
                    const std::function<void(ClientConfig&, ServerConfig&)>& adjust = {}) {
  const TestPki& pki = pki_for(kind);
  auto client = client_config(pki);
  client->versions = {kTls12};
  client->cipher_suites = {suite};
  auto server = server_config(pki);
  server->cipher_suites = {suite};
  if (adjust) adjust(*client, *server);
  return Tls12Link(client, server);
}

constexpr auto kEcdheEcdsa = CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256;
constexpr auto kDheRsa = CipherSuite::kTlsDheRsaWithAes128GcmSha256;
constexpr auto kStaticRsa = CipherSuite::kTlsRsaWithAes128GcmSha256;

enum class Side { kClient, kServer };

// `side` detected the violation: it failed with `alert`, sent exactly one
// alert, and the other side received it.
void expect_failure(Tls12Link& link, Side side, AlertDescription alert) {
  Connection& failing = side == Side::kClient ? static_cast<Connection&>(link.client())
                                              : static_cast<Connection&>(link.server());
  Connection& peer = side == Side::kClient ? static_cast<Connection&>(link.server())
                                           : static_cast<Connection&>(link.client());
  ASSERT_TRUE(failing.failed()) << "the " << (side == Side::kClient ? "client" : "server")
                                << " did not fail";
  EXPECT_NE(failing.error()->kind, ErrorKind::kPeerAlert) << failing.error()->to_string();
  EXPECT_EQ(failing.error()->alert, alert) << failing.error()->to_string();
  const auto& sent = side == Side::kClient ? link.sent_by_client() : link.sent_by_server();
  EXPECT_EQ(count_alerts(sent), 1u);
  ASSERT_TRUE(peer.failed());
  EXPECT_EQ(peer.error()->kind, ErrorKind::kPeerAlert) << peer.error()->to_string();
  EXPECT_EQ(peer.error()->alert, alert);
  // Closed for good: nothing more is accepted or sent.
  EXPECT_FALSE(failing.receive_tls(join_records({{ContentType::kAlert, Bytes{1, 0}}})).ok());
  EXPECT_TRUE(failing.pending_tls().empty());
}

// The server random of the flight being edited (the link learns it only
// after the hook).
codec::Random server_random_of(const std::vector<WireRecord>& records) {
  const int index = find_message(records, HandshakeType::kServerHello);
  EXPECT_GE(index, 0);
  auto hello = codec::ServerHello::decode(message_body(records.at(static_cast<size_t>(index))));
  EXPECT_TRUE(hello.ok());
  return hello->random;
}

// Applies `edit` to the decoded message of type `Message` in the flight.
template <typename Message>
void edit_message(std::vector<WireRecord>& records, HandshakeType type,
                  const std::function<void(Message&)>& edit) {
  const int index = find_message(records, type);
  ASSERT_GE(index, 0);
  auto message = Message::decode(message_body(records[static_cast<size_t>(index)]));
  ASSERT_TRUE(message.ok()) << message.error().to_string();
  edit(*message);
  records[static_cast<size_t>(index)] = handshake_record(*message);
}

// Signs a ServerKeyExchange again, as a server holding the key would.
template <typename Exchange>
void resign(Exchange& exchange, const CertifiedKey& key, const codec::Random& client_random,
            const codec::Random& server_random) {
  auto signature = key.key().sign(handshake::signature_scheme_info(exchange.scheme)->algorithm,
                                  exchange.signed_content(client_random, server_random));
  ASSERT_TRUE(signature.ok());
  exchange.signature = *signature;
}

// An uncompressed P-256 "point" (1, 1), which is not on the curve.
Bytes off_curve_p256_point() {
  Bytes point(65, 0);
  point[0] = 4;
  point[32] = 1;
  point[64] = 1;
  return point;
}

// ---------------------------------------------------------------------------
// A real client against a broken server

TEST(Tls12BrokenServer, BadServerKeyExchangeSignatureIsDecryptError) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kServerKeyExchange);
    if (index >= 0) records[static_cast<size_t>(index)].fragment.back() ^= 1;
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kDecryptError);
}

TEST(Tls12BrokenServer, DheServerKeyExchangeSignatureOverOtherParametersIsDecryptError) {
  // The signature covers the parameters: a man in the middle cannot swap in
  // its own group.
  Tls12Link link = make_link(kDheRsa, KeyKind::kRsa2048);
  link.server_hook = [](std::vector<WireRecord>& records) {
    edit_message<codec::ServerKeyExchangeDhe>(records, HandshakeType::kServerKeyExchange,
                                              [](auto& exchange) { exchange.dh_ys.back() ^= 1; });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kDecryptError);
}

TEST(Tls12BrokenServer, OffCurvePointIsIllegalParameter) {
  const TestPki& pki = pki_for(KeyKind::kP256);
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig&) {
    c.groups = {NamedGroup::kSecp256r1};
  });
  link.server_hook = [&](std::vector<WireRecord>& records) {
    const codec::Random server_random = server_random_of(records);
    edit_message<codec::ServerKeyExchangeEcdhe>(
        records, HandshakeType::kServerKeyExchange, [&](auto& exchange) {
          exchange.public_key = off_curve_p256_point();
          resign(exchange, *pki.server, link.client_hello().random, server_random);
        });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenServer, AllZeroX25519ShareIsIllegalParameter) {
  const TestPki& pki = pki_for(KeyKind::kP256);
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [&](std::vector<WireRecord>& records) {
    const codec::Random server_random = server_random_of(records);
    edit_message<codec::ServerKeyExchangeEcdhe>(
        records, HandshakeType::kServerKeyExchange, [&](auto& exchange) {
          exchange.public_key = Bytes(32, 0);
          resign(exchange, *pki.server, link.client_hello().random, server_random);
        });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenServer, CurveNotOfferedIsIllegalParameter) {
  const TestPki& pki = pki_for(KeyKind::kP256);
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig&) {
    c.groups = {NamedGroup::kX25519};
  });
  link.server_hook = [&](std::vector<WireRecord>& records) {
    const codec::Random server_random = server_random_of(records);
    edit_message<codec::ServerKeyExchangeEcdhe>(
        records, HandshakeType::kServerKeyExchange, [&](auto& exchange) {
          exchange.group = NamedGroup::kSecp256r1;
          resign(exchange, *pki.server, link.client_hello().random, server_random);
        });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenServer, SmallDhGroupIsInsufficientSecurity) {
  // RFC 7919 4: a client refuses a group it finds too weak. This is the
  // 1024-bit MODP group of RFC 2409 6.2, correctly signed.
  const TestPki& pki = pki_for(KeyKind::kRsa2048);
  Tls12Link link = make_link(kDheRsa, KeyKind::kRsa2048);
  link.server_hook = [&](std::vector<WireRecord>& records) {
    const codec::Random server_random = server_random_of(records);
    edit_message<codec::ServerKeyExchangeDhe>(
        records, HandshakeType::kServerKeyExchange, [&](auto& exchange) {
          exchange.dh_p = from_hex(
              "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B2251"
              "4A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C"
              "42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE65381FFFFFF"
              "FFFFFFFFFF");
          exchange.dh_g = {2};
          exchange.dh_ys = {2};
          resign(exchange, *pki.server, link.client_hello().random, server_random);
        });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kInsufficientSecurity);
}

TEST(Tls12BrokenServer, DhPublicValueOutOfRangeIsIllegalParameter) {
  const TestPki& pki = pki_for(KeyKind::kRsa2048);
  Tls12Link link = make_link(kDheRsa, KeyKind::kRsa2048);
  link.server_hook = [&](std::vector<WireRecord>& records) {
    const codec::Random server_random = server_random_of(records);
    edit_message<codec::ServerKeyExchangeDhe>(
        records, HandshakeType::kServerKeyExchange, [&](auto& exchange) {
          exchange.dh_ys = {1};  // RFC 7919 5.1: 1 < Ys < p - 1
          resign(exchange, *pki.server, link.client_hello().random, server_random);
        });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kIllegalParameter);
}

class Tls12TruncatedServerMessage : public ::testing::TestWithParam<HandshakeType> {};

TEST_P(Tls12TruncatedServerMessage, IsDecodeError) {
  // The message body loses its last byte; the handshake header's length
  // matches, so the inner vectors no longer fit (ServerHelloDone instead gets
  // a byte it must not have).
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig&, ServerConfig& s) {
    s.client_auth = ClientAuth::kOptional;
  });
  const HandshakeType type = GetParam();
  link.server_hook = [type](std::vector<WireRecord>& records) {
    const int index = find_message(records, type);
    if (index < 0) return;
    WireRecord& record = records[static_cast<size_t>(index)];
    const ByteView old_body = message_body(record);
    Bytes body(old_body.empty() ? 1 : old_body.size() - 1, 0);
    std::copy_n(old_body.begin(), std::min(old_body.size(), body.size()), body.begin());
    set_message_body(record, body);
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kDecodeError);
}

INSTANTIATE_TEST_SUITE_P(Messages, Tls12TruncatedServerMessage,
                         ::testing::Values(HandshakeType::kServerHello, HandshakeType::kCertificate,
                                           HandshakeType::kServerKeyExchange,
                                           HandshakeType::kCertificateRequest,
                                           HandshakeType::kServerHelloDone));

TEST(Tls12BrokenServer, MissingServerKeyExchangeIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kServerKeyExchange);
    if (index >= 0) records.erase(records.begin() + index);
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenServer, ChangeCipherSpecBeforeServerHelloDoneIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kServerHelloDone);
    if (index >= 0) records.insert(records.begin() + index, change_cipher_spec_record());
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenServer, ChangeCipherSpecBeforeServerHelloIsUnexpectedMessage) {
  // Allowed (and ignored) only in TLS 1.3 (RFC 8446 5).
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kServerHello) == 0) {
      records.insert(records.begin(), change_cipher_spec_record());
    }
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenServer, ChangeCipherSpecOfTwoBytesIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    for (WireRecord& r : records) {
      if (r.type == ContentType::kChangeCipherSpec) r.fragment = {1, 1};
    }
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenServer, ChangeCipherSpecInsideAFragmentedMessageIsUnexpectedMessage) {
  // RFC 5246 6.2.1: handshake messages are not interleaved with other types.
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kCertificate);
    if (index < 0) return;
    WireRecord first = records[static_cast<size_t>(index)];
    WireRecord second = first;
    first.fragment.resize(10);
    second.fragment.erase(second.fragment.begin(), second.fragment.begin() + 10);
    records[static_cast<size_t>(index)] = second;
    records.insert(records.begin() + index, change_cipher_spec_record());
    records.insert(records.begin() + index, first);
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenServer, BadFinishedIsDecryptError) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [&](std::vector<WireRecord>& records) {
    if (records.empty() || records.front().type != ContentType::kChangeCipherSpec) return;
    // The server's last flight: CCS, Finished. Replace the Finished with one
    // that decrypts but whose verify_data is wrong.
    const auto keys = link.key_block(link.master_secret());
    auto raw = codec::encode_handshake(codec::Finished{Bytes(12, 0xab)});
    ASSERT_TRUE(raw.ok());
    records.at(1) = link.seal(keys, false, 0, ContentType::kHandshake, *raw);
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kDecryptError);
}

TEST(Tls12BrokenServer, ApplicationDataInsteadOfFinishedIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [&](std::vector<WireRecord>& records) {
    if (records.empty() || records.front().type != ContentType::kChangeCipherSpec) return;
    const auto keys = link.key_block(link.master_secret());
    records.at(1) = link.seal(keys, false, 0, ContentType::kApplicationData, as_bytes("early"));
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenServer, SessionTicketExtensionNotOfferedIsUnsupportedExtension) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kServerHello) < 0) return;
    edit_message<codec::ServerHello>(records, HandshakeType::kServerHello, [](auto& hello) {
      hello.extensions.session_ticket = codec::EmptyExtension{};
    });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnsupportedExtension);
}

TEST(Tls12BrokenServer, NonEmptyRenegotiationInfoIsHandshakeFailure) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kServerHello) < 0) return;
    edit_message<codec::ServerHello>(records, HandshakeType::kServerHello, [](auto& hello) {
      hello.extensions.renegotiation_info = codec::RenegotiationInfo{Bytes(24, 7)};
    });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kHandshakeFailure);
}

TEST(Tls12BrokenServer, MissingExtendedMasterSecretWhenRequiredIsHandshakeFailure) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig&) {
    c.require_extended_master_secret = true;
  });
  link.server_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kServerHello) < 0) return;
    edit_message<codec::ServerHello>(records, HandshakeType::kServerHello, [](auto& hello) {
      hello.extensions.extended_master_secret.reset();
    });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kHandshakeFailure);
}

TEST(Tls12BrokenServer, SuiteNotOfferedIsIllegalParameter) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kServerHello) < 0) return;
    edit_message<codec::ServerHello>(records, HandshakeType::kServerHello, [](auto& hello) {
      hello.cipher_suite = CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384;
    });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenServer, CertificateKeyThatDoesNotFitTheSuiteIsUnsupportedCertificate) {
  // The server has an ECDSA certificate but its ServerHello says ECDHE_RSA.
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig&) {
    c.cipher_suites = {kEcdheEcdsa, CipherSuite::kTlsEcdheRsaWithAes128GcmSha256};
  });
  link.server_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kServerHello) < 0) return;
    edit_message<codec::ServerHello>(records, HandshakeType::kServerHello, [](auto& hello) {
      hello.cipher_suite = CipherSuite::kTlsEcdheRsaWithAes128GcmSha256;
    });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kUnsupportedCertificate);
}

TEST(Tls12BrokenServer, ServerHelloResumingOurCompatibilitySessionIdIsIllegalParameter) {
  // A client offering 1.3 and 1.2 sends a random session id; a TLS 1.2 server
  // echoing it claims to resume a session we never had.
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig& s) {
    c.versions = {kTls13, kTls12};
    c.cipher_suites = {};
    s.versions = {kTls12};
  });
  link.server_hook = [&](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kServerHello) < 0) return;
    edit_message<codec::ServerHello>(records, HandshakeType::kServerHello, [&](auto& hello) {
      hello.legacy_session_id_echo = link.client_hello().legacy_session_id;
    });
  };
  link.pump();
  expect_failure(link, Side::kClient, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenServer, HelloRequestDuringTheHandshakeIsIgnored) {
  // RFC 5246 7.4.1.1, and it is not part of the transcript.
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kServerHelloDone);
    if (index >= 0)
      records.insert(records.begin() + index, handshake_record(codec::HelloRequest{}));
  };
  link.pump();
  EXPECT_FALSE(link.client().failed()) << link.client().error()->to_string();
  EXPECT_FALSE(link.server().failed());
  EXPECT_FALSE(link.client().is_handshaking());
}

TEST(Tls12BrokenServer, NewSessionTicketWeDidNotAskForIsIgnored) {
  // We offer no session_ticket, so RFC 5077 3.3 forbids the message; a
  // server that sends one anyway (before its ChangeCipherSpec, with a
  // Finished that covers it) still completes the handshake.
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.server_hook = [&](std::vector<WireRecord>& records) {
    if (records.empty() || records.front().type != ContentType::kChangeCipherSpec) return;
    const auto keys = link.key_block(link.master_secret());
    const std::optional<Bytes> client_finished =
        link.open(keys, true, 0, link.sent_by_client().back());
    ASSERT_TRUE(client_finished.has_value());
    auto ticket = codec::encode_handshake(codec::NewSessionTicket12{7200, Bytes(16, 5)});
    ASSERT_TRUE(ticket.ok());
    const auto schedule = handshake::KeySchedule12::from_master(
        crypto::default_provider(), link.suite().hash, link.master_secret(),
        link.client_hello().random, link.server_hello().random);
    auto finished = codec::encode_handshake(codec::Finished{schedule.verify_data(
        handshake::FinishedSender::kServer, link.transcript_hash({*client_finished, *ticket}))});
    ASSERT_TRUE(finished.ok());
    records = {{ContentType::kHandshake, *ticket},
               change_cipher_spec_record(),
               link.seal(keys, false, 0, ContentType::kHandshake, *finished)};
  };
  link.pump();
  EXPECT_FALSE(link.client().failed()) << link.client().error()->to_string();
  EXPECT_FALSE(link.client().is_handshaking());
}

TEST(Tls12BrokenServer, RenegotiationIsRefusedThenTheConnectionCloses) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.pump();
  ASSERT_FALSE(link.client().is_handshaking());
  const auto keys = link.key_block(link.master_secret());
  auto hello_request = codec::encode_handshake(codec::HelloRequest{});
  ASSERT_TRUE(hello_request.ok());
  // The server's Finished used sequence number 0.
  link.send_to_client({link.seal(keys, false, 1, ContentType::kHandshake, *hello_request)});
  ASSERT_FALSE(link.client().failed());
  auto answer = split_records(link.client().pending_tls());
  link.client().consume_tls(link.client().pending_tls().size());
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(answer[0].type, ContentType::kAlert);
  // The client's Finished used 0: its warning is sealed with 1.
  EXPECT_EQ(link.open(keys, true, 1, answer[0]), (Bytes{1, 100}));  // warning no_renegotiation
  // A server that insists is closed with a fatal alert.
  link.send_to_client({link.seal(keys, false, 2, ContentType::kHandshake, *hello_request)});
  ASSERT_TRUE(link.client().failed());
  EXPECT_EQ(link.client().error()->alert, AlertDescription::kNoRenegotiation);
  answer = split_records(link.client().pending_tls());
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(link.open(keys, true, 2, answer[0]), (Bytes{2, 100}));
}

// ---------------------------------------------------------------------------
// A real server against a broken client

TEST(Tls12BrokenClient, OffCurvePointIsIllegalParameter) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig&) {
    c.groups = {NamedGroup::kSecp256r1};
  });
  link.client_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kClientKeyExchange);
    if (index < 0) return;
    records[static_cast<size_t>(index)] =
        handshake_record(codec::ClientKeyExchangeEcdhe{off_curve_p256_point()});
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenClient, DhPublicValueOutOfRangeIsIllegalParameter) {
  Tls12Link link = make_link(kDheRsa, KeyKind::kRsa2048);
  link.client_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kClientKeyExchange);
    if (index < 0) return;
    records[static_cast<size_t>(index)] = handshake_record(codec::ClientKeyExchangeDhe{{1}});
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenClient, TruncatedClientKeyExchangeIsDecodeError) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.client_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kClientKeyExchange);
    if (index < 0) return;
    WireRecord& record = records[static_cast<size_t>(index)];
    Bytes body(message_body(record).begin(), message_body(record).end() - 1);
    set_message_body(record, body);
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kDecodeError);
}

TEST(Tls12BrokenClient, BadFinishedIsDecryptError) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.client_hook = [&](std::vector<WireRecord>& records) {
    if (records.empty() || records.back().type != ContentType::kHandshake ||
        find_message(records, HandshakeType::kClientKeyExchange) < 0) {
      return;
    }
    const auto keys = link.key_block(link.master_secret());
    auto raw = codec::encode_handshake(codec::Finished{Bytes(12, 0xcd)});
    ASSERT_TRUE(raw.ok());
    records.back() = link.seal(keys, true, 0, ContentType::kHandshake, *raw);
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kDecryptError);
}

TEST(Tls12BrokenClient, ChangeCipherSpecBeforeClientKeyExchangeIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.client_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kClientKeyExchange);
    if (index >= 0) records.insert(records.begin() + index, change_cipher_spec_record());
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenClient, ChangeCipherSpecAfterClientHelloIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.client_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kClientHello) >= 0) {
      records.push_back(change_cipher_spec_record());
    }
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenClient, MissingCertificateVerifyIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig& s) {
    c.certificate = pki_for(KeyKind::kP256).client;
    s.client_auth = ClientAuth::kRequired;
  });
  link.client_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kCertificateVerify);
    if (index >= 0) records.erase(records.begin() + index);
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kUnexpectedMessage);
}

TEST(Tls12BrokenClient, BadCertificateVerifyIsDecryptError) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig& s) {
    c.certificate = pki_for(KeyKind::kP256).client;
    s.client_auth = ClientAuth::kRequired;
  });
  link.client_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kCertificateVerify);
    if (index >= 0) records[static_cast<size_t>(index)].fragment.back() ^= 1;
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kDecryptError);
}

TEST(Tls12BrokenClient, CertificateVerifyWithASchemeNotRequestedIsIllegalParameter) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig& s) {
    c.certificate = pki_for(KeyKind::kP256).client;
    s.client_auth = ClientAuth::kRequired;
    s.signature_schemes = {SignatureScheme::kEcdsaSecp256r1Sha256};
  });
  link.client_hook = [](std::vector<WireRecord>& records) {
    if (find_message(records, HandshakeType::kCertificateVerify) < 0) return;
    edit_message<codec::CertificateVerify>(
        records, HandshakeType::kCertificateVerify,
        [](auto& verify) { verify.scheme = SignatureScheme::kEcdsaSecp384r1Sha384; });
  };
  link.pump();
  expect_failure(link, Side::kServer, AlertDescription::kIllegalParameter);
}

TEST(Tls12BrokenClient, RenegotiationIsRefusedThenTheConnectionCloses) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.pump();
  ASSERT_FALSE(link.server().is_handshaking());
  const auto keys = link.key_block(link.master_secret());
  const Bytes client_hello = link.transcript().front();
  link.send_to_server({link.seal(keys, true, 1, ContentType::kHandshake, client_hello)});
  ASSERT_FALSE(link.server().failed());
  auto answer = split_records(link.server().pending_tls());
  link.server().consume_tls(link.server().pending_tls().size());
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(link.open(keys, false, 1, answer[0]), (Bytes{1, 100}));
  // Application data still flows after the refusal.
  link.send_to_server({link.seal(keys, true, 2, ContentType::kApplicationData, as_bytes("hi"))});
  EXPECT_EQ(read_all(link.server()), "hi");
  link.send_to_server({link.seal(keys, true, 3, ContentType::kHandshake, client_hello)});
  ASSERT_TRUE(link.server().failed());
  EXPECT_EQ(link.server().error()->alert, AlertDescription::kNoRenegotiation);
  answer = split_records(link.server().pending_tls());
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(link.open(keys, false, 2, answer[0]), (Bytes{2, 100}));
}

TEST(Tls12BrokenClient, EncryptedChangeCipherSpecAfterTheHandshakeIsUnexpectedMessage) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.pump();
  ASSERT_FALSE(link.server().is_handshaking());
  const auto keys = link.key_block(link.master_secret());
  link.send_to_server({link.seal(keys, true, 1, ContentType::kChangeCipherSpec, Bytes{1})});
  ASSERT_TRUE(link.server().failed());
  EXPECT_EQ(link.server().error()->alert, AlertDescription::kUnexpectedMessage);
}

// --- static RSA: the premaster secret's version and implicit rejection ------

// Replaces the client's second flight with one built on a premaster secret
// of our choosing: ClientKeyExchange encrypting `encrypted` (or
// `premaster` encrypted to the server), then ChangeCipherSpec and a Finished
// under the keys that premaster gives.
void replace_client_flight(Tls12Link& link, std::vector<WireRecord>& records,
                           const Bytes& premaster, std::optional<Bytes> encrypted = {}) {
  if (find_message(records, HandshakeType::kClientKeyExchange) < 0) return;
  const TestPki& pki = pki_for(KeyKind::kRsa2048);
  if (!encrypted) {
    auto ciphertext = pki.server->key().public_key()->rsa_encrypt_pkcs1(premaster);
    ASSERT_TRUE(ciphertext.ok());
    encrypted = *ciphertext;
  }
  auto key_exchange = codec::encode_handshake(codec::ClientKeyExchangeRsa{*encrypted});
  ASSERT_TRUE(key_exchange.ok());
  const handshake::CipherSuiteInfo& suite = link.suite();
  const Bytes session_hash = link.transcript_hash({*key_exchange});
  const auto schedule = handshake::KeySchedule12::from_premaster_extended(
      crypto::default_provider(), suite.hash, premaster, session_hash, link.client_hello().random,
      link.server_hello().random);
  auto finished = codec::encode_handshake(
      codec::Finished{schedule.verify_data(handshake::FinishedSender::kClient, session_hash)});
  ASSERT_TRUE(finished.ok());
  records = {{ContentType::kHandshake, *key_exchange},
             change_cipher_spec_record(),
             link.seal(schedule.key_block(suite.key_size, suite.iv_size), true, 0,
                       ContentType::kHandshake, *finished)};
}

Bytes premaster_with_version(uint8_t major, uint8_t minor) {
  Bytes premaster(48);
  crypto::default_provider().random(premaster);
  premaster[0] = major;
  premaster[1] = minor;
  return premaster;
}

// A static RSA handshake up to the client's second flight, which the test
// replaces (see replace_client_flight) and delivers by hand.
struct ScriptedRsaClient {
  explicit ScriptedRsaClient(const Bytes& premaster, std::optional<Bytes> encrypted = {}) {
    link.client_hook = [this, premaster, encrypted](std::vector<WireRecord>& records) {
      if (find_message(records, HandshakeType::kClientKeyExchange) < 0) return;
      replace_client_flight(link, records, premaster, encrypted);
      flight = records;
      records.clear();
    };
    link.pump();
    EXPECT_EQ(flight.size(), 3u);
  }

  Tls12Link link = make_link(kStaticRsa, KeyKind::kRsa2048);
  std::vector<WireRecord> flight;  // ClientKeyExchange, ChangeCipherSpec, Finished
};

TEST(Tls12StaticRsa, ScriptedClientWithTheRightVersionCompletes) {
  // The control for the tests below: the scripted flight itself is right, so
  // the server finishes and answers with ChangeCipherSpec and Finished.
  ScriptedRsaClient scripted(premaster_with_version(3, 3));
  ServerConnection& server = scripted.link.server();
  scripted.link.send_to_server(scripted.flight);
  EXPECT_FALSE(server.failed()) << server.error()->to_string();
  EXPECT_FALSE(server.is_handshaking());
  const auto answer = split_records(server.pending_tls());
  ASSERT_EQ(answer.size(), 2u);
  EXPECT_EQ(answer[0].type, ContentType::kChangeCipherSpec);
  EXPECT_EQ(answer[1].type, ContentType::kHandshake);
}

struct WrongPremaster {
  std::string name;
  Bytes premaster;
  std::optional<Bytes> ciphertext;  // instead of premaster encrypted to the server
};

class Tls12RsaImplicitRejection : public ::testing::TestWithParam<WrongPremaster> {};

TEST_P(Tls12RsaImplicitRejection, FailsOnlyAtFinishedAsBadRecordMac) {
  // RFC 5246 7.4.7.1: a premaster secret whose version is not
  // ClientHello.client_version, or a ciphertext that does not decrypt, is
  // replaced by a random one, silently; the client's Finished then fails to
  // decrypt, exactly as with any wrong key.
  ScriptedRsaClient scripted(GetParam().premaster, GetParam().ciphertext);
  ASSERT_EQ(scripted.flight.size(), 3u);
  ServerConnection& server = scripted.link.server();
  // ClientKeyExchange and ChangeCipherSpec: no alert, no output, no failure.
  scripted.link.send_to_server({scripted.flight[0], scripted.flight[1]});
  EXPECT_FALSE(server.failed());
  EXPECT_TRUE(server.pending_tls().empty());
  scripted.link.send_to_server({scripted.flight[2]});
  ASSERT_TRUE(server.failed());
  EXPECT_EQ(server.error()->alert, AlertDescription::kBadRecordMac);
  const auto alerts = split_records(server.pending_tls());
  ASSERT_EQ(alerts.size(), 1u);
  EXPECT_EQ(alerts[0].fragment, (Bytes{2, static_cast<uint8_t>(AlertDescription::kBadRecordMac)}));
}

Bytes garbage_ciphertext() {
  Bytes garbage(256);  // the modulus size, but no PKCS#1 v1.5 padding
  crypto::default_provider().random(garbage);
  garbage[0] = 0;  // below the modulus
  return garbage;
}

INSTANTIATE_TEST_SUITE_P(
    Cases, Tls12RsaImplicitRejection,
    ::testing::Values(WrongPremaster{"Version0302", premaster_with_version(3, 2), {}},
                      WrongPremaster{"Version0301", premaster_with_version(3, 1), {}},
                      WrongPremaster{"Version0304", premaster_with_version(3, 4), {}},
                      WrongPremaster{"Version0203", premaster_with_version(2, 3), {}},
                      WrongPremaster{"BadPadding", premaster_with_version(3, 3),
                                     garbage_ciphertext()},
                      WrongPremaster{"ShortCiphertext", premaster_with_version(3, 3), Bytes(10, 1)},
                      WrongPremaster{"EmptyCiphertext", premaster_with_version(3, 3), Bytes{}}),
    [](const ::testing::TestParamInfo<WrongPremaster>& p) { return p.param.name; });

// ---------------------------------------------------------------------------
// Raw ClientHellos against a real server

class Tls12RawClientHello : public ::testing::Test {
 protected:
  // A minimal valid TLS 1.2 ClientHello for ECDHE_ECDSA with P-256.
  static codec::ClientHello hello() {
    codec::ClientHello h;
    h.legacy_version = kTls12;
    crypto::default_provider().random(h.random);
    h.cipher_suites = {kEcdheEcdsa};
    h.extensions.supported_groups = codec::SupportedGroups{{NamedGroup::kSecp256r1}};
    h.extensions.signature_algorithms =
        codec::SignatureSchemeList{{SignatureScheme::kEcdsaSecp256r1Sha256}};
    h.extensions.ec_point_formats = codec::EcPointFormats{{codec::EcPointFormat::kUncompressed}};
    h.extensions.extended_master_secret = codec::EmptyExtension{};
    h.extensions.renegotiation_info = codec::RenegotiationInfo{};
    return h;
  }

  // Feeds `h` to a fresh server; returns the records it answered with.
  std::vector<WireRecord> send(const codec::ClientHello& h,
                               const std::function<void(ServerConfig&)>& adjust = {}) {
    auto config = server_config(pki_for(KeyKind::kP256));
    if (adjust) adjust(*config);
    auto created = ServerConnection::create(config);
    EXPECT_TRUE(created.ok());
    server_ = std::make_unique<ServerConnection>(std::move(*created));
    (void)server_->receive_tls(join_records({handshake_record(h)}));
    auto out = split_records(server_->pending_tls());
    server_->consume_tls(server_->pending_tls().size());
    return out;
  }

  // The server failed with `alert` and sent exactly that one plaintext alert.
  void expect_alert(const std::vector<WireRecord>& out, AlertDescription alert) {
    ASSERT_TRUE(server_->failed());
    EXPECT_EQ(server_->error()->alert, alert) << server_->error()->to_string();
    ASSERT_EQ(out.size(), 1u);
    EXPECT_EQ(out[0].type, ContentType::kAlert);
    EXPECT_EQ(out[0].fragment, (Bytes{2, static_cast<uint8_t>(alert)}));
  }

  static codec::ServerHello server_hello(const std::vector<WireRecord>& out) {
    EXPECT_FALSE(out.empty());
    auto decoded = codec::ServerHello::decode(message_body(out.at(0)));
    EXPECT_TRUE(decoded.ok());
    return *decoded;
  }

  std::unique_ptr<ServerConnection> server_;
};

TEST_F(Tls12RawClientHello, TheMinimalHelloGetsAFullFlight) {
  const auto out = send(hello());
  ASSERT_FALSE(server_->failed()) << server_->error()->to_string();
  std::vector<HandshakeType> types;
  for (const WireRecord& r : out) types.push_back(message_type(r));
  EXPECT_EQ(types, (std::vector<HandshakeType>{
                       HandshakeType::kServerHello, HandshakeType::kCertificate,
                       HandshakeType::kServerKeyExchange, HandshakeType::kServerHelloDone}));
  const codec::ServerHello sh = server_hello(out);
  EXPECT_EQ(sh.legacy_version, kTls12);
  EXPECT_TRUE(sh.legacy_session_id_echo.empty());  // nothing to resume
  EXPECT_TRUE(sh.extensions.extended_master_secret.has_value());
  ASSERT_TRUE(sh.extensions.renegotiation_info.has_value());
  EXPECT_TRUE(sh.extensions.renegotiation_info->renegotiated_connection.empty());
  EXPECT_TRUE(sh.extensions.ec_point_formats.has_value());
  EXPECT_FALSE(sh.extensions.session_ticket.has_value());
  EXPECT_EQ(codec::downgrade_sentinel(sh.random), codec::DowngradeSentinel::kTls12);
}

class Tls12OldVersion : public Tls12RawClientHello,
                        public ::testing::WithParamInterface<ProtocolVersion> {};

TEST_P(Tls12OldVersion, IsProtocolVersion) {
  codec::ClientHello h = hello();
  h.legacy_version = GetParam();
  expect_alert(send(h), AlertDescription::kProtocolVersion);
}

TEST_P(Tls12OldVersion, InSupportedVersionsIsProtocolVersion) {
  codec::ClientHello h = hello();
  h.legacy_version = kTls12;
  h.extensions.supported_versions = codec::SupportedVersionsClientHello{{GetParam()}};
  expect_alert(send(h), AlertDescription::kProtocolVersion);
}

INSTANTIATE_TEST_SUITE_P(Ssl3Tls10Tls11, Tls12OldVersion,
                         ::testing::Values(ProtocolVersion::kSsl30, ProtocolVersion::kTls10,
                                           ProtocolVersion::kTls11));

TEST_F(Tls12RawClientHello, FallbackScsvWhenWeSupportTls13IsInappropriateFallback) {
  codec::ClientHello h = hello();
  h.cipher_suites.push_back(CipherSuite::kTlsFallbackScsv);
  expect_alert(send(h), AlertDescription::kInappropriateFallback);
}

TEST_F(Tls12RawClientHello, FallbackScsvAtOurHighestVersionIsAccepted) {
  codec::ClientHello h = hello();
  h.cipher_suites.push_back(CipherSuite::kTlsFallbackScsv);
  const auto out = send(h, [](ServerConfig& c) { c.versions = {kTls12}; });
  EXPECT_FALSE(server_->failed());
  EXPECT_EQ(server_hello(out).cipher_suite, kEcdheEcdsa);
}

TEST_F(Tls12RawClientHello, NoNullCompressionIsIllegalParameter) {
  codec::ClientHello h = hello();
  h.legacy_compression_methods = {1};
  expect_alert(send(h), AlertDescription::kIllegalParameter);
}

TEST_F(Tls12RawClientHello, CompressionListWithNullIsAcceptedAndNotChosen) {
  codec::ClientHello h = hello();
  h.legacy_compression_methods = {1, 0};
  const auto out = send(h);
  EXPECT_FALSE(server_->failed());
  EXPECT_EQ(server_hello(out).legacy_compression_method, 0);
}

TEST_F(Tls12RawClientHello, NonEmptyRenegotiationInfoIsHandshakeFailure) {
  codec::ClientHello h = hello();
  h.extensions.renegotiation_info = codec::RenegotiationInfo{Bytes(12, 1)};
  expect_alert(send(h), AlertDescription::kHandshakeFailure);
}

TEST_F(Tls12RawClientHello, RenegotiationScsvAloneIsAnsweredWithTheExtension) {
  codec::ClientHello h = hello();
  h.extensions.renegotiation_info.reset();
  h.cipher_suites.push_back(CipherSuite::kTlsEmptyRenegotiationInfoScsv);
  const auto out = send(h);
  ASSERT_FALSE(server_->failed());
  EXPECT_TRUE(server_hello(out).extensions.renegotiation_info.has_value());
}

TEST_F(Tls12RawClientHello, LegacyClientWithoutRenegotiationSignalGetsNoExtension) {
  codec::ClientHello h = hello();
  h.extensions.renegotiation_info.reset();
  const auto out = send(h);
  ASSERT_FALSE(server_->failed());
  EXPECT_FALSE(server_hello(out).extensions.renegotiation_info.has_value());
}

TEST_F(Tls12RawClientHello, NoExtendedMasterSecretIsAcceptedUnlessRequired) {
  codec::ClientHello h = hello();
  h.extensions.extended_master_secret.reset();
  const auto out = send(h);
  ASSERT_FALSE(server_->failed());
  EXPECT_FALSE(server_hello(out).extensions.extended_master_secret.has_value());
  expect_alert(send(h, [](ServerConfig& c) { c.require_extended_master_secret = true; }),
               AlertDescription::kHandshakeFailure);
}

TEST_F(Tls12RawClientHello, NoSignatureAlgorithmsMeansSha1WhichWeDoNotSign) {
  // RFC 5246 7.4.1.4.1: the default is {sha1, ecdsa}; parley signs no SHA-1.
  codec::ClientHello h = hello();
  h.extensions.signature_algorithms.reset();
  expect_alert(send(h), AlertDescription::kHandshakeFailure);
}

TEST_F(Tls12RawClientHello, NoSignatureAlgorithmsIsFineForStaticRsa) {
  // Static RSA key exchange signs nothing.
  codec::ClientHello h = hello();
  h.extensions.signature_algorithms.reset();
  h.cipher_suites = {kEcdheEcdsa, kStaticRsa};
  const TestPki& rsa = pki_for(KeyKind::kRsa2048);
  const auto out = send(h, [&](ServerConfig& c) {
    c.certificates = {rsa.server};
    c.cipher_suites = {kEcdheEcdsa, kStaticRsa};
  });
  ASSERT_FALSE(server_->failed()) << server_->error()->to_string();
  EXPECT_EQ(server_hello(out).cipher_suite, kStaticRsa);
}

TEST_F(Tls12RawClientHello, PointFormatsWithoutUncompressedIsIllegalParameter) {
  // RFC 8422 5.1.2
  codec::ClientHello h = hello();
  h.extensions.ec_point_formats = codec::EcPointFormats{{codec::EcPointFormat{1}}};
  expect_alert(send(h), AlertDescription::kIllegalParameter);
}

TEST_F(Tls12RawClientHello, NoSupportedGroupsMeansSecp256r1) {
  // RFC 8422 4: without the extension any curve goes; we pick the one every
  // such client has.
  codec::ClientHello h = hello();
  h.extensions.supported_groups.reset();
  const auto out = send(h);
  ASSERT_FALSE(server_->failed()) << server_->error()->to_string();
  auto exchange = codec::ServerKeyExchangeEcdhe::decode(message_body(out.at(2)));
  ASSERT_TRUE(exchange.ok());
  EXPECT_EQ(exchange->group, NamedGroup::kSecp256r1);
}

TEST_F(Tls12RawClientHello, ClientHelloOfOurClientOffersTheTls12Extensions) {
  const TestPki& pki = pki_for(KeyKind::kP256);
  auto config = client_config(pki);
  config->versions = {kTls12};
  auto client = ClientConnection::create(config, "server.test");
  ASSERT_TRUE(client.ok());
  auto records = split_records(client->pending_tls());
  ASSERT_EQ(records.size(), 1u);
  auto h = codec::ClientHello::decode(message_body(records[0]));
  ASSERT_TRUE(h.ok());
  EXPECT_TRUE(h->extensions.extended_master_secret.has_value());
  ASSERT_TRUE(h->extensions.renegotiation_info.has_value());
  EXPECT_TRUE(h->extensions.renegotiation_info->renegotiated_connection.empty());
  EXPECT_TRUE(h->extensions.ec_point_formats.has_value());
  EXPECT_FALSE(h->extensions.session_ticket.has_value());
  EXPECT_FALSE(h->extensions.supported_versions.has_value());
  EXPECT_TRUE(h->legacy_session_id.empty());
  for (CipherSuite suite : h->cipher_suites) {
    EXPECT_NE(suite, CipherSuite::kTlsFallbackScsv);
    EXPECT_NE(suite, kStaticRsa);  // not enabled by default
  }
}

}  // namespace
}  // namespace parley::testing

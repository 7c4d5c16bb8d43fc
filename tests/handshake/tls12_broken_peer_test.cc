// TLS 1.2 against broken peers: a real client and server whose flights a
// test edits on the link (with the keys where it must seal records), and raw
// ClientHellos fed to a server. Each violation gets its alert, exactly once,
// and the connection closes.
#include <gtest/gtest.h>

#include <algorithm>
#include <functional>
#include <ostream>

#include "codec/messages.h"
#include "crypto/provider.h"
#include "handshake/key_schedule12.h"
#include "handshake/negotiation.h"
#include "tls12_link.h"
#include "x509/public_certificate.h"

namespace parley::testing {
namespace {

using codec::ContentType;
using codec::HandshakeType;

constexpr auto kTls12 = ProtocolVersion::kTls12;
constexpr auto kTls13 = ProtocolVersion::kTls13;

using Adjust = std::function<void(ClientConfig&, ServerConfig&)>;

// A TLS 1.2 link for one suite with a certificate of `kind`, between a
// client without a session cache (so no tickets) and the server.
Tls12Link make_link(CipherSuite suite, KeyKind kind, const Adjust& adjust = {}) {
  const TestPki& pki = cached_pki(kind);
  auto client = client_config(pki);
  client->versions = {kTls12};
  client->cipher_suites = {suite};
  client->session_cache = nullptr;
  auto server = server_config(pki);
  server->cipher_suites = {suite};
  if (adjust) adjust(*client, *server);
  return Tls12Link(client, server);
}

constexpr auto kEcdheEcdsa = CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256;
constexpr auto kDheRsa = CipherSuite::kTlsDheRsaWithAes128GcmSha256;
constexpr auto kStaticRsa = CipherSuite::kTlsRsaWithAes128GcmSha256;

enum class Side { kClient, kServer };

Side peer_of(Side side) {
  return side == Side::kClient ? Side::kServer : Side::kClient;
}

Connection& connection(Tls12Link& link, Side side) {
  if (side == Side::kClient) return link.client();
  return link.server();
}

// `side` detected the violation: it failed with `alert`, sent exactly one
// alert, and the other side received it.
void expect_failure(Tls12Link& link, Side side, AlertDescription alert) {
  Connection& failing = connection(link, side);
  Connection& peer = connection(link, peer_of(side));
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

// The handshake encoding of `message`.
template <typename Message>
Bytes encoded(const Message& message) {
  auto raw = codec::encode_handshake(message);
  EXPECT_TRUE(raw.ok()) << raw.error().to_string();
  return raw.ok() ? *raw : Bytes{};
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

// Signs a ServerKeyExchange again, as a server holding the key would.
template <typename Exchange>
void resign(Exchange& exchange, const CertifiedKey& key, const codec::Random& client_random,
            const codec::Random& server_random) {
  auto signature =
      x509::private_key(key).sign(handshake::signature_scheme_info(exchange.scheme)->algorithm,
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
// Edits of one side's flights on the link

// A flight as an edit sees it: the link (for the randoms and keys), the
// server's certificates, and the records, which the edit may change.
struct Flight {
  Tls12Link& link;
  const TestPki& pki;
  std::vector<WireRecord>& records;
};
using Edit = std::function<void(Flight&)>;
using RecordIt = std::vector<WireRecord>::iterator;

// Has the link apply `edit` to every flight `sender` sends.
void edit_flights(Tls12Link& link, Side sender, const TestPki& pki, Edit edit) {
  Tls12Link::Hook hook = [&link, &pki, edit](std::vector<WireRecord>& records) {
    Flight flight{link, pki, records};
    edit(flight);
  };
  (sender == Side::kClient ? link.client_hook : link.server_hook) = std::move(hook);
}

// Applies `change` to the flight that holds a message of `type`, at that
// message's record; other flights pass untouched.
Edit at_message(HandshakeType type, std::function<void(Flight&, RecordIt)> change) {
  return [type, change](Flight& flight) {
    const int index = find_message(flight.records, type);
    if (index >= 0) change(flight, flight.records.begin() + index);
  };
}

Edit drop(HandshakeType type) {
  return at_message(type, [](Flight& flight, RecordIt message) { flight.records.erase(message); });
}

Edit insert_before(HandshakeType type, const WireRecord& record) {
  return at_message(
      type, [record](Flight& flight, RecordIt message) { flight.records.insert(message, record); });
}

Edit replace(HandshakeType type, const WireRecord& record) {
  return at_message(type, [record](Flight&, RecordIt message) { *message = record; });
}

// The message's last byte (the end of its signature) flips.
Edit flip_last_byte(HandshakeType type) {
  return at_message(type, [](Flight&, RecordIt message) { message->fragment.back() ^= 1; });
}

// The message body loses its last byte; the handshake header's length
// matches, so the inner vectors no longer fit (an empty body, as of
// ServerHelloDone, instead gets a byte it must not have).
Edit truncate_body(HandshakeType type) {
  return at_message(type, [](Flight&, RecordIt message) {
    const ByteView old_body = message_body(*message);
    Bytes body(old_body.empty() ? 1 : old_body.size() - 1, 0);
    std::copy_n(old_body.begin(), std::min(old_body.size(), body.size()), body.begin());
    set_message_body(*message, body);
  });
}

// Decodes the flight's message of type `Message`, applies `change` and
// encodes it again.
template <typename Message>
Edit edit_message(std::function<void(Message&, const Flight&)> change) {
  return at_message(Message::kType, [change](Flight& flight, RecordIt record) {
    auto message = Message::decode(message_body(*record));
    ASSERT_TRUE(message.ok()) << message.error().to_string();
    change(*message, flight);
    *record = handshake_record(*message);
  });
}

// Changes the ServerKeyExchange and signs it again with the server's key, so
// that only the change itself is wrong.
template <typename Exchange>
Edit resigned(std::function<void(Exchange&)> change) {
  return edit_message<Exchange>([change](Exchange& exchange, const Flight& flight) {
    change(exchange);
    resign(exchange, *flight.pki.server, flight.link.client_hello().random,
           server_random_of(flight.records));
  });
}

// Replaces the record after `sender`'s ChangeCipherSpec (its Finished) with
// `content` of `type`, sealed under the negotiated keys, as a man in the
// middle who knows them would.
Edit replace_finished(Side sender, ContentType type, ByteView content) {
  return [sender, type, content = Bytes(content.begin(), content.end())](Flight& flight) {
    const auto ccs =
        std::find_if(flight.records.begin(), flight.records.end(),
                     [](const WireRecord& r) { return r.type == ContentType::kChangeCipherSpec; });
    if (ccs == flight.records.end()) return;
    const size_t finished = static_cast<size_t>(ccs - flight.records.begin()) + 1;
    Tls12Link& link = flight.link;
    flight.records.at(finished) =
        link.seal(link.key_block(link.master_secret()), sender == Side::kClient, 0, type, content);
  };
}

void only_p256(ClientConfig& client, ServerConfig&) {
  client.groups = {NamedGroup::kSecp256r1};
}

void request_client_certificate(ClientConfig&, ServerConfig& server) {
  server.client_auth = ClientAuth::kOptional;
}

void require_client_certificate(ClientConfig& client, ServerConfig& server) {
  client.certificate = cached_pki(KeyKind::kP256).client;
  server.client_auth = ClientAuth::kRequired;
}

// ---------------------------------------------------------------------------
// One side's flight broken on the link: the other side fails with the alert

struct Violation {
  std::string name;
  Side sender;  // whose flight the link breaks; the other side must notice
  Edit edit;
  AlertDescription alert;
  Adjust adjust = {};
  CipherSuite suite = kEcdheEcdsa;
  KeyKind key = KeyKind::kP256;
};

void PrintTo(const Violation& violation, std::ostream* out) {
  *out << violation.name;
}

class Tls12BrokenFlight : public ::testing::TestWithParam<Violation> {};

TEST_P(Tls12BrokenFlight, FailsWithItsAlert) {
  const Violation& violation = GetParam();
  Tls12Link link = make_link(violation.suite, violation.key, violation.adjust);
  edit_flights(link, violation.sender, cached_pki(violation.key), violation.edit);
  link.pump();
  expect_failure(link, peer_of(violation.sender), violation.alert);
}

std::string violation_name(const ::testing::TestParamInfo<Violation>& info) {
  return info.param.name;
}

using Alert = AlertDescription;

// Violations on an ECDHE_ECDSA link with a P-256 certificate.
Violation by_server(std::string name, Edit edit, Alert alert, Adjust adjust = {}) {
  return {std::move(name), Side::kServer, std::move(edit), alert, std::move(adjust)};
}
Violation by_client(std::string name, Edit edit, Alert alert, Adjust adjust = {}) {
  return {std::move(name), Side::kClient, std::move(edit), alert, std::move(adjust)};
}
// The same violation on a DHE_RSA link with an RSA certificate.
Violation on_dhe(Violation violation) {
  violation.suite = kDheRsa;
  violation.key = KeyKind::kRsa2048;
  return violation;
}

// A real client against a broken server.
std::vector<Violation> broken_server_flights() {
  std::vector<Violation> cases = {
      by_server("BadServerKeyExchangeSignatureIsDecryptError",
             flip_last_byte(HandshakeType::kServerKeyExchange), Alert::kDecryptError),
      // The signature covers the parameters: a man in the middle cannot swap
      // in its own group.
      on_dhe(by_server("DheServerKeyExchangeSignatureOverOtherParametersIsDecryptError",
                 edit_message<codec::ServerKeyExchangeDhe>(
                     [](auto& exchange, const Flight&) { exchange.dh_ys.back() ^= 1; }),
                 Alert::kDecryptError)),
      by_server("OffCurvePointIsIllegalParameter",
                resigned<codec::ServerKeyExchangeEcdhe>(
                    [](auto& exchange) { exchange.public_key = off_curve_p256_point(); }),
                Alert::kIllegalParameter, only_p256),
      by_server("AllZeroX25519ShareIsIllegalParameter",
             resigned<codec::ServerKeyExchangeEcdhe>(
                 [](auto& exchange) { exchange.public_key = Bytes(32, 0); }),
             Alert::kIllegalParameter),
      by_server("CurveNotOfferedIsIllegalParameter",
                resigned<codec::ServerKeyExchangeEcdhe>(
                    [](auto& exchange) { exchange.group = NamedGroup::kSecp384r1; }),
                Alert::kIllegalParameter,
                [](ClientConfig& c, ServerConfig&) {
                  c.groups = {NamedGroup::kX25519, NamedGroup::kSecp256r1};
                }),
      // RFC 7919 4: a client refuses a group it finds too weak. This is the
      // 1024-bit MODP group of RFC 2409 6.2, correctly signed.
      on_dhe(by_server("SmallDhGroupIsInsufficientSecurity",
                 resigned<codec::ServerKeyExchangeDhe>([](auto& exchange) {
                   exchange.dh_p = from_hex(
                       "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B"
                       "139B22514A08798E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485"
                       "B576625E7EC6F44C42E9A637ED6B0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1F"
                       "E649286651ECE65381FFFFFFFFFFFFFFFF");
                   exchange.dh_g = {2};
                   exchange.dh_ys = {2};
                 }),
                 Alert::kInsufficientSecurity)),
      // RFC 7919 5.1: 1 < Ys < p - 1
      on_dhe(by_server(
          "DhPublicValueOutOfRangeIsIllegalParameter",
          resigned<codec::ServerKeyExchangeDhe>([](auto& exchange) { exchange.dh_ys = {1}; }),
          Alert::kIllegalParameter)),
      by_server("MissingServerKeyExchangeIsUnexpectedMessage", drop(HandshakeType::kServerKeyExchange),
             Alert::kUnexpectedMessage),
      by_server("ChangeCipherSpecBeforeServerHelloDoneIsUnexpectedMessage",
             insert_before(HandshakeType::kServerHelloDone, change_cipher_spec_record()),
             Alert::kUnexpectedMessage),
      // Allowed (and ignored) only in TLS 1.3 (RFC 8446 5).
      by_server("ChangeCipherSpecBeforeServerHelloIsUnexpectedMessage",
             insert_before(HandshakeType::kServerHello, change_cipher_spec_record()),
             Alert::kUnexpectedMessage),
      by_server(
          "ChangeCipherSpecOfTwoBytesIsUnexpectedMessage",
          [](Flight& flight) {
            for (WireRecord& r : flight.records) {
              if (r.type == ContentType::kChangeCipherSpec) r.fragment = {1, 1};
            }
          },
          Alert::kUnexpectedMessage),
      // RFC 5246 6.2.1: handshake messages are not interleaved with other types.
      by_server("ChangeCipherSpecInsideAFragmentedMessageIsUnexpectedMessage",
             at_message(HandshakeType::kCertificate,
                        [](Flight& flight, RecordIt certificate) {
                          WireRecord first = *certificate;
                          WireRecord second = first;
                          first.fragment.resize(10);
                          second.fragment.erase(second.fragment.begin(),
                                                second.fragment.begin() + 10);
                          *certificate = second;
                          certificate =
                              flight.records.insert(certificate, change_cipher_spec_record());
                          flight.records.insert(certificate, first);
                        }),
             Alert::kUnexpectedMessage),
      // A Finished that decrypts but whose verify_data is wrong.
      by_server("BadFinishedIsDecryptError",
             replace_finished(Side::kServer, ContentType::kHandshake,
                              encoded(codec::Finished{Bytes(12, 0xab)})),
             Alert::kDecryptError),
      by_server("ApplicationDataInsteadOfFinishedIsUnexpectedMessage",
             replace_finished(Side::kServer, ContentType::kApplicationData, as_bytes("early")),
             Alert::kUnexpectedMessage),
      by_server("SessionTicketExtensionNotOfferedIsUnsupportedExtension",
             edit_message<codec::ServerHello>([](auto& hello, const Flight&) {
               hello.extensions.session_ticket = codec::EmptyExtension{};
             }),
             Alert::kUnsupportedExtension),
      // RFC 5077 3.3: a ServerHello with session_ticket promises a
      // NewSessionTicket, which "MUST be sent"; a ChangeCipherSpec in its
      // place is unexpected.
      by_server("PromisedNewSessionTicketMissingIsUnexpectedMessage",
                drop(HandshakeType::kNewSessionTicket), Alert::kUnexpectedMessage,
                [](ClientConfig& c, ServerConfig&) {
                  c.session_cache = make_client_session_cache();
                }),
      by_server("NonEmptyRenegotiationInfoIsHandshakeFailure",
             edit_message<codec::ServerHello>([](auto& hello, const Flight&) {
               hello.extensions.renegotiation_info = codec::RenegotiationInfo{Bytes(24, 7)};
             }),
             Alert::kHandshakeFailure),
      by_server("MissingExtendedMasterSecretWhenRequiredIsHandshakeFailure",
                edit_message<codec::ServerHello>([](auto& hello, const Flight&) {
                  hello.extensions.extended_master_secret.reset();
                }),
                Alert::kHandshakeFailure,
                [](ClientConfig& c, ServerConfig&) { c.require_extended_master_secret = true; }),
      by_server("SuiteNotOfferedIsIllegalParameter",
             edit_message<codec::ServerHello>([](auto& hello, const Flight&) {
               hello.cipher_suite = CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384;
             }),
             Alert::kIllegalParameter),
      // The server has an ECDSA certificate but its ServerHello says ECDHE_RSA.
      by_server("CertificateKeyThatDoesNotFitTheSuiteIsUnsupportedCertificate",
                edit_message<codec::ServerHello>([](auto& hello, const Flight&) {
                  hello.cipher_suite = CipherSuite::kTlsEcdheRsaWithAes128GcmSha256;
                }),
                Alert::kUnsupportedCertificate,
                [](ClientConfig& c, ServerConfig&) {
                  c.cipher_suites = {kEcdheEcdsa, CipherSuite::kTlsEcdheRsaWithAes128GcmSha256};
                }),
      // A client offering 1.3 and 1.2 sends a random session id; a TLS 1.2
      // server echoing it claims to resume a session we never had.
      by_server("ServerHelloResumingOurCompatibilitySessionIdIsIllegalParameter",
                edit_message<codec::ServerHello>([](auto& hello, const Flight& flight) {
                  hello.legacy_session_id_echo = flight.link.client_hello().legacy_session_id;
                }),
                Alert::kIllegalParameter,
                [](ClientConfig& c, ServerConfig& s) {
                  c.versions = {kTls13, kTls12};
                  c.cipher_suites = {};
                  s.versions = {kTls12};
                }),
  };
  for (const auto& [type, name] :
       {std::pair{HandshakeType::kServerHello, "ServerHello"},
        std::pair{HandshakeType::kCertificate, "Certificate"},
        std::pair{HandshakeType::kServerKeyExchange, "ServerKeyExchange"},
        std::pair{HandshakeType::kCertificateRequest, "CertificateRequest"},
        std::pair{HandshakeType::kServerHelloDone, "ServerHelloDone"}}) {
    cases.push_back(by_server(std::string("Truncated") + name + "IsDecodeError",
                              truncate_body(type), Alert::kDecodeError,
                              request_client_certificate));
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(BrokenServer, Tls12BrokenFlight,
                         ::testing::ValuesIn(broken_server_flights()), violation_name);

// A real server against a broken client.
std::vector<Violation> broken_client_flights() {
  return {
      by_client("OffCurvePointIsIllegalParameter",
                replace(HandshakeType::kClientKeyExchange,
                        handshake_record(codec::ClientKeyExchangeEcdhe{off_curve_p256_point()})),
                Alert::kIllegalParameter, only_p256),
      on_dhe(by_client("DhPublicValueOutOfRangeIsIllegalParameter",
                       replace(HandshakeType::kClientKeyExchange,
                               handshake_record(codec::ClientKeyExchangeDhe{{1}})),
                       Alert::kIllegalParameter)),
      by_client("TruncatedClientKeyExchangeIsDecodeError",
                truncate_body(HandshakeType::kClientKeyExchange), Alert::kDecodeError),
      by_client("BadFinishedIsDecryptError",
                replace_finished(Side::kClient, ContentType::kHandshake,
                                 encoded(codec::Finished{Bytes(12, 0xcd)})),
                Alert::kDecryptError),
      by_client("ChangeCipherSpecBeforeClientKeyExchangeIsUnexpectedMessage",
                insert_before(HandshakeType::kClientKeyExchange, change_cipher_spec_record()),
                Alert::kUnexpectedMessage),
      by_client("ChangeCipherSpecAfterClientHelloIsUnexpectedMessage",
                at_message(HandshakeType::kClientHello,
                           [](Flight& flight, RecordIt) {
                             flight.records.push_back(change_cipher_spec_record());
                           }),
                Alert::kUnexpectedMessage),
      by_client("MissingCertificateVerifyIsUnexpectedMessage",
                drop(HandshakeType::kCertificateVerify), Alert::kUnexpectedMessage,
                require_client_certificate),
      by_client("BadCertificateVerifyIsDecryptError",
                flip_last_byte(HandshakeType::kCertificateVerify), Alert::kDecryptError,
                require_client_certificate),
      by_client("CertificateVerifyWithASchemeNotRequestedIsIllegalParameter",
                edit_message<codec::CertificateVerify>([](auto& verify, const Flight&) {
                  verify.scheme = SignatureScheme::kEcdsaSecp384r1Sha384;
                }),
                Alert::kIllegalParameter,
                [](ClientConfig& c, ServerConfig& s) {
                  require_client_certificate(c, s);
                  s.signature_schemes = {SignatureScheme::kEcdsaSecp256r1Sha256};
                }),
  };
}

INSTANTIATE_TEST_SUITE_P(BrokenClient, Tls12BrokenFlight,
                         ::testing::ValuesIn(broken_client_flights()), violation_name);

// ---------------------------------------------------------------------------
// Messages a peer may send that are ignored or refused without a failure

TEST(Tls12BrokenServer, HelloRequestDuringTheHandshakeIsIgnored) {
  // RFC 5246 7.4.1.1, and it is not part of the transcript.
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  edit_flights(
      link, Side::kServer, cached_pki(KeyKind::kP256),
      insert_before(HandshakeType::kServerHelloDone, handshake_record(codec::HelloRequest{})));
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
    const Bytes ticket = encoded(codec::NewSessionTicket12{7200, Bytes(16, 5)});
    const auto schedule = handshake::KeySchedule12::from_master(
        crypto::default_provider(), link.suite().hash, link.master_secret(),
        link.client_hello().random, link.server_hello().random);
    const Bytes finished = encoded(codec::Finished{schedule.verify_data(
        handshake::FinishedSender::kServer, link.transcript_hash({*client_finished, ticket}))});
    records = {{ContentType::kHandshake, ticket},
               change_cipher_spec_record(),
               link.seal(keys, false, 0, ContentType::kHandshake, finished)};
  };
  link.pump();
  EXPECT_FALSE(link.client().failed()) << link.client().error()->to_string();
  EXPECT_FALSE(link.client().is_handshaking());
}

// A link whose handshake is done.
Tls12Link established_link() {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256);
  link.pump();
  return link;
}

// Delivers `request` to `refusing`, sealed by its peer at `request_sequence`;
// `refusing` answers with one no_renegotiation alert of `level`, sealed at
// `answer_sequence`, and fails if the alert is fatal.
void expect_renegotiation_refused(Tls12Link& link, Side refusing, ByteView request,
                                  uint64_t request_sequence, uint64_t answer_sequence,
                                  AlertLevel level) {
  const auto keys = link.key_block(link.master_secret());
  const bool client_refuses = refusing == Side::kClient;
  const WireRecord sealed =
      link.seal(keys, !client_refuses, request_sequence, ContentType::kHandshake, request);
  client_refuses ? link.send_to_client({sealed}) : link.send_to_server({sealed});
  Connection& refuser = connection(link, refusing);
  const bool fatal = level == AlertLevel::kFatal;
  ASSERT_EQ(refuser.failed(), fatal);
  if (fatal) {
    EXPECT_EQ(refuser.error()->alert, AlertDescription::kNoRenegotiation);
  }
  const auto answer = split_records(refuser.pending_tls());
  refuser.consume_tls(refuser.pending_tls().size());
  ASSERT_EQ(answer.size(), 1u);
  EXPECT_EQ(answer[0].type, ContentType::kAlert);
  EXPECT_EQ(link.open(keys, client_refuses, answer_sequence, answer[0]),
            (Bytes{static_cast<uint8_t>(level),
                   static_cast<uint8_t>(AlertDescription::kNoRenegotiation)}));
}

TEST(Tls12BrokenServer, RenegotiationIsRefusedThenTheConnectionCloses) {
  Tls12Link link = established_link();
  ASSERT_FALSE(link.client().is_handshaking());
  const Bytes hello_request = encoded(codec::HelloRequest{});
  // Both Finished messages used sequence number 0.
  expect_renegotiation_refused(link, Side::kClient, hello_request, 1, 1, AlertLevel::kWarning);
  // A server that insists is closed with a fatal alert.
  expect_renegotiation_refused(link, Side::kClient, hello_request, 2, 2, AlertLevel::kFatal);
}

TEST(Tls12BrokenClient, RenegotiationIsRefusedThenTheConnectionCloses) {
  Tls12Link link = established_link();
  ASSERT_FALSE(link.server().is_handshaking());
  const Bytes client_hello = link.transcript().front();
  expect_renegotiation_refused(link, Side::kServer, client_hello, 1, 1, AlertLevel::kWarning);
  // Application data still flows after the refusal.
  const auto keys = link.key_block(link.master_secret());
  link.send_to_server({link.seal(keys, true, 2, ContentType::kApplicationData, as_bytes("hi"))});
  EXPECT_EQ(read_all(link.server()), "hi");
  expect_renegotiation_refused(link, Side::kServer, client_hello, 3, 2, AlertLevel::kFatal);
}

TEST(Tls12BrokenClient, EncryptedChangeCipherSpecAfterTheHandshakeIsUnexpectedMessage) {
  Tls12Link link = established_link();
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
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  if (!encrypted) {
    auto ciphertext = x509::private_key(*pki.server).public_key()->rsa_encrypt_pkcs1(premaster);
    ASSERT_TRUE(ciphertext.ok());
    encrypted = *ciphertext;
  }
  const Bytes key_exchange = encoded(codec::ClientKeyExchangeRsa{*encrypted});
  const handshake::CipherSuiteInfo& suite = link.suite();
  const Bytes session_hash = link.transcript_hash({key_exchange});
  const auto schedule = handshake::KeySchedule12::from_premaster_extended(
      crypto::default_provider(), suite.hash, premaster, session_hash, link.client_hello().random,
      link.server_hello().random);
  const Bytes finished = encoded(
      codec::Finished{schedule.verify_data(handshake::FinishedSender::kClient, session_hash)});
  records = {{ContentType::kHandshake, key_exchange},
             change_cipher_spec_record(),
             link.seal(schedule.key_block(suite.key_size, suite.iv_size), true, 0,
                       ContentType::kHandshake, finished)};
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

void PrintTo(const WrongPremaster& wrong, std::ostream* out) {
  *out << wrong.name;
}

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
    auto config = server_config(cached_pki(KeyKind::kP256));
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

  // The ServerHello that starts `out` (an empty one, after a failed
  // expectation, if there is none).
  static codec::ServerHello server_hello(const std::vector<WireRecord>& out) {
    EXPECT_FALSE(out.empty());
    if (out.empty()) return {};
    auto decoded = codec::ServerHello::decode(message_body(out[0]));
    EXPECT_TRUE(decoded.ok()) << decoded.error().to_string();
    return decoded.ok() ? *decoded : codec::ServerHello{};
  }

  // Feeds `h` to a fresh server, which must go on with the handshake; returns
  // its ServerHello.
  codec::ServerHello accepted(const codec::ClientHello& h,
                              const std::function<void(ServerConfig&)>& adjust = {}) {
    const auto out = send(h, adjust);
    EXPECT_FALSE(server_->failed()) << server_->error()->to_string();
    return server_->failed() ? codec::ServerHello{} : server_hello(out);
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
  // A fresh session ID: the session can be resumed (RFC 5246 7.4.1.3); no
  // ticket, which the hello did not ask for (RFC 5077 3.2).
  EXPECT_EQ(sh.legacy_session_id_echo.size(), 32u);
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
  EXPECT_EQ(accepted(h, [](ServerConfig& c) { c.versions = {kTls12}; }).cipher_suite, kEcdheEcdsa);
}

// RFC 7507 3: the SCSV from a client whose highest version is below ours is
// inappropriate_fallback, even when that version is one we do not support.
TEST_F(Tls12RawClientHello, FallbackScsvFromATls11ClientIsInappropriateFallback) {
  codec::ClientHello h = hello();
  h.legacy_version = ProtocolVersion::kTls11;
  h.cipher_suites.push_back(CipherSuite::kTlsFallbackScsv);
  expect_alert(send(h), AlertDescription::kInappropriateFallback);
  h.extensions.supported_versions = codec::SupportedVersionsClientHello{{ProtocolVersion::kTls11}};
  expect_alert(send(h), AlertDescription::kInappropriateFallback);
}

// RFC 8446 4.1.2 and D.5: a TLS 1.3 ClientHello carries legacy_version
// 0x0303; SSL 3.0 or anything lower, or a TLS 1.3 offer with a lower value,
// is protocol_version rather than a TLS 1.3 ServerHello.
class Tls13LowLegacyVersion : public Tls12RawClientHello,
                              public ::testing::WithParamInterface<uint16_t> {};

TEST_P(Tls13LowLegacyVersion, IsProtocolVersion) {
  codec::ClientHello h = hello();
  h.legacy_version = static_cast<ProtocolVersion>(GetParam());
  h.extensions.supported_versions =
      codec::SupportedVersionsClientHello{{ProtocolVersion::kTls13, kTls12}};
  expect_alert(send(h), AlertDescription::kProtocolVersion);
}

INSTANTIATE_TEST_SUITE_P(BelowTls12, Tls13LowLegacyVersion,
                         ::testing::Values(0x0000, 0x0200, 0x0300, 0x0301, 0x0302));

TEST_F(Tls12RawClientHello, LegacyVersionOnlyIsIgnoredWhenSupportedVersionsSaysTls12) {
  // RFC 8446 4.2.1: supported_versions alone decides; TLS 1.2 from a client
  // whose legacy_version says TLS 1.1 is fine.
  codec::ClientHello h = hello();
  h.legacy_version = ProtocolVersion::kTls11;
  h.extensions.supported_versions = codec::SupportedVersionsClientHello{{kTls12}};
  EXPECT_EQ(accepted(h).cipher_suite, kEcdheEcdsa);
}

// RFC 8422 5.1 and 5.3: an ECDSA certificate must be on a curve the client
// named in supported_groups.
TEST_F(Tls12RawClientHello, EcdsaCertificateOnACurveTheClientLacksIsNotChosen) {
  codec::ClientHello h = hello();
  h.extensions.supported_groups = codec::SupportedGroups{{NamedGroup::kX25519}};
  expect_alert(send(h), AlertDescription::kHandshakeFailure);
}

TEST_F(Tls12RawClientHello, AnotherCertificateServesAClientWithoutTheEcdsaCurve) {
  codec::ClientHello h = hello();
  h.cipher_suites = {kEcdheEcdsa, CipherSuite::kTlsEcdheRsaWithAes128GcmSha256};
  h.extensions.supported_groups = codec::SupportedGroups{{NamedGroup::kX25519}};
  h.extensions.signature_algorithms = codec::SignatureSchemeList{
      {SignatureScheme::kEcdsaSecp256r1Sha256, SignatureScheme::kRsaPssRsaeSha256}};
  const auto sh = accepted(
      h, [](ServerConfig& c) { c.certificates.push_back(cached_pki(KeyKind::kRsa2048).server); });
  EXPECT_EQ(sh.cipher_suite, CipherSuite::kTlsEcdheRsaWithAes128GcmSha256);
}

// RFC 8422 5.3: the client refuses a server ECDSA certificate on a curve it
// did not offer (a middlebox adds P-256 to its supported_groups here).
TEST(Tls12BrokenServer, EcdsaCertificateOnACurveWeDidNotOfferIsRefused) {
  Tls12Link link = make_link(kEcdheEcdsa, KeyKind::kP256, [](ClientConfig& c, ServerConfig&) {
    c.groups = {NamedGroup::kX25519, NamedGroup::kSecp384r1};
  });
  link.client_hook = [](std::vector<WireRecord>& records) {
    const int at = find_message(records, HandshakeType::kClientHello);
    if (at < 0) return;
    auto hello = codec::ClientHello::decode(message_body(records[at]));
    ASSERT_TRUE(hello.ok());
    hello->extensions.supported_groups->groups.push_back(NamedGroup::kSecp256r1);
    records[at] = handshake_record(*hello);
  };
  link.pump();
  ASSERT_TRUE(link.client().failed());
  EXPECT_EQ(link.client().error()->alert, AlertDescription::kIllegalParameter)
      << link.client().error()->to_string();
}

TEST_F(Tls12RawClientHello, NoNullCompressionIsIllegalParameter) {
  codec::ClientHello h = hello();
  h.legacy_compression_methods = {1};
  expect_alert(send(h), AlertDescription::kIllegalParameter);
}

TEST_F(Tls12RawClientHello, CompressionListWithNullIsAcceptedAndNotChosen) {
  codec::ClientHello h = hello();
  h.legacy_compression_methods = {1, 0};
  EXPECT_EQ(accepted(h).legacy_compression_method, 0);
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
  EXPECT_TRUE(accepted(h).extensions.renegotiation_info.has_value());
}

TEST_F(Tls12RawClientHello, LegacyClientWithoutRenegotiationSignalGetsNoExtension) {
  codec::ClientHello h = hello();
  h.extensions.renegotiation_info.reset();
  EXPECT_FALSE(accepted(h).extensions.renegotiation_info.has_value());
}

TEST_F(Tls12RawClientHello, NoExtendedMasterSecretIsAcceptedUnlessRequired) {
  codec::ClientHello h = hello();
  h.extensions.extended_master_secret.reset();
  EXPECT_FALSE(accepted(h).extensions.extended_master_secret.has_value());
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
  const TestPki& rsa = cached_pki(KeyKind::kRsa2048);
  const codec::ServerHello sh = accepted(h, [&](ServerConfig& c) {
    c.certificates = {rsa.server};
    c.cipher_suites = {kEcdheEcdsa, kStaticRsa};
  });
  EXPECT_EQ(sh.cipher_suite, kStaticRsa);
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
  const TestPki& pki = cached_pki(KeyKind::kP256);
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
  // RFC 5077 3.2: the default session cache asks for a ticket (empty).
  ASSERT_TRUE(h->extensions.session_ticket.has_value());
  EXPECT_TRUE(h->extensions.session_ticket->ticket.empty());
  EXPECT_FALSE(h->extensions.supported_versions.has_value());
  EXPECT_TRUE(h->legacy_session_id.empty());
  for (CipherSuite suite : h->cipher_suites) {
    EXPECT_NE(suite, CipherSuite::kTlsFallbackScsv);
    EXPECT_NE(suite, kStaticRsa);  // not enabled by default
  }
}

}  // namespace
}  // namespace parley::testing

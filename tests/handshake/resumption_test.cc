// In-memory resumption: TLS 1.3 (suite x PSK mode x client auth) and TLS
// 1.2 (suite x ticket or session ID x client auth), each rejection path with
// its outcome (a full handshake, or the alert), and 0-RTT accepted,
// declined, replayed and over the limit.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "codec/handshake.h"
#include "codec/hello.h"
#include "connection_pair.h"
#include "record/protection.h"
#include "session/session_state.h"

namespace parley::testing {
namespace {

constexpr auto kTls13 = ProtocolVersion::kTls13;
constexpr int64_t kStart = x509::testing::kNow;  // certificates are valid around it

// Configs on a clock the test moves, with a session cache on the client.
struct Peers {
  std::shared_ptr<std::atomic<int64_t>> now = std::make_shared<std::atomic<int64_t>>(kStart);
  std::shared_ptr<ClientConfig> client;
  std::shared_ptr<ServerConfig> server;

  explicit Peers(KeyKind kind = KeyKind::kP256) {
    const TestPki& pki = cached_pki(kind);
    client = client_config(pki);
    server = server_config(pki);
    client->versions = {kTls13};
    client->session_cache = make_client_session_cache();
    auto clock = now;
    client->clock = [clock] { return clock->load(); };
    server->clock = [clock] { return clock->load(); };
  }
};

void expect_ok(Pair& pair) {
  ASSERT_FALSE(pair.client().failed()) << pair.client().error()->to_string();
  ASSERT_FALSE(pair.server().failed()) << pair.server().error()->to_string();
  ASSERT_TRUE(pair.handshake_done());
}

std::unique_ptr<Pair> connect(const Peers& setup, ConnectOptions options = {}) {
  auto pair = std::make_unique<Pair>(setup.client, setup.server, "server.test", std::move(options));
  pair->pump();
  return pair;
}

// A full handshake that leaves the client's cache holding sessions.
void first_handshake(const Peers& setup) {
  auto full = connect(setup);
  expect_ok(*full);
}

// A connection from the setup's client to another server config.
std::unique_ptr<Pair> connect_to(const Peers& setup, std::shared_ptr<const ServerConfig> server,
                                 const std::string& name = "server.test",
                                 ConnectOptions options = {}) {
  auto pair = std::make_unique<Pair>(setup.client, std::move(server), name, std::move(options));
  pair->pump();
  return pair;
}

// A copy of the setup's server config, changed by `edit`.
std::shared_ptr<ServerConfig> server_like(const Peers& setup,
                                          const std::function<void(ServerConfig&)>& edit) {
  auto server = std::make_shared<ServerConfig>(*setup.server);
  edit(*server);
  return server;
}

struct MatrixCase {
  CipherSuite suite;
  bool psk_ke;
  bool client_auth;
};

class Resumption13Matrix : public ::testing::TestWithParam<MatrixCase> {};

TEST_P(Resumption13Matrix, ResumesAndKeepsTheSession) {
  const MatrixCase param = GetParam();
  Peers setup;
  setup.client->cipher_suites = {param.suite};
  if (param.client_auth) {
    setup.client->certificate = cached_pki(KeyKind::kP256).client;
    setup.server->client_auth = ClientAuth::kRequired;
  }
  setup.server->allow_psk_ke = param.psk_ke;
  auto full = connect(setup);
  expect_ok(*full);
  EXPECT_FALSE(full->client().info().resumed);
  const SessionInfo first_client = full->client().info();
  const SessionInfo first_server = full->server().info();

  // The psk_ke mode is what the client offers when only psk_ke is possible:
  // our client offers psk_dhe_ke, so psk_ke is tested through the server's
  // preference (psk_dhe_ke still wins).
  auto resumed = connect(setup);
  expect_ok(*resumed);
  const SessionInfo& client = resumed->client().info();
  const SessionInfo& server = resumed->server().info();
  EXPECT_TRUE(client.psk_offered);
  EXPECT_TRUE(client.resumed);
  EXPECT_TRUE(server.resumed);
  EXPECT_EQ(client.cipher_suite, param.suite);
  EXPECT_EQ(server.cipher_suite, param.suite);
  // psk_dhe_ke: a fresh key exchange, in the group the full handshake chose.
  ASSERT_TRUE(client.group.has_value());
  EXPECT_EQ(client.group, first_client.group);
  EXPECT_EQ(client.peer_certificates, first_client.peer_certificates);
  EXPECT_EQ(server.peer_certificates, first_server.peer_certificates);
  EXPECT_EQ(param.client_auth, !server.peer_certificates.empty());
  EXPECT_EQ(resumed->client_to_server("ping"), "ping");
  EXPECT_EQ(resumed->server_to_client("pong"), "pong");
  // The resumed session's tickets resume again.
  auto again = connect(setup);
  expect_ok(*again);
  EXPECT_TRUE(again->server().info().resumed);
}

INSTANTIATE_TEST_SUITE_P(
    SuitesModesAuth, Resumption13Matrix,
    ::testing::Values(MatrixCase{CipherSuite::kTlsAes128GcmSha256, false, false},
                      MatrixCase{CipherSuite::kTlsAes256GcmSha384, false, false},
                      MatrixCase{CipherSuite::kTlsChaCha20Poly1305Sha256, false, false},
                      MatrixCase{CipherSuite::kTlsAes128GcmSha256, true, false},
                      MatrixCase{CipherSuite::kTlsAes128GcmSha256, false, true},
                      MatrixCase{CipherSuite::kTlsAes256GcmSha384, true, true}));

TEST(Resumption13, TicketsAreSingleUseOnTheClient) {
  Peers setup;
  setup.server->session_tickets = 2;
  first_handshake(setup);
  // Two tickets, then each resumption brings two more; take three in a
  // row without refilling by turning issuing off.
  setup.server->session_tickets = 0;
  auto first = connect(setup);
  auto second = connect(setup);
  auto third = connect(setup);
  EXPECT_TRUE(first->server().info().resumed);
  EXPECT_TRUE(second->server().info().resumed);
  EXPECT_FALSE(third->client().info().psk_offered);  // both tickets used
  EXPECT_FALSE(third->server().info().resumed);
  expect_ok(*third);
}

TEST(Resumption13, NoTicketsWhenDisabled) {
  Peers setup;
  setup.server->session_tickets = 0;
  first_handshake(setup);
  auto next = connect(setup);
  expect_ok(*next);
  EXPECT_FALSE(next->client().info().psk_offered);
}

TEST(Resumption13, ExpiredTicketDroppedByTheClient) {
  Peers setup;
  first_handshake(setup);
  *setup.now += setup.server->ticketer->lifetime_seconds();
  auto next = connect(setup);
  expect_ok(*next);
  EXPECT_FALSE(next->client().info().psk_offered);
}

TEST(Resumption13, ExpiredTicketRefusedByTheServer) {
  Peers setup;
  first_handshake(setup);
  // The server's clock has moved past the lifetime, the client's has not.
  auto server_now = std::make_shared<int64_t>(kStart + setup.server->ticketer->lifetime_seconds());
  auto server =
      server_like(setup, [&](ServerConfig& s) { s.clock = [server_now] { return *server_now; }; });
  auto next = connect_to(setup, server);
  expect_ok(*next);
  EXPECT_TRUE(next->client().info().psk_offered);
  EXPECT_FALSE(next->server().info().resumed);
  EXPECT_FALSE(next->client().info().resumed);
}

TEST(Resumption13, AnotherServersTicketMeansAFullHandshake) {
  Peers setup;
  first_handshake(setup);
  // Other keys.
  auto other = server_like(setup, [&](ServerConfig& s) { s.ticketer = make_rotating_ticketer(); });
  auto next = connect_to(setup, other);
  expect_ok(*next);
  EXPECT_TRUE(next->client().info().psk_offered);
  EXPECT_FALSE(next->server().info().resumed);
  EXPECT_FALSE(next->client().info().resumed);
}

TEST(Resumption13, FleetSharingTicketKeysResumesEachOther) {
  Peers setup;
  auto keys = std::make_shared<TicketKeys>(std::vector{TicketKey::generate()});
  setup.server->ticketer = make_ticketer(keys);
  first_handshake(setup);
  auto second_process = server_like(setup, [&](ServerConfig& s) {
    s.ticketer = make_ticketer(std::make_shared<TicketKeys>(*keys->snapshot()));
  });
  auto next = connect_to(setup, second_process);
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().resumed);
}

// A client cache whose sessions the test can rewrite before they are offered.
class EditingCache final : public ClientSessionCache {
 public:
  explicit EditingCache(std::function<void(session::SessionState&)> edit)
      : edit_(std::move(edit)) {}
  void put(const std::string& key, std::vector<uint8_t> session) override {
    inner_->put(key, std::move(session));
  }
  std::optional<std::vector<uint8_t>> take(const std::string& key) override {
    auto taken = inner_->take(key);
    if (!taken) return taken;
    auto state = session::SessionState::decode(*taken);
    if (!state.ok()) return std::nullopt;
    edit_(*state);
    const crypto::Secret encoded = state->encode();
    return Bytes(encoded.view().begin(), encoded.view().end());
  }

 private:
  std::function<void(session::SessionState&)> edit_;
  std::shared_ptr<ClientSessionCache> inner_ = make_client_session_cache();
};

TEST(Resumption13, TamperedTicketMeansAFullHandshake) {
  Peers setup;
  setup.client->session_cache =
      std::make_shared<EditingCache>([](session::SessionState& s) { s.ticket[20] ^= 1; });
  first_handshake(setup);
  auto next = connect(setup);
  expect_ok(*next);
  EXPECT_TRUE(next->client().info().psk_offered);
  EXPECT_FALSE(next->server().info().resumed);
}

TEST(Resumption13, WrongPskMeansTheBinderFails) {
  // The ticket is genuine but the client's PSK is not the one inside it:
  // the binder does not verify, which RFC 8446 4.2.11 makes fatal.
  Peers setup;
  setup.client->session_cache =
      std::make_shared<EditingCache>([](session::SessionState& s) { s.secret.span()[0] ^= 1; });
  first_handshake(setup);
  auto next = connect(setup);
  ASSERT_TRUE(next->server().failed());
  EXPECT_EQ(next->server().error()->alert, AlertDescription::kDecryptError);
  EXPECT_TRUE(next->client().failed());
}

TEST(Resumption13, SuiteOfAnotherHashMeansAFullHandshake) {
  Peers setup;
  setup.server->cipher_suites = {CipherSuite::kTlsAes128GcmSha256};
  first_handshake(setup);
  auto sha384_server = server_like(
      setup, [&](ServerConfig& s) { s.cipher_suites = {CipherSuite::kTlsAes256GcmSha384}; });
  auto next = connect_to(setup, sha384_server);
  expect_ok(*next);
  EXPECT_TRUE(next->client().info().psk_offered);
  EXPECT_FALSE(next->server().info().resumed);
  EXPECT_EQ(next->client().info().cipher_suite, CipherSuite::kTlsAes256GcmSha384);
}

TEST(Resumption13, SameHashOtherSuiteResumes) {
  Peers setup;
  setup.server->cipher_suites = {CipherSuite::kTlsAes128GcmSha256};
  first_handshake(setup);
  auto chacha_server = server_like(
      setup, [&](ServerConfig& s) { s.cipher_suites = {CipherSuite::kTlsChaCha20Poly1305Sha256}; });
  auto next = connect_to(setup, chacha_server);
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().resumed);
}

TEST(Resumption13, OtherServerNameIsNotOffered) {
  Peers setup;
  first_handshake(setup);
  // Same cache key, another name: the client does not offer the session.
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto other = server_like(setup, [&](ServerConfig& s) {
    s.certificates = {issue_leaf(pki, KeyKind::kP256, "other.test")};
  });
  auto next = connect_to(setup, other, "other.test", ConnectOptions{"server.test", {}});
  expect_ok(*next);
  EXPECT_FALSE(next->client().info().psk_offered);
}

TEST(Resumption13, ServerRefusesSessionForAnotherName) {
  Peers setup;
  setup.client->session_cache = std::make_shared<EditingCache>(
      [](session::SessionState& s) { s.server_name = "other.test"; });
  first_handshake(setup);
  // The client now believes the session is for other.test and offers it
  // there; the server's ticket says server.test.
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto other = server_like(setup, [&](ServerConfig& s) {
    s.certificates = {issue_leaf(pki, KeyKind::kP256, "other.test")};
  });
  auto next = connect_to(setup, other, "other.test", ConnectOptions{"server.test", {}});
  expect_ok(*next);
  EXPECT_TRUE(next->client().info().psk_offered);
  EXPECT_FALSE(next->server().info().resumed);
}

TEST(Resumption13, HelloRetryRequestThenResumption) {
  Peers setup;
  setup.client->groups = {NamedGroup::kX25519, NamedGroup::kSecp256r1};
  first_handshake(setup);
  auto p256_server =
      server_like(setup, [&](ServerConfig& s) { s.groups = {NamedGroup::kSecp256r1}; });
  auto next = connect_to(setup, p256_server);
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().hello_retry_request);
  // The second ClientHello's binder covers the whole transcript.
  EXPECT_TRUE(next->server().info().resumed);
  EXPECT_TRUE(next->client().info().resumed);
}

// --- 0-RTT

Peers early_data_peers() {
  Peers setup;
  setup.server->early_data = true;
  setup.server->max_early_data_size = 1024;
  return setup;
}

ConnectOptions with_early_data(const std::string& text) {
  return ConnectOptions{"", Bytes(text.begin(), text.end())};
}

// The same, with declined early data sent again after the handshake.
ConnectOptions resending(const std::string& text) {
  ConnectOptions options = with_early_data(text);
  options.resend_rejected_early_data = true;
  return options;
}

std::string as_text(const Bytes& bytes) {
  return {bytes.begin(), bytes.end()};
}

TEST(EarlyData, AcceptedAndDeliveredAsEarly) {
  Peers setup = early_data_peers();
  first_handshake(setup);
  auto next = connect(setup, with_early_data("GET / early"));
  expect_ok(*next);
  EXPECT_TRUE(next->client().info().early_data_offered);
  EXPECT_TRUE(next->client().info().early_data_accepted);
  EXPECT_TRUE(next->server().info().early_data_accepted);
  EXPECT_EQ(next->server().info().early_data_bytes, 11u);
  EXPECT_EQ(read_all(next->server()), "GET / early");
  EXPECT_EQ(next->client_to_server("later"), "later");
}

// RFC 8446 4.2.10: declined early data is not resent behind the
// application's back; it is reported and handed back.
TEST(EarlyData, DeclinedIsReportedAndHandedBack) {
  Peers setup = early_data_peers();
  first_handshake(setup);
  setup.server->early_data = false;  // tickets still resume, early data is declined
  auto next = connect(setup, with_early_data("GET / early"));
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().resumed);
  EXPECT_TRUE(next->client().info().early_data_offered);
  EXPECT_FALSE(next->client().info().early_data_accepted);
  EXPECT_FALSE(next->server().info().early_data_accepted);
  EXPECT_EQ(next->client().info().early_data_bytes, 11u);
  EXPECT_EQ(next->client().info().early_data_rejected_bytes, 11u);
  EXPECT_EQ(read_all(next->server()), "");
  EXPECT_EQ(as_text(next->client().take_rejected_early_data()), "GET / early");
  EXPECT_TRUE(next->client().take_rejected_early_data().empty());
  EXPECT_EQ(next->client_to_server("GET / again"), "GET / again");
}

TEST(EarlyData, DeclinedIsSentAgainWhenAsked) {
  Peers setup = early_data_peers();
  first_handshake(setup);
  setup.server->early_data = false;
  auto next = connect(setup, resending("GET / early"));
  expect_ok(*next);
  EXPECT_EQ(next->client().info().early_data_rejected_bytes, 11u);
  EXPECT_EQ(read_all(next->server()), "GET / early");  // after the handshake
  EXPECT_TRUE(next->client().take_rejected_early_data().empty());
}

// RFC 8446 4.2.10: never resent automatically under another ALPN protocol.
TEST(EarlyData, NotSentAgainUnderAnotherAlpnProtocol) {
  Peers setup = early_data_peers();
  setup.client->alpn_protocols = {"h2", "http/1.1"};
  setup.server->alpn_protocols = {"h2"};
  first_handshake(setup);
  auto other = server_like(setup, [&](ServerConfig& s) {
    s.ticketer = make_rotating_ticketer();  // cannot resume: a full handshake
    s.alpn_protocols = {"http/1.1"};
  });
  auto next = connect_to(setup, other, "server.test", resending("early"));
  expect_ok(*next);
  EXPECT_EQ(next->client().info().alpn_protocol, "http/1.1");
  EXPECT_EQ(read_all(next->server()), "");
  EXPECT_EQ(as_text(next->client().take_rejected_early_data()), "early");
}

// The 0-RTT API: write() before the handshake completes sends early data
// while the ClientHello offers it, up to what the ticket allows.
TEST(EarlyData, WriteBeforeTheHandshakeCompletesIsEarlyData) {
  Peers setup = early_data_peers();
  setup.server->max_early_data_size = 10;
  first_handshake(setup);
  ConnectOptions options;
  options.enable_early_data = true;
  Pair next(setup.client, setup.server, "server.test", options);
  EXPECT_EQ(next.client().early_data_capacity(), 10u);
  ASSERT_TRUE(next.client().write(as_bytes(std::string_view("0123"))).ok());
  EXPECT_EQ(next.client().early_data_capacity(), 6u);
  ASSERT_TRUE(next.client().write(as_bytes(std::string_view("456789abc"))).ok());
  EXPECT_EQ(next.client().early_data_capacity(), 0u);
  next.pump();
  expect_ok(next);
  EXPECT_TRUE(next.client().info().early_data_accepted);
  EXPECT_EQ(next.client().info().early_data_bytes, 10u);
  EXPECT_EQ(next.server().info().early_data_bytes, 10u);
  EXPECT_EQ(next.client().info().early_data_rejected_bytes, 0u);
  EXPECT_EQ(read_all(next.server()), "0123456789abc");  // the rest after the handshake
  EXPECT_EQ(next.client().early_data_capacity(), 0u);
}

TEST(EarlyData, NoCapacityWithoutATicketThatAllowsIt) {
  Peers setup;  // tickets without max_early_data_size
  first_handshake(setup);
  ConnectOptions options;
  options.enable_early_data = true;
  Pair next(setup.client, setup.server, "server.test", options);
  EXPECT_EQ(next.client().early_data_capacity(), 0u);
  ASSERT_TRUE(next.client().write(as_bytes(std::string_view("later"))).ok());
  next.pump();
  expect_ok(next);
  EXPECT_TRUE(next.client().info().resumed);
  EXPECT_FALSE(next.client().info().early_data_offered);
  EXPECT_EQ(read_all(next.server()), "later");
}

// Offered, but nothing written before the server answered: EndOfEarlyData
// still closes the (empty) early data.
TEST(EarlyData, OfferedButNothingWritten) {
  Peers setup = early_data_peers();
  first_handshake(setup);
  ConnectOptions options;
  options.enable_early_data = true;
  auto next = connect(setup, options);
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().early_data_accepted);
  EXPECT_EQ(next->server().info().early_data_bytes, 0u);
  EXPECT_EQ(next->client_to_server("after"), "after");
}

TEST(EarlyData, UnknownTicketWithEarlyDataFallsBackToAFullHandshake) {
  // The interop defect: early data under a ticket from another server.
  Peers setup = early_data_peers();
  first_handshake(setup);
  auto other = server_like(setup, [&](ServerConfig& s) { s.ticketer = make_rotating_ticketer(); });
  auto next = connect_to(setup, other, "server.test", resending(std::string(600, 'x')));
  expect_ok(*next);
  EXPECT_FALSE(next->server().info().resumed);
  EXPECT_EQ(read_all(next->server()), std::string(600, 'x'));
}

TEST(EarlyData, AfterHelloRetryRequestIsSkipped) {
  Peers setup = early_data_peers();
  setup.client->groups = {NamedGroup::kX25519, NamedGroup::kSecp256r1};
  first_handshake(setup);
  auto p256_server =
      server_like(setup, [&](ServerConfig& s) { s.groups = {NamedGroup::kSecp256r1}; });
  auto next = connect_to(setup, p256_server, "server.test", resending("early"));
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().hello_retry_request);
  EXPECT_FALSE(next->server().info().early_data_accepted);
  EXPECT_EQ(next->client().info().early_data_rejected_bytes, 5u);
  EXPECT_EQ(read_all(next->server()), "early");
}

// A server's ticketer that opens its tickets as sessions of another suite
// (same hash, so the PSK binder still verifies): the server then accepts
// early data under a suite the client did not use for it.
class SuiteSwappingTicketer : public Ticketer {
 public:
  SuiteSwappingTicketer(std::shared_ptr<Ticketer> inner, CipherSuite suite)
      : inner_(std::move(inner)), suite_(suite) {}
  std::optional<std::vector<uint8_t>> seal(std::span<const uint8_t> state,
                                           int64_t now) const override {
    return inner_->seal(state, now);
  }
  std::optional<std::vector<uint8_t>> open(std::span<const uint8_t> ticket,
                                           int64_t now) const override {
    auto opened = inner_->open(ticket, now);
    if (!opened) return opened;
    auto state = session::SessionState::decode(*opened);
    if (!state.ok()) return std::nullopt;
    state->cipher_suite = suite_;
    const crypto::Secret encoded = state->encode();
    return std::vector<uint8_t>(encoded.view().begin(), encoded.view().end());
  }
  uint32_t lifetime_seconds() const override { return inner_->lifetime_seconds(); }

 private:
  std::shared_ptr<Ticketer> inner_;
  CipherSuite suite_;
};

// RFC 8446 4.2.10: early data is accepted only under the session's suite; a
// server that accepts it under another is refused with illegal_parameter.
TEST(EarlyData, AcceptedUnderAnotherSuiteIsIllegalParameter) {
  Peers setup = early_data_peers();
  setup.client->cipher_suites = {CipherSuite::kTlsAes128GcmSha256,
                                 CipherSuite::kTlsChaCha20Poly1305Sha256};
  setup.server->cipher_suites = {CipherSuite::kTlsAes128GcmSha256};
  first_handshake(setup);
  auto swapping = server_like(setup, [&](ServerConfig& s) {
    s.cipher_suites = {CipherSuite::kTlsChaCha20Poly1305Sha256};
    s.ticketer = std::make_shared<SuiteSwappingTicketer>(setup.server->ticketer,
                                                         CipherSuite::kTlsChaCha20Poly1305Sha256);
  });
  auto next = connect_to(setup, swapping, "server.test", with_early_data("early"));
  ASSERT_TRUE(next->client().failed());
  EXPECT_EQ(next->client().error()->kind, ErrorKind::kProtocol);
  EXPECT_EQ(next->client().error()->alert, AlertDescription::kIllegalParameter)
      << next->client().error()->to_string();
}

// RFC 8446 4.2.9: a server sends no ticket the client could not resume
// with. A client without a session cache offers no psk_key_exchange_modes and
// gets none; one with a cache offers psk_dhe_ke and gets the configured two,
// packed in one record.
size_t tickets_sent(const Peers& setup, std::shared_ptr<ClientConfig> client) {
  auto counted = std::make_shared<size_t>(0);
  auto server = server_like(setup, [counted](ServerConfig& config) {
    config.trace = [counted](const TraceEvent& event) {
      if (event.outgoing && event.message == "NewSessionTicket") ++*counted;
    };
  });
  Pair pair(std::move(client), server, "server.test");
  pair.pump();
  expect_ok(pair);
  return *counted;
}

TEST(Tls13Resumption, NoTicketsForAClientWithoutPskModes) {
  Peers setup;
  auto without_cache = std::make_shared<ClientConfig>(*setup.client);
  without_cache->session_cache = nullptr;
  EXPECT_EQ(tickets_sent(setup, without_cache), 0u);
  EXPECT_EQ(tickets_sent(setup, setup.client), 2u);
}

TEST(Tls13Resumption, AllowingPskKeStillTicketsPskDheKeClients) {
  Peers setup;
  // The client's modes are psk_dhe_ke; a server that would accept psk_ke
  // too still sends it tickets.
  setup.server->allow_psk_ke = true;
  EXPECT_EQ(tickets_sent(setup, setup.client), 2u);
}

// What a resuming client sends first (ClientHello and 0-RTT data), to feed
// servers by hand.
Bytes client_first_flight(const Peers& setup, const std::string& early_data) {
  auto client = ClientConnection::create(setup.client, "server.test", with_early_data(early_data));
  EXPECT_TRUE(client.ok());
  return client.ok() ? Bytes(client->pending_tls().begin(), client->pending_tls().end()) : Bytes();
}

// A new server connection on the setup's config, after `flight`.
std::unique_ptr<ServerConnection> server_after(const Peers& setup, const Bytes& flight) {
  auto server = ServerConnection::create(setup.server);
  EXPECT_TRUE(server.ok());
  auto connection = std::make_unique<ServerConnection>(std::move(*server));
  EXPECT_TRUE(connection->receive_tls(flight).ok());
  return connection;
}

// A resuming client's first flight with 0-RTT data, accepted by one server
// connection; then an attacker sends the same flight again, to another
// connection, which is returned.
std::unique_ptr<ServerConnection> replay_after_original(const Peers& setup) {
  first_handshake(setup);
  const Bytes flight = client_first_flight(setup, "pay $1");
  auto original = server_after(setup, flight);
  EXPECT_TRUE(original->info().resumed);
  EXPECT_TRUE(original->info().early_data_accepted);
  EXPECT_EQ(read_all(*original), "pay $1");
  return server_after(setup, flight);
}

TEST(EarlyData, ReplayedClientHelloGetsNoEarlyData) {
  auto replayed = replay_after_original(early_data_peers());
  EXPECT_TRUE(replayed->info().resumed);
  EXPECT_FALSE(replayed->info().early_data_accepted);
  EXPECT_EQ(read_all(*replayed), "");
}

TEST(EarlyData, StaleClientHelloGetsNoEarlyData) {
  Peers setup = early_data_peers();
  first_handshake(setup);
  const Bytes flight = client_first_flight(setup, "late");
  *setup.now += 60;  // outside the freshness window (RFC 8446 8.3)
  auto server = server_after(setup, flight);
  EXPECT_TRUE(server->info().resumed);
  EXPECT_FALSE(server->info().early_data_accepted);
}

TEST(EarlyData, ClientSendsNoMoreThanTheTicketAllows) {
  Peers setup = early_data_peers();
  setup.server->max_early_data_size = 16;
  first_handshake(setup);
  auto next = connect(setup, with_early_data(std::string(100, 'e')));
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().early_data_accepted);
  EXPECT_EQ(next->server().info().early_data_bytes, 16u);
  EXPECT_EQ(read_all(next->server()), std::string(100, 'e'));
}

TEST(EarlyData, OverTheLimitIsUnexpectedMessage) {
  Peers setup = early_data_peers();
  setup.server->max_early_data_size = 16;
  // The client believes the ticket allows more than the server issued it for.
  setup.client->session_cache =
      std::make_shared<EditingCache>([](session::SessionState& s) { s.max_early_data = 4096; });
  first_handshake(setup);
  auto next = connect(setup, with_early_data(std::string(100, 'e')));
  ASSERT_TRUE(next->server().failed());
  EXPECT_EQ(next->server().error()->alert, AlertDescription::kUnexpectedMessage);
}

TEST(EarlyData, DeclinedOverTheLimitIsUnexpectedMessage) {
  Peers setup = early_data_peers();
  setup.client->session_cache =
      std::make_shared<EditingCache>([](session::SessionState& s) { s.max_early_data = 1 << 20; });
  first_handshake(setup);
  auto other = server_like(setup, [&](ServerConfig& s) {
    s.ticketer = make_rotating_ticketer();
    s.max_early_data_size = 1000;
  });
  auto next = connect_to(setup, other, "server.test", with_early_data(std::string(5000, 'x')));
  ASSERT_TRUE(next->server().failed());
  EXPECT_EQ(next->server().error()->alert, AlertDescription::kUnexpectedMessage);
}

// --- Stateful TLS 1.3 tickets (ServerConfig::stateful_tickets)

Peers stateful_peers() {
  Peers setup = early_data_peers();
  setup.server->stateful_tickets = true;
  setup.server->anti_replay = nullptr;  // single use is the replay defence
  return setup;
}

TEST(StatefulTickets, TicketIsAStoreIdAndResumesWithEarlyData) {
  Peers setup = stateful_peers();
  auto ticket_size = std::make_shared<size_t>(0);
  setup.client->session_cache = std::make_shared<EditingCache>(
      [ticket_size](session::SessionState& s) { *ticket_size = s.ticket.size(); });
  first_handshake(setup);
  auto next = connect(setup, with_early_data("once"));
  expect_ok(*next);
  EXPECT_EQ(*ticket_size, 32u);
  EXPECT_TRUE(next->server().info().resumed);
  EXPECT_TRUE(next->server().info().early_data_accepted);
  EXPECT_EQ(read_all(next->server()), "once");
}

// RFC 8446 8.1: a replayed ClientHello finds its ticket gone: no 0-RTT and
// no resumption, a full handshake instead.
TEST(StatefulTickets, ReplayedClientHelloNeitherResumesNorGetsEarlyData) {
  auto replayed = replay_after_original(stateful_peers());
  EXPECT_FALSE(replayed->failed());
  EXPECT_FALSE(replayed->info().resumed);
  EXPECT_FALSE(replayed->info().early_data_accepted);
  EXPECT_EQ(read_all(*replayed), "");
}

TEST(StatefulTickets, ResumedWithoutEarlyDataTheTicketIsGoneToo) {
  Peers setup = stateful_peers();
  first_handshake(setup);
  const Bytes flight = client_first_flight(setup, "");
  EXPECT_TRUE(server_after(setup, flight)->info().resumed);
  EXPECT_FALSE(server_after(setup, flight)->info().resumed);
}

TEST(StatefulTickets, AnotherStoreMeansAFullHandshake) {
  Peers setup = stateful_peers();
  first_handshake(setup);
  auto other = server_like(setup, [](ServerConfig& s) { s.session_store = make_session_store(); });
  auto next = connect_to(setup, other);
  expect_ok(*next);
  EXPECT_TRUE(next->client().info().psk_offered);
  EXPECT_FALSE(next->server().info().resumed);
}

TEST(StatefulTickets, HelloRetryRequestKeepsTheTicketForTheSecondHello) {
  Peers setup = stateful_peers();
  setup.client->groups = {NamedGroup::kX25519, NamedGroup::kSecp256r1};
  first_handshake(setup);
  auto p256_server =
      server_like(setup, [&](ServerConfig& s) { s.groups = {NamedGroup::kSecp256r1}; });
  auto next = connect_to(setup, p256_server);
  expect_ok(*next);
  EXPECT_TRUE(next->server().info().hello_retry_request);
  EXPECT_TRUE(next->server().info().resumed);
}

// A shared store whose get() waits until two connections have both looked
// the ticket up, so that both go on believing they may resume.
class RendezvousStore final : public SessionStore {
 public:
  explicit RendezvousStore(std::shared_ptr<SessionStore> inner) : inner_(std::move(inner)) {}
  void put(std::span<const uint8_t> id, std::vector<uint8_t> state, int64_t expires_at) override {
    inner_->put(id, std::move(state), expires_at);
  }
  std::optional<std::vector<uint8_t>> get(std::span<const uint8_t> id, int64_t now) override {
    auto found = inner_->get(id, now);
    if (meeting_) {
      std::unique_lock lock(mutex_);
      ++arrived_;
      met_.notify_all();
      met_.wait_for(lock, std::chrono::seconds(10), [&] { return arrived_ >= 2; });
    }
    return found;
  }
  void remove(std::span<const uint8_t> id) override { inner_->remove(id); }
  std::optional<std::vector<uint8_t>> take(std::span<const uint8_t> id, int64_t now) override {
    return inner_->take(id, now);
  }
  void start_meeting() { meeting_ = true; }

 private:
  std::shared_ptr<SessionStore> inner_;
  std::atomic<bool> meeting_{false};
  std::mutex mutex_;
  std::condition_variable met_;
  int arrived_ = 0;
};

// RFC 8446 8.1: two connections presenting one stateful ticket at the same
// instant (a replayed ClientHello racing the original): exactly one resumes
// and gets the early data, the other completes a full handshake.
TEST(StatefulTickets, TwoConnectionsRacingForOneTicketResumeOnce) {
  Peers setup = stateful_peers();
  auto store = std::make_shared<RendezvousStore>(make_session_store());
  setup.server->session_store = store;
  first_handshake(setup);
  const Bytes flight = client_first_flight(setup, "pay $1");
  store->start_meeting();
  std::unique_ptr<ServerConnection> servers[2];
  std::thread racer([&] { servers[1] = server_after(setup, flight); });
  servers[0] = server_after(setup, flight);
  racer.join();
  int resumed = 0;
  int early = 0;
  for (const auto& server : servers) {
    EXPECT_FALSE(server->failed());
    resumed += server->info().resumed ? 1 : 0;
    early += server->info().early_data_accepted ? 1 : 0;
  }
  EXPECT_EQ(resumed, 1);
  EXPECT_EQ(early, 1);
}

TEST(Resumption13, TwoThreadsShareOneServerConfig) {
  Peers setup;
  std::atomic<int> resumed{0};
  auto worker = [&] {
    auto client = std::make_shared<ClientConfig>(*setup.client);
    client->session_cache = make_client_session_cache();
    for (int i = 0; i < 10; ++i) {
      Pair pair(client, setup.server);
      pair.pump();
      if (pair.handshake_done() && pair.server().info().resumed) ++resumed;
    }
  };
  std::thread a(worker), b(worker);
  a.join();
  b.join();
  EXPECT_EQ(resumed.load(), 18);  // all but each thread's first
}

// --- TLS 1.2: session tickets (RFC 5077) and session IDs (RFC 5246 7.4.1.2)

struct Matrix12Case {
  CipherSuite suite;
  KeyKind key;
  bool ticket;  // otherwise a session ID
  bool client_auth;
};

class Resumption12Matrix : public ::testing::TestWithParam<Matrix12Case> {};

Peers tls12_peers(const Matrix12Case& param) {
  Peers setup(param.key);
  setup.client->versions = {ProtocolVersion::kTls12};
  setup.client->cipher_suites = {param.suite};
  if (!param.ticket) setup.server->session_tickets = 0;  // IDs only
  if (param.client_auth) {
    setup.client->certificate = cached_pki(param.key).client;
    setup.server->client_auth = ClientAuth::kRequired;
  }
  return setup;
}

TEST_P(Resumption12Matrix, AbbreviatedHandshakeKeepsTheSession) {
  const Matrix12Case param = GetParam();
  Peers setup = tls12_peers(param);
  auto full = connect(setup);
  expect_ok(*full);
  EXPECT_FALSE(full->server().info().resumed);
  const SessionInfo first_client = full->client().info();
  const SessionInfo first_server = full->server().info();
  for (int round = 0; round < 2; ++round) {
    auto resumed = connect(setup);
    expect_ok(*resumed);
    const SessionInfo& client = resumed->client().info();
    const SessionInfo& server = resumed->server().info();
    EXPECT_TRUE(client.resumed) << round;
    EXPECT_TRUE(server.resumed) << round;
    EXPECT_EQ(client.version, ProtocolVersion::kTls12);
    EXPECT_EQ(client.cipher_suite, param.suite);
    EXPECT_EQ(server.cipher_suite, param.suite);
    EXPECT_TRUE(client.extended_master_secret);
    EXPECT_EQ(client.peer_certificates, first_client.peer_certificates);
    EXPECT_EQ(server.peer_certificates, first_server.peer_certificates);
    EXPECT_EQ(resumed->client_to_server("ping"), "ping");
    EXPECT_EQ(resumed->server_to_client("pong"), "pong");
  }
}

INSTANTIATE_TEST_SUITE_P(
    SuitesTicketOrIdAuth, Resumption12Matrix,
    ::testing::Values(
        Matrix12Case{CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, true, false},
        Matrix12Case{CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384, KeyKind::kP256, false, false},
        Matrix12Case{CipherSuite::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256, KeyKind::kP256, true,
                     true},
        Matrix12Case{CipherSuite::kTlsEcdheRsaWithAes128GcmSha256, KeyKind::kRsa2048, false, true},
        Matrix12Case{CipherSuite::kTlsEcdheRsaWithAes256GcmSha384, KeyKind::kRsa2048, true,
                     false}));

TEST(Resumption12, AnotherServersTicketMeansAFullHandshake) {
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, true, false});
  first_handshake(setup);
  auto other = server_like(setup, [&](ServerConfig& s) { s.ticketer = make_rotating_ticketer(); });
  auto next = connect_to(setup, other);
  expect_ok(*next);
  EXPECT_FALSE(next->server().info().resumed);
  EXPECT_FALSE(next->client().info().resumed);
}

TEST(Resumption12, UnknownSessionIdMeansAFullHandshake) {
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, false, false});
  first_handshake(setup);
  auto other = server_like(setup, [&](ServerConfig& s) { s.session_store = make_session_store(); });
  auto next = connect_to(setup, other);
  expect_ok(*next);
  EXPECT_FALSE(next->server().info().resumed);
}

// RFC 5077 3.3: past half its lifetime, a resumed session gets a new
// ticket (NewSessionTicket before the server's ChangeCipherSpec), which the
// client keeps; a young one is resumed without.
TEST(Resumption12, TicketRenewedPastHalfItsLifetime) {
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, true, false});
  auto tickets = std::make_shared<int>(0);
  setup.server->trace = [tickets](const TraceEvent& event) {
    if (event.outgoing && event.message == "NewSessionTicket") ++*tickets;
  };
  first_handshake(setup);
  EXPECT_EQ(*tickets, 1);
  auto young = connect(setup);
  expect_ok(*young);
  EXPECT_TRUE(young->server().info().resumed);
  EXPECT_EQ(*tickets, 1);  // not renewed
  *setup.now += 3700;      // past half of the 7200 s lifetime
  auto old = connect(setup);
  expect_ok(*old);
  EXPECT_TRUE(old->client().info().resumed);
  EXPECT_EQ(*tickets, 2);  // renewed
  // The renewed ticket lives on where the first would have expired.
  *setup.now += 3600;
  auto renewed = connect(setup);
  expect_ok(*renewed);
  EXPECT_TRUE(renewed->server().info().resumed);
}

TEST(Resumption12, ExpiredSessionMeansAFullHandshake) {
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, false, false});
  first_handshake(setup);
  *setup.now += 7200;
  auto next = connect(setup);
  expect_ok(*next);
  EXPECT_FALSE(next->server().info().resumed);
}

TEST(Resumption12, SuiteNoLongerOfferedMeansAFullHandshake) {
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, true, false});
  first_handshake(setup);
  auto server = server_like(setup, [&](ServerConfig& s) {
    s.cipher_suites = {CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384};
  });
  auto client = std::make_shared<ClientConfig>(*setup.client);
  client->cipher_suites = {CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256,
                           CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384};
  Pair next(client, server);
  next.pump();
  expect_ok(next);
  EXPECT_FALSE(next.server().info().resumed);
  EXPECT_EQ(next.client().info().cipher_suite, CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384);
}

TEST(Resumption12, TamperedMasterSecretFailsAtFinished) {
  // The server resumes (the ticket is genuine) but the client's master
  // secret differs: its key block too, so the server's encrypted Finished
  // fails to deprotect.
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, true, false});
  setup.client->session_cache =
      std::make_shared<EditingCache>([](session::SessionState& s) { s.secret.span()[0] ^= 1; });
  first_handshake(setup);
  auto next = connect(setup);
  EXPECT_TRUE(next->server().info().resumed);
  ASSERT_TRUE(next->client().failed());
  EXPECT_EQ(next->client().error()->alert, AlertDescription::kBadRecordMac);
}

TEST(Resumption12, EmsSessionOfferedWithoutEmsIsRefused) {
  // RFC 7627 5.3: a ClientHello resuming an EMS session without EMS aborts.
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, true, false});
  first_handshake(setup);
  auto taken = setup.client->session_cache->take("server.test");
  ASSERT_TRUE(taken);
  auto state = session::SessionState::decode(*taken);
  ASSERT_TRUE(state.ok());
  // Replay the ticket in a hand-made ClientHello without EMS.
  auto server = ServerConnection::create(setup.server);
  ASSERT_TRUE(server.ok());
  codec::ClientHello hello;
  hello.cipher_suites = {CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256};
  hello.legacy_session_id = Bytes(32, 7);
  hello.extensions.session_ticket = codec::SessionTicket{state->ticket};
  hello.extensions.server_name = codec::ServerNameList{"server.test"};
  hello.extensions.supported_groups = codec::SupportedGroups{{NamedGroup::kX25519}};
  hello.extensions.signature_algorithms =
      codec::SignatureSchemeList{{SignatureScheme::kEcdsaSecp256r1Sha256}};
  auto message = codec::encode_handshake(hello);
  ASSERT_TRUE(message.ok());
  record::NullEncrypter plaintext(record::kRecordVersionTls12);
  Bytes wire;
  ASSERT_TRUE(plaintext.seal(codec::ContentType::kHandshake, *message, wire).ok());
  (void)server->receive_tls(wire);
  ASSERT_TRUE(server->failed());
  EXPECT_EQ(server->error()->alert, AlertDescription::kHandshakeFailure);
}

TEST(Resumption12, ClientAcceptsATls12SessionOnlyOverTls12) {
  // A TLS 1.3 and 1.2 client given a TLS 1.2 session offers it as a ticket;
  // a server that then negotiates TLS 1.3 does a full handshake.
  Peers setup =
      tls12_peers({CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, KeyKind::kP256, true, false});
  first_handshake(setup);
  auto both = std::make_shared<ClientConfig>(*setup.client);
  both->versions = {ProtocolVersion::kTls13, ProtocolVersion::kTls12};
  both->cipher_suites = {};
  Pair next(both, setup.server);
  next.pump();
  expect_ok(next);
  EXPECT_EQ(next.client().info().version, ProtocolVersion::kTls13);
  EXPECT_FALSE(next.client().info().resumed);
}

}  // namespace
}  // namespace parley::testing

// RFC 8448 section 4, "Resumed 0-RTT Handshake", replayed through both
// state machines: a client and a server fed the trace's randoms, X25519 keys
// and session produce the trace's records byte for byte (ClientHello with its
// binder, the 0-RTT record, ServerHello, the encrypted EncryptedExtensions +
// Finished, EndOfEarlyData, the client Finished, then application data and
// close_notify both ways), and log the trace's secrets.
//
// Seams: the randoms and ephemeral keys come from a provider that hands out
// the trace's values; the resumed session is put in the client's cache and
// opened by a ticketer that knows the trace's ticket; and the machines'
// shape_*_for_testing hooks add what the trace's NSS peers send that parley
// does not (record_size_limit, padding, more groups and signature schemes,
// no compatibility-mode session id, their extension order). Everything else
// (randoms placed, key shares, PSK identity and age, binder, early data,
// every key, Finished and record) is the machines' own work.
#include <gtest/gtest.h>

#include <deque>
#include <map>
#include <memory>
#include <string>

#include "codec/handshake.h"
#include "codec/hello.h"
#include "codec/messages.h"
#include "connection_pair.h"
#include "crypto/delegating_provider.h"
#include "handshake/client.h"
#include "handshake/connection_core.h"
#include "handshake/rfc8448_trace.h"
#include "handshake/server.h"
#include "session/session_state.h"

namespace parley::handshake {
namespace {

constexpr int kSection = 4;
constexpr int64_t kNow = x509::testing::kNow;
const std::string kServerName = "server";

// libcrypto, except that random() returns the given values in order (each
// call must ask for exactly the next one's size) and X25519 key pairs are
// made from the given private key.
class TraceProvider final : public crypto::testing::DelegatingProvider {
 public:
  TraceProvider(std::vector<Bytes> randoms, Bytes x25519_private)
      : randoms_(randoms.begin(), randoms.end()), x25519_private_(std::move(x25519_private)) {}

  void random(std::span<uint8_t> out) const override {
    if (randoms_.empty() || randoms_.front().size() != out.size()) {
      ADD_FAILURE() << "unexpected random(" << out.size() << ")";
      std::fill(out.begin(), out.end(), 0);
      return;
    }
    std::copy(randoms_.front().begin(), randoms_.front().end(), out.begin());
    randoms_.pop_front();
  }
  Result<std::unique_ptr<crypto::KeyExchange>> make_key_exchange(
      crypto::KeyExchangeGroup group) const override {
    if (group != crypto::KeyExchangeGroup::kX25519) return base().make_key_exchange(group);
    return base().make_key_exchange_from_private(group, x25519_private_);
  }

  bool used_up() const { return randoms_.empty(); }

 private:
  mutable std::deque<Bytes> randoms_;
  Bytes x25519_private_;
};

// The server's side of the trace's ticket: it opens to the resumed session.
class TraceTicketer final : public Ticketer {
 public:
  TraceTicketer(Bytes ticket, Bytes session) : ticket_(std::move(ticket)), session_(session) {}
  std::optional<Bytes> seal(ByteView, int64_t) const override { return std::nullopt; }
  std::optional<Bytes> open(ByteView ticket, int64_t) const override {
    if (!std::equal(ticket.begin(), ticket.end(), ticket_.begin(), ticket_.end())) {
      return std::nullopt;
    }
    return session_;
  }
  uint32_t lifetime_seconds() const override { return 30; }

 private:
  Bytes ticket_;
  Bytes session_;
};

Bytes body_of(const Bytes& message) {
  return Bytes(message.begin() + 4, message.end());
}

class Rfc8448ZeroRtt : public testing::Rfc8448SectionTest<kSection> {
 protected:
  void SetUp() override {
    testing::Rfc8448SectionTest<kSection>::SetUp();
    if (HasFatalFailure()) return;
    auto hello = codec::ClientHello::decode(body_of(client_hello()));
    auto server_hello = codec::ServerHello::decode(body_of(message("server", "ServerHello")));
    auto extensions =
        codec::EncryptedExtensions::decode(body_of(message("server", "EncryptedExtensions")));
    ASSERT_TRUE(hello.ok() && server_hello.ok() && extensions.ok());
    trace_hello_ = *hello;
    trace_server_hello_ = *server_hello;
    trace_extensions_ = *extensions;
    ASSERT_TRUE(trace_hello_.extensions.pre_shared_key.has_value());
    const codec::PskIdentity& identity = trace_hello_.extensions.pre_shared_key->identities[0];

    // The session resumed: section 3's PSK, early data allowed (section 3's
    // ticket says 1024 bytes). The trace's client reports a ticket age whose
    // obfuscation we cannot know, so the session's age_add is that value and
    // its age zero.
    session::SessionState state;
    state.version = ProtocolVersion::kTls13;
    state.cipher_suite = CipherSuite::kTlsAes128GcmSha256;
    state.secret = crypto::Secret(get("client", "extract secret \"early\"", "IKM"));
    state.issued_at = kNow;
    state.lifetime = 30;
    state.age_add = identity.obfuscated_ticket_age;
    state.max_early_data = 1024;
    state.server_name = kServerName;
    state.ticket = identity.identity;
    const crypto::Secret encoded = state.encode();
    session_.assign(encoded.view().begin(), encoded.view().end());
  }

  Bytes client_hello() const { return get("client", "send handshake record", "payload", 0); }
  Bytes record(std::string_view actor, std::string_view title, int occurrence) const {
    return get(actor, title, "complete record", occurrence);
  }

  std::shared_ptr<ClientConfig> client_config(const TraceProvider& provider) {
    auto config = std::make_shared<ClientConfig>();
    config->request_ocsp_staple = false;   // the trace's client asks for no staple
    config->certificate_compressors = {};  // RFC 8448's client offers no RFC 8879
    config->versions = {ProtocolVersion::kTls13};
    config->cipher_suites = {CipherSuite::kTlsAes128GcmSha256,
                             CipherSuite::kTlsChaCha20Poly1305Sha256,
                             CipherSuite::kTlsAes256GcmSha384};
    config->groups = {NamedGroup::kX25519};
    config->insecure_skip_verification = true;  // resumed: no certificate to check
    config->provider = &provider;
    config->clock = [] { return kNow; };
    config->session_cache = make_client_session_cache();
    config->session_cache->put(kServerName, session_);
    config->key_log = logger(client_secrets_);
    return config;
  }

  std::shared_ptr<ServerConfig> server_config(const TraceProvider& provider) {
    auto config = std::make_shared<ServerConfig>();
    config->versions = {ProtocolVersion::kTls13};
    config->groups = {NamedGroup::kX25519};
    config->certificates = {parley::testing::cached_pki(parley::testing::KeyKind::kP256).server};
    config->provider = &provider;
    config->clock = [] { return kNow; };
    config->ticketer = std::make_shared<TraceTicketer>(
        trace_hello_.extensions.pre_shared_key->identities[0].identity, session_);
    config->session_tickets = 0;  // section 4 ends without a NewSessionTicket
    config->early_data = true;
    config->max_early_data_size = 1024;
    config->key_log = logger(server_secrets_);
    return config;
  }

  static KeyLogCallback logger(std::map<std::string, Bytes>& secrets) {
    return [&secrets](std::string_view label, std::span<const uint8_t>,
                      std::span<const uint8_t> secret) {
      secrets[std::string(label)] = Bytes(secret.begin(), secret.end());
    };
  }

  // What a trace client's ClientHello has that no ClientConfig gives.
  void shape_like_trace(codec::ClientHello& hello) const {
    const codec::ClientHelloExtensions& from = trace_hello_.extensions;
    codec::ClientHelloExtensions& to = hello.extensions;
    hello.legacy_session_id = trace_hello_.legacy_session_id;  // empty: no compatibility mode
    to.supported_groups = from.supported_groups;
    to.signature_algorithms = from.signature_algorithms;
    to.renegotiation_info = from.renegotiation_info;
    to.record_size_limit = from.record_size_limit;
    to.unknown = from.unknown;  // padding
    to.order = from.order;
  }

  // Moves everything `from` has to send into `to`; returns those bytes.
  static Bytes deliver(ConnectionCore& from, ConnectionCore& to) {
    Bytes sent(from.pending_tls().begin(), from.pending_tls().end());
    from.consume_tls(sent.size());
    auto taken = to.receive_tls(sent);
    EXPECT_TRUE(taken.ok()) << taken.error().to_string();
    if (taken.ok()) {
      EXPECT_EQ(*taken, sent.size());
    }
    return sent;
  }

  static Bytes concat(std::initializer_list<Bytes> parts) {
    Bytes out;
    for (const Bytes& part : parts) out.insert(out.end(), part.begin(), part.end());
    return out;
  }

  std::string secret_hex(std::string_view title) const {
    return to_hex(get(title.starts_with("derive secret \"tls13 c e") ? "client" : "server", title,
                      "expanded"));
  }

  codec::ClientHello trace_hello_;
  codec::ServerHello trace_server_hello_;
  codec::EncryptedExtensions trace_extensions_;
  Bytes session_;
  std::map<std::string, Bytes> client_secrets_;
  std::map<std::string, Bytes> server_secrets_;
};

TEST_F(Rfc8448ZeroRtt, BothMachinesReproduceTheTraceByteForByte) {
  // The client draws its random and a compatibility session id (which the
  // trace's client does not send); the server draws its random.
  TraceProvider client_provider(
      {Bytes(trace_hello_.random.begin(), trace_hello_.random.end()), Bytes(32, 0xee)},
      get("client", "create an ephemeral x25519", "private key"));
  TraceProvider server_provider(
      {Bytes(trace_server_hello_.random.begin(), trace_server_hello_.random.end())},
      get("server", "create an ephemeral x25519", "private key"));
  auto client_cfg = client_config(client_provider);
  auto server_cfg = server_config(server_provider);

  ConnectionCore client(client_cfg, /*is_client=*/true);
  ConnectOptions options;
  options.enable_early_data = true;
  auto client_machine = std::make_unique<ClientHandshake>(client, client_cfg, kServerName, options);
  client_machine->shape_hello_for_testing = [&](codec::ClientHello& hello) {
    shape_like_trace(hello);
    // All the rest is the machine's: compared here before the binder is
    // computed (the trace's binder stands in for the zeros).
    codec::ClientHello unbound = hello;
    ASSERT_TRUE(unbound.extensions.pre_shared_key.has_value());
    unbound.extensions.pre_shared_key->binders = trace_hello_.extensions.pre_shared_key->binders;
    EXPECT_TRUE(unbound == trace_hello_);
  };
  client.set_machine(std::move(client_machine));
  ASSERT_TRUE(client.start().ok());
  // 0-RTT through the API: write() before the handshake completes.
  EXPECT_EQ(client.early_data_capacity(), 1024u);
  const Bytes early = get("client", "send application_data record", "payload", 0);
  ASSERT_TRUE(client.write(early).ok());

  ConnectionCore server(server_cfg, /*is_client=*/false);
  auto server_machine = std::make_unique<ServerHandshake>(server, server_cfg);
  server_machine->shape_server_hello_for_testing = [&](codec::ServerHello& hello) {
    hello.extensions.order = trace_server_hello_.extensions.order;
    EXPECT_TRUE(hello == trace_server_hello_);
  };
  server_machine->shape_extensions_for_testing = [&](codec::EncryptedExtensions& ee) {
    EXPECT_TRUE(ee.extensions.early_data.has_value());  // the machine accepted 0-RTT
    const codec::EncryptedExtensionsSet& from = trace_extensions_.extensions;
    ee.extensions.supported_groups = from.supported_groups;
    ee.extensions.record_size_limit = from.record_size_limit;
    ee.extensions.server_name = from.server_name;
    ee.extensions.order = from.order;
    EXPECT_TRUE(ee == trace_extensions_);
  };
  server.set_machine(std::move(server_machine));
  ASSERT_TRUE(server.start().ok());

  // Client: ClientHello (with the binder), then the 0-RTT record.
  EXPECT_EQ(to_hex(deliver(client, server)),
            to_hex(concat({record("client", "send handshake record", 0),
                           record("client", "send application_data record", 0)})));
  EXPECT_TRUE(server.info().resumed);
  EXPECT_TRUE(server.info().early_data_accepted);
  Bytes received(server.readable());
  server.read(received);
  EXPECT_EQ(to_hex(received), to_hex(early));  // delivered as early data

  // Server: ServerHello, then EncryptedExtensions + Finished in one record.
  EXPECT_EQ(to_hex(deliver(server, client)),
            to_hex(concat({record("server", "send handshake record", 0),
                           record("server", "send handshake record", 1)})));
  EXPECT_TRUE(client.info().resumed);
  EXPECT_TRUE(client.info().early_data_accepted);
  EXPECT_FALSE(client.is_handshaking());

  // Client: EndOfEarlyData under the early keys, Finished under the handshake keys.
  EXPECT_EQ(to_hex(deliver(client, server)),
            to_hex(concat({record("client", "send handshake record", 1),
                           record("client", "send handshake record", 2)})));
  EXPECT_FALSE(server.is_handshaking());
  EXPECT_TRUE(server.pending_tls().empty());  // no tickets, as in the trace
  EXPECT_TRUE(client_provider.used_up());
  EXPECT_TRUE(server_provider.used_up());

  // Application data and close_notify, both ways.
  const Bytes client_data = get("client", "send application_data record", "payload", 1);
  ASSERT_TRUE(client.write(client_data).ok());
  client.close();
  EXPECT_EQ(to_hex(deliver(client, server)),
            to_hex(concat({record("client", "send application_data record", 1),
                           record("client", "send alert record", 0)})));
  const Bytes server_data = get("server", "send application_data record", "payload", 0);
  ASSERT_TRUE(server.write(server_data).ok());
  server.close();
  EXPECT_EQ(to_hex(deliver(server, client)),
            to_hex(concat({record("server", "send application_data record", 0),
                           record("server", "send alert record", 0)})));
  EXPECT_TRUE(client.peer_closed());
  EXPECT_TRUE(server.peer_closed());

  // The secrets both sides logged are the trace's.
  const std::map<std::string, std::string> expected = {
      {"CLIENT_EARLY_TRAFFIC_SECRET", secret_hex("derive secret \"tls13 c e traffic\"")},
      {"CLIENT_HANDSHAKE_TRAFFIC_SECRET", secret_hex("derive secret \"tls13 c hs traffic\"")},
      {"SERVER_HANDSHAKE_TRAFFIC_SECRET", secret_hex("derive secret \"tls13 s hs traffic\"")},
      {"CLIENT_TRAFFIC_SECRET_0", secret_hex("derive secret \"tls13 c ap traffic\"")},
      {"SERVER_TRAFFIC_SECRET_0", secret_hex("derive secret \"tls13 s ap traffic\"")},
      {"EXPORTER_SECRET", secret_hex("derive secret \"tls13 exp master\"")}};
  for (const auto* secrets : {&client_secrets_, &server_secrets_}) {
    for (const auto& [label, hex] : expected) {
      ASSERT_EQ(secrets->count(label), 1u) << label;
      EXPECT_EQ(to_hex(secrets->at(label)), hex) << label;
    }
  }
}

}  // namespace
}  // namespace parley::handshake

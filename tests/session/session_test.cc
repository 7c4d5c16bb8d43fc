// src/session: the session state encoding, ticket keys and ticketers, the
// server session store, the client cache and the replay cache.
#include "parley/session.h"

#include <gtest/gtest.h>

#include <atomic>
#include <map>
#include <thread>
#include <vector>

#include "session/session_state.h"

namespace parley::session {
namespace {

SessionState sample_state() {
  SessionState s;
  s.version = ProtocolVersion::kTls13;
  s.cipher_suite = CipherSuite::kTlsAes128GcmSha256;
  s.secret = crypto::Secret(Bytes(32, 0x5a));
  s.issued_at = 1'700'000'000;
  s.lifetime = 7200;
  s.age_add = 0x01020304;
  s.max_early_data = 16384;
  s.server_name = "server.test";
  s.alpn = "h2";
  s.peer_certificates = {Bytes{1, 2, 3}, Bytes{4, 5}};
  s.ticket = Bytes(40, 0x77);
  return s;
}

TEST(SessionState, RoundTrips) {
  const SessionState s = sample_state();
  const crypto::Secret encoded = s.encode();
  auto decoded = SessionState::decode(encoded);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  EXPECT_EQ(decoded->version, s.version);
  EXPECT_EQ(decoded->cipher_suite, s.cipher_suite);
  EXPECT_EQ(to_hex(decoded->secret), to_hex(s.secret));
  EXPECT_EQ(decoded->issued_at, s.issued_at);
  EXPECT_EQ(decoded->lifetime, s.lifetime);
  EXPECT_EQ(decoded->age_add, s.age_add);
  EXPECT_EQ(decoded->max_early_data, s.max_early_data);
  EXPECT_EQ(decoded->server_name, s.server_name);
  EXPECT_EQ(decoded->alpn, s.alpn);
  EXPECT_EQ(decoded->peer_certificates, s.peer_certificates);
  EXPECT_EQ(decoded->ticket, s.ticket);
  EXPECT_EQ(to_hex(decoded->encode()), to_hex(encoded));
}

TEST(SessionState, RejectsEveryTruncationAndTrailingBytes) {
  const crypto::Secret encoded = sample_state().encode();
  for (size_t n = 0; n < encoded.size(); ++n) {
    EXPECT_FALSE(SessionState::decode(encoded.view().first(n)).ok()) << n;
  }
  Bytes longer(encoded.view().begin(), encoded.view().end());
  longer.push_back(0);
  EXPECT_FALSE(SessionState::decode(longer).ok());
}

TEST(SessionState, RejectsUnknownFormatAndVersion) {
  const crypto::Secret encoded = sample_state().encode();
  const Bytes bytes(encoded.view().begin(), encoded.view().end());
  Bytes other_format = bytes;
  other_format[0] = 2;
  EXPECT_FALSE(SessionState::decode(other_format).ok());
  Bytes tls11 = bytes;
  tls11[2] = 0x02;  // version 0x0302
  EXPECT_FALSE(SessionState::decode(tls11).ok());
}

TEST(SessionState, RejectsTooManyCertificates) {
  SessionState s = sample_state();
  s.peer_certificates.assign(SessionState::kMaxPeerCertificates + 1, Bytes{1});
  EXPECT_FALSE(SessionState::decode(s.encode()).ok());
}

TEST(SessionState, Expiry) {
  const SessionState s = sample_state();
  EXPECT_FALSE(s.expired(s.issued_at));
  EXPECT_FALSE(s.expired(s.issued_at + s.lifetime - 1));
  EXPECT_TRUE(s.expired(s.issued_at + s.lifetime));
  EXPECT_TRUE(s.expired(s.issued_at - 1));  // issued in the future: a clock problem
}

const Bytes kState = {1, 2, 3, 4, 5, 6, 7, 8};

TEST(Ticketer, SealsAndOpens) {
  auto ticketer = make_ticketer(std::make_shared<TicketKeys>(std::vector{TicketKey::generate()}));
  auto ticket = ticketer->seal(kState, 0);
  ASSERT_TRUE(ticket);
  EXPECT_EQ(ticket->size(), kState.size() + 16 + 12 + 16);
  EXPECT_EQ(ticketer->open(*ticket, 0), kState);
  // Two seals of the same state differ (random nonce).
  EXPECT_NE(*ticketer->seal(kState, 0), *ticket);
}

TEST(Ticketer, RefusesTamperedTickets) {
  auto ticketer = make_ticketer(std::make_shared<TicketKeys>(std::vector{TicketKey::generate()}));
  const Bytes ticket = *ticketer->seal(kState, 0);
  for (size_t i = 0; i < ticket.size(); ++i) {
    Bytes tampered = ticket;
    tampered[i] ^= 0x01;
    EXPECT_FALSE(ticketer->open(tampered, 0)) << i;
  }
  EXPECT_FALSE(ticketer->open(ByteView(ticket).first(ticket.size() - 1), 0));
  EXPECT_FALSE(ticketer->open(Bytes{}, 0));
}

TEST(Ticketer, OtherKeysAndRotation) {
  const TicketKey old_key = TicketKey::generate();
  const TicketKey new_key = TicketKey::generate();
  auto keys = std::make_shared<TicketKeys>(std::vector{old_key});
  auto server_a = make_ticketer(keys);
  const Bytes old_ticket = *server_a->seal(kState, 0);

  // A second server (another process) with the same keys opens it.
  auto server_b = make_ticketer(std::make_shared<TicketKeys>(std::vector{old_key}));
  EXPECT_EQ(server_b->open(old_ticket, 0), kState);
  // A server with different keys does not.
  auto stranger = make_ticketer(std::make_shared<TicketKeys>(std::vector{new_key}));
  EXPECT_FALSE(stranger->open(old_ticket, 0));

  // Rotation: the new key encrypts, the old one still decrypts, until dropped.
  keys->set({new_key, old_key});
  const Bytes new_ticket = *server_a->seal(kState, 0);
  EXPECT_EQ(stranger->open(new_ticket, 0), kState);
  EXPECT_EQ(server_a->open(old_ticket, 0), kState);
  keys->set({new_key});
  EXPECT_FALSE(server_a->open(old_ticket, 0));
  EXPECT_EQ(server_a->open(new_ticket, 0), kState);
}

TEST(Ticketer, NoKeysNoTickets) {
  auto ticketer = make_ticketer(std::make_shared<TicketKeys>(std::vector<TicketKey>{}));
  EXPECT_FALSE(ticketer->seal(kState, 0));
}

TEST(Ticketer, RotatingTicketerRotatesByTime) {
  auto ticketer = make_rotating_ticketer(/*rotation_seconds=*/100, /*lifetime_seconds=*/200);
  EXPECT_EQ(ticketer->lifetime_seconds(), 200u);
  const Bytes first = *ticketer->seal(kState, 1000);
  const Bytes second = *ticketer->seal(kState, 1050);
  EXPECT_EQ(ByteView(first).first(16).size(), 16u);
  EXPECT_TRUE(std::equal(first.begin(), first.begin() + 16, second.begin()));  // same key
  const Bytes third = *ticketer->seal(kState, 1100);
  EXPECT_FALSE(std::equal(first.begin(), first.begin() + 16, third.begin()));  // rotated
  EXPECT_EQ(ticketer->open(first, 1100), kState);                              // still accepted
  EXPECT_EQ(ticketer->open(first, 1299), kState);  // retired at 1100, tickets live 200 s
  // Dropped at the first rotation after every ticket it sealed has expired
  // (the session state's own expiry is checked on every resumption).
  EXPECT_FALSE(ticketer->open(first, 1400));
  EXPECT_EQ(ticketer->open(third, 1400), kState);
  EXPECT_EQ(ticketer->lifetime_seconds(), 200u);
}

TEST(Ticketer, LifetimeCappedAtSevenDays) {
  EXPECT_EQ(make_rotating_ticketer(3600, 30 * 24 * 3600)->lifetime_seconds(), 7u * 24 * 3600);
}

TEST(Ticketer, ManyThreadsSealAndOpenWhileKeysRotate) {
  std::vector<TicketKey> all = {TicketKey::generate()};
  auto keys = std::make_shared<TicketKeys>(all);
  auto ticketer = make_ticketer(keys);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 200; ++i) {
        auto ticket = ticketer->seal(kState, 0);
        if (!ticket || ticketer->open(*ticket, 0) != kState) ++failures;
      }
    });
  }
  // Every key stays accepted, so every ticket opens whatever the interleaving.
  for (int i = 0; i < 20; ++i) {
    all.insert(all.begin(), TicketKey::generate());
    keys->set(all);
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

TEST(SessionStore, PutGetRemoveExpire) {
  auto store = make_session_store(2);
  const Bytes a = {1}, b = {2}, c = {3};
  store->put(a, {10}, 100);
  EXPECT_EQ(store->get(a, 50), Bytes{10});
  EXPECT_EQ(store->get(a, 50), Bytes{10});  // session IDs may resume more than once
  EXPECT_FALSE(store->get(a, 100));         // expired
  EXPECT_FALSE(store->get(a, 50));          // and gone
  store->put(a, {10}, 100);
  store->remove(a);
  EXPECT_FALSE(store->get(a, 0));
  store->put(a, {10}, 100);
  store->put(b, {20}, 100);
  store->put(c, {30}, 100);  // evicts the oldest, a
  EXPECT_FALSE(store->get(a, 0));
  EXPECT_EQ(store->get(b, 0), Bytes{20});
  EXPECT_EQ(store->get(c, 0), Bytes{30});
}

// Stateful TLS 1.3 tickets: take() hands a session out once.
TEST(SessionStore, TakeIsSingleUse) {
  auto store = make_session_store(4);
  const Bytes a = {1};
  store->put(a, {10}, 100);
  EXPECT_EQ(store->take(a, 50), Bytes{10});
  EXPECT_FALSE(store->take(a, 50));
  EXPECT_FALSE(store->get(a, 50));
  store->put(a, {10}, 100);
  EXPECT_FALSE(store->take(a, 100));  // expired
  EXPECT_FALSE(store->get(a, 0));     // and gone
}

TEST(SessionStore, ManyThreadsTakeOneSessionOnce) {
  auto store = make_session_store(4);
  const Bytes id = {7};
  for (int round = 0; round < 50; ++round) {
    store->put(id, {1}, 100);
    std::atomic<int> taken{0};
    std::vector<std::thread> threads;
    for (int t = 0; t < 4; ++t) {
      threads.emplace_back([&] {
        if (store->take(id, 0)) ++taken;
      });
    }
    for (auto& thread : threads) thread.join();
    ASSERT_EQ(taken.load(), 1) << "round " << round;
  }
}

// An application's store that does not override take() gets get + remove.
TEST(SessionStore, DefaultTakeIsGetThenRemove) {
  class MapStore final : public SessionStore {
   public:
    void put(std::span<const uint8_t> id, std::vector<uint8_t> state, int64_t) override {
      map_[Bytes(id.begin(), id.end())] = std::move(state);
    }
    std::optional<std::vector<uint8_t>> get(std::span<const uint8_t> id, int64_t) override {
      auto found = map_.find(Bytes(id.begin(), id.end()));
      if (found == map_.end()) return std::nullopt;
      return found->second;
    }
    void remove(std::span<const uint8_t> id) override { map_.erase(Bytes(id.begin(), id.end())); }

   private:
    std::map<Bytes, Bytes> map_;
  };
  MapStore store;
  store.put(Bytes{1}, {5}, 0);
  EXPECT_EQ(store.take(Bytes{1}, 0), Bytes{5});
  EXPECT_FALSE(store.take(Bytes{1}, 0));
}

TEST(SessionStore, StaysBoundedUnderChurn) {
  auto store = make_session_store(8);
  for (uint32_t i = 0; i < 1000; ++i) {
    const Bytes id = {static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8)};
    store->put(id, {1}, 100);
    if (i % 2 == 0) store->remove(id);
  }
  int present = 0;
  for (uint32_t i = 0; i < 1000; ++i) {
    if (store->get(Bytes{static_cast<uint8_t>(i), static_cast<uint8_t>(i >> 8)}, 0)) ++present;
  }
  EXPECT_LE(present, 8);
  EXPECT_GE(present, 4);
}

TEST(ClientSessionCache, NewestFirstSingleUseBounded) {
  auto cache = make_client_session_cache(/*capacity=*/2, /*per_key=*/2);
  cache->put("a", {1});
  cache->put("a", {2});
  cache->put("a", {3});  // per_key 2: {1} dropped
  EXPECT_EQ(cache->take("a"), Bytes{3});
  EXPECT_EQ(cache->take("a"), Bytes{2});
  EXPECT_FALSE(cache->take("a"));
  cache->put("a", {1});
  cache->put("b", {2});
  cache->put("a", {3});  // a is now the most recent key
  cache->put("c", {4});  // evicts b, the least recently used
  EXPECT_FALSE(cache->take("b"));
  EXPECT_EQ(cache->take("a"), Bytes{3});
  EXPECT_EQ(cache->take("c"), Bytes{4});
}

TEST(AntiReplay, SecondUseRefusedWithinWindow) {
  auto replay = make_replay_cache(/*capacity=*/2, /*window_seconds=*/10);
  EXPECT_EQ(replay->window_seconds(), 10u);
  EXPECT_TRUE(replay->first_use(Bytes{1}, 100));
  EXPECT_FALSE(replay->first_use(Bytes{1}, 105));
  EXPECT_TRUE(replay->first_use(Bytes{2}, 105));
  EXPECT_FALSE(replay->first_use(Bytes{3}, 105));  // full: refused, not forgotten
  EXPECT_TRUE(replay->first_use(Bytes{3}, 111));   // {1} has left the window
  EXPECT_FALSE(replay->first_use(Bytes{2}, 111));
}

}  // namespace
}  // namespace parley::session

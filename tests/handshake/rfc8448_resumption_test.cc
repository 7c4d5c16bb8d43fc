// RFC 8448 section 4, "Resumed 0-RTT Handshake": the PSK from section 3's
// ticket, the PSK binder, the early traffic secrets and 0-RTT record, then a
// PSK + X25519 handshake, all reproduced byte for byte.
#include <gtest/gtest.h>

#include <optional>
#include <vector>

#include "crypto/provider.h"
#include "handshake/key_schedule13.h"
#include "handshake/rfc8448_trace.h"
#include "handshake/transcript.h"

namespace parley::handshake {
namespace {

using crypto::AeadAlgorithm;
using crypto::HashAlgorithm;
using record::ContentType;

constexpr int kSection = 4;
constexpr auto kAead = AeadAlgorithm::kAes128Gcm;

class Rfc8448Resumption : public testing::Rfc8448SectionTest<kSection> {
 protected:
  // The complete ClientHello, binders included, is the first record's payload
  // (the "construct" step shows it without the binders).
  Bytes client_hello() const { return get("client", "send handshake record", "payload", 0); }
  Bytes psk() const { return get("client", "extract secret \"early\"", "IKM"); }

  // Transcript hashes after ClientHello, ServerHello, EncryptedExtensions,
  // server Finished, EndOfEarlyData and client Finished.
  std::vector<Bytes> transcript_hashes() const {
    return testing::sha256_transcript_hashes(
        {client_hello(), message("server", "ServerHello"), message("server", "EncryptedExtensions"),
         message("server", "Finished"), message("client", "EndOfEarlyData"),
         message("client", "Finished")});
  }

  // Seals the trace payload at `sequence` under `traffic_secret`, compares
  // it with the trace's complete record, then opens that record back.
  void expect_record(const Bytes& traffic_secret, uint64_t sequence, ContentType type,
                     std::string_view actor, std::string_view title, int occurrence) const {
    auto enc = make_tls13_encrypter(hkdf(), kAead, traffic_secret);
    auto dec = make_tls13_decrypter(hkdf(), kAead, traffic_secret);
    ASSERT_TRUE(enc.ok() && dec.ok());
    (*enc)->sequence().set_for_testing(sequence);
    (*dec)->sequence().set_for_testing(sequence);
    const Bytes payload = get(actor, title, "payload", occurrence);
    Bytes expected = get(actor, title, "complete record", occurrence);
    Bytes sealed;
    ASSERT_TRUE((*enc)->seal(type, payload, sealed).ok());
    EXPECT_EQ(to_hex(sealed), to_hex(expected)) << actor << " " << title;
    auto opened = (*dec)->open({ContentType::kApplicationData, 0x0303,
                                std::span<uint8_t>(expected).subspan(record::kHeaderSize)});
    ASSERT_TRUE(opened.ok()) << opened.error().to_string();
    EXPECT_EQ(opened->type, type);
    EXPECT_EQ(to_hex(opened->data), to_hex(payload));
  }
};

// The resumption PSK of section 4 is the one section 3's ticket yields.
TEST_F(Rfc8448Resumption, PskComesFromSection3Ticket) {
  const Bytes from_ticket = trace_->field(3, "server", "generate resumption secret", "expanded");
  EXPECT_EQ(to_hex(psk()), to_hex(from_ticket));
  EXPECT_EQ(to_hex(EarlySecret::with_psk(hkdf(), psk()).secret()),
            to_hex(get("client", "extract secret \"early\"", "secret")));
}

// RFC 8446 4.2.11.2: the binder is an HMAC over the ClientHello truncated
// before the binders list, keyed from the "res binder" secret.
TEST_F(Rfc8448Resumption, PskBinder) {
  const EarlySecret early = EarlySecret::with_psk(hkdf(), psk());
  const Bytes prefix = get("client", "calculate PSK binder", "ClientHello prefix");
  Transcript transcript(crypto::default_provider());
  ASSERT_TRUE(transcript.set_hash(HashAlgorithm::kSha256).ok());
  const Bytes binder_hash = transcript.hash_with(prefix);
  EXPECT_EQ(to_hex(binder_hash), to_hex(get("client", "calculate PSK binder", "binder hash")));
  EXPECT_EQ(to_hex(early.binder_key(PskKind::kResumption)),
            to_hex(get("client", "calculate PSK binder", "PRK")));
  EXPECT_EQ(to_hex(hkdf().finished_key(early.binder_key(PskKind::kResumption))),
            to_hex(get("client", "calculate PSK binder", "expanded")));
  const Bytes binder = get("client", "calculate PSK binder", "finished");
  EXPECT_EQ(to_hex(early.psk_binder(PskKind::kResumption, binder_hash)), to_hex(binder));
  EXPECT_TRUE(early.verify_psk_binder(PskKind::kResumption, binder_hash, binder));
  EXPECT_FALSE(early.verify_psk_binder(PskKind::kExternal, binder_hash, binder));

  // The full ClientHello is the prefix followed by binders<33..2^16-1>
  // holding this one 32-byte binder.
  Bytes expected_hello = prefix;
  for (uint8_t b : {0x00, 0x21, 0x20}) expected_hello.push_back(b);
  expected_hello.insert(expected_hello.end(), binder.begin(), binder.end());
  EXPECT_EQ(to_hex(client_hello()), to_hex(expected_hello));
}

TEST_F(Rfc8448Resumption, EarlySecretsAndZeroRttRecord) {
  const EarlySecret early = EarlySecret::with_psk(hkdf(), psk());
  const Bytes hello_hash = transcript_hashes()[0];
  EXPECT_EQ(to_hex(hello_hash),
            to_hex(get("client", "derive secret \"tls13 c e traffic\"", "hash")));
  const Secret early_traffic = early.client_early_traffic_secret(hello_hash);
  EXPECT_EQ(to_hex(early_traffic),
            to_hex(get("client", "derive secret \"tls13 c e traffic\"", "expanded")));
  EXPECT_EQ(to_hex(early.early_exporter_master_secret(hello_hash)),
            to_hex(get("client", "derive secret \"tls13 e exp master\"", "expanded")));
  const TrafficKeys keys = hkdf().traffic_keys(early_traffic, kAead);
  EXPECT_EQ(to_hex(keys.key),
            to_hex(get("client", "derive write traffic keys for early", "key expanded")));
  EXPECT_EQ(to_hex(keys.iv),
            to_hex(get("client", "derive write traffic keys for early", "iv expanded")));

  // 0-RTT application data, then EndOfEarlyData, under the early keys.
  const Bytes secret(early_traffic.view().begin(), early_traffic.view().end());
  expect_record(secret, 0, ContentType::kApplicationData, "client", "send application_data record",
                0);
  expect_record(secret, 1, ContentType::kHandshake, "client", "send handshake record", 1);
}

// PSK + (EC)DHE: handshake and master secrets, both Finished messages, the
// encrypted server flight and the client Finished record, the resumption
// master secret.
TEST_F(Rfc8448Resumption, PskDheHandshake) {
  const std::vector<Bytes> hashes = transcript_hashes();
  const Bytes shared = testing::x25519_shared_secret(*trace_, kSection);
  EXPECT_EQ(to_hex(shared), to_hex(get("server", "extract secret \"handshake\"", "IKM")));

  HandshakeSecret handshake = EarlySecret::with_psk(hkdf(), psk()).into_handshake(shared);
  EXPECT_EQ(to_hex(handshake.secret()),
            to_hex(get("server", "extract secret \"handshake\"", "secret")));
  EXPECT_EQ(to_hex(hashes[1]),
            to_hex(get("server", "derive secret \"tls13 c hs traffic\"", "hash")));
  const Secret client_hs = handshake.client_handshake_traffic_secret(hashes[1]);
  const Secret server_hs = handshake.server_handshake_traffic_secret(hashes[1]);
  EXPECT_EQ(to_hex(client_hs),
            to_hex(get("server", "derive secret \"tls13 c hs traffic\"", "expanded")));
  EXPECT_EQ(to_hex(server_hs),
            to_hex(get("server", "derive secret \"tls13 s hs traffic\"", "expanded")));

  // Server Finished over ClientHello..EncryptedExtensions; the flight record.
  EXPECT_EQ(to_hex(hkdf().finished_verify_data(server_hs, hashes[2])),
            to_hex(get("server", "calculate finished", "finished")));
  expect_record(Bytes(server_hs.view().begin(), server_hs.view().end()), 0, ContentType::kHandshake,
                "server", "send handshake record", 1);

  MasterSecret master = std::move(handshake).into_master();
  EXPECT_EQ(to_hex(master.secret()), to_hex(get("server", "extract secret \"master\"", "secret")));
  EXPECT_EQ(to_hex(master.client_application_traffic_secret(hashes[3])),
            to_hex(get("server", "derive secret \"tls13 c ap traffic\"", "expanded")));
  EXPECT_EQ(to_hex(master.server_application_traffic_secret(hashes[3])),
            to_hex(get("server", "derive secret \"tls13 s ap traffic\"", "expanded")));
  EXPECT_EQ(to_hex(master.exporter_master_secret(hashes[3])),
            to_hex(get("server", "derive secret \"tls13 exp master\"", "expanded")));

  // Client Finished covers EndOfEarlyData (RFC 8446 4.4.1).
  EXPECT_EQ(to_hex(hkdf().finished_verify_data(client_hs, hashes[4])),
            to_hex(get("client", "calculate finished", "finished")));
  expect_record(Bytes(client_hs.view().begin(), client_hs.view().end()), 0, ContentType::kHandshake,
                "client", "send handshake record", 2);
  EXPECT_EQ(to_hex(master.resumption_master_secret(hashes[5])),
            to_hex(get("client", "derive secret \"tls13 res master\"", "expanded")));

  // Application data and alerts after the handshake.
  const Bytes client_ap = get("server", "derive secret \"tls13 c ap traffic\"", "expanded");
  const Bytes server_ap = get("server", "derive secret \"tls13 s ap traffic\"", "expanded");
  expect_record(client_ap, 0, ContentType::kApplicationData, "client",
                "send application_data record", 1);
  expect_record(client_ap, 1, ContentType::kAlert, "client", "send alert record", 0);
  expect_record(server_ap, 0, ContentType::kApplicationData, "server",
                "send application_data record", 0);
  expect_record(server_ap, 1, ContentType::kAlert, "server", "send alert record", 0);
}

}  // namespace
}  // namespace parley::handshake

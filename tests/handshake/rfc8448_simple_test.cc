// RFC 8448 section 3, "Simple 1-RTT Handshake": starting from the trace's
// X25519 private keys and hello messages, every secret, key and IV of the
// trace is reproduced, and the trace's encrypted records are opened and
// re-sealed byte for byte with parley's TLS 1.3 record layer.
#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <vector>

#include "codec/reader.h"
#include "crypto/provider.h"
#include "handshake/key_schedule13.h"
#include "handshake/rfc8448_trace.h"
#include "handshake/transcript.h"
#include "record/deframer.h"
#include "record/handshake_reassembler.h"
#include "record/tls13_protection.h"

namespace parley::handshake {
namespace {

using crypto::AeadAlgorithm;
using crypto::HashAlgorithm;
using record::ContentType;

constexpr int kSection = 3;
constexpr auto kAead = AeadAlgorithm::kAes128Gcm;  // TLS_AES_128_GCM_SHA256

class Rfc8448Simple : public testing::Rfc8448SectionTest<kSection> {
 protected:
  Bytes shared_secret() const { return testing::x25519_shared_secret(*trace_, kSection); }

  // The transcript hash after each of handshake_messages().
  std::vector<Bytes> transcript_hashes() const {
    return testing::sha256_transcript_hashes(handshake_messages());
  }

  // ClientHello, ServerHello, EncryptedExtensions, Certificate,
  // CertificateVerify, server Finished, client Finished.
  std::vector<Bytes> handshake_messages() const {
    return {message("client", "ClientHello"),
            message("server", "ServerHello"),
            message("server", "EncryptedExtensions"),
            message("server", "Certificate"),
            message("server", "CertificateVerify"),
            message("server", "Finished"),
            message("client", "Finished")};
  }
};

Bytes to_bytes(ByteView v) {
  return Bytes(v.begin(), v.end());
}

TEST_F(Rfc8448Simple, TraceParsesCompletely) {
  int fields = 0;
  for (const auto& step : trace_->steps()) {
    for (const auto& field : step.fields) {
      EXPECT_EQ(field.value.size(), field.declared_size)
          << "section " << step.section << " {" << step.actor << "} " << step.title << " / "
          << field.name;
      ++fields;
    }
  }
  EXPECT_GT(fields, 300);
  ASSERT_NE(trace_->find(kSection, "server", "send handshake record", 2), nullptr);
  EXPECT_EQ(message("client", "ClientHello").size(), 196u);
}

TEST_F(Rfc8448Simple, X25519KeysAndSharedSecret) {
  const auto& provider = crypto::default_provider();
  for (const char* actor : {"client", "server"}) {
    auto kx = provider.make_key_exchange_from_private(
        crypto::KeyExchangeGroup::kX25519, get(actor, "create an ephemeral x25519", "private key"));
    ASSERT_TRUE(kx.ok());
    EXPECT_EQ(to_hex((*kx)->public_key()),
              to_hex(get(actor, "create an ephemeral x25519", "public key")));
  }
  EXPECT_EQ(to_hex(shared_secret()), to_hex(get("server", "extract secret \"handshake\"", "IKM")));
}

// RFC 8446 7.1, every stage and derived secret of the trace.
TEST_F(Rfc8448Simple, KeyScheduleSecrets) {
  const std::vector<Bytes> hashes = transcript_hashes();
  const Bytes& hello_hash = hashes[1];
  const Bytes& server_finished_hash = hashes[5];
  const Bytes& client_finished_hash = hashes[6];
  EXPECT_EQ(to_hex(hello_hash),
            to_hex(get("server", "derive secret \"tls13 c hs traffic\"", "hash")));
  EXPECT_EQ(to_hex(server_finished_hash),
            to_hex(get("server", "derive secret \"tls13 c ap traffic\"", "hash")));
  EXPECT_EQ(to_hex(client_finished_hash),
            to_hex(get("client", "derive secret \"tls13 res master\"", "hash")));

  EarlySecret early = EarlySecret::without_psk(hkdf());
  EXPECT_EQ(to_hex(early.secret()), to_hex(get("server", "extract secret \"early\"", "secret")));

  HandshakeSecret handshake = std::move(early).into_handshake(shared_secret());
  EXPECT_EQ(to_hex(handshake.secret()),
            to_hex(get("server", "extract secret \"handshake\"", "secret")));
  EXPECT_EQ(to_hex(handshake.client_handshake_traffic_secret(hello_hash)),
            to_hex(get("server", "derive secret \"tls13 c hs traffic\"", "expanded")));
  EXPECT_EQ(to_hex(handshake.server_handshake_traffic_secret(hello_hash)),
            to_hex(get("server", "derive secret \"tls13 s hs traffic\"", "expanded")));

  MasterSecret master = std::move(handshake).into_master();
  EXPECT_EQ(to_hex(master.secret()), to_hex(get("server", "extract secret \"master\"", "secret")));
  EXPECT_EQ(to_hex(master.client_application_traffic_secret(server_finished_hash)),
            to_hex(get("server", "derive secret \"tls13 c ap traffic\"", "expanded")));
  EXPECT_EQ(to_hex(master.server_application_traffic_secret(server_finished_hash)),
            to_hex(get("server", "derive secret \"tls13 s ap traffic\"", "expanded")));
  EXPECT_EQ(to_hex(master.exporter_master_secret(server_finished_hash)),
            to_hex(get("server", "derive secret \"tls13 exp master\"", "expanded")));
  EXPECT_EQ(to_hex(master.resumption_master_secret(client_finished_hash)),
            to_hex(get("client", "derive secret \"tls13 res master\"", "expanded")));
}

// The intermediate "derived" salts and the HkdfLabel encoding, via
// Derive-Secret on the trace's PRKs.
TEST_F(Rfc8448Simple, DerivedSaltsAndHkdfLabels) {
  const Tls13Hkdf h = hkdf();
  EXPECT_EQ(
      to_hex(h.derive_secret_empty(get("server", "derive secret for handshake", "PRK"), "derived")),
      to_hex(get("server", "derive secret for handshake", "expanded")));
  EXPECT_EQ(
      to_hex(h.derive_secret_empty(get("server", "derive secret for master", "PRK"), "derived")),
      to_hex(get("server", "derive secret for master", "expanded")));
  EXPECT_EQ(to_hex(h.extract(get("server", "extract secret \"master\"", "salt"),
                             get("server", "extract secret \"master\"", "IKM"))),
            to_hex(get("server", "extract secret \"master\"", "secret")));
}

struct KeyStep {
  const char* actor;
  const char* title;
  const char* secret_step;  // where the traffic secret comes from
};

// RFC 8446 7.3 traffic keys and IVs of all four directions and epochs.
TEST_F(Rfc8448Simple, TrafficKeysAndIvs) {
  const Tls13Hkdf h = hkdf();
  for (const KeyStep& step : {KeyStep{"server", "derive write traffic keys for handshake data",
                                      "derive secret \"tls13 s hs traffic\""},
                              KeyStep{"server", "derive read traffic keys for handshake data",
                                      "derive secret \"tls13 c hs traffic\""},
                              KeyStep{"server", "derive write traffic keys for application data",
                                      "derive secret \"tls13 s ap traffic\""},
                              KeyStep{"client", "derive write traffic keys for application data",
                                      "derive secret \"tls13 c ap traffic\""}}) {
    const Bytes secret = get("server", step.secret_step, "expanded");
    EXPECT_EQ(to_hex(secret), to_hex(get(step.actor, step.title, "PRK"))) << step.title;
    const TrafficKeys keys = h.traffic_keys(secret, kAead);
    EXPECT_EQ(to_hex(keys.key), to_hex(get(step.actor, step.title, "key expanded"))) << step.title;
    EXPECT_EQ(to_hex(keys.iv), to_hex(get(step.actor, step.title, "iv expanded"))) << step.title;
  }
}

// RFC 8446 4.4.4: finished keys and verify_data of both Finished messages.
TEST_F(Rfc8448Simple, FinishedKeysAndVerifyData) {
  const Tls13Hkdf h = hkdf();
  const std::vector<Bytes> hashes = transcript_hashes();
  struct Case {
    const char* actor;
    const char* secret_step;
    const Bytes& transcript_hash;  // through the message before Finished
  };
  for (const Case& c : {Case{"server", "derive secret \"tls13 s hs traffic\"", hashes[4]},
                        Case{"client", "derive secret \"tls13 c hs traffic\"", hashes[5]}}) {
    const Bytes base_key = get("server", c.secret_step, "expanded");
    EXPECT_EQ(to_hex(h.finished_key(base_key)),
              to_hex(get(c.actor, "calculate finished", "expanded")));
    const Bytes expected = get(c.actor, "calculate finished", "finished");
    EXPECT_EQ(to_hex(h.finished_verify_data(base_key, c.transcript_hash)), to_hex(expected));
    EXPECT_TRUE(h.verify_finished(base_key, c.transcript_hash, expected));
    Bytes wrong = expected;
    wrong.back() ^= 1;
    EXPECT_FALSE(h.verify_finished(base_key, c.transcript_hash, wrong));
    EXPECT_FALSE(h.verify_finished(base_key, c.transcript_hash, ByteView(expected).first(31)));
  }
}

// The client's view of the server's first flight: the plaintext ServerHello
// record, then the encrypted record carrying EncryptedExtensions..Finished,
// opened with the server handshake traffic keys and reassembled into the
// trace's messages, whose Finished verifies.
TEST_F(Rfc8448Simple, ClientOpensServerHandshakeFlight) {
  const Tls13Hkdf h = hkdf();
  Bytes wire = get("server", "send handshake record", "complete record", 0);
  const Bytes encrypted = get("server", "send handshake record", "complete record", 1);
  wire.insert(wire.end(), encrypted.begin(), encrypted.end());

  record::Deframer deframer;
  ASSERT_EQ(deframer.feed(wire), wire.size());
  record::HandshakeReassembler reassembler;
  Transcript transcript(crypto::default_provider());
  transcript.add(message("client", "ClientHello"));

  // ServerHello, in plaintext.
  auto first = deframer.next();
  ASSERT_TRUE(first.ok() && first->has_value());
  record::NullDecrypter null_decrypter;
  auto plain = null_decrypter.open(**first);
  ASSERT_TRUE(plain.ok());
  ASSERT_TRUE(reassembler.add_record(plain->data).ok());
  auto server_hello = reassembler.next();
  ASSERT_TRUE(server_hello.has_value());
  EXPECT_EQ(server_hello->type, codec::HandshakeType::kServerHello);
  EXPECT_EQ(to_bytes(server_hello->raw), message("server", "ServerHello"));
  ASSERT_TRUE(transcript.set_hash(HashAlgorithm::kSha256).ok());
  transcript.add(server_hello->raw);

  // Key change: the negotiated version fixes the record limits.
  ASSERT_TRUE(reassembler.expect_message_boundary("a key change").ok());
  deframer.set_mode(record::DeframerMode::kTls13);
  HandshakeSecret handshake = EarlySecret::without_psk(h).into_handshake(shared_secret());
  const Secret server_hs = handshake.server_handshake_traffic_secret(transcript.current_hash());
  auto decrypter = make_tls13_decrypter(h, kAead, server_hs);
  ASSERT_TRUE(decrypter.ok());

  auto second = deframer.next();
  ASSERT_TRUE(second.ok() && second->has_value());
  auto opened = (*decrypter)->open(**second);
  ASSERT_TRUE(opened.ok()) << opened.error().to_string();
  EXPECT_EQ(opened->type, ContentType::kHandshake);
  EXPECT_EQ(to_hex(opened->data), to_hex(get("server", "send handshake record", "payload", 1)));
  EXPECT_EQ((*decrypter)->sequence().value(), 1u);

  ASSERT_TRUE(reassembler.add_record(opened->data).ok());
  Bytes verify_hash;
  std::vector<Bytes> raw;
  while (auto m = reassembler.next()) {
    if (m->type == codec::HandshakeType::kFinished) {
      EXPECT_TRUE(h.verify_finished(server_hs, transcript.current_hash(), m->body));
    }
    transcript.add(m->raw);
    raw.push_back(to_bytes(m->raw));
  }
  ASSERT_EQ(raw.size(), 4u);
  EXPECT_EQ(raw[0], message("server", "EncryptedExtensions"));
  EXPECT_EQ(raw[1], message("server", "Certificate"));
  EXPECT_EQ(raw[2], message("server", "CertificateVerify"));
  EXPECT_EQ(raw[3], message("server", "Finished"));
  EXPECT_FALSE(reassembler.has_pending_bytes());
  EXPECT_EQ(to_hex(transcript.current_hash()),
            to_hex(get("server", "derive secret \"tls13 c ap traffic\"", "hash")));
}

// Our encrypter produces the trace's server flight record and the client's
// Finished record byte for byte.
TEST_F(Rfc8448Simple, SealedHandshakeRecordsMatchTrace) {
  const Tls13Hkdf h = hkdf();
  struct Case {
    const char* actor;
    const char* secret_step;
    int record_occurrence;
  };
  for (const Case& c : {Case{"server", "derive secret \"tls13 s hs traffic\"", 1},
                        Case{"client", "derive secret \"tls13 c hs traffic\"", 1}}) {
    auto encrypter = make_tls13_encrypter(h, kAead, get("server", c.secret_step, "expanded"));
    ASSERT_TRUE(encrypter.ok());
    Bytes out;
    ASSERT_TRUE((*encrypter)
                    ->seal(ContentType::kHandshake,
                           get(c.actor, "send handshake record", "payload", c.record_occurrence),
                           out)
                    .ok());
    EXPECT_EQ(to_hex(out),
              to_hex(get(c.actor, "send handshake record", "complete record", c.record_occurrence)))
        << c.actor;
  }
}

// After the handshake: NewSessionTicket, application data and close_notify
// alerts in both directions, each sealed by us byte for byte and opened by
// the peer's decrypter; plus the resumption PSK from the ticket nonce.
TEST_F(Rfc8448Simple, ApplicationRecordsBothDirections) {
  const Tls13Hkdf h = hkdf();
  const Bytes server_ap = get("server", "derive secret \"tls13 s ap traffic\"", "expanded");
  const Bytes client_ap = get("server", "derive secret \"tls13 c ap traffic\"", "expanded");
  struct Record {
    const char* actor;
    const char* title;
    int occurrence;
    ContentType type;
  };
  // In each direction's order, so that sequence numbers line up.
  const std::vector<Record> server_records = {
      {"server", "send handshake record", 2, ContentType::kHandshake},
      {"server", "send application_data record", 0, ContentType::kApplicationData},
      {"server", "send alert record", 0, ContentType::kAlert}};
  const std::vector<Record> client_records = {
      {"client", "send application_data record", 0, ContentType::kApplicationData},
      {"client", "send alert record", 0, ContentType::kAlert}};
  for (const auto& [secret, records] :
       {std::pair{&server_ap, &server_records}, std::pair{&client_ap, &client_records}}) {
    auto encrypter = make_tls13_encrypter(h, kAead, *secret);
    auto decrypter = make_tls13_decrypter(h, kAead, *secret);
    ASSERT_TRUE(encrypter.ok() && decrypter.ok());
    for (const Record& r : *records) {
      const Bytes payload = get(r.actor, r.title, "payload", r.occurrence);
      const Bytes expected = get(r.actor, r.title, "complete record", r.occurrence);
      Bytes sealed;
      ASSERT_TRUE((*encrypter)->seal(r.type, payload, sealed).ok());
      EXPECT_EQ(to_hex(sealed), to_hex(expected)) << r.actor << " " << r.title;

      record::Deframer deframer;
      deframer.set_mode(record::DeframerMode::kTls13);
      ASSERT_EQ(deframer.feed(expected), expected.size());
      auto rec = deframer.next();
      ASSERT_TRUE(rec.ok() && rec->has_value());
      auto opened = (*decrypter)->open(**rec);
      ASSERT_TRUE(opened.ok()) << opened.error().to_string();
      EXPECT_EQ(opened->type, r.type);
      EXPECT_EQ(to_hex(opened->data), to_hex(payload));
    }
  }

  // RFC 8446 4.6.1: the PSK for the ticket, from its ticket_nonce.
  const Bytes ticket = message("server", "NewSessionTicket");
  codec::Reader reader(ByteView(ticket).subspan(4));
  ASSERT_TRUE(reader.u32().ok());  // ticket_lifetime
  ASSERT_TRUE(reader.u32().ok());  // ticket_age_add
  auto nonce = reader.vector(1, 0, 255);
  ASSERT_TRUE(nonce.ok());
  EXPECT_EQ(to_hex(*nonce), to_hex(get("server", "generate resumption secret", "hash")));
  EXPECT_EQ(to_hex(h.resumption_psk(get("server", "generate resumption secret", "PRK"), *nonce)),
            to_hex(get("server", "generate resumption secret", "expanded")));
}

// Tampering with any byte of the trace's encrypted flight is bad_record_mac.
TEST_F(Rfc8448Simple, TamperedRecordIsBadRecordMac) {
  const Tls13Hkdf h = hkdf();
  const Bytes secret = get("server", "derive secret \"tls13 s hs traffic\"", "expanded");
  const Bytes original = get("server", "send handshake record", "complete record", 1);
  for (size_t at : {size_t{0}, size_t{1}, size_t{2}, size_t{5}, size_t{100}, original.size() - 1}) {
    auto decrypter = make_tls13_decrypter(h, kAead, secret);
    ASSERT_TRUE(decrypter.ok());
    Bytes copy = original;
    copy[at] ^= 0x01;
    Bytes fragment(copy.begin() + 5, copy.end());
    const uint16_t version = static_cast<uint16_t>(copy[1] << 8 | copy[2]);
    auto opened = (*decrypter)->open({static_cast<ContentType>(copy[0]), version, fragment});
    ASSERT_FALSE(opened.ok()) << "byte " << at;
    ASSERT_TRUE(opened.error().alert.has_value());
    // Byte 0 changes the outer type (no longer application_data).
    EXPECT_EQ(*opened.error().alert,
              at == 0 ? AlertDescription::kUnexpectedMessage : AlertDescription::kBadRecordMac)
        << "byte " << at;
    EXPECT_EQ((*decrypter)->sequence().value(), 0u);
  }
}

}  // namespace
}  // namespace parley::handshake

#include "tls12_link.h"

#include <gtest/gtest.h>

#include "codec/messages.h"
#include "crypto/provider.h"
#include "record/record.h"
#include "record/tls12_protection.h"

namespace parley::testing {

using codec::ContentType;

std::vector<WireRecord> split_records(ByteView wire) {
  std::vector<WireRecord> out;
  while (wire.size() >= record::kHeaderSize) {
    const size_t length = static_cast<size_t>(wire[3]) << 8 | wire[4];
    if (wire.size() < record::kHeaderSize + length) break;
    out.push_back(
        {static_cast<ContentType>(wire[0]),
         Bytes(wire.begin() + record::kHeaderSize,
               wire.begin() + static_cast<std::ptrdiff_t>(record::kHeaderSize + length))});
    wire = wire.subspan(record::kHeaderSize + length);
  }
  EXPECT_TRUE(wire.empty()) << "a partial record on the link";
  return out;
}

Bytes join_records(const std::vector<WireRecord>& records) {
  Bytes out;
  for (const WireRecord& r : records) {
    record::append_header(out, r.type, record::kRecordVersionTls12, r.fragment.size());
    out.insert(out.end(), r.fragment.begin(), r.fragment.end());
  }
  return out;
}

WireRecord change_cipher_spec_record() {
  return {ContentType::kChangeCipherSpec, Bytes{codec::ChangeCipherSpec::kValue}};
}

codec::HandshakeType message_type(const WireRecord& record) {
  return static_cast<codec::HandshakeType>(record.fragment.at(0));
}

ByteView message_body(const WireRecord& record) {
  return ByteView(record.fragment).subspan(4);
}

int find_message(const std::vector<WireRecord>& records, codec::HandshakeType type) {
  for (size_t i = 0; i < records.size(); ++i) {
    if (records[i].type == ContentType::kHandshake && !records[i].fragment.empty() &&
        message_type(records[i]) == type) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

void set_message_body(WireRecord& record, ByteView body) {
  auto raw = codec::encode_handshake(message_type(record), body);
  ASSERT_TRUE(raw.ok());
  record.fragment = *raw;
}

size_t count_alerts(const std::vector<WireRecord>& records) {
  return static_cast<size_t>(std::count_if(records.begin(), records.end(), [](const WireRecord& r) {
    return r.type == ContentType::kAlert;
  }));
}

Tls12Link::Tls12Link(std::shared_ptr<ClientConfig> client, std::shared_ptr<ServerConfig> server,
                     const std::string& server_name) {
  std::shared_ptr<crypto::Secret> master = master_secret_;
  client->key_log = [master](std::string_view label, std::span<const uint8_t>,
                             std::span<const uint8_t> secret) {
    if (label == "CLIENT_RANDOM") *master = crypto::Secret(secret);
  };
  auto c = ClientConnection::create(std::move(client), server_name);
  EXPECT_TRUE(c.ok()) << c.error().to_string();
  client_ = std::make_unique<ClientConnection>(std::move(*c));
  auto s = ServerConnection::create(std::move(server));
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  server_ = std::make_unique<ServerConnection>(std::move(*s));
}

void Tls12Link::observe(const std::vector<WireRecord>& records, bool from_client) {
  bool& encrypting = from_client ? client_encrypting_ : server_encrypting_;
  for (const WireRecord& r : records) {
    if (r.type == ContentType::kChangeCipherSpec) encrypting = true;
    if (r.type != ContentType::kHandshake || encrypting || r.fragment.size() < 4) continue;
    transcript_.push_back(r.fragment);
    if (message_type(r) == codec::HandshakeType::kClientHello) {
      auto hello = codec::ClientHello::decode(message_body(r));
      if (hello.ok()) client_hello_ = *hello;
    } else if (message_type(r) == codec::HandshakeType::kServerHello) {
      auto hello = codec::ServerHello::decode(message_body(r));
      if (hello.ok()) server_hello_ = *hello;
    }
  }
}

bool Tls12Link::move(Connection& from, Connection& to, const Hook& hook, bool from_client) {
  auto pending = from.pending_tls();
  if (pending.empty()) return false;
  std::vector<WireRecord> records = split_records(pending);
  from.consume_tls(pending.size());
  auto& sent = from_client ? sent_by_client_ : sent_by_server_;
  sent.insert(sent.end(), records.begin(), records.end());
  if (hook) hook(records);
  observe(records, from_client);
  if (!to.failed()) (void)to.receive_tls(join_records(records));
  return true;
}

void Tls12Link::pump() {
  for (int round = 0; round < 32; ++round) {
    const bool moved_c = move(*client_, *server_, client_hook, true);
    const bool moved_s = move(*server_, *client_, server_hook, false);
    if (!moved_c && !moved_s) return;
  }
  ADD_FAILURE() << "the link kept moving data for 32 rounds";
}

void Tls12Link::send_to_server(const std::vector<WireRecord>& records) {
  (void)server_->receive_tls(join_records(records));
}

void Tls12Link::send_to_client(const std::vector<WireRecord>& records) {
  (void)client_->receive_tls(join_records(records));
}

const handshake::CipherSuiteInfo& Tls12Link::suite() const {
  const handshake::CipherSuiteInfo* info = handshake::find_cipher_suite(server_hello_.cipher_suite);
  EXPECT_NE(info, nullptr);
  return *info;
}

handshake::Tls12KeyBlock Tls12Link::key_block(const crypto::Secret& master) const {
  const handshake::CipherSuiteInfo& info = suite();
  return handshake::KeySchedule12::from_master(crypto::default_provider(), info.hash, master,
                                               client_hello_.random, server_hello_.random)
      .key_block(info.key_size, info.iv_size);
}

WireRecord Tls12Link::seal(const handshake::Tls12KeyBlock& keys, bool from_client,
                           uint64_t sequence, ContentType type, ByteView content) const {
  auto encrypter = record::Tls12AeadEncrypter::create(
      crypto::default_provider(), suite().aead,
      from_client ? keys.client_write_key : keys.server_write_key,
      from_client ? keys.client_write_iv : keys.server_write_iv);
  EXPECT_TRUE(encrypter.ok());
  (*encrypter)->sequence().set_for_testing(sequence);
  Bytes wire;
  EXPECT_TRUE((*encrypter)->seal(type, content, wire).ok());
  return split_records(wire).at(0);
}

std::optional<Bytes> Tls12Link::open(const handshake::Tls12KeyBlock& keys, bool from_client,
                                     uint64_t sequence, const WireRecord& wire) const {
  auto decrypter = record::Tls12AeadDecrypter::create(
      crypto::default_provider(), suite().aead,
      from_client ? keys.client_write_key : keys.server_write_key,
      from_client ? keys.client_write_iv : keys.server_write_iv);
  EXPECT_TRUE(decrypter.ok());
  (*decrypter)->sequence().set_for_testing(sequence);
  Bytes fragment = wire.fragment;
  auto plaintext = (*decrypter)
                       ->open(record::Record{wire.type, record::kRecordVersionTls12,
                                             std::span<uint8_t>(fragment)});
  if (!plaintext.ok()) return std::nullopt;
  return Bytes(plaintext->data.begin(), plaintext->data.end());
}

Bytes Tls12Link::transcript_hash(const std::vector<Bytes>& extra) const {
  Bytes all;
  for (const Bytes& m : transcript_) all.insert(all.end(), m.begin(), m.end());
  for (const Bytes& m : extra) all.insert(all.end(), m.begin(), m.end());
  return crypto::hash(crypto::default_provider(), suite().hash, all);
}

}  // namespace parley::testing

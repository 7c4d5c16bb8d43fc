// A TLS 1.2 client and server joined by a test-controlled link: every flight
// is split into records that a test may edit, drop or add to before the
// other side sees them. The link watches the plaintext handshake, learns the
// randoms, the suite and (from the client's key log) the master secret, so a
// test can also seal records under the negotiated keys: a man in the middle
// who knows the keys, which is what it takes to send a broken Finished or a
// renegotiation request that would otherwise be rejected as tampering.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <vector>

#include "codec/enums.h"
#include "codec/handshake.h"
#include "codec/hello.h"
#include "common/bytes.h"
#include "connection_pair.h"
#include "crypto/secret.h"
#include "handshake/cipher_suites.h"
#include "handshake/key_schedule12.h"

namespace parley::testing {

struct WireRecord {
  codec::ContentType type = codec::ContentType::kInvalid;
  Bytes fragment;
};

// Whole records only (a test that needs partial records builds bytes itself).
std::vector<WireRecord> split_records(ByteView wire);
Bytes join_records(const std::vector<WireRecord>& records);

// A plaintext handshake record holding exactly `message`.
template <typename Message>
WireRecord handshake_record(const Message& message) {
  auto raw = codec::encode_handshake(message);
  return {codec::ContentType::kHandshake, raw.ok() ? *raw : Bytes{}};
}
WireRecord change_cipher_spec_record();
// The type of the single handshake message in a plaintext record, and its body.
codec::HandshakeType message_type(const WireRecord& record);
ByteView message_body(const WireRecord& record);
// Index of the first plaintext record holding a message of `type`, or -1.
int find_message(const std::vector<WireRecord>& records, codec::HandshakeType type);
// Replaces the body of the handshake message in `record`.
void set_message_body(WireRecord& record, ByteView body);

class Tls12Link {
 public:
  using Hook = std::function<void(std::vector<WireRecord>&)>;

  Tls12Link(std::shared_ptr<ClientConfig> client, std::shared_ptr<ServerConfig> server,
            const std::string& server_name = "server.test");

  // Edits each flight the client (server) sends before the other side reads it.
  Hook client_hook;
  Hook server_hook;

  // Moves flights both ways until neither side has anything to send.
  void pump();
  // Delivers records to one side directly.
  void send_to_server(const std::vector<WireRecord>& records);
  void send_to_client(const std::vector<WireRecord>& records);

  ClientConnection& client() { return *client_; }
  ServerConnection& server() { return *server_; }

  // What the link saw, after the hooks: the plaintext handshake messages in
  // order (header included), the randoms and the suite.
  const std::vector<Bytes>& transcript() const { return transcript_; }
  const codec::ClientHello& client_hello() const { return client_hello_; }
  const codec::ServerHello& server_hello() const { return server_hello_; }
  const handshake::CipherSuiteInfo& suite() const;
  // The master secret from the client's key log (empty before it is known).
  const crypto::Secret& master_secret() const { return *master_secret_; }

  // Records each side sent (before the hooks), for counting alerts.
  const std::vector<WireRecord>& sent_by_client() const { return sent_by_client_; }
  const std::vector<WireRecord>& sent_by_server() const { return sent_by_server_; }

  // The key block for `master` with this connection's randoms and suite.
  handshake::Tls12KeyBlock key_block(const crypto::Secret& master) const;
  // A record as one side would seal it at `sequence`.
  WireRecord seal(const handshake::Tls12KeyBlock& keys, bool from_client, uint64_t sequence,
                  codec::ContentType type, ByteView content) const;
  // A protected record's content, or an empty result if it does not open.
  std::optional<Bytes> open(const handshake::Tls12KeyBlock& keys, bool from_client,
                            uint64_t sequence, const WireRecord& record) const;

  // The transcript hash of the messages seen so far with the suite's hash,
  // optionally followed by `extra` messages.
  Bytes transcript_hash(const std::vector<Bytes>& extra = {}) const;

 private:
  bool move(Connection& from, Connection& to, const Hook& hook, bool from_client);
  void observe(const std::vector<WireRecord>& records, bool from_client);

  std::unique_ptr<ClientConnection> client_;
  std::unique_ptr<ServerConnection> server_;
  std::shared_ptr<crypto::Secret> master_secret_ = std::make_shared<crypto::Secret>();
  std::vector<Bytes> transcript_;
  codec::ClientHello client_hello_;
  codec::ServerHello server_hello_;
  bool client_encrypting_ = false;
  bool server_encrypting_ = false;
  std::vector<WireRecord> sent_by_client_;
  std::vector<WireRecord> sent_by_server_;
};

// How many alert records are in `records`.
size_t count_alerts(const std::vector<WireRecord>& records);

}  // namespace parley::testing

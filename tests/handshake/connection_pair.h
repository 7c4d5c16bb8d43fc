// In-memory client <-> server harness for handshake tests: certificates made
// on the spot, connections created from configs, and a pump that moves TLS
// bytes between them until both are quiet.
#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "parley/config.h"
#include "parley/connection.h"
#include "x509/cert_factory.h"

namespace parley::testing {

using x509::testing::KeyKind;

// A CA and a leaf for `dns` with a key of `kind`, as a CertifiedKey, plus the
// CA as trust anchors.
struct TestPki {
  std::shared_ptr<const TrustAnchors> anchors;
  std::shared_ptr<const CertifiedKey> server;  // leaf for the server name
  std::shared_ptr<const CertifiedKey> client;  // leaf usable for client auth
  x509::testing::Issued ca;
};

// `ca_name` distinguishes independent CAs; each gets a fresh key.
TestPki make_pki(KeyKind server_key, const std::string& dns = "server.test",
                 const std::string& ca_name = "parley test CA");
// The same with a CA made from `root`.
TestPki make_pki(KeyKind server_key, const std::string& dns, const x509::testing::CertSpec& root);
// One PKI per server key kind, made once per test process.
const TestPki& cached_pki(KeyKind server_key);

// A leaf for `dns` signed by `pki`'s CA.
std::shared_ptr<const CertifiedKey> issue_leaf(const TestPki& pki, KeyKind kind,
                                               const std::string& dns);
// A leaf made from `spec` (a new key of `kind`) signed by `pki`'s CA.
std::shared_ptr<const CertifiedKey> issue_leaf(const TestPki& pki, KeyKind kind,
                                               const x509::testing::CertSpec& spec);

// Configs that trust `pki` and validate at the factory's fixed time.
std::shared_ptr<ClientConfig> client_config(const TestPki& pki);
std::shared_ptr<ServerConfig> server_config(const TestPki& pki);

class Pair {
 public:
  Pair(std::shared_ptr<const ClientConfig> client, std::shared_ptr<const ServerConfig> server,
       const std::string& server_name = "server.test", ConnectOptions options = {});

  // Moves bytes both ways until neither side has output or one side fails.
  // `tamper`, if set, may modify each chunk the server sends.
  void pump(const std::function<void(std::vector<uint8_t>&)>& tamper_server_output = {});
  bool handshake_done() const { return !client().is_handshaking() && !server().is_handshaking(); }

  // Sends `text` from one side and returns what the other side read.
  std::string client_to_server(const std::string& text);
  std::string server_to_client(const std::string& text);

  ClientConnection& client() { return *client_; }
  ServerConnection& server() { return *server_; }
  const ClientConnection& client() const { return *client_; }
  const ServerConnection& server() const { return *server_; }

 private:
  static bool move_bytes(Connection& from, Connection& to,
                         const std::function<void(std::vector<uint8_t>&)>& tamper);

  std::unique_ptr<ClientConnection> client_;
  std::unique_ptr<ServerConnection> server_;
};

std::string read_all(Connection& connection);

}  // namespace parley::testing

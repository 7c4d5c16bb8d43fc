#include "connection_pair.h"

#include <gtest/gtest.h>

#include <map>

#include "common/bytes.h"

namespace parley::testing {

using namespace x509::testing;

std::shared_ptr<const CertifiedKey> issue_leaf(const TestPki& pki, KeyKind kind,
                                               const CertSpec& spec) {
  const Key key = make_key(kind);
  const Issued leaf = issue(spec, key, &pki.ca);
  auto certified = CertifiedKey::from_pem(leaf.pem() + pki.ca.pem(), private_key_pem(key));
  EXPECT_TRUE(certified.ok()) << certified.error().to_string();
  return *certified;
}

std::shared_ptr<const CertifiedKey> issue_leaf(const TestPki& pki, KeyKind kind,
                                               const std::string& dns) {
  CertSpec spec = leaf_spec(dns);
  if (kind == KeyKind::kEd25519) spec.digest = "";
  // As CAs issue RSA leaves: the key may also receive a TLS 1.2 premaster
  // secret (RFC 5246 7.4.2 needs keyEncipherment for that).
  if (kind == KeyKind::kRsa2048 || kind == KeyKind::kRsa1024) {
    x509::testing::set_extension(spec, "keyUsage", "critical,digitalSignature,keyEncipherment");
  }
  return issue_leaf(pki, kind, spec);
}

TestPki make_pki(KeyKind server_key, const std::string& dns, const std::string& ca_name) {
  return make_pki(server_key, dns, root_spec(ca_name));
}

TestPki make_pki(KeyKind server_key, const std::string& dns, const CertSpec& root) {
  TestPki pki;
  pki.ca = issue(root, make_key(KeyKind::kP256, /*fresh=*/true), nullptr);
  auto anchors = TrustAnchors::from_pem(pki.ca.pem());
  EXPECT_TRUE(anchors.ok()) << anchors.error().to_string();
  pki.anchors = *anchors;
  pki.server = issue_leaf(pki, server_key, dns);
  pki.client = issue_leaf(pki, KeyKind::kP256, "client.test");
  return pki;
}

const TestPki& cached_pki(KeyKind server_key) {
  static std::map<KeyKind, TestPki> cache;
  auto it = cache.find(server_key);
  if (it == cache.end()) it = cache.emplace(server_key, make_pki(server_key)).first;
  return it->second;
}

std::shared_ptr<ClientConfig> client_config(const TestPki& pki) {
  auto config = std::make_shared<ClientConfig>();
  config->trust_anchors = pki.anchors;
  config->clock = [] { return kNow; };
  return config;
}

std::shared_ptr<ServerConfig> server_config(const TestPki& pki) {
  auto config = std::make_shared<ServerConfig>();
  config->certificates = {pki.server};
  config->client_trust_anchors = pki.anchors;
  config->clock = [] { return kNow; };
  return config;
}

Pair::Pair(std::shared_ptr<const ClientConfig> client, std::shared_ptr<const ServerConfig> server,
           const std::string& server_name, ConnectOptions options) {
  auto c = ClientConnection::create(std::move(client), server_name, std::move(options));
  EXPECT_TRUE(c.ok()) << c.error().to_string();
  client_ = std::make_unique<ClientConnection>(std::move(*c));
  auto s = ServerConnection::create(std::move(server));
  EXPECT_TRUE(s.ok()) << s.error().to_string();
  server_ = std::make_unique<ServerConnection>(std::move(*s));
}

bool Pair::move_bytes(Connection& from, Connection& to,
                      const std::function<void(std::vector<uint8_t>&)>& tamper) {
  auto pending = from.pending_tls();
  if (pending.empty()) return false;
  std::vector<uint8_t> chunk(pending.begin(), pending.end());
  from.consume_tls(chunk.size());
  if (tamper) tamper(chunk);
  if (!to.failed()) (void)to.receive_tls(chunk);
  return true;
}

void Pair::pump(const std::function<void(std::vector<uint8_t>&)>& tamper_server_output) {
  // Each round trip makes progress or stops; a handshake needs a handful.
  for (int round = 0; round < 32; ++round) {
    const bool moved_c = move_bytes(*client_, *server_, {});
    const bool moved_s = move_bytes(*server_, *client_, tamper_server_output);
    if (!moved_c && !moved_s) return;
  }
  ADD_FAILURE() << "connections kept talking for 32 rounds";
}

std::string read_all(Connection& connection) {
  std::string out;
  uint8_t buffer[4096];
  while (size_t n = connection.read(buffer)) out.append(reinterpret_cast<char*>(buffer), n);
  return out;
}

std::string Pair::client_to_server(const std::string& text) {
  EXPECT_TRUE(client_->write(as_bytes(text)).ok());
  pump();
  return read_all(*server_);
}

std::string Pair::server_to_client(const std::string& text) {
  EXPECT_TRUE(server_->write(as_bytes(text)).ok());
  pump();
  return read_all(*client_);
}

}  // namespace parley::testing

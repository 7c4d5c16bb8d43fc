// Writes seed inputs for the connection fuzz targets: real handshakes between
// parley's client and server with the fuzz targets' own configurations, one
// per kind of handshake, recorded as each side's bytes. A seed for the
// server target is what the client sent, for the client target what the
// server sent, each behind the driver's chunk-size byte. The randoms differ
// on every run, so a replayed seed gets as far as its first check that
// depends on them: past parsing, certificate validation and key exchange.
//
//   parley_fuzz_seeds OUT_DIR   (writes OUT_DIR/{server,client}_connection/*)
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "../fuzz_credentials.h"
#include "codec/handshake.h"
#include "codec/messages.h"
#include "parley/compression.h"
#include "parley/connection.h"

namespace {

using namespace parley;

struct Variant {
  const char* name;
  std::function<void(ClientConfig&, ServerConfig&)> adjust;
};

// Moves everything `from` has to send to `to`, appending it to `record`.
bool deliver(Connection& from, Connection& to, std::vector<uint8_t>& record) {
  bool moved = false;
  for (auto pending = from.pending_tls(); !pending.empty(); pending = from.pending_tls()) {
    record.insert(record.end(), pending.begin(), pending.end());
    auto taken = to.receive_tls(pending);
    if (!taken.ok() || *taken == 0) return false;
    from.consume_tls(*taken);
    moved = true;
  }
  return moved;
}

void write_seed(const std::filesystem::path& path, const std::vector<uint8_t>& stream) {
  std::ofstream out(path, std::ios::binary);
  const char whole_chunks = 63;  // the driver's largest chunk size
  out.put(whole_chunks);
  out.write(reinterpret_cast<const char*>(stream.data()),
            static_cast<std::streamsize>(stream.size()));
}

struct Recorded {
  std::vector<uint8_t> from_client;
  std::vector<uint8_t> from_server;
};

// One handshake (and a little data) between the two configs, each side's
// bytes recorded; nullopt if it did not complete.
std::optional<Recorded> run_handshake(const std::shared_ptr<const ClientConfig>& client_config,
                                      const std::shared_ptr<const ServerConfig>& server_config,
                                      ConnectOptions options = {}) {
  auto client = ClientConnection::create(client_config, "localhost", std::move(options));
  auto server = ServerConnection::create(server_config);
  if (!client.ok() || !server.ok()) return std::nullopt;
  Recorded recorded;
  static const uint8_t kData[] = {'p', 'i', 'n', 'g'};
  (void)client->write(kData);
  for (int flight = 0; flight < 8; ++flight) {
    const bool a = deliver(*client, *server, recorded.from_client);
    const bool b = deliver(*server, *client, recorded.from_server);
    if (!a && !b) break;
  }
  if (client->is_handshaking() || client->failed() || server->failed()) return std::nullopt;
  return recorded;
}

bool record_handshake(const Variant& variant, const std::filesystem::path& out) {
  auto client_config = std::make_shared<ClientConfig>(*fuzz::fuzz_client_config());
  auto server_config = std::make_shared<ServerConfig>(*fuzz::fuzz_server_config());
  variant.adjust(*client_config, *server_config);
  const std::optional<Recorded> recorded = run_handshake(client_config, server_config);
  if (!recorded) {
    std::fprintf(stderr, "seed %s: the handshake did not complete\n", variant.name);
    return false;
  }
  write_seed(out / "server_connection" / variant.name, recorded->from_client);
  write_seed(out / "client_connection" / variant.name, recorded->from_server);
  return true;
}

// A resumed handshake (the second of two) at the resumption server, with
// 0-RTT data where the version has it: what the client sends is a seed for
// resumed_server_connection.
bool record_resumption(const Variant& variant, const std::filesystem::path& out) {
  auto client_config = std::make_shared<ClientConfig>(*fuzz::fuzz_client_config());
  auto server_config = std::make_shared<ServerConfig>(*fuzz::fuzz_resumption_server_config());
  variant.adjust(*client_config, *server_config);
  client_config->session_cache = make_client_session_cache();
  const bool first = run_handshake(client_config, server_config).has_value();
  const std::optional<Recorded> resumed =
      run_handshake(client_config, server_config, ConnectOptions{"", {'0', '-', 'r', 't', 't'}});
  if (!first || !resumed) {
    std::fprintf(stderr, "seed %s: the resumption did not complete\n", variant.name);
    return false;
  }
  write_seed(out / "resumed_server_connection" / variant.name, resumed->from_client);
  return true;
}

}  // namespace

// Request heads for --www-root (the www_root target, whose root holds
// index.html, sub/a.txt and a link "outside"): files, climbs out of the
// root, a directory, the link, an encoded climb, another method.
void write_request_seeds(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  const char* requests[] = {
      "GET /index.html HTTP/1.0\r\n\r\n",     "GET /sub/a.txt HTTP/1.1\r\nHost: x\r\n\r\n",
      "GET /../etc/passwd HTTP/1.0\r\n\r\n",  "GET /sub/ HTTP/1.0\r\n\r\n",
      "GET /outside/passwd HTTP/1.0\r\n\r\n", "GET /%2e%2e/sub/a.txt HTTP/1.0\r\n\r\n",
      "HEAD /index.html HTTP/1.0\r\n\r\n"};
  int index = 0;
  for (const char* request : requests) {
    std::ofstream(dir / ("request" + std::to_string(index++)), std::ios::binary) << request;
  }
}

// CompressedCertificate bodies (RFC 8879 4) for the compressed_certificate
// target: the fuzz server's Certificate under each built-in algorithm.
void write_compressed_certificate_seeds(const std::filesystem::path& dir) {
  std::filesystem::create_directories(dir);
  codec::Certificate13 certificate;
  // Held for the loop: a temporary config would free the chain under it.
  const auto config = fuzz::fuzz_server_config();
  for (const auto& der : config->certificates.front()->chain()) {
    certificate.certificate_list.push_back({der, {}});
  }
  auto body = codec::encode_body(certificate);
  if (!body.ok()) return;
  for (const auto& compressor : builtin_certificate_compressors()) {
    auto compressed = compressor->compress(*body);
    if (!compressed.ok()) continue;
    codec::CompressedCertificate message{static_cast<uint16_t>(compressor->algorithm()),
                                         static_cast<uint32_t>(body->size()), *compressed};
    auto encoded = codec::encode_body(message);
    if (!encoded.ok()) continue;
    std::ofstream(dir / std::string(name_of(compressor->algorithm())), std::ios::binary)
        .write(reinterpret_cast<const char*>(encoded->data()),
               static_cast<std::streamsize>(encoded->size()));
  }
}

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: parley_fuzz_seeds OUT_DIR\n");
    return 2;
  }
  const std::filesystem::path out = argv[1];
  std::filesystem::create_directories(out / "server_connection");
  std::filesystem::create_directories(out / "client_connection");
  std::filesystem::create_directories(out / "resumed_server_connection");
  write_request_seeds(out / "www_root");
  write_compressed_certificate_seeds(out / "compressed_certificate");
  const auto tls12 = [](CommonConfig& config, CipherSuite suite) {
    config.versions = {ProtocolVersion::kTls12};
    config.cipher_suites = {suite};
  };
  const Variant variants[] = {
      {"tls13", [](ClientConfig&, ServerConfig&) {}},
      {"tls13_without_client_certificate",
       [](ClientConfig& client, ServerConfig&) { client.certificate = nullptr; }},
      {"tls13_hello_retry",
       [](ClientConfig& client, ServerConfig& server) {
         client.groups = {NamedGroup::kSecp256r1, NamedGroup::kX25519};
         server.groups = {NamedGroup::kX25519, NamedGroup::kSecp256r1};
       }},
      {"tls12_ecdhe_ecdsa",
       [&](ClientConfig& client, ServerConfig& server) {
         tls12(client, CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256);
         tls12(server, CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256);
         server.client_auth = ClientAuth::kRequired;
       }},
      {"tls12_ecdhe_rsa",
       [&](ClientConfig& client, ServerConfig& server) {
         tls12(client, CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256);
         tls12(server, CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256);
       }},
      {"tls12_dhe_rsa",
       [&](ClientConfig& client, ServerConfig& server) {
         tls12(client, CipherSuite::kTlsDheRsaWithAes256GcmSha384);
         tls12(server, CipherSuite::kTlsDheRsaWithAes256GcmSha384);
       }},
      {"tls12_rsa",
       [&](ClientConfig& client, ServerConfig& server) {
         tls12(client, CipherSuite::kTlsRsaWithAes128GcmSha256);
         tls12(server, CipherSuite::kTlsRsaWithAes128GcmSha256);
       }},
  };
  int failures = 0;
  for (const Variant& variant : variants) failures += record_handshake(variant, out) ? 0 : 1;
  const Variant resumptions[] = {
      {"tls13_early_data", [](ClientConfig&, ServerConfig&) {}},
      {"tls13_hello_retry",
       [](ClientConfig& client, ServerConfig& server) {
         client.groups = {NamedGroup::kSecp256r1, NamedGroup::kX25519};
         server.groups = {NamedGroup::kX25519, NamedGroup::kSecp256r1};
       }},
      {"tls12_ticket",
       [&](ClientConfig& client, ServerConfig& server) {
         tls12(client, CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256);
         tls12(server, CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256);
       }},
  };
  for (const Variant& variant : resumptions) failures += record_resumption(variant, out) ? 0 : 1;
  return failures == 0 ? 0 : 1;
}

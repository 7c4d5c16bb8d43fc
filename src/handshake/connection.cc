// The public Connection API (include/parley/connection.h) over ConnectionCore
// and the handshake state machines, and the identifier names of config.h.
#include "parley/connection.h"

#include <string>

#include "codec/enums.h"
#include "handshake/client.h"
#include "handshake/connection_core.h"
#include "handshake/negotiation.h"
#include "handshake/server.h"

namespace parley {

// The public name of the core, so connection.h names no internal type.
class Connection::Core : public handshake::ConnectionCore {
 public:
  using handshake::ConnectionCore::ConnectionCore;
};

Connection::Connection(std::unique_ptr<Core> core) : core_(std::move(core)) {}
Connection::Connection(Connection&&) noexcept = default;
Connection& Connection::operator=(Connection&&) noexcept = default;
Connection::~Connection() = default;

Result<size_t> Connection::receive_tls(std::span<const uint8_t> data) {
  return core_->receive_tls(data);
}
std::span<const uint8_t> Connection::pending_tls() const {
  return core_->pending_tls();
}
void Connection::consume_tls(size_t n) {
  core_->consume_tls(n);
}
size_t Connection::read(std::span<uint8_t> out) {
  return core_->read(out);
}
size_t Connection::readable() const {
  return core_->readable();
}
Status Connection::write(std::span<const uint8_t> data) {
  return core_->write(data);
}
Result<size_t> Connection::write_some(std::span<const uint8_t> data) {
  return core_->write_some(data);
}
size_t Connection::writable() const {
  return core_->writable();
}
size_t Connection::sealed_size(size_t size) const {
  return core_->sealed_size(size);
}
Result<size_t> Connection::seal_into(std::span<const uint8_t> data, std::span<uint8_t> out) {
  return core_->seal_into(data, out);
}
Result<size_t> Connection::open_in_place(std::span<uint8_t> in,
                                         std::vector<std::span<const uint8_t>>& data) {
  return core_->open_in_place(in, data);
}
void Connection::close() {
  core_->close();
}
Status Connection::update_keys(bool request_peer_update) {
  return core_->update_keys(request_peer_update);
}
bool Connection::wants_private_key_operation() const {
  return core_->wants_private_key_operation();
}
Status Connection::poll_private_key_operation() {
  return core_->poll_private_key_operation();
}
void Connection::set_private_key_wakeup(std::function<void()> wakeup) {
  core_->set_private_key_wakeup(std::move(wakeup));
}
bool Connection::is_handshaking() const {
  return core_->is_handshaking();
}
bool Connection::wants_read() const {
  return core_->wants_read();
}
bool Connection::peer_closed() const {
  return core_->peer_closed();
}
bool Connection::failed() const {
  return core_->failed();
}
const std::optional<Error>& Connection::error() const {
  return core_->error();
}
const SessionInfo& Connection::info() const {
  return core_->info();
}
Result<std::vector<uint8_t>> Connection::export_keying_material(
    std::string_view label, std::optional<std::span<const uint8_t>> context, size_t length) const {
  PARLEY_ASSIGN_OR_RETURN(crypto::Secret material,
                          core_->export_keying_material(label, context, length));
  const ByteView bytes = material.view();
  return std::vector<uint8_t>(bytes.begin(), bytes.end());
}
Result<std::vector<uint8_t>> Connection::channel_binding() const {
  constexpr size_t kChannelBindingSize = 32;  // RFC 9266 2
  // A zero-length context, which TLS 1.2 (RFC 5705 4) tells from none.
  return export_keying_material("EXPORTER-Channel-Binding", std::span<const uint8_t>(),
                                kChannelBindingSize);
}

namespace {

// What both roles check of the settings they share.
Status check_common_config(const CommonConfig& config) {
  if (crypto::provider_for(config.provider) == nullptr) {
    return config_error("the configured provider is not one of parley's crypto providers");
  }
  // RFC 8449 4: at least 64, at most TLS 1.3's 2^14 + 1.
  if (config.record_size_limit != 0 &&
      (config.record_size_limit < 64 || config.record_size_limit > record::kMaxInnerPlaintext13)) {
    return config_error("record_size_limit must be 0 or in [64, 16385]");
  }
  // RFC 8446 4.2.3, RFC 5246 7.4.1.4.1: signature_algorithms (and a
  // CertificateRequest's list) may not be empty.
  if (!handshake::names_an_implemented_signature_scheme(config)) {
    return config_error("signature_schemes names no signature scheme parley implements");
  }
  return Status();
}

}  // namespace

Result<ClientConnection> ClientConnection::create(std::shared_ptr<const ClientConfig> config,
                                                  std::string server_name) {
  return create(std::move(config), std::move(server_name), ConnectOptions{});
}

Result<ClientConnection> ClientConnection::create(std::shared_ptr<const ClientConfig> config,
                                                  std::string server_name, ConnectOptions options) {
  if (!config) return config_error("no client configuration");
  if (!config->trust_anchors && !config->verifier && !config->insecure_skip_verification) {
    return config_error(
        "the client needs trust anchors (or a verifier, or insecure_skip_verification)");
  }
  PARLEY_TRY(check_common_config(*config));
  auto core = std::make_unique<Connection::Core>(config, /*is_client=*/true);
  core->set_machine(std::make_unique<handshake::ClientHandshake>(
      *core, config, std::move(server_name), std::move(options)));
  PARLEY_TRY(core->start());
  return ClientConnection(std::move(core));
}

size_t ClientConnection::early_data_capacity() const {
  return core_->early_data_capacity();
}

std::vector<uint8_t> ClientConnection::take_rejected_early_data() {
  return core_->take_rejected_early_data();
}

Result<ServerConnection> ServerConnection::create(std::shared_ptr<const ServerConfig> config) {
  if (!config) return config_error("no server configuration");
  if (config->certificates.empty() && !config->certificate_resolver) {
    return config_error("the server needs a certificate (or a certificate_resolver)");
  }
  if (config->client_auth != ClientAuth::kNone && !config->client_trust_anchors &&
      !config->client_verifier && !config->insecure_skip_client_verification) {
    return config_error("client authentication needs client trust anchors");
  }
  PARLEY_TRY(check_common_config(*config));
  auto core = std::make_unique<Connection::Core>(config, /*is_client=*/false);
  core->set_machine(std::make_unique<handshake::ServerHandshake>(*core, config));
  PARLEY_TRY(core->start());
  return ServerConnection(std::move(core));
}

// ---------------------------------------------------------------------------
// Names

std::string_view name_of(ProtocolVersion version) {
  return codec::protocol_version_name(version);
}
std::string_view name_of(CipherSuite suite) {
  return codec::cipher_suite_name(suite);
}
std::string_view name_of(NamedGroup group) {
  return codec::named_group_name(group);
}
std::string_view name_of(SignatureScheme scheme) {
  return codec::signature_scheme_name(scheme);
}

namespace {

template <typename T>
Result<std::vector<T>> parse_list(std::string_view text,
                                  std::optional<T> (*lookup)(std::string_view),
                                  std::string_view what) {
  std::vector<T> out;
  while (!text.empty()) {
    const size_t colon = text.find(':');
    const std::string_view item = text.substr(0, colon);
    auto value = lookup(item);
    if (!value)
      return config_error("unknown " + std::string(what) + " '" + std::string(item) + "'");
    out.push_back(*value);
    if (colon == std::string_view::npos) break;
    text.remove_prefix(colon + 1);
  }
  if (out.empty()) return config_error("empty " + std::string(what) + " list");
  return out;
}

}  // namespace

Result<std::vector<CipherSuite>> parse_cipher_suites(std::string_view colon_separated) {
  return parse_list<CipherSuite>(colon_separated, &codec::cipher_suite_from_name, "cipher suite");
}
Result<std::vector<NamedGroup>> parse_groups(std::string_view colon_separated) {
  return parse_list<NamedGroup>(colon_separated, &codec::named_group_from_name, "group");
}
Result<std::vector<SignatureScheme>> parse_signature_schemes(std::string_view colon_separated) {
  return parse_list<SignatureScheme>(colon_separated, &codec::signature_scheme_from_name,
                                     "signature scheme");
}

}  // namespace parley

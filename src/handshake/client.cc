#include "handshake/client.h"

#include <algorithm>
#include <utility>

#include "crypto/key_share.h"
#include "handshake/negotiation.h"

namespace parley::handshake {

using codec::HandshakeType;

namespace {

bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

ClientHandshake::ClientHandshake(ConnectionCore& core, std::shared_ptr<const ClientConfig> config,
                                 std::string server_name, ConnectOptions options)
    : Tls12Machine(core),
      config_(std::move(config)),
      server_name_(std::move(server_name)),
      peer_name_(x509::PeerName::parse(server_name_)),
      session_key_(options.session_key.empty() ? server_name_ : std::move(options.session_key)),
      early_data_(std::move(options.early_data)),
      enable_early_data_(options.enable_early_data),
      resend_rejected_early_data_(options.resend_rejected_early_data) {}

ClientHandshake::~ClientHandshake() = default;

std::string_view ClientHandshake::state_name(State state) {
  switch (state) {
    case State::kStart:
      return "starting";
    case State::kWaitServerHello:
      return "waiting for ServerHello";
    case State::kWaitServerHelloAfterRetry:
      return "waiting for ServerHello after HelloRetryRequest";
    case State::kWaitEncryptedExtensions:
      return "waiting for EncryptedExtensions";
    case State::kWaitCertificateOrRequest:
      return "waiting for Certificate or CertificateRequest";
    case State::kWaitCertificate:
      return "waiting for Certificate";
    case State::kWaitCertificateVerify:
      return "waiting for CertificateVerify";
    case State::kWaitFinished:
      return "waiting for Finished";
    case State::kWaitCertificate12:
      return "waiting for the TLS 1.2 Certificate";
    case State::kWaitServerKeyExchange12:
      return "waiting for ServerKeyExchange";
    case State::kWaitCertificateRequestOrDone12:
      return "waiting for CertificateRequest or ServerHelloDone";
    case State::kWaitServerHelloDone12:
      return "waiting for ServerHelloDone";
    case State::kWaitChangeCipherSpec12:
      return "waiting for the server ChangeCipherSpec";
    case State::kWaitFinished12:
      return "waiting for the TLS 1.2 Finished";
    case State::kWaitChangeCipherSpecResumed12:
      return "waiting for the server ChangeCipherSpec of a resumed session";
    case State::kWaitFinishedResumed12:
      return "waiting for the server Finished of a resumed session";
    case State::kConnected:
      return "connected";
  }
  return "unknown";
}

Error ClientHandshake::unrequested_extension(std::string_view what) {
  return unsupported_extension("server sent " + std::string(what) + " we did not ask for");
}

Status ClientHandshake::start() {
  if (!peer_name_) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "invalid server name '" + server_name_ + "'");
  }
  core_.mutable_info().server_name = server_name_;
  load_session();
  return send_client_hello();
}

Status ClientHandshake::on_handshake_message(const record::HandshakeMessage& message) {
  if (is_tls12() && message.type == HandshakeType::kHelloRequest) {
    return on_hello_request12(message);
  }
  switch (state_) {
    case State::kWaitServerHello:
    case State::kWaitServerHelloAfterRetry:
      if (message.type == HandshakeType::kServerHello) return on_server_hello(message);
      break;
    case State::kWaitEncryptedExtensions:
      if (message.type == HandshakeType::kEncryptedExtensions) {
        return on_encrypted_extensions(message);
      }
      break;
    case State::kWaitCertificateOrRequest:
      if (message.type == HandshakeType::kCertificateRequest)
        return on_certificate_request(message);
      if (message.type == HandshakeType::kCertificate) return on_certificate(message);
      break;
    case State::kWaitCertificate:
      if (message.type == HandshakeType::kCertificate) return on_certificate(message);
      break;
    case State::kWaitCertificateVerify:
      if (message.type == HandshakeType::kCertificateVerify) return on_certificate_verify(message);
      break;
    case State::kWaitFinished:
      if (message.type == HandshakeType::kFinished) return on_finished(message);
      break;
    case State::kWaitCertificate12:
      if (message.type == HandshakeType::kCertificate) return on_certificate12(message);
      break;
    case State::kWaitServerKeyExchange12:
      if (message.type == HandshakeType::kServerKeyExchange) {
        return on_server_key_exchange12(message);
      }
      break;
    case State::kWaitCertificateRequestOrDone12:
      if (message.type == HandshakeType::kCertificateRequest) {
        return on_certificate_request12(message);
      }
      if (message.type == HandshakeType::kServerHelloDone) return on_server_hello_done12(message);
      break;
    case State::kWaitServerHelloDone12:
      if (message.type == HandshakeType::kServerHelloDone) return on_server_hello_done12(message);
      break;
    case State::kWaitChangeCipherSpec12:
    case State::kWaitChangeCipherSpecResumed12:
      if (message.type == HandshakeType::kNewSessionTicket) {
        return on_new_session_ticket12(message);
      }
      break;
    case State::kWaitFinishedResumed12:
      if (message.type == HandshakeType::kFinished) return on_finished_resumed12(message);
      break;
    case State::kWaitFinished12:
      if (message.type == HandshakeType::kFinished) return on_finished12(message);
      break;
    case State::kConnected:
      if (is_tls12()) break;  // only HelloRequest, handled above
      return on_post_handshake(message);
    case State::kStart:
      break;
  }
  return unexpected(message.type, state_name(state_));
}

Status ClientHandshake::on_change_cipher_spec() {
  if (is_tls12()) {
    // RFC 5246 7.1: the server's ChangeCipherSpec comes right before its
    // Finished, after ours.
    if (state_ != State::kWaitChangeCipherSpec12 &&
        state_ != State::kWaitChangeCipherSpecResumed12) {
      return unexpected_message("ChangeCipherSpec is not expected while " +
                                std::string(state_name(state_)));
    }
    PARLEY_TRY(accept_change_cipher_spec());
    state_ = state_ == State::kWaitChangeCipherSpec12 ? State::kWaitFinished12
                                                      : State::kWaitFinishedResumed12;
    return {};
  }
  if (state_ == State::kWaitServerHello) ccs_before_server_hello_ = true;
  // RFC 8446 5: a TLS 1.3 peer may send one compatibility change_cipher_spec
  // any time after the ClientHello and before its Finished; it is dropped.
  if (state_ == State::kStart || state_ == State::kConnected) {
    return unexpected_message("change_cipher_spec outside the handshake");
  }
  return {};
}

Result<codec::ClientHello> ClientHandshake::build_client_hello() {
  const ClientConfig& config = *config_;
  const bool offer13 = contains(config.versions, ProtocolVersion::kTls13);
  const bool offer12 = contains(config.versions, ProtocolVersion::kTls12);
  if (!offer13 && !offer12) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "no supported protocol version is enabled");
  }
  codec::ClientHello hello;
  hello.legacy_version = ProtocolVersion::kTls12;  // RFC 8446 4.1.2
  core_.provider().public_random(hello.random);
  if (offer13) {
    // RFC 8446 D.4 middlebox compatibility mode: a non-empty session id.
    hello.legacy_session_id.resize(32);
    core_.provider().public_random(hello.legacy_session_id);
  }
  for (CipherSuite suite : configured_cipher_suites(config)) {
    const CipherSuiteInfo* info = find_cipher_suite(suite);
    if (info && contains(config.versions, info->version)) hello.cipher_suites.push_back(suite);
  }
  if (hello.cipher_suites.empty()) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "no cipher suite is enabled for the enabled versions");
  }
  codec::ClientHelloExtensions& ext = hello.extensions;
  if (peer_name_->kind == x509::PeerName::Kind::kDns) {
    ext.server_name = codec::ServerNameList{peer_name_->dns};  // RFC 6066 3: no IP literals
  }
  std::vector<NamedGroup> groups = configured_groups(config);
  if (!offer13) std::erase_if(groups, is_tls13_only);
  if (groups.empty()) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "no group is enabled for the enabled versions");
  }
  ext.supported_groups = codec::SupportedGroups{groups};
  ext.signature_algorithms = codec::SignatureSchemeList{configured_signature_schemes(config)};
  if (!config.alpn_protocols.empty()) ext.alpn = codec::ProtocolNameList{config.alpn_protocols};
  ext.record_size_limit = codec::RecordSizeLimit{our_record_size_limit(offer13)};  // RFC 8449 4
  if (offer12) {
    ext.ec_point_formats = codec::EcPointFormats{{codec::EcPointFormat::kUncompressed}};
    ext.extended_master_secret = codec::EmptyExtension{};
    ext.renegotiation_info = codec::RenegotiationInfo{};  // RFC 5746 3.4
    offer_session12(hello);
  }
  if (offer13) {
    codec::SupportedVersionsClientHello versions;
    if (offer13) versions.versions.push_back(ProtocolVersion::kTls13);
    if (offer12) versions.versions.push_back(ProtocolVersion::kTls12);
    ext.supported_versions = versions;
    if (key_shares_.empty()) PARLEY_TRY(make_key_shares(groups));
    codec::KeyShareClientHello shares;
    for (const OfferedShare& offered : key_shares_) {
      const ByteView public_key = offered.key_exchange->public_key();
      shares.client_shares.push_back(
          codec::KeyShareEntry{offered.group, Bytes(public_key.begin(), public_key.end())});
    }
    ext.key_share = std::move(shares);
    // RFC 8446 4.2.9: the modes we can resume with, so that the server may
    // send tickets (it sends none without them), whether or not we offer one.
    if (config_->session_cache) {
      ext.psk_key_exchange_modes =
          codec::PskKeyExchangeModes{{codec::PskKeyExchangeMode::kPskDheKe}};
    }
    offer_session(hello, state_ == State::kStart);
  }
  return hello;
}

// A key share for our most preferred group; when that is a hybrid, one for
// our first classical group too, so that a server without the hybrid needs no
// HelloRetryRequest. A server that wants another group asks with one.
Status ClientHandshake::make_key_shares(const std::vector<NamedGroup>& groups) {
  std::vector<NamedGroup> share_groups = {groups.front()};
  if (is_tls13_only(groups.front())) {
    auto classical = std::find_if(groups.begin(), groups.end(), [](NamedGroup group) {
      return key_exchange_group(group) && !is_tls13_only(group);
    });
    if (classical != groups.end()) share_groups.push_back(*classical);
  }
  std::vector<crypto::KeyExchangeGroup> kx_groups;
  for (NamedGroup group : share_groups) {
    PARLEY_ASSIGN_OR_RETURN(crypto::KeyExchangeGroup kx_group, supported_kx_group(group));
    kx_groups.push_back(kx_group);
  }
  PARLEY_ASSIGN_OR_RETURN(auto key_exchanges,
                          crypto::make_client_key_shares(core_.provider(), kx_groups));
  for (size_t i = 0; i < share_groups.size(); ++i) {
    key_shares_.push_back({share_groups[i], std::move(key_exchanges[i])});
  }
  return {};
}

Result<crypto::KeyExchangeGroup> ClientHandshake::supported_kx_group(NamedGroup group) {
  auto kx_group = key_exchange_group(group);
  if (!kx_group) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "unsupported group " + std::string(codec::named_group_name(group)));
  }
  return *kx_group;
}

Status ClientHandshake::add_key_share(NamedGroup group) {
  PARLEY_ASSIGN_OR_RETURN(crypto::KeyExchangeGroup kx_group, supported_kx_group(group));
  PARLEY_ASSIGN_OR_RETURN(auto key_exchange,
                          crypto::make_client_key_share(core_.provider(), kx_group));
  key_shares_.push_back({group, std::move(key_exchange)});
  return {};
}

ClientHandshake::OfferedShare* ClientHandshake::offered_share(NamedGroup group) {
  for (OfferedShare& offered : key_shares_) {
    if (offered.group == group) return &offered;
  }
  return nullptr;
}

Status ClientHandshake::send_client_hello() {
  PARLEY_ASSIGN_OR_RETURN(hello_, build_client_hello());
  if (shape_hello_for_testing) shape_hello_for_testing(hello_);
  PARLEY_TRY(send_hello());
  core_.use_tls12_record_version();
  if (hello_.extensions.early_data) PARLEY_TRY(start_early_data());
  state_ = State::kWaitServerHello;
  // ConnectOptions::early_data is written now: as 0-RTT as far as the
  // session allows, the rest after the handshake.
  const Bytes early_data = std::exchange(early_data_, Bytes());
  return early_data.empty() ? Status() : core_.write(early_data);
}

Status ClientHandshake::check_server_hello_common(const codec::ServerHello& hello) const {
  if (!contains(hello_.cipher_suites, hello.cipher_suite) ||
      find_cipher_suite(hello.cipher_suite) == nullptr) {
    return illegal_parameter("server chose a cipher suite we did not offer");
  }
  if (hello.legacy_compression_method != 0) {
    return illegal_parameter("server chose a compression method");  // RFC 8446 4.1.3
  }
  return reject_unknown_extensions(hello.extensions.unknown);
}

Status ClientHandshake::reject_unknown_extensions(
    const std::vector<codec::UnknownExtension>& unknown) {
  // RFC 8446 4.2, RFC 5246 7.4.1.4: we send no extension we do not know, so
  // a response to one was never requested.
  if (unknown.empty()) return {};
  return unrequested_extension("extension " +
                               std::to_string(static_cast<uint16_t>(unknown.front().type)));
}

Status ClientHandshake::on_server_hello(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(codec::ServerHello hello, codec::ServerHello::decode(message.body));
  const bool tls12_offered = contains(config_->versions, ProtocolVersion::kTls12);
  if (!hello.extensions.supported_versions && !hello.is_hello_retry_request() &&
      (hello.legacy_version != ProtocolVersion::kTls12 || !tls12_offered)) {
    // RFC 8446 4.1.3, RFC 5246 7.4.1.3: the version comes first; a suite
    // from a version we did not offer is a version problem.
    return make_error(ErrorKind::kProtocol, AlertDescription::kProtocolVersion,
                      "server chose an unsupported protocol version");
  }
  PARLEY_TRY(check_server_hello_common(hello));
  const auto& selected = hello.extensions.supported_versions;
  if (selected) {
    // RFC 8446 4.2.1: only a version we offered, and never below 1.3 here.
    if (selected->selected_version != ProtocolVersion::kTls13 ||
        !contains(config_->versions, ProtocolVersion::kTls13)) {
      return illegal_parameter("server selected a version we did not offer");
    }
    if (hello.is_hello_retry_request()) return on_hello_retry_request(hello, message);
    return start_tls13(hello, message);
  }
  if (hello.is_hello_retry_request()) {
    return illegal_parameter("HelloRetryRequest without supported_versions");
  }
  if (state_ == State::kWaitServerHelloAfterRetry) {
    return illegal_parameter("server downgraded after HelloRetryRequest");
  }
  // TLS 1.2, which we offered (checked above); 0-RTT went to a server that
  // does not speak it.
  if (early_data_in_flight()) PARLEY_TRY(early_data_rejected());
  // RFC 8446 4.1.3: a TLS 1.3 server negotiating 1.2 marks its random.
  if (contains(config_->versions, ProtocolVersion::kTls13) &&
      codec::downgrade_sentinel(hello.random) != codec::DowngradeSentinel::kNone) {
    return illegal_parameter("downgrade sentinel in ServerHello.random");
  }
  // RFC 5246 7.1: no ChangeCipherSpec before the keys are negotiated.
  if (ccs_before_server_hello_) {
    return unexpected_message("ChangeCipherSpec before a TLS 1.2 ServerHello");
  }
  return start_tls12(hello, message);
}

Status ClientHandshake::accept_alpn(const std::optional<codec::SelectedProtocol>& alpn) {
  if (!alpn) return {};
  if (!hello_.extensions.alpn) return unrequested_extension("ALPN");
  // RFC 7301 3.2
  if (!contains(hello_.extensions.alpn->protocols, alpn->protocol)) {
    return illegal_parameter("server selected an ALPN protocol we did not offer");
  }
  core_.mutable_info().alpn_protocol = alpn->protocol;
  return {};
}

}  // namespace parley::handshake

#include "handshake/server.h"

#include <algorithm>

#include "handshake/negotiation.h"
#include "x509/certificate.h"
#include "x509/host_name.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

using codec::HandshakeType;

namespace {

bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// Whether `certificate`'s leaf names `host` in a dNSName SAN.
bool certificate_names(const CertifiedKey& certificate, const std::string& host) {
  auto leaf = x509::Certificate::parse(certificate.chain().front());
  if (!leaf.ok() || !leaf->subject_alt_names()) return false;
  const std::string reference = x509::ascii_lower(host);
  for (const auto& name : leaf->subject_alt_names()->value) {
    if (name.type == x509::GeneralName::Type::kDns &&
        x509::dns_name_matches(name.text(), reference)) {
      return true;
    }
  }
  return false;
}

// Those whose leaf names `sni` first, then all (servers commonly answer
// unknown names with a default).
std::vector<const CertifiedKey*> candidates_by_name(
    const std::vector<std::shared_ptr<const CertifiedKey>>& certificates, const std::string& sni) {
  std::vector<const CertifiedKey*> out;
  if (!sni.empty() && certificates.size() > 1) {
    for (const auto& certificate : certificates) {
      if (certificate_names(*certificate, sni)) out.push_back(certificate.get());
    }
  }
  for (const auto& certificate : certificates) out.push_back(certificate.get());
  return out;
}

ClientHelloInfo client_hello_info(const codec::ClientHello& hello, ProtocolVersion version) {
  const codec::ClientHelloExtensions& ext = hello.extensions;
  ClientHelloInfo info;
  info.version = version;
  if (ext.server_name) info.server_name = ext.server_name->host_name;
  if (ext.alpn) info.alpn_protocols = ext.alpn->protocols;
  if (ext.signature_algorithms) info.signature_schemes = ext.signature_algorithms->schemes;
  if (ext.supported_groups) info.groups = ext.supported_groups->groups;
  if (ext.supported_versions) info.versions = ext.supported_versions->versions;
  info.cipher_suites = hello.cipher_suites;
  return info;
}

}  // namespace

ServerHandshake::ServerHandshake(ConnectionCore& core, std::shared_ptr<const ServerConfig> config)
    : Tls12Machine(core), config_(std::move(config)) {}

ServerHandshake::~ServerHandshake() = default;

std::string_view ServerHandshake::state_name(State state) {
  switch (state) {
    case State::kWaitClientHello:
      return "waiting for ClientHello";
    case State::kWaitClientHelloAfterRetry:
      return "waiting for ClientHello after HelloRetryRequest";
    case State::kWaitEndOfEarlyData:
      return "waiting for EndOfEarlyData";
    case State::kWaitClientCertificate:
      return "waiting for the client Certificate";
    case State::kWaitClientCertificateVerify:
      return "waiting for the client CertificateVerify";
    case State::kWaitClientFinished:
      return "waiting for the client Finished";
    case State::kWaitClientCertificate12:
      return "waiting for the client's TLS 1.2 Certificate";
    case State::kWaitClientKeyExchange12:
      return "waiting for ClientKeyExchange";
    case State::kWaitClientCertificateVerify12:
      return "waiting for the client's TLS 1.2 CertificateVerify";
    case State::kWaitChangeCipherSpec12:
      return "waiting for the client ChangeCipherSpec";
    case State::kWaitClientFinished12:
      return "waiting for the client's TLS 1.2 Finished";
    case State::kWaitChangeCipherSpecResumed12:
      return "waiting for the client ChangeCipherSpec of a resumed session";
    case State::kWaitClientFinishedResumed12:
      return "waiting for the client Finished of a resumed session";
    case State::kConnected:
      return "connected";
  }
  return "unknown";
}

Status ServerHandshake::on_handshake_message(const record::HandshakeMessage& message) {
  switch (state_) {
    case State::kWaitClientHello:
    case State::kWaitClientHelloAfterRetry:
      if (message.type == HandshakeType::kClientHello) return on_client_hello(message);
      break;
    case State::kWaitEndOfEarlyData:
      if (message.type == HandshakeType::kEndOfEarlyData) return on_end_of_early_data(message);
      break;
    case State::kWaitClientCertificate:
      if (is_certificate13(message.type)) return on_client_certificate(message);
      break;
    case State::kWaitClientCertificateVerify:
      if (message.type == HandshakeType::kCertificateVerify) {
        return on_client_certificate_verify(message);
      }
      break;
    case State::kWaitClientFinished:
      if (message.type == HandshakeType::kFinished) return on_client_finished(message);
      break;
    case State::kWaitClientCertificate12:
      if (message.type == HandshakeType::kCertificate) return on_client_certificate12(message);
      break;
    case State::kWaitClientKeyExchange12:
      if (message.type == HandshakeType::kClientKeyExchange) {
        return on_client_key_exchange12(message);
      }
      break;
    case State::kWaitClientCertificateVerify12:
      if (message.type == HandshakeType::kCertificateVerify) {
        return on_client_certificate_verify12(message);
      }
      break;
    case State::kWaitChangeCipherSpec12:
      break;
    case State::kWaitClientFinished12:
      if (message.type == HandshakeType::kFinished) return on_client_finished12(message);
      break;
    case State::kWaitChangeCipherSpecResumed12:
      break;
    case State::kWaitClientFinishedResumed12:
      if (message.type == HandshakeType::kFinished) return on_client_finished_resumed12(message);
      break;
    case State::kConnected:
      if (is_tls12()) {
        // RFC 5746 / RFC 5246 7.4.1.2: a ClientHello now asks to renegotiate.
        if (message.type == HandshakeType::kClientHello) {
          if (core_.tracing()) core_.trace(false, "ClientHello", "renegotiation, refused");
          return refuse_renegotiation("ClientHello");
        }
        break;
      }
      if (message.type == HandshakeType::kKeyUpdate) {
        return traffic_keys_->on_key_update(core_, message);
      }
      break;
  }
  return unexpected(message.type, state_name(state_));
}

Status ServerHandshake::on_change_cipher_spec() {
  if (is_tls12()) {
    // RFC 5246 7.1: the client's ChangeCipherSpec comes right before its
    // Finished, after ClientKeyExchange (and CertificateVerify).
    if (state_ != State::kWaitChangeCipherSpec12 &&
        state_ != State::kWaitChangeCipherSpecResumed12) {
      return unexpected_message("ChangeCipherSpec is not expected while " +
                                std::string(state_name(state_)));
    }
    PARLEY_TRY(accept_change_cipher_spec());
    state_ = state_ == State::kWaitChangeCipherSpec12 ? State::kWaitClientFinished12
                                                      : State::kWaitClientFinishedResumed12;
    return {};
  }
  // RFC 8446 5: a compatibility change_cipher_spec between the ClientHello and
  // the client's Finished is dropped.
  if (state_ == State::kWaitClientHello || state_ == State::kConnected) {
    return unexpected_message("change_cipher_spec outside the handshake");
  }
  return {};
}

Status ServerHandshake::update_keys(bool request_peer_update) {
  return traffic_keys_->send_key_update(core_, request_peer_update
                                                   ? codec::KeyUpdateRequest::kUpdateRequested
                                                   : codec::KeyUpdateRequest::kUpdateNotRequested);
}

Status ServerHandshake::on_client_hello(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(codec::ClientHello hello, codec::ClientHello::decode(message.body));
  if (core_.tracing()) core_.trace(false, "ClientHello", codec::describe(hello));
  PARLEY_TRY(check_fallback(hello));
  PARLEY_ASSIGN_OR_RETURN(ProtocolVersion version, choose_version(hello));
  if (state_ == State::kWaitClientHelloAfterRetry && version != ProtocolVersion::kTls13) {
    return illegal_parameter("ClientHello after HelloRetryRequest does not offer TLS 1.3");
  }
  if (hello.extensions.server_name) {
    core_.mutable_info().server_name = hello.extensions.server_name->host_name;
  }
  note_status_requests(hello);
  PARLEY_TRY(resolve_certificate(hello, version));
  if (version == ProtocolVersion::kTls13) return handle_client_hello13(hello, message);
  return handle_client_hello12(hello, message);
}

Status ServerHandshake::check_fallback(const codec::ClientHello& hello) const {
  // RFC 7507 3: a client retrying with a lower version than it supports says
  // so with TLS_FALLBACK_SCSV; if we support a higher version than the
  // highest it offers, an attacker interfered with the first attempt. This
  // holds even when that version is one we do not support at all (TLS 1.1).
  if (!contains(hello.cipher_suites, CipherSuite::kTlsFallbackScsv)) return {};
  uint16_t client_highest = static_cast<uint16_t>(hello.legacy_version);
  if (hello.extensions.supported_versions) {
    client_highest = 0;
    for (ProtocolVersion v : hello.extensions.supported_versions->versions) {
      client_highest = std::max(client_highest, static_cast<uint16_t>(v));
    }
  }
  for (ProtocolVersion enabled : config_->versions) {
    if (static_cast<uint16_t>(enabled) > client_highest) {
      return make_error(ErrorKind::kProtocol, AlertDescription::kInappropriateFallback,
                        "TLS_FALLBACK_SCSV from a client that could have negotiated " +
                            std::string(codec::protocol_version_name(enabled)));
    }
  }
  return {};
}

Result<ProtocolVersion> ServerHandshake::choose_version(const codec::ClientHello& hello) const {
  const auto& enabled = config_->versions;
  const auto legacy_version = static_cast<uint16_t>(hello.legacy_version);
  if (legacy_version <= static_cast<uint16_t>(ProtocolVersion::kSsl30)) {
    // RFC 8446 D.5 (0x0300), RFC 7568: never SSL 3.0 or anything older.
    return make_error(ErrorKind::kProtocol, AlertDescription::kProtocolVersion,
                      "ClientHello legacy_version is SSL 3.0 or older");
  }
  if (hello.extensions.supported_versions) {
    // RFC 8446 4.2.1: the server picks from supported_versions alone.
    const auto& offered = hello.extensions.supported_versions->versions;
    for (ProtocolVersion v : {ProtocolVersion::kTls13, ProtocolVersion::kTls12}) {
      if (!contains(offered, v) || !contains(enabled, v)) continue;
      if (v == ProtocolVersion::kTls13 &&
          legacy_version < static_cast<uint16_t>(ProtocolVersion::kTls12)) {
        // RFC 8446 4.1.2: a TLS 1.3 client sets legacy_version to 0x0303.
        return make_error(ErrorKind::kProtocol, AlertDescription::kProtocolVersion,
                          "TLS 1.3 ClientHello with a legacy_version below TLS 1.2");
      }
      return v;
    }
  } else if (static_cast<uint16_t>(hello.legacy_version) >=
                 static_cast<uint16_t>(ProtocolVersion::kTls12) &&
             contains(enabled, ProtocolVersion::kTls12)) {
    return ProtocolVersion::kTls12;  // RFC 5246 E.1
  }
  return make_error(ErrorKind::kProtocol, AlertDescription::kProtocolVersion,
                    "no protocol version in common with the client");
}

Result<const CipherSuiteInfo*> ServerHandshake::choose_suite(const codec::ClientHello& hello,
                                                             ProtocolVersion version) const {
  // Our preference order among what the client offers.
  for (CipherSuite suite : configured_cipher_suites(*config_)) {
    const CipherSuiteInfo* info = find_cipher_suite(suite);
    if (info && info->version == version && contains(hello.cipher_suites, suite)) return info;
  }
  return handshake_failure("no cipher suite in common with the client");
}

Result<std::pair<const CertifiedKey*, SignatureScheme>> ServerHandshake::choose_certificate(
    const codec::ClientHello& hello, ProtocolVersion version) const {
  if (config_->certificates.empty() && !resolved_certificate_) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "server has no certificate");
  }
  const std::vector<SignatureScheme> ours = configured_signing_schemes(*config_);
  const std::vector<SignatureScheme> peer = hello.extensions.signature_algorithms
                                                ? hello.extensions.signature_algorithms->schemes
                                                : std::vector<SignatureScheme>{};
  for (const CertifiedKey* certificate : candidate_certificates(hello)) {
    if (!certificate->allows_signing()) continue;
    auto scheme = choose_signature_scheme(ours, peer, *certificate, version);
    if (scheme) return std::make_pair(certificate, *scheme);
  }
  return handshake_failure("no certificate fits the client's signature schemes");
}

std::vector<const CertifiedKey*> ServerHandshake::candidate_certificates(
    const codec::ClientHello& hello) const {
  if (resolved_certificate_) return {resolved_certificate_.get()};
  return candidates_by_name(config_->certificates, hello.extensions.server_name
                                                       ? hello.extensions.server_name->host_name
                                                       : std::string());
}

Status ServerHandshake::resolve_certificate(const codec::ClientHello& hello,
                                            ProtocolVersion version) {
  resolved_certificate_.reset();
  if (!config_->certificate_resolver) return {};
  auto resolved = config_->certificate_resolver->resolve(client_hello_info(hello, version));
  if (!resolved.ok()) {
    Error error = std::move(resolved).error();
    if (!error.alert) error.alert = AlertDescription::kHandshakeFailure;
    error.message = "the CertificateResolver refused: " + error.message;
    return error;
  }
  if (!*resolved) return internal_error("the CertificateResolver returned no certificate");
  resolved_certificate_ = std::move(resolved).value();
  if (core_.tracing()) {
    core_.trace_step("ResolveCertificate",
                     subject_for_trace(resolved_certificate_->chain().front()));
  }
  return {};
}

Result<std::string> ServerHandshake::choose_alpn(const codec::ClientHello& hello) const {
  if (!hello.extensions.alpn || config_->alpn_protocols.empty()) return std::string();
  for (const std::string& protocol : config_->alpn_protocols) {
    if (contains(hello.extensions.alpn->protocols, protocol)) return protocol;
  }
  // RFC 7301 3.2
  return make_error(ErrorKind::kProtocol, AlertDescription::kNoApplicationProtocol,
                    "no ALPN protocol in common with the client");
}

}  // namespace parley::handshake

namespace parley {

Result<std::shared_ptr<const CertifiedKey>> default_certificate_choice(
    const ServerConfig& config, const ClientHelloInfo& hello) {
  const std::vector<SignatureScheme> ours = handshake::configured_signing_schemes(config);
  for (const CertifiedKey* certificate :
       handshake::candidates_by_name(config.certificates, hello.server_name)) {
    if (!certificate->allows_signing()) continue;
    if (handshake::choose_signature_scheme(ours, hello.signature_schemes, *certificate,
                                           hello.version)) {
      for (const auto& owned : config.certificates) {
        if (owned.get() == certificate) return owned;
      }
    }
  }
  return parley::handshake_failure("no certificate fits the client's signature schemes");
}

}  // namespace parley

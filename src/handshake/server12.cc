// The TLS 1.2 half of the server (RFC 5246 7.3): ServerHello, Certificate,
// ServerKeyExchange, CertificateRequest and ServerHelloDone out, then the
// client's Certificate, ClientKeyExchange, CertificateVerify,
// ChangeCipherSpec and Finished in, then our ChangeCipherSpec and Finished.
#include <algorithm>

#include "handshake/negotiation.h"
#include "handshake/server.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

namespace {

constexpr ProtocolVersion kTls12 = ProtocolVersion::kTls12;

bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

// RFC 5746 3.6: the client signals secure renegotiation with the SCSV or
// the extension.
bool signals_secure_renegotiation(const codec::ClientHello& hello) {
  return hello.extensions.renegotiation_info.has_value() ||
         contains(hello.cipher_suites, CipherSuite::kTlsEmptyRenegotiationInfoScsv);
}

// RFC 7919 2: the finite-field group code points are 256 to 511.
bool is_ffdhe_code_point(NamedGroup group) {
  return (static_cast<uint16_t>(group) & 0xff00) == 0x0100;
}

// RFC 5246 7.4.1.4.1: a client without signature_algorithms accepts SHA-1
// with the suite's signature algorithm (which parley does not sign with).
std::vector<SignatureScheme> default_peer_schemes(const CipherSuiteInfo& suite) {
  if (suite.authentication == AuthenticationKind::kEcdsa) return {SignatureScheme::kEcdsaSha1};
  return {SignatureScheme::kRsaPkcs1Sha1};
}

}  // namespace

Status ServerHandshake::handle_client_hello12(const codec::ClientHello& hello,
                                              const record::HandshakeMessage& raw) {
  const codec::ClientHelloExtensions& ext = hello.extensions;
  // RFC 5246 7.4.1.2: the null compression method must be offered.
  if (!contains(hello.legacy_compression_methods, uint8_t{0})) {
    return illegal_parameter("ClientHello does not offer the null compression method");
  }
  PARLEY_ASSIGN_OR_RETURN(
      const bool extended,
      check_tls12_hello_extensions(ext, config_->require_extended_master_secret, "client"));
  PARLEY_ASSIGN_OR_RETURN(auto session, find_session12(hello, extended));
  if (session) return resume12(hello, raw, std::move(*session), extended);
  PARLEY_ASSIGN_OR_RETURN(Choice12 choice, choose_tls12(hello));

  const bool verify_client = config_->client_auth != ClientAuth::kNone;
  // A CertificateVerify signs the messages themselves (RFC 5246 7.4.8).
  PARLEY_TRY(begin_tls12(*choice.suite,
                         verify_client ? Transcript::Buffer::kKeep : Transcript::Buffer::kDiscard));
  transcript_.add(raw.raw);
  client_random_ = hello.random;
  client_version_ = hello.legacy_version;
  certificate12_ = choice.certificate;
  SessionInfo& info = core_.mutable_info();
  info.extended_master_secret = extended;
  info.alpn_protocol = choice.alpn;
  if (choice.group) info.group = *choice.group;
  if (choice.scheme) info.signature_scheme = *choice.scheme;

  PARLEY_TRY(send_server_hello12(hello, choice));
  PARLEY_TRY(send(codec::Certificate12{choice.certificate->chain()}));
  if (choice.suite->key_exchange != KeyExchangeKind::kRsa) {
    PARLEY_TRY(send_server_key_exchange12(choice));
  }
  if (verify_client) {
    codec::CertificateRequest12 request;
    request.certificate_types = {codec::ClientCertificateType::kRsaSign,
                                 codec::ClientCertificateType::kEcdsaSign};
    request.supported_signature_algorithms = configured_signature_schemes(*config_);
    PARLEY_TRY(send(request));
  }
  PARLEY_TRY(send(codec::ServerHelloDone{}));
  state_ = verify_client ? State::kWaitClientCertificate12 : State::kWaitClientKeyExchange12;
  return {};
}

Result<ServerHandshake::Choice12> ServerHandshake::choose_tls12(
    const codec::ClientHello& hello) const {
  // Our preference order among what the client offers, skipping suites that
  // no certificate or group of ours can serve.
  for (CipherSuite suite : configured_cipher_suites(*config_)) {
    const CipherSuiteInfo* info = find_cipher_suite(suite);
    if (info == nullptr || info->version != kTls12 || !contains(hello.cipher_suites, suite)) {
      continue;
    }
    std::optional<Choice12> choice = choose_credentials12(hello, *info);
    if (!choice) continue;
    PARLEY_ASSIGN_OR_RETURN(choice->alpn, choose_alpn(hello));
    return *choice;
  }
  return handshake_failure(
      "no TLS 1.2 cipher suite in common with the client that a certificate and group of ours "
      "can serve");
}

std::optional<ServerHandshake::Choice12> ServerHandshake::choose_credentials12(
    const codec::ClientHello& hello, const CipherSuiteInfo& suite) const {
  Choice12 choice;
  choice.suite = &suite;
  if (suite.key_exchange == KeyExchangeKind::kEcdhe) {
    choice.group = choose_ec_group(hello);
    if (!choice.group) return std::nullopt;
  } else if (suite.key_exchange == KeyExchangeKind::kDhe) {
    const std::optional<DhGroup> dh = choose_dh_group(hello);
    if (!dh) return std::nullopt;
    choice.group = dh->named;
  }
  const std::vector<SignatureScheme> ours = configured_signing_schemes(*config_);
  const std::vector<SignatureScheme> peer = hello.extensions.signature_algorithms
                                                ? hello.extensions.signature_algorithms->schemes
                                                : default_peer_schemes(suite);
  const std::vector<NamedGroup>* client_groups =
      hello.extensions.supported_groups ? &hello.extensions.supported_groups->groups : nullptr;
  for (const CertifiedKey* certificate : candidate_certificates(hello)) {
    const crypto::KeyType type = x509::private_key(*certificate).type();
    if (!key_fits_suite(type, suite) || !certificate_allows(*certificate, server_key_use(suite)) ||
        !ecdsa_curve_offered(type, client_groups)) {
      continue;
    }
    choice.certificate = certificate;
    if (suite.key_exchange == KeyExchangeKind::kRsa) return choice;  // nothing to sign
    choice.scheme = choose_signature_scheme(ours, peer, type, kTls12);
    if (choice.scheme) return choice;
  }
  return std::nullopt;
}

std::optional<NamedGroup> ServerHandshake::choose_ec_group(const codec::ClientHello& hello) const {
  const auto& offered = hello.extensions.supported_groups;
  for (NamedGroup group : configured_groups(*config_)) {
    if (is_ffdhe(group) || is_tls13_only(group) || !key_exchange_group(group)) continue;
    if (offered && contains(offered->groups, group)) return group;
    // RFC 8422 4: without supported_groups any curve will do; secp256r1 is
    // the one every such client has.
    if (!offered && group == NamedGroup::kSecp256r1) return group;
  }
  return std::nullopt;
}

std::optional<ServerHandshake::DhGroup> ServerHandshake::choose_dh_group(
    const codec::ClientHello& hello) const {
  const auto& offered = hello.extensions.supported_groups;
  const bool names_ffdhe =
      offered && std::any_of(offered->groups.begin(), offered->groups.end(), is_ffdhe_code_point);
  if (!names_ffdhe) {
    // RFC 7919 4: a client that names no ffdhe group gets our own choice.
    if (!config_->dh_prime.empty()) return DhGroup{std::nullopt};
    return DhGroup{config_->dh_group};
  }
  // RFC 7919 4: one of the client's groups, or no DHE suite at all.
  for (NamedGroup group : configured_groups(*config_)) {
    if (is_ffdhe(group) && contains(offered->groups, group)) return DhGroup{group};
  }
  return std::nullopt;
}

Status ServerHandshake::send_server_hello12(const codec::ClientHello& hello, const Choice12& choice,
                                            bool resuming) {
  codec::ServerHello server_hello;
  server_hello.legacy_version = kTls12;
  core_.provider().public_random(server_hello.random);
  // RFC 8446 4.1.3: a server that could have negotiated TLS 1.3 marks the
  // end of its random, so that a TLS 1.3 client detects a downgrade.
  if (contains(config_->versions, ProtocolVersion::kTls13)) {
    std::copy(codec::kDowngradeTls12Sentinel.begin(), codec::kDowngradeTls12Sentinel.end(),
              server_hello.random.end() - codec::kDowngradeTls12Sentinel.size());
  }
  server_random_ = server_hello.random;
  server_hello.cipher_suite = choice.suite->suite;
  if (resuming) {
    // RFC 5246 7.4.1.3, RFC 5077 3.4: echoing the client's session ID says
    // the session resumes.
    server_hello.legacy_session_id_echo = hello.legacy_session_id;
    if (issue_ticket12_) server_hello.extensions.session_ticket = codec::EmptyExtension{};
  } else {
    plan_resumption12(hello, server_hello);
  }
  codec::ServerHelloExtensions& ext = server_hello.extensions;
  if (signals_secure_renegotiation(hello)) ext.renegotiation_info = codec::RenegotiationInfo{};
  if (core_.info().extended_master_secret) ext.extended_master_secret = codec::EmptyExtension{};
  // RFC 8422 5.2
  if (choice.suite->key_exchange == KeyExchangeKind::kEcdhe && hello.extensions.ec_point_formats) {
    ext.ec_point_formats = codec::EcPointFormats{{codec::EcPointFormat::kUncompressed}};
  }
  if (!choice.alpn.empty()) ext.alpn = codec::SelectedProtocol{choice.alpn};
  if (hello.extensions.record_size_limit) {
    ext.record_size_limit = codec::RecordSizeLimit{our_record_size_limit(false)};  // RFC 8449 4
    const bool offered13 =
        hello.extensions.supported_versions &&
        contains(hello.extensions.supported_versions->versions, ProtocolVersion::kTls13);
    PARLEY_TRY(use_record_size_limits(*hello.extensions.record_size_limit, /*tls13=*/false,
                                      /*counts_type_byte=*/offered13,
                                      /*including_current=*/false));
  }
  return send(server_hello);
}

Status ServerHandshake::send_server_key_exchange12(const Choice12& choice) {
  if (choice.suite->key_exchange == KeyExchangeKind::kDhe) {
    return send_server_key_exchange_dhe(choice);
  }
  PARLEY_ASSIGN_OR_RETURN(key_share12_,
                          core_.provider().make_key_exchange(*key_exchange_group(*choice.group)));
  codec::ServerKeyExchangeEcdhe exchange;
  exchange.group = *choice.group;
  exchange.public_key.assign(key_share12_->public_key().begin(), key_share12_->public_key().end());
  exchange.scheme = *choice.scheme;
  // RFC 8422 5.4: signed over both randoms and the parameters.
  PARLEY_ASSIGN_OR_RETURN(exchange.signature,
                          x509::private_key(*choice.certificate)
                              .sign(signature_scheme_info(exchange.scheme)->algorithm,
                                    exchange.signed_content(client_random_, server_random_)));
  return send(exchange);
}

Status ServerHandshake::send_server_key_exchange_dhe(const Choice12& choice) {
  codec::ServerKeyExchangeDhe exchange;
  if (choice.group) {
    const FfdheParameters* parameters = ffdhe_parameters(*choice.group);
    if (parameters == nullptr) {
      return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                        "dh_group is not a finite-field group parley knows");
    }
    exchange.dh_p = parameters->p;
    exchange.dh_g = parameters->g;
    PARLEY_ASSIGN_OR_RETURN(key_share12_,
                            core_.provider().make_key_exchange(*key_exchange_group(*choice.group)));
  } else {
    exchange.dh_p = config_->dh_prime;
    exchange.dh_g = config_->dh_generator;
    PARLEY_ASSIGN_OR_RETURN(
        key_share12_, core_.provider().make_dh(exchange.dh_p, exchange.dh_g, kMinDhPrimeBits));
  }
  exchange.dh_ys.assign(key_share12_->public_key().begin(), key_share12_->public_key().end());
  exchange.scheme = *choice.scheme;
  // RFC 5246 7.4.3: signed over both randoms and the parameters.
  PARLEY_ASSIGN_OR_RETURN(exchange.signature,
                          x509::private_key(*choice.certificate)
                              .sign(signature_scheme_info(exchange.scheme)->algorithm,
                                    exchange.signed_content(client_random_, server_random_)));
  return send(exchange);
}

Status ServerHandshake::on_client_certificate12(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto certificate, receive_certificate<codec::Certificate12>(message));
  const std::string details = core_.tracing() ? codec::describe(certificate) : std::string();
  state_ = State::kWaitClientKeyExchange12;
  if (certificate.certificate_list.empty()) {
    // RFC 5246 7.4.6: without a certificate the server goes on without
    // client authentication, or ends the handshake with handshake_failure.
    if (config_->client_auth == ClientAuth::kRequired) {
      return handshake_failure("client sent no certificate, and one is required");
    }
    if (core_.tracing()) core_.trace(false, "Certificate", details);
    transcript_.discard_messages();  // there will be no CertificateVerify
    return {};
  }
  trace_certificate(details, certificate.certificate_list);
  PARLEY_ASSIGN_OR_RETURN(
      client_key_,
      verify_peer_chain(certificate.certificate_list, config_->client_trust_anchors.get(),
                        config_->insecure_skip_client_verification, x509::KeyPurpose::kClientAuth,
                        std::nullopt));
  return {};
}

Status ServerHandshake::on_client_key_exchange12(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(Secret premaster, premaster_from_client_key_exchange(message));
  key_share12_.reset();
  derive_master_secret(premaster, client_random_, server_random_);
  state_ = client_key_ ? State::kWaitClientCertificateVerify12 : State::kWaitChangeCipherSpec12;
  return {};
}

Result<Secret> ServerHandshake::premaster_from_client_key_exchange(
    const record::HandshakeMessage& message) {
  switch (suite12_->key_exchange) {
    case KeyExchangeKind::kRsa: {
      PARLEY_ASSIGN_OR_RETURN(auto exchange, receive<codec::ClientKeyExchangeRsa>(message));
      // RFC 5246 7.4.7.1: implicit rejection. A bad padding, length or
      // version (checked against ClientHello.client_version) yields a random
      // premaster secret: the handshake then fails at the client's Finished
      // like any wrong key, with no alert, message or timing of its own.
      return x509::private_key(*certificate12_)
          .rsa_decrypt_premaster(exchange.encrypted_pre_master_secret,
                                 static_cast<uint16_t>(client_version_));
    }
    case KeyExchangeKind::kEcdhe: {
      PARLEY_ASSIGN_OR_RETURN(auto exchange, receive<codec::ClientKeyExchangeEcdhe>(message));
      // An invalid point is an illegal_parameter (RFC 8422 5.11 checks).
      return key_share12_->agree(exchange.public_key);
    }
    case KeyExchangeKind::kDhe: {
      PARLEY_ASSIGN_OR_RETURN(auto exchange, receive<codec::ClientKeyExchangeDhe>(message));
      // 1 < Yc < p - 1 (RFC 7919 5.1), checked by agree.
      PARLEY_ASSIGN_OR_RETURN(Secret z, key_share12_->agree(exchange.dh_yc));
      return strip_leading_zeros(z);
    }
    case KeyExchangeKind::kAny:
      break;
  }
  return internal_error("TLS 1.2 suite without a key exchange");
}

Status ServerHandshake::on_client_certificate_verify12(const record::HandshakeMessage& message) {
  PARLEY_TRY(receive_certificate_verify(message, *client_key_, "client CertificateVerify"));
  state_ = State::kWaitChangeCipherSpec12;
  return {};
}

Status ServerHandshake::on_client_finished12(const record::HandshakeMessage& message) {
  PARLEY_TRY(receive_finished(message));
  PARLEY_TRY(save_session12());
  PARLEY_TRY(send_change_cipher_spec_and_finished());
  state_ = State::kConnected;
  return core_.on_handshake_complete();
}

}  // namespace parley::handshake

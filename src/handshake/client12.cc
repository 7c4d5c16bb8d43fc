// The TLS 1.2 half of the client (RFC 5246 7.3): Certificate,
// ServerKeyExchange, CertificateRequest and ServerHelloDone in, then our
// Certificate, ClientKeyExchange, CertificateVerify, ChangeCipherSpec and
// Finished out, then the server's ChangeCipherSpec and Finished.
#include <algorithm>

#include "handshake/client.h"
#include "handshake/negotiation.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

using codec::HandshakeType;

namespace {

constexpr ProtocolVersion kTls12 = ProtocolVersion::kTls12;

bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

Status ClientHandshake::start_tls12(const codec::ServerHello& hello,
                                    const record::HandshakeMessage& raw) {
  const CipherSuiteInfo* suite = find_cipher_suite(hello.cipher_suite);
  if (suite->version != kTls12) {
    return illegal_parameter("TLS 1.2 ServerHello with a TLS 1.3 cipher suite");
  }
  // The messages stay until we know whether we will sign them in a
  // CertificateVerify (RFC 5246 7.4.8).
  PARLEY_TRY(begin_tls12(*suite, Transcript::Buffer::kKeep));
  transcript_.add(raw.raw);
  if (core_.tracing()) core_.trace(false, "ServerHello", codec::describe(hello));
  // Echoing our session id claims to resume the session we offered (RFC
  // 5246 7.4.1.3); without one (or with only the TLS 1.3 compatibility id)
  // that is a lie.
  const bool resuming = resumes12(hello);
  if (!resuming && !hello_.legacy_session_id.empty() &&
      hello.legacy_session_id_echo == hello_.legacy_session_id) {
    return illegal_parameter("server resumed a session we did not offer");
  }
  PARLEY_TRY(check_server_hello12_extensions(hello));
  server_random_ = hello.random;
  new_session_ticket_promised12_ = hello.extensions.session_ticket.has_value();
  if (resuming) return resume_tls12(hello);
  session_id12_ = hello.legacy_session_id_echo;
  state_ = State::kWaitCertificate12;
  return {};
}

Status ClientHandshake::check_server_hello12_extensions(const codec::ServerHello& hello) {
  const codec::ServerHelloExtensions& ext = hello.extensions;
  if (ext.server_name && !hello_.extensions.server_name)
    return unrequested_extension("server_name");
  if (ext.session_ticket && !hello_.extensions.session_ticket) {
    return unrequested_extension("session_ticket");
  }
  if (ext.status_request && !hello_.extensions.status_request) {
    return unrequested_extension("status_request");
  }
  certificate_status_promised12_ = ext.status_request.has_value();
  if (ext.signed_certificate_timestamp) PARLEY_TRY(accept_scts(*ext.signed_certificate_timestamp));
  if (ext.record_size_limit) {
    PARLEY_TRY(use_record_size_limits(*ext.record_size_limit, /*tls13=*/false,
                                      /*counts_type_byte=*/false, /*including_current=*/false));
  }
  // Without renegotiation_info the server is a legacy one; as we never
  // renegotiate, that is no risk to us (RFC 5746 4.1).
  PARLEY_ASSIGN_OR_RETURN(
      const bool extended,
      check_tls12_hello_extensions(ext, config_->require_extended_master_secret, "server"));
  core_.mutable_info().extended_master_secret = extended;
  return accept_alpn(ext.alpn);
}

Status ClientHandshake::on_certificate12(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto certificate, receive_certificate<codec::Certificate12>(message));
  const std::string details = core_.tracing() ? codec::describe(certificate) : std::string();
  const bool rsa_key_exchange = suite12_->key_exchange == KeyExchangeKind::kRsa;
  trace_certificate(details, certificate.certificate_list);
  PARLEY_ASSIGN_OR_RETURN(
      server_key_,
      verify_peer_chain(certificate.certificate_list, config_->trust_anchors.get(),
                        config_->insecure_skip_verification, x509::KeyPurpose::kServerAuth,
                        peer_name_, server_key_use(*suite12_), config_->verifier.get()));
  // RFC 5246 7.4.2: the key must be appropriate for the cipher suite.
  if (!key_fits_suite(server_key_->type(), *suite12_)) {
    return x509::certificate_error(CertificateFailure::kUsageNotAllowed,
                                   AlertDescription::kUnsupportedCertificate,
                                   "the server certificate key does not fit the cipher suite");
  }
  const std::vector<NamedGroup> offered_groups = configured_groups(*config_);
  if (!ecdsa_curve_offered(server_key_->type(), &offered_groups)) {
    return illegal_parameter("the server's ECDSA certificate is on a curve we did not offer");
  }
  return after_certificate12(rsa_key_exchange ? State::kWaitCertificateRequestOrDone12
                                              : State::kWaitServerKeyExchange12);
}

Status ClientHandshake::on_server_key_exchange12(const record::HandshakeMessage& message) {
  if (suite12_->key_exchange == KeyExchangeKind::kEcdhe) {
    PARLEY_TRY(on_server_key_exchange_ecdhe(message));
  } else {
    PARLEY_TRY(on_server_key_exchange_dhe(message));
  }
  state_ = State::kWaitCertificateRequestOrDone12;
  return {};
}

Status ClientHandshake::on_server_key_exchange_ecdhe(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto exchange, receive<codec::ServerKeyExchangeEcdhe>(message));
  // RFC 8422 5.4: a curve from our supported_groups.
  const auto kx_group = key_exchange_group(exchange.group);
  if (is_ffdhe(exchange.group) || is_tls13_only(exchange.group) || !kx_group ||
      !contains(configured_groups(*config_), exchange.group)) {
    return illegal_parameter("ServerKeyExchange uses a curve we did not offer");
  }
  // RFC 5246 7.4.3: signed with a scheme we offered (checked by
  // verify_peer_signature) over both randoms and the parameters.
  PARLEY_TRY(verify_peer_signature(*server_key_, exchange.scheme,
                                   exchange.signed_content(hello_.random, server_random_),
                                   exchange.signature, kTls12, "ServerKeyExchange"));
  PARLEY_ASSIGN_OR_RETURN(auto share, core_.provider().make_key_exchange(*kx_group));
  // An invalid point (off the curve, or an all-zero X25519 result) is an
  // illegal_parameter.
  PARLEY_ASSIGN_OR_RETURN(premaster12_, share->agree(exchange.public_key));
  client_public12_.assign(share->public_key().begin(), share->public_key().end());
  SessionInfo& info = core_.mutable_info();
  info.group = exchange.group;
  info.signature_scheme = exchange.scheme;
  return {};
}

Status ClientHandshake::on_server_key_exchange_dhe(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto exchange, receive<codec::ServerKeyExchangeDhe>(message));
  PARLEY_TRY(verify_peer_signature(*server_key_, exchange.scheme,
                                   exchange.signed_content(hello_.random, server_random_),
                                   exchange.signature, kTls12, "ServerKeyExchange"));
  const std::optional<NamedGroup> named = ffdhe_group_of(exchange.dh_p, exchange.dh_g);
  std::unique_ptr<crypto::KeyExchange> share;
  if (named) {
    PARLEY_ASSIGN_OR_RETURN(share, core_.provider().make_key_exchange(*key_exchange_group(*named)));
  } else {
    // RFC 7919 4: a group the client finds too weak ends the handshake with
    // insufficient_security, which make_dh reports for a short prime.
    PARLEY_ASSIGN_OR_RETURN(
        share, core_.provider().make_dh(exchange.dh_p, exchange.dh_g, kMinDhPrimeBits));
  }
  // RFC 7919 3 / 5.1: 1 < Ys < p - 1, checked by agree.
  PARLEY_ASSIGN_OR_RETURN(Secret z, share->agree(exchange.dh_ys));
  premaster12_ = strip_leading_zeros(z);
  client_public12_.assign(share->public_key().begin(), share->public_key().end());
  SessionInfo& info = core_.mutable_info();
  if (named) info.group = *named;
  info.signature_scheme = exchange.scheme;
  return {};
}

Status ClientHandshake::on_certificate_request12(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto request, receive<codec::CertificateRequest12>(message));
  certificate_request12_ = std::move(request);
  state_ = State::kWaitServerHelloDone12;
  return {};
}

Status ClientHandshake::on_server_hello_done12(const record::HandshakeMessage& message) {
  PARLEY_TRY(receive<codec::ServerHelloDone>(message));
  // RFC 5246 7.3: the server's flight ends here; it sends nothing more
  // until our Finished.
  PARLEY_TRY(core_.expect_end_of_flight("ServerHelloDone"));
  std::optional<SignatureScheme> scheme;
  if (certificate_request12_) {
    PARLEY_ASSIGN_OR_RETURN(scheme, send_client_certificate12());
  }
  if (!scheme) transcript_.discard_messages();  // there is no CertificateVerify to sign
  PARLEY_TRY(send_client_key_exchange12());
  derive_master_secret(premaster12_, hello_.random, server_random_);
  premaster12_ = Secret();
  auto finish = [this]() -> Status {
    PARLEY_TRY(send_change_cipher_spec_and_finished());
    state_ = State::kWaitChangeCipherSpec12;
    return {};
  };
  if (!scheme) return finish();
  return send_certificate_verify(*config_->certificate, *scheme, finish);
}

Result<std::optional<SignatureScheme>> ClientHandshake::send_client_certificate12() {
  // RFC 5246 7.4.6: our chain if its key has a requested certificate type
  // and a scheme the server accepts; otherwise an empty Certificate.
  const CertifiedKey* ours = config_->certificate.get();
  std::optional<SignatureScheme> scheme;
  if (ours != nullptr) {
    const crypto::KeyType type = x509::key_type(*ours);
    if (contains(certificate_request12_->certificate_types, client_certificate_type(type))) {
      scheme = choose_signature_scheme(configured_signing_schemes(*config_),
                                       certificate_request12_->supported_signature_algorithms,
                                       *ours, kTls12);
    }
  }
  codec::Certificate12 certificate;
  if (scheme) certificate.certificate_list = ours->chain();
  PARLEY_TRY(send(certificate));
  return scheme;
}

Status ClientHandshake::send_client_key_exchange12() {
  switch (suite12_->key_exchange) {
    case KeyExchangeKind::kRsa: {
      // RFC 5246 7.4.7.1: the version we offered in ClientHello.client_version,
      // then 46 random bytes, encrypted to the server's key.
      Secret premaster(kTls12MasterSecretSize);
      core_.provider().random(premaster.span());
      const auto version = static_cast<uint16_t>(hello_.legacy_version);
      premaster.data()[0] = static_cast<uint8_t>(version >> 8);
      premaster.data()[1] = static_cast<uint8_t>(version & 0xff);
      PARLEY_ASSIGN_OR_RETURN(Bytes encrypted, server_key_->rsa_encrypt_pkcs1(premaster));
      server_key_.reset();  // handshake-only: an idle connection keeps no parsed key
      premaster12_ = std::move(premaster);
      return send(codec::ClientKeyExchangeRsa{std::move(encrypted)});
    }
    case KeyExchangeKind::kEcdhe:
      server_key_.reset();  // its ServerKeyExchange signature is checked
      return send(codec::ClientKeyExchangeEcdhe{client_public12_});
    case KeyExchangeKind::kDhe:
      server_key_.reset();
      return send(codec::ClientKeyExchangeDhe{client_public12_});
    case KeyExchangeKind::kAny:
      break;
  }
  return internal_error("TLS 1.2 suite without a key exchange");
}

Status ClientHandshake::on_finished12(const record::HandshakeMessage& message) {
  PARLEY_TRY(receive_finished(message));
  save_session12();
  state_ = State::kConnected;
  resend_rejected_early_data();
  return core_.on_handshake_complete();
}

Status ClientHandshake::on_hello_request12(const record::HandshakeMessage& message) {
  // RFC 5246 7.4.1.1: HelloRequest is not part of the transcript, and is
  // ignored while a handshake is under way.
  PARLEY_TRY(codec::HelloRequest::decode(message.body));
  if (core_.tracing()) core_.trace(false, "HelloRequest", "");
  if (state_ != State::kConnected) return {};
  return refuse_renegotiation("HelloRequest");
}

}  // namespace parley::handshake

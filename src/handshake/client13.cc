// The TLS 1.3 half of the client (RFC 8446 A.1).
#include <algorithm>

#include "handshake/client.h"
#include "handshake/negotiation.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

using codec::HandshakeType;

namespace {
constexpr ProtocolVersion kTls13 = ProtocolVersion::kTls13;
}

Status ClientHandshake::send_compatibility_ccs() {
  // RFC 8446 D.4: once, before the client's second flight, in middlebox
  // compatibility mode (which a non-empty legacy_session_id signals).
  if (sent_compatibility_ccs_ || hello_.legacy_session_id.empty()) return {};
  sent_compatibility_ccs_ = true;
  return core_.send_change_cipher_spec();
}

Status ClientHandshake::on_hello_retry_request(const codec::ServerHello& hello,
                                               const record::HandshakeMessage& raw) {
  // RFC 8446 4.1.4
  if (state_ == State::kWaitServerHelloAfterRetry) {
    return unexpected_message("a second HelloRetryRequest");
  }
  if (hello.legacy_session_id_echo != hello_.legacy_session_id) {
    return illegal_parameter("HelloRetryRequest does not echo our session id");
  }
  suite_ = find_cipher_suite(hello.cipher_suite);
  if (suite_->version != kTls13) {
    return illegal_parameter("HelloRetryRequest chose a TLS 1.2 cipher suite");
  }
  const auto& retry_share = hello.extensions.retry_key_share;
  if (!retry_share && !hello.extensions.cookie) {
    // It would not change the ClientHello (RFC 8446 4.1.4).
    return illegal_parameter("HelloRetryRequest asks for no change");
  }
  if (retry_share) {
    const NamedGroup group = retry_share->selected_group;
    const std::vector<NamedGroup> groups = configured_groups(*config_);
    if (std::find(groups.begin(), groups.end(), group) == groups.end() ||
        offered_share(group) != nullptr || !key_exchange_group(group)) {
      return illegal_parameter("HelloRetryRequest asks for a group we did not offer or sent");
    }
    key_shares_.clear();
    PARLEY_TRY(add_key_share(group));  // RFC 8446 4.1.2: exactly one share, for it
  }
  // RFC 8446 4.4.1: ClientHello1 becomes message_hash, then the HRR.
  PARLEY_TRY(transcript_.set_hash(suite_->hash));
  PARLEY_TRY(transcript_.replace_with_message_hash());
  transcript_.add(raw.raw);
  if (core_.tracing()) core_.trace(false, "HelloRetryRequest", codec::describe(hello));
  core_.mutable_info().hello_retry_request = true;

  PARLEY_TRY(send_compatibility_ccs());
  if (early_data_in_flight()) PARLEY_TRY(early_data_rejected());  // RFC 8446 4.2.10
  PARLEY_ASSIGN_OR_RETURN(codec::ClientHello retry, build_client_hello());
  retry.random = hello_.random;
  retry.legacy_session_id = hello_.legacy_session_id;
  if (hello.extensions.cookie) retry.extensions.cookie = hello.extensions.cookie;
  hello_ = std::move(retry);
  PARLEY_TRY(send_hello());
  state_ = State::kWaitServerHelloAfterRetry;
  return {};
}

Status ClientHandshake::start_tls13(const codec::ServerHello& hello,
                                    const record::HandshakeMessage& raw) {
  if (hello.legacy_version != ProtocolVersion::kTls12) {
    return illegal_parameter("TLS 1.3 ServerHello with legacy_version other than 0x0303");
  }
  if (hello.legacy_session_id_echo != hello_.legacy_session_id) {
    return illegal_parameter("ServerHello does not echo our session id");
  }
  const CipherSuiteInfo* suite = find_cipher_suite(hello.cipher_suite);
  if (suite->version != kTls13) return illegal_parameter("TLS 1.3 with a TLS 1.2 cipher suite");
  // RFC 8446 4.1.4: the suite after HelloRetryRequest must not change.
  if (suite_ != nullptr && suite_ != suite) {
    return illegal_parameter("cipher suite changed after HelloRetryRequest");
  }
  suite_ = suite;
  if (hello.extensions.pre_shared_key) PARLEY_TRY(accept_psk(hello, *suite));
  const auto& share = hello.extensions.key_share;
  if (!share) return missing_extension("ServerHello without key_share");
  const NamedGroup group = share->server_share.group;
  OfferedShare* offered = offered_share(group);
  if (offered == nullptr) {
    return illegal_parameter("ServerHello key_share is not for a group we sent a share for");
  }
  PARLEY_ASSIGN_OR_RETURN(Secret shared,
                          offered->key_exchange->agree(share->server_share.key_exchange));
  key_shares_.clear();

  if (!transcript_.has_hash()) PARLEY_TRY(transcript_.set_hash(suite_->hash));
  transcript_.add(raw.raw);
  if (core_.tracing()) core_.trace(false, "ServerHello", codec::describe(hello));

  SessionInfo& info = core_.mutable_info();
  info.version = kTls13;
  info.cipher_suite = suite_->suite;
  info.group = group;
  core_.set_version(kTls13);

  hkdf_.emplace(core_.provider(), suite_->hash);
  EarlySecret early = resumed_ ? std::move(*psk_early_secret_) : EarlySecret::without_psk(*hkdf_);
  psk_early_secret_.reset();
  handshake_secret_ = std::move(early).into_handshake(shared);
  const Bytes hello_hash = transcript_.current_hash();
  client_handshake_secret_ = handshake_secret_->client_handshake_traffic_secret(hello_hash);
  server_handshake_secret_ = handshake_secret_->server_handshake_traffic_secret(hello_hash);
  core_.key_log("CLIENT_HANDSHAKE_TRAFFIC_SECRET", hello_.random, client_handshake_secret_);
  core_.key_log("SERVER_HANDSHAKE_TRAFFIC_SECRET", hello_.random, server_handshake_secret_);

  PARLEY_ASSIGN_OR_RETURN(auto decrypter,
                          make_tls13_decrypter(*hkdf_, suite_->aead, server_handshake_secret_));
  PARLEY_TRY(core_.set_decrypter(std::move(decrypter)));
  // The compatibility change_cipher_spec goes out unprotected, before any
  // record under the handshake keys.
  PARLEY_TRY(send_compatibility_ccs());
  // With early data in flight, the early keys stay until EncryptedExtensions
  // says whether the server took it.
  if (!early_data_in_flight()) {
    PARLEY_ASSIGN_OR_RETURN(auto encrypter,
                            make_tls13_encrypter(*hkdf_, suite_->aead, client_handshake_secret_));
    core_.set_encrypter(std::move(encrypter));
  }
  state_ = State::kWaitEncryptedExtensions;
  return {};
}

Status ClientHandshake::on_encrypted_extensions(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto ee, receive<codec::EncryptedExtensions>(message));
  const codec::EncryptedExtensionsSet& ext = ee.extensions;
  if (ext.server_name && !hello_.extensions.server_name)
    return unrequested_extension("server_name");
  // RFC 8449 4: the server has kept to our limit since our ClientHello.
  if (ext.record_size_limit) {
    PARLEY_TRY(use_record_size_limits(*ext.record_size_limit, /*tls13=*/true,
                                      /*counts_type_byte=*/true, /*including_current=*/true));
  }
  PARLEY_TRY(reject_unknown_extensions(ext.unknown));
  PARLEY_TRY(accept_alpn(ext.alpn));
  PARLEY_TRY(accept_early_data(ext));
  // RFC 8446 2.2: a resumed session authenticates with the PSK alone.
  state_ = resumed_ ? State::kWaitFinished : State::kWaitCertificateOrRequest;
  return {};
}

Status ClientHandshake::on_certificate_request(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto request, receive<codec::CertificateRequest13>(message));
  if (!request.extensions.signature_algorithms) {
    // RFC 8446 4.3.2
    return missing_extension("CertificateRequest without signature_algorithms");
  }
  if (!request.certificate_request_context.empty()) {
    // RFC 8446 4.3.2: zero length except in post-handshake authentication.
    return illegal_parameter("CertificateRequest with a context during the handshake");
  }
  certificate_request_ = std::move(request);
  state_ = State::kWaitCertificate;
  return {};
}

Status ClientHandshake::on_certificate(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto certificate,
                          receive_certificate13(message, hello_.extensions.compress_certificate));
  const std::string details = core_.tracing() ? codec::describe(certificate) : std::string();
  if (!certificate.certificate_request_context.empty()) {
    return illegal_parameter("server Certificate with a request context");  // RFC 8446 4.4.2
  }
  if (certificate.certificate_list.empty()) {
    return decode_error("server sent an empty Certificate");  // RFC 8446 4.4.2.4
  }
  std::vector<Bytes> chain;
  for (auto& entry : certificate.certificate_list) {
    PARLEY_TRY(accept_certificate_entry(entry.extensions, chain.empty()));
    chain.push_back(std::move(entry.cert_data));
  }
  trace_certificate(details, chain);
  PARLEY_ASSIGN_OR_RETURN(
      server_key_,
      verify_peer_chain(chain, config_->trust_anchors.get(), config_->insecure_skip_verification,
                        x509::KeyPurpose::kServerAuth, peer_name_, x509::LeafKeyUse::kSignature,
                        config_->verifier.get()));
  state_ = State::kWaitCertificateVerify;
  return check_ocsp_staple();
}

Status ClientHandshake::on_certificate_verify(const record::HandshakeMessage& message) {
  const Bytes hash = transcript_.current_hash();
  PARLEY_ASSIGN_OR_RETURN(auto verify, receive<codec::CertificateVerify>(message));
  PARLEY_TRY(verify_peer_signature(*server_key_, verify.scheme, tls13_signed_content(true, hash),
                                   verify.signature, kTls13, "server CertificateVerify"));
  server_key_.reset();  // handshake-only: an idle connection keeps no parsed key
  core_.mutable_info().signature_scheme = verify.scheme;
  state_ = State::kWaitFinished;
  return {};
}

Status ClientHandshake::on_finished(const record::HandshakeMessage& message) {
  const Bytes hash = transcript_.current_hash();
  PARLEY_ASSIGN_OR_RETURN(auto finished, receive<codec::Finished>(message, hkdf_->hash_size()));
  if (!hkdf_->verify_finished(server_handshake_secret_, hash, finished.verify_data)) {
    return make_error(ErrorKind::kCrypto, AlertDescription::kDecryptError,
                      "server Finished does not verify");  // RFC 8446 4.4.4
  }
  const Bytes server_finished_hash = transcript_.current_hash();
  MasterSecret master = std::move(*handshake_secret_).into_master();
  handshake_secret_.reset();
  Secret client_secret = master.client_application_traffic_secret(server_finished_hash);
  Secret server_secret = master.server_application_traffic_secret(server_finished_hash);
  core_.key_log("CLIENT_TRAFFIC_SECRET_0", hello_.random, client_secret);
  core_.key_log("SERVER_TRAFFIC_SECRET_0", hello_.random, server_secret);
  keep_exporter_secret(master, hello_.random, server_finished_hash);
  traffic_keys_.emplace(*hkdf_, suite_->aead, std::move(client_secret), std::move(server_secret));
  PARLEY_TRY(traffic_keys_->install_read(core_));

  PARLEY_TRY(finish_early_data());
  pending_master_.emplace(std::move(master));
  if (certificate_request_) return send_client_certificate();
  return finish_client_flight();
}

Status ClientHandshake::finish_client_flight() {
  MasterSecret master = std::move(*pending_master_);
  pending_master_.reset();
  codec::Finished ours{
      hkdf_->finished_verify_data(client_handshake_secret_, transcript_.current_hash())};
  PARLEY_TRY(send(ours));
  PARLEY_TRY(traffic_keys_->install_write(core_));
  if (config_->session_cache) {
    resumption_master_secret_ = master.resumption_master_secret(transcript_.current_hash());
    core_.trace_step("KeySchedule",
                     "master secret -> resumption_master_secret (over ClientHello..client "
                     "Finished): the PSKs of this connection's tickets");
  }
  client_handshake_secret_ = Secret();
  server_handshake_secret_ = Secret();
  state_ = State::kConnected;
  resend_rejected_early_data();
  return core_.on_handshake_complete();
}

Status ClientHandshake::send_client_certificate() {
  // RFC 8446 4.4.2: our chain, or an empty Certificate when we have none
  // that fits the server's signature schemes.
  codec::Certificate13 certificate;
  certificate.certificate_request_context = certificate_request_->certificate_request_context;
  const CertifiedKey* ours = config_->certificate.get();
  std::optional<SignatureScheme> scheme;
  if (ours != nullptr) {
    scheme = choose_signature_scheme(configured_signing_schemes(*config_),
                                     certificate_request_->extensions.signature_algorithms->schemes,
                                     *ours, kTls13);
  }
  if (scheme) {
    for (const auto& der : ours->chain()) certificate.certificate_list.push_back({der, {}});
  }
  Bytes flight;
  PARLEY_TRY(append_certificate13(
      certificate, ours,
      choose_compressor(*config_, certificate_request_->extensions.compress_certificate), flight));
  PARLEY_TRY(core_.send_handshake(flight));
  if (!scheme) return finish_client_flight();
  const Bytes content = tls13_signed_content(false, transcript_.current_hash());
  return sign_then(*ours, *scheme, kTls13, content, [this, scheme](Bytes signature) -> Status {
    PARLEY_TRY(send(codec::CertificateVerify{*scheme, std::move(signature)}));
    return finish_client_flight();
  });
}

Status ClientHandshake::on_post_handshake(const record::HandshakeMessage& message) {
  switch (message.type) {
    case HandshakeType::kNewSessionTicket:
      return on_new_session_ticket(message);
    case HandshakeType::kKeyUpdate:
      return traffic_keys_->on_key_update(core_, message);
    default:
      return unexpected(message.type, "connected");
  }
}

Status ClientHandshake::update_keys(bool request_peer_update) {
  return traffic_keys_->send_key_update(core_, request_peer_update
                                                   ? codec::KeyUpdateRequest::kUpdateRequested
                                                   : codec::KeyUpdateRequest::kUpdateNotRequested);
}

}  // namespace parley::handshake

// The TLS 1.3 half of the server (RFC 8446 A.2).
#include <algorithm>

#include "crypto/key_share.h"
#include "handshake/negotiation.h"
#include "handshake/server.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

namespace {

constexpr ProtocolVersion kTls13 = ProtocolVersion::kTls13;

const codec::KeyShareEntry* find_share(const codec::ClientHello& hello, NamedGroup group) {
  if (!hello.extensions.key_share) return nullptr;
  for (const auto& entry : hello.extensions.key_share->client_shares) {
    if (entry.group == group) return &entry;
  }
  return nullptr;
}

}  // namespace

Result<ServerHandshake::Choice> ServerHandshake::choose_tls13(
    const codec::ClientHello& hello, const record::HandshakeMessage& raw) const {
  const codec::ClientHelloExtensions& ext = hello.extensions;
  // RFC 8446 4.1.2: exactly the null compression method.
  if (hello.legacy_compression_methods != Bytes{0}) {
    return illegal_parameter("TLS 1.3 ClientHello offers compression");
  }
  // RFC 8446 9.2: certificate authentication needs signature_algorithms;
  // key_share and supported_groups come together.
  if (!ext.signature_algorithms)
    return missing_extension("ClientHello without signature_algorithms");
  if (!ext.supported_groups) return missing_extension("ClientHello without supported_groups");
  if (!ext.key_share) return missing_extension("ClientHello without key_share");
  if (ext.pre_shared_key && !ext.psk_key_exchange_modes) {
    return missing_extension("pre_shared_key without psk_key_exchange_modes");  // RFC 8446 4.2.9
  }

  Choice choice;
  PARLEY_ASSIGN_OR_RETURN(choice.suite, choose_suite(hello, kTls13));
  if (retry_suite_ != nullptr && choice.suite != retry_suite_) {
    return illegal_parameter("cipher suite changed after HelloRetryRequest");
  }
  PARLEY_ASSIGN_OR_RETURN(choice.alpn, choose_alpn(hello));
  PARLEY_ASSIGN_OR_RETURN(choice.psk, choose_psk(hello, raw, *choice.suite));
  // psk_ke needs no key share (RFC 8446 4.2.9) and so no HelloRetryRequest.
  if (choice.psk && choice.psk->psk_ke) {
    if (claim_stateful_ticket(*choice.psk)) {
      choice.psk->early_data =
          may_accept_early_data(*choice.psk, hello, *choice.suite, choice.alpn);
      return choice;
    }
    choice.psk.reset();
  }
  // A group the client sent a share for, in our order; otherwise our first
  // group the client supports, asked for with HelloRetryRequest.
  const std::vector<NamedGroup> ours = configured_groups(*config_);
  std::optional<NamedGroup> supported;
  for (NamedGroup group : ours) {
    if (!key_exchange_group(group) || !contains_group(ext.supported_groups->groups, group)) {
      continue;
    }
    if (const auto* share = find_share(hello, group)) {
      choice.group = group;
      choice.client_share = share;
      break;
    }
    if (!supported) supported = group;
  }
  if (choice.client_share == nullptr) {
    if (!supported) {
      return make_error(ErrorKind::kProtocol, AlertDescription::kHandshakeFailure,
                        "no key exchange group in common with the client");
    }
    if (retry_group_) {
      // RFC 8446 4.1.2: the second ClientHello must carry the share we asked for.
      return illegal_parameter("ClientHello after HelloRetryRequest lacks the requested share");
    }
    choice.group = *supported;
  } else if (retry_group_ && choice.group != *retry_group_) {
    return illegal_parameter("ClientHello after HelloRetryRequest changed the key share");
  }
  // RFC 8446 2.2: a resumed session authenticates with the PSK alone.
  if (choice.psk) {
    // After a HelloRetryRequest the second ClientHello claims the ticket.
    if (choice.client_share == nullptr) return choice;
    if (claim_stateful_ticket(*choice.psk)) {
      choice.psk->early_data =
          may_accept_early_data(*choice.psk, hello, *choice.suite, choice.alpn);
      return choice;
    }
    choice.psk.reset();
  }
  PARLEY_ASSIGN_OR_RETURN(auto certificate, choose_certificate(hello, kTls13));
  choice.certificate = certificate.first;
  choice.scheme = certificate.second;
  return choice;
}

bool ServerHandshake::contains_group(const std::vector<NamedGroup>& groups, NamedGroup group) {
  return std::find(groups.begin(), groups.end(), group) != groups.end();
}

Status ServerHandshake::handle_client_hello13(const codec::ClientHello& hello,
                                              const record::HandshakeMessage& raw) {
  PARLEY_ASSIGN_OR_RETURN(Choice choice, choose_tls13(hello, raw));
  core_.set_version(kTls13);
  client_takes_tickets13_ = accepts_our_psk_modes(hello);
  const bool psk_ke = choice.psk && choice.psk->psk_ke;
  if (choice.client_share == nullptr && !psk_ke) {
    return send_hello_retry_request(hello, choice, raw);
  }
  return send_server_flight(hello, choice, raw);
}

Status ServerHandshake::send_compatibility_ccs(const codec::ClientHello& hello) {
  // RFC 8446 D.4: only for a client in compatibility mode, and only once.
  if (hello.legacy_session_id.empty() || sent_compatibility_ccs_) return {};
  sent_compatibility_ccs_ = true;
  return core_.send_change_cipher_spec();
}

Status ServerHandshake::send_hello_retry_request(const codec::ClientHello& hello,
                                                 const Choice& choice,
                                                 const record::HandshakeMessage& raw) {
  retry_suite_ = choice.suite;
  retry_group_ = choice.group;
  // RFC 8446 4.4.1: ClientHello1 is replaced by its message_hash.
  PARLEY_TRY(transcript_.set_hash(choice.suite->hash));
  transcript_.add(raw.raw);
  PARLEY_TRY(transcript_.replace_with_message_hash());

  codec::ServerHello retry;
  retry.random = codec::kHelloRetryRequestRandom;
  retry.legacy_session_id_echo = hello.legacy_session_id;
  retry.cipher_suite = choice.suite->suite;
  retry.extensions.supported_versions = codec::SupportedVersionsServerHello{kTls13};
  retry.extensions.retry_key_share = codec::KeyShareHelloRetryRequest{choice.group};
  PARLEY_TRY(send(retry));
  PARLEY_TRY(send_compatibility_ccs(hello));
  core_.mutable_info().hello_retry_request = true;
  if (hello.extensions.early_data) {
    // RFC 8446 4.2.10: the client's early data is skipped up to its second
    // ClientHello.
    core_.mutable_info().early_data_offered = true;
    core_.skip_early_data(ConnectionCore::EarlyDataSkip::kUntilClientHello,
                          config_->max_early_data_size);
  }
  state_ = State::kWaitClientHelloAfterRetry;
  return {};
}

Status ServerHandshake::send_server_flight(const codec::ClientHello& hello, const Choice& choice,
                                           const record::HandshakeMessage& raw) {
  const CipherSuiteInfo& suite = *choice.suite;
  std::optional<crypto::ServerKeyShare> key_share;
  Secret shared;  // empty for psk_ke
  if (choice.client_share != nullptr) {
    PARLEY_ASSIGN_OR_RETURN(
        key_share, crypto::answer_key_share(core_.provider(), *key_exchange_group(choice.group),
                                            choice.client_share->key_exchange));
    shared = std::move(key_share->shared_secret);
  }
  if (!transcript_.has_hash()) PARLEY_TRY(transcript_.set_hash(suite.hash));
  transcript_.add(raw.raw);

  SessionInfo& info = core_.mutable_info();
  info.version = kTls13;
  info.cipher_suite = suite.suite;
  if (key_share) info.group = choice.group;
  if (!choice.psk) info.signature_scheme = choice.scheme;
  info.alpn_protocol = choice.alpn;
  if (choice.psk) note_resumption(*choice.psk);

  codec::ServerHello server_hello;
  core_.provider().public_random(server_hello.random);
  server_hello.legacy_session_id_echo = hello.legacy_session_id;
  server_hello.cipher_suite = suite.suite;
  server_hello.extensions.supported_versions = codec::SupportedVersionsServerHello{kTls13};
  if (key_share) {
    server_hello.extensions.key_share =
        codec::KeyShareServerHello{codec::KeyShareEntry{choice.group, std::move(key_share->share)}};
  }
  if (choice.psk) {
    server_hello.extensions.pre_shared_key = codec::PreSharedKeyServerHello{choice.psk->identity};
  }
  hkdf_.emplace(core_.provider(), suite.hash);
  EarlySecret early = choice.psk ? EarlySecret::with_psk(*hkdf_, choice.psk->state.secret)
                                 : EarlySecret::without_psk(*hkdf_);
  PARLEY_TRY(start_early_data(hello, choice, early));  // over the ClientHello alone
  if (shape_server_hello_for_testing) shape_server_hello_for_testing(server_hello);
  PARLEY_TRY(send(server_hello));
  PARLEY_TRY(send_compatibility_ccs(hello));

  HandshakeSecret handshake_secret = std::move(early).into_handshake(shared);
  const Bytes hello_hash = transcript_.current_hash();
  client_handshake_secret_ = handshake_secret.client_handshake_traffic_secret(hello_hash);
  const Secret server_handshake_secret =
      handshake_secret.server_handshake_traffic_secret(hello_hash);
  core_.key_log("CLIENT_HANDSHAKE_TRAFFIC_SECRET", hello.random, client_handshake_secret_);
  core_.key_log("SERVER_HANDSHAKE_TRAFFIC_SECRET", hello.random, server_handshake_secret);
  PARLEY_ASSIGN_OR_RETURN(auto encrypter,
                          make_tls13_encrypter(*hkdf_, suite.aead, server_handshake_secret));
  core_.set_encrypter(std::move(encrypter));
  const bool early_data = choice.psk && choice.psk->early_data;
  if (!early_data) {  // otherwise the early keys read until EndOfEarlyData
    PARLEY_ASSIGN_OR_RETURN(auto decrypter,
                            make_tls13_decrypter(*hkdf_, suite.aead, client_handshake_secret_));
    PARLEY_TRY(core_.set_decrypter(std::move(decrypter)));
  }

  codec::EncryptedExtensions extensions;
  if (!choice.alpn.empty()) extensions.extensions.alpn = codec::SelectedProtocol{choice.alpn};
  if (hello.extensions.record_size_limit) {
    // RFC 8449 4: 0-RTT data was sent before the client knew our limit.
    extensions.extensions.record_size_limit = codec::RecordSizeLimit{our_record_size_limit(true)};
    PARLEY_TRY(use_record_size_limits(*hello.extensions.record_size_limit, /*tls13=*/true,
                                      /*counts_type_byte=*/true,
                                      /*including_current=*/!early_data));
  }
  if (early_data) extensions.extensions.early_data = codec::EmptyExtension{};
  if (shape_extensions_for_testing) shape_extensions_for_testing(extensions);
  // The encrypted flight, EncryptedExtensions..Finished, in as few records
  // as the fragment size allows (as RFC 8448 shows it).
  Bytes flight;
  PARLEY_TRY(append(extensions, flight));
  if (!choice.psk) PARLEY_TRY(append_authentication(choice, flight));
  PARLEY_TRY(append(codec::Finished{hkdf_->finished_verify_data(server_handshake_secret,
                                                                transcript_.current_hash())},
                    flight));
  PARLEY_TRY(core_.send_handshake(flight));

  // The application secrets follow the server Finished (RFC 8446 7.1); the
  // client's are installed for reading once its Finished verifies.
  const Bytes server_finished_hash = transcript_.current_hash();
  MasterSecret master = std::move(handshake_secret).into_master();
  Secret client_secret = master.client_application_traffic_secret(server_finished_hash);
  Secret server_secret = master.server_application_traffic_secret(server_finished_hash);
  core_.key_log("CLIENT_TRAFFIC_SECRET_0", hello.random, client_secret);
  core_.key_log("SERVER_TRAFFIC_SECRET_0", hello.random, server_secret);
  keep_exporter_secret(master, hello.random, server_finished_hash);
  traffic_keys_.emplace(*hkdf_, suite.aead, std::move(server_secret), std::move(client_secret));
  PARLEY_TRY(traffic_keys_->install_write(core_));
  master_secret_.emplace(std::move(master));
  if (early_data) {
    state_ = State::kWaitEndOfEarlyData;
  } else if (!choice.psk && config_->client_auth != ClientAuth::kNone) {
    state_ = State::kWaitClientCertificate;
  } else {
    state_ = State::kWaitClientFinished;
  }
  return {};
}

Status ServerHandshake::append_authentication(const Choice& choice, Bytes& flight) {
  if (config_->client_auth != ClientAuth::kNone) {
    codec::CertificateRequest13 request;
    request.extensions.signature_algorithms =
        codec::SignatureSchemeList{configured_signature_schemes(*config_)};
    PARLEY_TRY(append(request, flight));
  }
  codec::Certificate13 certificate;
  for (const auto& der : choice.certificate->chain()) {
    certificate.certificate_list.push_back({der, {}});
  }
  PARLEY_TRY(append(certificate, flight));
  const Bytes content = tls13_signed_content(true, transcript_.current_hash());
  PARLEY_ASSIGN_OR_RETURN(Bytes signature,
                          x509::private_key(*choice.certificate)
                              .sign(signature_scheme_info(choice.scheme)->algorithm, content));
  return append(codec::CertificateVerify{choice.scheme, std::move(signature)}, flight);
}

Status ServerHandshake::on_client_certificate(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto certificate, receive_certificate<codec::Certificate13>(message));
  const std::string details = core_.tracing() ? codec::describe(certificate) : std::string();
  if (!certificate.certificate_request_context.empty()) {
    return illegal_parameter("client Certificate with a context we did not send");
  }
  if (certificate.certificate_list.empty()) {
    if (config_->client_auth == ClientAuth::kRequired) {
      // RFC 8446 4.4.2.4
      return x509::certificate_error(CertificateFailure::kNoCertificate,
                                     AlertDescription::kCertificateRequired,
                                     "client sent no certificate, and one is required");
    }
    state_ = State::kWaitClientFinished;
    return {};
  }
  std::vector<Bytes> chain;
  for (auto& entry : certificate.certificate_list) chain.push_back(std::move(entry.cert_data));
  trace_certificate(details, chain);
  PARLEY_ASSIGN_OR_RETURN(client_key_,
                          verify_peer_chain(chain, config_->client_trust_anchors.get(),
                                            config_->insecure_skip_client_verification,
                                            x509::KeyPurpose::kClientAuth, std::nullopt));
  state_ = State::kWaitClientCertificateVerify;
  return {};
}

Status ServerHandshake::on_client_certificate_verify(const record::HandshakeMessage& message) {
  const Bytes hash = transcript_.current_hash();
  PARLEY_ASSIGN_OR_RETURN(auto verify, receive<codec::CertificateVerify>(message));
  PARLEY_TRY(verify_peer_signature(*client_key_, verify.scheme, tls13_signed_content(false, hash),
                                   verify.signature, kTls13, "client CertificateVerify"));
  state_ = State::kWaitClientFinished;
  return {};
}

Status ServerHandshake::on_client_finished(const record::HandshakeMessage& message) {
  const Bytes hash = transcript_.current_hash();
  PARLEY_ASSIGN_OR_RETURN(auto finished, receive<codec::Finished>(message, hkdf_->hash_size()));
  if (!hkdf_->verify_finished(client_handshake_secret_, hash, finished.verify_data)) {
    return make_error(ErrorKind::kCrypto, AlertDescription::kDecryptError,
                      "client Finished does not verify");  // RFC 8446 4.4.4
  }
  client_handshake_secret_ = Secret();
  PARLEY_TRY(traffic_keys_->install_read(core_));
  state_ = State::kConnected;
  PARLEY_TRY(send_session_tickets());
  return core_.on_handshake_complete();
}

}  // namespace parley::handshake

// The client's side of TLS 1.3 resumption and 0-RTT (RFC 8446 2.2, 2.3,
// 4.2.10, 4.2.11, 4.6.1): choosing a cached session, the PSK binder, early
// data under the early keys, EndOfEarlyData, and caching the tickets the
// server sends.
#include <algorithm>

#include "handshake/client.h"
#include "handshake/negotiation.h"

namespace parley::handshake {

namespace {

constexpr ProtocolVersion kTls13 = ProtocolVersion::kTls13;
constexpr uint32_t kMaxTicketLifetime = 7 * 24 * 3600;  // RFC 8446 4.6.1

bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

}  // namespace

void ClientHandshake::load_session() {
  if (!config_->session_cache) return;
  const int64_t now = core_.now();
  const std::vector<CipherSuite> suites = configured_cipher_suites(*config_);
  // Expired or unusable sessions are dropped on the way to a usable one.
  while (auto taken = config_->session_cache->take(session_key_)) {
    Secret encoded(std::move(*taken));
    auto state = session::SessionState::decode(encoded);
    if (!state.ok() || !contains(config_->versions, state->version) || state->expired(now) ||
        state->server_name != server_name_ || !contains(suites, state->cipher_suite) ||
        find_cipher_suite(state->cipher_suite) == nullptr) {
      continue;
    }
    // RFC 7627 5.3: only extended master secret sessions resume in TLS 1.2.
    if (state->version == ProtocolVersion::kTls12 && !state->extended_master_secret) continue;
    if (state->version == ProtocolVersion::kTls12) offered_encoding12_ = std::move(encoded);
    offered_ = std::move(*state);
    return;
  }
}

void ClientHandshake::offer_session(codec::ClientHello& hello, bool first_hello) const {
  if (!offered_ || offered_->version != kTls13) return;
  const CipherSuiteInfo& suite = *find_cipher_suite(offered_->cipher_suite);
  // RFC 8446 4.1.4: after HelloRetryRequest, only a PSK whose hash matches
  // the suite the server chose.
  if (suite_ != nullptr && suite_->hash != suite.hash) return;
  codec::ClientHelloExtensions& ext = hello.extensions;
  // RFC 8446 4.2.11.1: the age in milliseconds plus ticket_age_add, mod 2^32.
  const auto age_ms = static_cast<uint32_t>((core_.now() - offered_->issued_at) * 1000);
  codec::OfferedPsks psks;
  psks.identities.push_back({offered_->ticket, age_ms + offered_->age_add});
  psks.binders.emplace_back(crypto::hash_size(suite.hash), 0);  // filled by send_hello()
  ext.pre_shared_key = std::move(psks);
  // RFC 8446 4.2.10: early data only in the first ClientHello, only with the
  // session's suite and ALPN intact.
  if (first_hello && wants_early_data() && offered_->max_early_data > 0) {
    ext.early_data = codec::EmptyExtension{};
  }
}

Status ClientHandshake::send_hello() {
  if (!hello_.extensions.pre_shared_key) return send(hello_);
  const CipherSuiteInfo& suite = *find_cipher_suite(offered_->cipher_suite);
  PARLEY_ASSIGN_OR_RETURN(Bytes draft, codec::encode_handshake(hello_));
  const ByteView prefix = hello_.binders_prefix(draft);
  // RFC 8446 4.2.11.2: after HelloRetryRequest the binder also covers
  // ClientHello1 (as message_hash) and the HelloRetryRequest.
  const Bytes binder_hash = transcript_.has_hash()
                                ? transcript_.hash_with(prefix)
                                : crypto::hash(core_.provider(), suite.hash, prefix);
  psk_early_secret_.emplace(
      EarlySecret::with_psk(Tls13Hkdf(core_.provider(), suite.hash), offered_->secret));
  hello_.extensions.pre_shared_key->binders.front() =
      psk_early_secret_->psk_binder(PskKind::kResumption, binder_hash);
  core_.mutable_info().psk_offered = true;
  if (core_.tracing()) {
    core_.trace(true, "PSK",
                "offering a ticket of " + std::to_string(offered_->ticket.size()) + " bytes for " +
                    std::string(codec::cipher_suite_name(suite.suite)));
  }
  return send(hello_);
}

Status ClientHandshake::start_early_data() {
  const CipherSuiteInfo& suite = *find_cipher_suite(offered_->cipher_suite);
  // RFC 8446 D.4: the compatibility change_cipher_spec precedes any
  // protected record.
  PARLEY_TRY(send_compatibility_ccs());
  const Bytes hello_hash = crypto::hash(core_.provider(), suite.hash, transcript_.messages());
  client_early_secret_ = psk_early_secret_->client_early_traffic_secret(hello_hash);
  core_.key_log("CLIENT_EARLY_TRAFFIC_SECRET", hello_.random, client_early_secret_);
  PARLEY_ASSIGN_OR_RETURN(auto encrypter, make_tls13_encrypter(psk_early_secret_->hkdf(),
                                                               suite.aead, client_early_secret_));
  core_.set_encrypter(std::move(encrypter));
  early_data_open_ = true;
  core_.mutable_info().early_data_offered = true;
  // Bounded memory: a copy of what was sent is kept until the server answers.
  core_.open_early_data(
      std::min<size_t>(offered_->max_early_data, config_->max_buffered_plaintext));
  return {};
}

Status ClientHandshake::early_data_rejected() {
  early_data_open_ = false;
  core_.reject_early_data();
  if (core_.tracing()) {
    core_.trace(false, "EarlyData",
                "rejected; " + std::to_string(core_.info().early_data_rejected_bytes) +
                    " bytes not delivered");
  }
  client_early_secret_ = Secret();
  if (handshake_secret_) {
    PARLEY_ASSIGN_OR_RETURN(auto encrypter,
                            make_tls13_encrypter(*hkdf_, suite_->aead, client_handshake_secret_));
    core_.set_encrypter(std::move(encrypter));
  } else {
    // HelloRetryRequest: the second ClientHello goes in the clear.
    core_.set_encrypter(std::make_unique<record::NullEncrypter>(record::kRecordVersionTls12));
  }
  return {};
}

Status ClientHandshake::accept_psk(const codec::ServerHello& hello, const CipherSuiteInfo& suite) {
  if (!hello_.extensions.pre_shared_key) {
    return illegal_parameter("server accepted a PSK we did not offer");
  }
  if (hello.extensions.pre_shared_key->selected_identity != 0) {
    return illegal_parameter("server selected a PSK identity we did not offer");  // 4.2.11
  }
  if (find_cipher_suite(offered_->cipher_suite)->hash != suite.hash) {
    return illegal_parameter("server resumed with a suite of another hash");  // 4.2.11
  }
  resumed_ = true;
  SessionInfo& info = core_.mutable_info();
  info.resumed = true;
  // The session's peer is the one authenticated when it was made.
  info.peer_certificates = offered_->peer_certificates;
  if (core_.tracing()) core_.trace(false, "PSK", "accepted, session resumed");
  return {};
}

Status ClientHandshake::accept_early_data(const codec::EncryptedExtensionsSet& ext) {
  if (ext.early_data && !early_data_in_flight()) return unrequested_extension("early_data");
  if (!early_data_in_flight()) return {};
  if (!ext.early_data) return early_data_rejected();
  // RFC 8446 4.2.10: early data is accepted only with the first PSK, and was
  // sent under the session's cipher suite and ALPN.
  if (!resumed_) return illegal_parameter("server accepted early data without our PSK");
  if (core_.info().cipher_suite != offered_->cipher_suite) {
    return illegal_parameter("server accepted early data under another cipher suite");
  }
  if (core_.info().alpn_protocol != offered_->alpn) {
    return illegal_parameter("server accepted early data under another ALPN protocol");
  }
  core_.mutable_info().early_data_accepted = true;
  if (core_.tracing()) core_.trace(false, "EarlyData", "accepted");
  return {};
}

Status ClientHandshake::finish_early_data() {
  if (!early_data_in_flight()) return {};
  // RFC 8446 4.5: EndOfEarlyData under the early keys, then the handshake keys.
  PARLEY_TRY(send(codec::EndOfEarlyData{}));
  early_data_open_ = false;
  core_.close_early_data();
  client_early_secret_ = Secret();
  PARLEY_ASSIGN_OR_RETURN(auto encrypter,
                          make_tls13_encrypter(*hkdf_, suite_->aead, client_handshake_secret_));
  core_.set_encrypter(std::move(encrypter));
  return {};
}

void ClientHandshake::resend_rejected_early_data() {
  const size_t rejected = core_.info().early_data_rejected_bytes;
  if (rejected == 0 || !resend_rejected_early_data_) return;
  // RFC 8446 4.2.10: never automatically under another ALPN protocol.
  if (core_.info().alpn_protocol != offered_->alpn) return;
  core_.resend_rejected_early_data();
  if (core_.tracing()) {
    core_.trace(true, "EarlyData", std::to_string(rejected) + " rejected bytes sent again");
  }
}

Status ClientHandshake::on_new_session_ticket(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto ticket, codec::NewSessionTicket13::decode(message.body));
  if (core_.tracing()) core_.trace(false, "NewSessionTicket", codec::describe(ticket));
  // RFC 8446 4.6.1: a zero lifetime means "do not use".
  if (!config_->session_cache || resumption_master_secret_.empty() || ticket.ticket_lifetime == 0) {
    return {};
  }
  const SessionInfo& info = core_.info();
  session::SessionState state;
  state.version = kTls13;
  state.cipher_suite = suite_->suite;
  state.secret = hkdf_->resumption_psk(resumption_master_secret_, ticket.ticket_nonce);
  state.issued_at = core_.now();
  state.lifetime = std::min(ticket.ticket_lifetime, kMaxTicketLifetime);
  state.age_add = ticket.ticket_age_add;
  state.max_early_data =
      ticket.extensions.early_data ? ticket.extensions.early_data->max_early_data_size : 0;
  state.server_name = server_name_;
  state.alpn = info.alpn_protocol;
  state.peer_certificates = info.peer_certificates;
  state.ticket = std::move(ticket.ticket);
  const crypto::Secret encoded = state.encode();
  config_->session_cache->put(session_key_, Bytes(encoded.view().begin(), encoded.view().end()));
  return {};
}

}  // namespace parley::handshake

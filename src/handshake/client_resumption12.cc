// The client's side of TLS 1.2 resumption (RFC 5246 7.3, RFC 5077, RFC 7627
// 5.3): offering a cached session by ticket or ID, the abbreviated
// handshake, and caching what the server gives a new session.
#include "handshake/client.h"

namespace parley::handshake {

namespace {

constexpr ProtocolVersion kTls12 = ProtocolVersion::kTls12;
constexpr size_t kSessionIdSize = 32;
constexpr uint32_t kDefaultLifetime = 7200;  // when the server gives no hint

}  // namespace

void ClientHandshake::offer_session12(codec::ClientHello& hello) const {
  if (!config_->session_cache) return;
  const bool offering = offered_ && offered_->version == kTls12;
  // RFC 5077 3.2: an empty session_ticket asks for a ticket.
  hello.extensions.session_ticket = codec::SessionTicket{offering ? offered_->ticket : Bytes()};
  if (!offering) return;
  if (!offered_->session_id.empty()) {
    hello.legacy_session_id = offered_->session_id;
  } else if (hello.legacy_session_id.empty()) {
    // RFC 5077 3.4: with a ticket, an ID of our own shows whether the server
    // resumed (it echoes it).
    hello.legacy_session_id.resize(kSessionIdSize);
    core_.provider().public_random(hello.legacy_session_id);
  }
}

bool ClientHandshake::resumes12(const codec::ServerHello& hello) const {
  return offered_ && offered_->version == kTls12 && !hello_.legacy_session_id.empty() &&
         hello.legacy_session_id_echo == hello_.legacy_session_id;
}

Status ClientHandshake::resume_tls12(const codec::ServerHello& hello) {
  // RFC 5246 7.4.1.3: the resumed session's suite.
  if (hello.cipher_suite != offered_->cipher_suite) {
    return illegal_parameter("server resumed the session with another cipher suite");
  }
  // RFC 7627 5.3: "the client MUST abort the handshake".
  SessionInfo& info = core_.mutable_info();
  if (!info.extended_master_secret) {
    return handshake_failure("server resumed an extended master secret session without EMS");
  }
  resume_master_secret(offered_->secret, hello_.random, server_random_);
  resumed_ = true;
  info.resumed = true;
  info.peer_certificates = offered_->peer_certificates;  // who the session was with
  if (core_.tracing()) core_.trace(false, "Session", "the server resumes our TLS 1.2 session");
  state_ = State::kWaitChangeCipherSpecResumed12;
  return {};
}

Status ClientHandshake::on_new_session_ticket12(const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto ticket, receive<codec::NewSessionTicket12>(message));
  new_session_ticket_promised12_ = false;
  // RFC 5077 3.3 forbids one we did not ask for; it is in the transcript
  // and otherwise ignored.
  if (!hello_.extensions.session_ticket) return {};
  ticket12_ = std::move(ticket.ticket);
  ticket_lifetime12_ = ticket.ticket_lifetime_hint;
  return {};
}

Status ClientHandshake::on_finished_resumed12(const record::HandshakeMessage& message) {
  PARLEY_TRY(receive_finished(message));
  PARLEY_TRY(send_change_cipher_spec_and_finished());
  save_session12();
  state_ = State::kConnected;
  resend_rejected_early_data();
  return core_.on_handshake_complete();
}

void ClientHandshake::save_session12() {
  if (!config_->session_cache || !core_.info().extended_master_secret) return;
  if (resumed_ && ticket12_.empty()) {
    // The same session again (RFC 5246 7.4.1.2 IDs are reusable), expiring
    // when it first would have: back into the cache as it came out.
    const ByteView encoding = offered_encoding12_.view();
    config_->session_cache->put(session_key_, Bytes(encoding.begin(), encoding.end()));
    return;
  }
  session::SessionState state =
      session_state12(ticket_lifetime12_ != 0 ? ticket_lifetime12_ : kDefaultLifetime);
  state.server_name = server_name_;
  if (!ticket12_.empty()) {
    state.ticket = std::move(ticket12_);
  } else if (!session_id12_.empty()) {
    state.session_id = std::move(session_id12_);
  } else {
    return;  // the server made the session unresumable
  }
  const crypto::Secret encoded = state.encode();
  config_->session_cache->put(session_key_, Bytes(encoded.view().begin(), encoded.view().end()));
}

}  // namespace parley::handshake

// The server's side of TLS 1.2 resumption (RFC 5246 7.3 abbreviated
// handshake, RFC 5077 session tickets under the same ticket keys as TLS 1.3,
// RFC 7627 5.3 extended master secret rules): finding the session a
// ClientHello names, the abbreviated flight, and making a full handshake's
// session resumable.
#include <algorithm>

#include "handshake/negotiation.h"
#include "handshake/server.h"

namespace parley::handshake {

namespace {

constexpr ProtocolVersion kTls12 = ProtocolVersion::kTls12;
constexpr uint32_t kSessionIdLifetime = 7200;  // seconds, for the session store
constexpr size_t kSessionIdSize = 32;

bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::optional<session::SessionState> decode_wiped(std::optional<Bytes> encoded) {
  if (!encoded) return std::nullopt;
  auto state = session::SessionState::decode(*encoded);
  secure_wipe(encoded->data(), encoded->size());
  if (!state.ok()) return std::nullopt;
  return std::move(*state);
}

}  // namespace

Result<std::optional<session::SessionState>> ServerHandshake::find_session12(
    const codec::ClientHello& hello, bool extended) const {
  using Found = std::optional<session::SessionState>;
  const int64_t now = core_.now();
  Found state;
  const auto& ticket = hello.extensions.session_ticket;
  if (ticket && !ticket->ticket.empty() && config_->ticketer) {
    state = decode_wiped(config_->ticketer->open(ticket->ticket, now));  // RFC 5077 3.4
  }
  if (!state && !hello.legacy_session_id.empty() && config_->session_store) {
    state = decode_wiped(config_->session_store->get(hello.legacy_session_id, now));
  }
  if (!state) return Found();
  const std::string server_name =
      hello.extensions.server_name ? hello.extensions.server_name->host_name : std::string();
  // The session's suite, offered again and still enabled, for this name.
  if (state->version != kTls12 || state->expired(now) || state->server_name != server_name ||
      !contains(hello.cipher_suites, state->cipher_suite) ||
      !contains(configured_cipher_suites(*config_), state->cipher_suite)) {
    return Found();
  }
  if (state->extended_master_secret && !extended) {
    // RFC 7627 5.3: "MUST abort the abbreviated handshake".
    return handshake_failure("ClientHello resumes an extended master secret session without EMS");
  }
  // RFC 7627 5.3: a session without EMS is not resumed (a full handshake
  // follows); parley issues none, but a store may hold another's.
  if (!state->extended_master_secret) return Found();
  return state;
}

Status ServerHandshake::resume12(const codec::ClientHello& hello,
                                 const record::HandshakeMessage& raw, session::SessionState state,
                                 bool extended) {
  Choice12 choice;
  choice.suite = find_cipher_suite(state.cipher_suite);
  PARLEY_ASSIGN_OR_RETURN(choice.alpn, choose_alpn(hello));
  PARLEY_TRY(begin_tls12(*choice.suite, Transcript::Buffer::kDiscard));
  transcript_.add(raw.raw);
  client_random_ = hello.random;
  SessionInfo& info = core_.mutable_info();
  info.extended_master_secret = extended;
  info.alpn_protocol = choice.alpn;
  info.resumed = true;
  info.peer_certificates = std::move(state.peer_certificates);  // the session's client
  if (core_.tracing()) core_.trace(false, "Session", "resuming a TLS 1.2 session");
  issue_ticket12_ = renews_ticket12(hello, state);
  PARLEY_TRY(send_server_hello12(hello, choice, /*resuming=*/true));
  // RFC 5246 7.3: the server's ChangeCipherSpec and Finished come first
  // (after the renewed ticket, RFC 5077 3.3).
  resume_master_secret(state.secret, client_random_, server_random_);
  PARLEY_TRY(save_session12());
  PARLEY_TRY(send_change_cipher_spec_and_finished());
  state_ = State::kWaitChangeCipherSpecResumed12;
  return {};
}

// RFC 5077 3.3: a resumed session may get a new ticket. Ours get one once
// past half their lifetime, so that a session in use moves on to the
// current ticket key before the one that sealed it is dropped.
bool ServerHandshake::renews_ticket12(const codec::ClientHello& hello,
                                      const session::SessionState& state) const {
  if (!hello.extensions.session_ticket || !config_->ticketer || config_->session_tickets == 0) {
    return false;
  }
  return core_.now() - state.issued_at >= int64_t{state.lifetime} / 2;
}

void ServerHandshake::plan_resumption12(const codec::ClientHello& hello,
                                        codec::ServerHello& server_hello) {
  // Only extended master secret sessions are resumable (RFC 7627 5.3).
  if (!core_.info().extended_master_secret) return;
  if (hello.extensions.session_ticket && config_->ticketer && config_->session_tickets > 0) {
    // RFC 5077 3.2: an empty session_ticket promises a NewSessionTicket.
    server_hello.extensions.session_ticket = codec::EmptyExtension{};
    issue_ticket12_ = true;
  } else if (config_->session_store) {
    session_id12_.resize(kSessionIdSize);
    core_.provider().public_random(session_id12_);
    server_hello.legacy_session_id_echo = session_id12_;
  }
}

Status ServerHandshake::save_session12() {
  if (issue_ticket12_) {
    const uint32_t lifetime = config_->ticketer->lifetime_seconds();
    std::optional<Bytes> ticket =
        config_->ticketer->seal(session_state12(lifetime).encode(), core_.now());
    // RFC 5077 3.3: having promised a ticket, an empty one says "none".
    return send(codec::NewSessionTicket12{lifetime, ticket ? std::move(*ticket) : Bytes()});
  }
  if (!session_id12_.empty()) {
    const crypto::Secret encoded = session_state12(kSessionIdLifetime).encode();
    config_->session_store->put(session_id12_, Bytes(encoded.view().begin(), encoded.view().end()),
                                core_.now() + kSessionIdLifetime);
  }
  return {};
}

Status ServerHandshake::on_client_finished_resumed12(const record::HandshakeMessage& message) {
  PARLEY_TRY(receive_finished(message));
  state_ = State::kConnected;
  return core_.on_handshake_complete();
}

}  // namespace parley::handshake

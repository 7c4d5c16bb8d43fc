// The server's side of TLS 1.3 resumption and 0-RTT (RFC 8446 2.2, 4.2.10,
// 4.2.11, 4.6.1, 8): which offered PSK to accept, whether to take early
// data, EndOfEarlyData, and the NewSessionTickets it issues.
#include <algorithm>

#include "handshake/negotiation.h"
#include "handshake/server.h"

namespace parley::handshake {

namespace {

constexpr ProtocolVersion kTls13 = ProtocolVersion::kTls13;
// Offered identities tried at most; each costs a ticket decryption.
constexpr size_t kMaxIdentitiesTried = 4;
constexpr size_t kMaxTicketsPerHandshake = 16;
// A stateful ticket is a random session store key; a sealed one is longer
// (key name, nonce and tag around the state).
constexpr size_t kStatefulTicketSize = 32;
constexpr uint32_t kDefaultTicketLifetime = 7200;  // seconds, without a ticketer
// RFC 8446 8.3 freshness window when no replay cache says otherwise.
constexpr uint32_t kDefaultFreshnessWindow = 10;

bool contains(const auto& list, const auto& value) {
  return std::find(list.begin(), list.end(), value) != list.end();
}

std::string server_name_of(const codec::ClientHello& hello) {
  return hello.extensions.server_name ? hello.extensions.server_name->host_name : std::string();
}

}  // namespace

bool ServerHandshake::issues_stateful_tickets() const {
  return config_->stateful_tickets && config_->session_store;
}

uint32_t ServerHandshake::ticket_lifetime() const {
  return config_->ticketer ? config_->ticketer->lifetime_seconds() : kDefaultTicketLifetime;
}

std::optional<session::SessionState> ServerHandshake::open_ticket(ByteView ticket,
                                                                  int64_t now) const {
  std::optional<Bytes> opened;
  if (ticket.size() == kStatefulTicketSize) {
    if (config_->session_store) opened = config_->session_store->get(ticket, now);
  } else if (config_->ticketer) {
    opened = config_->ticketer->open(ticket, now);
  }
  if (!opened) return std::nullopt;
  auto state = session::SessionState::decode(*opened);
  secure_wipe(opened->data(), opened->size());
  if (!state.ok()) return std::nullopt;
  return std::move(*state);
}

bool ServerHandshake::may_resume(const session::SessionState& state,
                                 const codec::ClientHello& hello, const CipherSuiteInfo& suite,
                                 uint32_t client_age_ms, int64_t now) const {
  if (state.version != kTls13 || state.expired(now)) return false;
  // RFC 8446 4.2.11: only with a suite of the same hash.
  const CipherSuiteInfo* original = find_cipher_suite(state.cipher_suite);
  if (original == nullptr || original->hash != suite.hash) return false;
  // RFC 8446 4.6.1 / 4.2.11: the session was for this server name.
  if (state.server_name != server_name_of(hello)) return false;
  // The client's view of the ticket's age must fit its lifetime (with the
  // freshness window for clock differences).
  const uint64_t limit_ms = (uint64_t{state.lifetime} +
                             (config_->anti_replay ? config_->anti_replay->window_seconds() : 0)) *
                            1000;
  return client_age_ms <= limit_ms;
}

// RFC 8446 4.2.9: psk_dhe_ke, or psk_ke when configured. A client that
// lists neither (or sends no psk_key_exchange_modes) can resume with none of
// our tickets, so it gets none (servers SHOULD NOT send incompatible ones).
bool ServerHandshake::accepts_our_psk_modes(const codec::ClientHello& hello) const {
  const auto& modes = hello.extensions.psk_key_exchange_modes;
  if (!modes) return false;
  return contains(modes->modes, codec::PskKeyExchangeMode::kPskDheKe) ||
         (config_->allow_psk_ke && contains(modes->modes, codec::PskKeyExchangeMode::kPskKe));
}

Result<std::optional<ServerHandshake::AcceptedPsk>> ServerHandshake::choose_psk(
    const codec::ClientHello& hello, const record::HandshakeMessage& raw,
    const CipherSuiteInfo& suite) const {
  using Accepted = std::optional<AcceptedPsk>;
  const codec::ClientHelloExtensions& ext = hello.extensions;
  if (!ext.pre_shared_key || (!config_->ticketer && !config_->session_store)) return Accepted();
  // RFC 8446 4.2.9: psk_dhe_ke preferred; psk_ke only when configured.
  if (!accepts_our_psk_modes(hello)) return Accepted();
  const bool dhe_ke =
      contains(ext.psk_key_exchange_modes->modes, codec::PskKeyExchangeMode::kPskDheKe);
  const int64_t now = core_.now();
  const auto& offered = *ext.pre_shared_key;
  const size_t tried = std::min(offered.identities.size(), kMaxIdentitiesTried);
  for (size_t i = 0; i < tried; ++i) {
    const codec::PskIdentity& identity = offered.identities[i];
    // Not ours, an old key's, tampered, expired or for elsewhere: a full
    // handshake, never an error.
    std::optional<session::SessionState> state = open_ticket(identity.identity, now);
    if (!state) continue;
    const uint32_t client_age_ms = identity.obfuscated_ticket_age - state->age_add;
    if (!may_resume(*state, hello, suite, client_age_ms, now)) continue;
    // RFC 8446 4.2.11.2: the binder over the ClientHello up to the binders
    // (after HelloRetryRequest, over the whole transcript so far).
    const ByteView prefix = hello.binders_prefix(raw.raw);
    const Bytes binder_hash = transcript_.has_hash()
                                  ? transcript_.hash_with(prefix)
                                  : crypto::hash(core_.provider(), suite.hash, prefix);
    const EarlySecret early =
        EarlySecret::with_psk(Tls13Hkdf(core_.provider(), suite.hash), state->secret);
    if (!early.verify_psk_binder(PskKind::kResumption, binder_hash, offered.binders[i])) {
      return make_error(ErrorKind::kCrypto, AlertDescription::kDecryptError,
                        "PSK binder does not verify");
    }
    AcceptedPsk psk;
    psk.state = std::move(*state);
    psk.identity = static_cast<uint16_t>(i);
    psk.psk_ke = !dhe_ke;
    psk.binder = offered.binders[i];
    psk.client_age_ms = client_age_ms;
    if (identity.identity.size() == kStatefulTicketSize) psk.stateful_id = identity.identity;
    return Accepted(std::move(psk));
  }
  return Accepted();
}

bool ServerHandshake::may_accept_early_data(const AcceptedPsk& psk, const codec::ClientHello& hello,
                                            const CipherSuiteInfo& suite,
                                            const std::string& alpn) const {
  // RFC 8446 4.2.10: the first identity, the session's suite and ALPN, the
  // first ClientHello; and only with a replay defence (RFC 8446 8): a
  // single-use (stateful) ticket or the replay cache.
  const bool single_use = !psk.stateful_id.empty();
  if (!hello.extensions.early_data || !config_->early_data ||
      (!single_use && !config_->anti_replay) || psk.identity != 0 ||
      psk.state.max_early_data == 0 || retry_suite_ != nullptr ||
      psk.state.cipher_suite != suite.suite || psk.state.alpn != alpn) {
    return false;
  }
  // RFC 8446 8.3: the client's idea of the ticket's age must match ours
  // within the window, or the ClientHello may be an old one replayed.
  const int64_t now = core_.now();
  const int64_t our_age_ms = (now - psk.state.issued_at) * 1000;
  const uint32_t window =
      config_->anti_replay ? config_->anti_replay->window_seconds() : kDefaultFreshnessWindow;
  const int64_t window_ms = int64_t{window} * 1000;
  const int64_t skew = our_age_ms - int64_t{psk.client_age_ms};
  if (skew > window_ms || skew < -window_ms) return false;
  // RFC 8446 8.1: a stateful ticket is this connection's alone, claimed
  // before this; 8.2: otherwise the first to show this ClientHello.
  if (single_use) return true;
  return config_->anti_replay->first_use(psk.binder, now);
}

// RFC 8446 8.1: a stateful ticket resumes once. Of two connections offering
// it at the same instant only the one that takes it from the store resumes
// (and may get early data); the other gets a full handshake.
bool ServerHandshake::claim_stateful_ticket(const AcceptedPsk& psk) const {
  return psk.stateful_id.empty() ||
         config_->session_store->take(psk.stateful_id, core_.now()).has_value();
}

void ServerHandshake::note_resumption(const AcceptedPsk& psk) {
  SessionInfo& info = core_.mutable_info();
  info.resumed = true;
  // The client is who it was when the session was made (RFC 8446 4.6.1).
  info.peer_certificates = psk.state.peer_certificates;
  if (core_.tracing()) {
    core_.trace(false, "PSK",
                "accepted identity " + std::to_string(psk.identity) +
                    (psk.psk_ke ? " (psk_ke)" : " (psk_dhe_ke)"));
  }
}

Status ServerHandshake::start_early_data(const codec::ClientHello& hello, const Choice& choice,
                                         const EarlySecret& early) {
  // RFC 8446 4.2.10: no early data follows a second ClientHello (the client
  // MUST NOT offer it there); records after it are protected handshake
  // records, never skipped.
  if (!hello.extensions.early_data || retry_suite_ != nullptr) return {};
  SessionInfo& info = core_.mutable_info();
  info.early_data_offered = true;
  if (!(choice.psk && choice.psk->early_data)) {
    // RFC 8446 4.2.10: declined early data fails to deprotect and is skipped.
    if (core_.tracing()) core_.trace(false, "EarlyData", "declined, skipped");
    core_.skip_early_data(ConnectionCore::EarlyDataSkip::kUndecryptable,
                          config_->max_early_data_size);
    return {};
  }
  info.early_data_accepted = true;
  const Secret early_secret = early.client_early_traffic_secret(transcript_.current_hash());
  core_.key_log("CLIENT_EARLY_TRAFFIC_SECRET", hello.random, early_secret);
  PARLEY_ASSIGN_OR_RETURN(auto decrypter,
                          make_tls13_decrypter(early.hkdf(), choice.suite->aead, early_secret));
  PARLEY_TRY(core_.set_decrypter(std::move(decrypter)));
  core_.accept_early_data(choice.psk->state.max_early_data);
  if (core_.tracing()) core_.trace(false, "EarlyData", "accepted");
  return {};
}

Status ServerHandshake::on_end_of_early_data(const record::HandshakeMessage& message) {
  PARLEY_TRY(receive<codec::EndOfEarlyData>(message));
  core_.end_early_data();
  PARLEY_ASSIGN_OR_RETURN(
      auto decrypter,
      make_tls13_decrypter(*hkdf_, find_cipher_suite(*core_.info().cipher_suite)->aead,
                           client_handshake_secret_));
  PARLEY_TRY(core_.set_decrypter(std::move(decrypter)));
  state_ = State::kWaitClientFinished;
  return {};
}

std::optional<Bytes> ServerHandshake::store_session(const session::SessionState& state,
                                                    int64_t now) const {
  Bytes id(kStatefulTicketSize);
  core_.provider().public_random(id);
  const crypto::Secret encoded = state.encode();
  config_->session_store->put(id, Bytes(encoded.view().begin(), encoded.view().end()),
                              now + state.lifetime);
  return id;
}

Status ServerHandshake::send_session_tickets() {
  std::optional<MasterSecret> master = std::move(master_secret_);
  master_secret_.reset();
  const size_t count = std::min(config_->session_tickets, kMaxTicketsPerHandshake);
  const bool stateful = issues_stateful_tickets();
  if ((!config_->ticketer && !stateful) || count == 0 || !master || !client_takes_tickets13_) {
    return {};
  }
  // RFC 8446 4.6.1: over the transcript through the client Finished.
  const Secret resumption_master_secret =
      master->resumption_master_secret(transcript_.current_hash());
  core_.trace_step("KeySchedule",
                   "master secret -> resumption_master_secret (over ClientHello..client "
                   "Finished): the PSKs of the tickets sent");
  const SessionInfo& info = core_.info();
  const int64_t now = core_.now();
  session::SessionState state;
  state.version = kTls13;
  state.cipher_suite = *info.cipher_suite;
  state.issued_at = now;
  state.lifetime = ticket_lifetime();
  state.max_early_data = config_->early_data ? config_->max_early_data_size : 0;
  state.server_name = info.server_name;
  state.alpn = info.alpn_protocol;
  state.peer_certificates = info.peer_certificates;
  Bytes tickets;
  for (size_t i = 0; i < count; ++i) {
    codec::NewSessionTicket13 ticket;
    ticket.ticket_nonce = {static_cast<uint8_t>(i)};  // unique within the connection
    uint8_t age_add[4];
    core_.provider().public_random(age_add);
    state.age_add = uint32_t{age_add[0]} << 24 | uint32_t{age_add[1]} << 16 |
                    uint32_t{age_add[2]} << 8 | age_add[3];
    state.secret = hkdf_->resumption_psk(resumption_master_secret, ticket.ticket_nonce);
    std::optional<Bytes> sealed =
        stateful ? store_session(state, now) : config_->ticketer->seal(state.encode(), now);
    if (!sealed) return {};  // no key to seal with: no tickets, not an error
    ticket.ticket = std::move(*sealed);
    ticket.ticket_lifetime = state.lifetime;
    ticket.ticket_age_add = state.age_add;
    if (state.max_early_data > 0) {
      ticket.extensions.early_data = codec::EarlyDataNewSessionTicket{state.max_early_data};
    }
    PARLEY_TRY(append(ticket, tickets));
  }
  // One record for all of them: a peer may expect post-handshake messages
  // packed as tightly as the handshake flight.
  return core_.send_handshake(tickets);
}

}  // namespace parley::handshake

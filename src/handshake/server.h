// The server handshake: ClientHello and version selection, then TLS 1.3
// (server13.cc) or TLS 1.2 (server12.cc). One named state per step.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "codec/hello.h"
#include "codec/messages.h"
#include "handshake/cipher_suites.h"
#include "handshake/key_schedule13.h"
#include "handshake/key_update13.h"
#include "handshake/machine_base.h"
#include "handshake/tls12_common.h"
#include "parley/config.h"
#include "session/session_state.h"

namespace parley::handshake {

class ServerHandshake final : public Tls12Machine {
 public:
  ServerHandshake(ConnectionCore& core, std::shared_ptr<const ServerConfig> config);
  ~ServerHandshake() override;

  Status start() override { return {}; }
  Status on_handshake_message(const record::HandshakeMessage& message) override;
  Status on_change_cipher_spec() override;
  bool is_complete() const override { return state_ == State::kConnected; }
  Status update_keys(bool request_peer_update) override;

  // Test seams (tests/handshake/rfc8448_zero_rtt_test.cc): edit the
  // ServerHello and EncryptedExtensions before they are sent, for what a
  // trace's server sends that no ServerConfig expresses (extension order,
  // record_size_limit). Unset outside that test.
  std::function<void(codec::ServerHello&)> shape_server_hello_for_testing;
  std::function<void(codec::EncryptedExtensions&)> shape_extensions_for_testing;

 private:
  enum class State {
    kWaitClientHello,
    kWaitClientHelloAfterRetry,
    // TLS 1.3 (RFC 8446 A.2)
    kWaitEndOfEarlyData,
    kWaitClientCertificate,
    kWaitClientCertificateVerify,
    kWaitClientFinished,
    // TLS 1.2 (RFC 5246 7.3)
    kWaitClientCertificate12,
    kWaitClientKeyExchange12,
    kWaitClientCertificateVerify12,
    kWaitChangeCipherSpec12,
    kWaitClientFinished12,
    // TLS 1.2 abbreviated handshake: our CCS and Finished went first.
    kWaitChangeCipherSpecResumed12,
    kWaitClientFinishedResumed12,
    kConnected,
  };
  static std::string_view state_name(State state);

  // A PSK the server accepted: the session from the ticket, which identity
  // it was, and whether its early data is taken (RFC 8446 4.2.10).
  struct AcceptedPsk {
    session::SessionState state;
    uint16_t identity = 0;
    bool psk_ke = false;  // no (EC)DHE (RFC 8446 4.2.9)
    bool early_data = false;
    Bytes binder;                // the verified binder: what the replay defence remembers
    uint32_t client_age_ms = 0;  // RFC 8446 4.2.11.1, de-obfuscated
    Bytes stateful_id;           // the session store's key, for a stateful ticket
  };

  // What the server settled on for this ClientHello.
  struct Choice {
    const CipherSuiteInfo* suite = nullptr;
    NamedGroup group{};
    const codec::KeyShareEntry* client_share = nullptr;  // null: HelloRetryRequest
    const CertifiedKey* certificate = nullptr;
    SignatureScheme scheme{};
    std::string alpn;
    std::optional<AcceptedPsk> psk;
  };

  // What the server settled on for a TLS 1.2 ClientHello.
  struct Choice12 {
    const CipherSuiteInfo* suite = nullptr;
    const CertifiedKey* certificate = nullptr;
    std::optional<SignatureScheme> scheme;  // none for static RSA key exchange
    std::optional<NamedGroup> group;        // none for RSA and custom DH parameters
    std::string alpn;
  };

  // ClientHello and negotiation (server.cc)
  Status on_client_hello(const record::HandshakeMessage& message);
  Result<ProtocolVersion> choose_version(const codec::ClientHello& hello) const;
  Result<Choice> choose_tls13(const codec::ClientHello& hello,
                              const record::HandshakeMessage& raw) const;
  Result<const CipherSuiteInfo*> choose_suite(const codec::ClientHello& hello,
                                              ProtocolVersion version) const;
  Result<std::pair<const CertifiedKey*, SignatureScheme>> choose_certificate(
      const codec::ClientHello& hello, ProtocolVersion version) const;
  // Our certificates in the order to try them: those naming the SNI host
  // first, then all (servers commonly answer unknown names with a default).
  std::vector<const CertifiedKey*> candidate_certificates(const codec::ClientHello& hello) const;
  Status check_fallback(const codec::ClientHello& hello) const;
  Result<std::string> choose_alpn(const codec::ClientHello& hello) const;
  static bool contains_group(const std::vector<NamedGroup>& groups, NamedGroup group);

  // TLS 1.3 (server13.cc)
  Status handle_client_hello13(const codec::ClientHello& hello,
                               const record::HandshakeMessage& raw);
  Status send_hello_retry_request(const codec::ClientHello& hello, const Choice& choice,
                                  const record::HandshakeMessage& raw);
  Status send_server_flight(const codec::ClientHello& hello, const Choice& choice,
                            const record::HandshakeMessage& raw);
  Status send_compatibility_ccs(const codec::ClientHello& hello);
  // CertificateRequest (if configured), Certificate and CertificateVerify.
  // CertificateRequest, Certificate and CertificateVerify, onto `flight`.
  Status append_authentication(const Choice& choice, Bytes& flight);
  Status on_client_certificate(const record::HandshakeMessage& message);
  Status on_client_certificate_verify(const record::HandshakeMessage& message);
  Status on_client_finished(const record::HandshakeMessage& message);

  // TLS 1.3 resumption and 0-RTT (server_resumption.cc)
  bool accepts_our_psk_modes(const codec::ClientHello& hello) const;
  // The first offered PSK the server can and may accept, binder verified.
  Result<std::optional<AcceptedPsk>> choose_psk(const codec::ClientHello& hello,
                                                const record::HandshakeMessage& raw,
                                                const CipherSuiteInfo& suite) const;
  // The session a TLS 1.3 ticket holds: sealed by the ticketer, or (a
  // stateful ticket) kept in the session store under it.
  std::optional<session::SessionState> open_ticket(ByteView ticket, int64_t now) const;
  bool issues_stateful_tickets() const;
  uint32_t ticket_lifetime() const;
  // RFC 8446 8.1: a stateful ticket resumes once: whether this connection
  // took it from the store (true for any other PSK).
  bool claim_stateful_ticket(const AcceptedPsk& psk) const;
  // A stateful ticket: `state` kept in the session store under a random id.
  std::optional<Bytes> store_session(const session::SessionState& state, int64_t now) const;
  bool may_resume(const session::SessionState& state, const codec::ClientHello& hello,
                  const CipherSuiteInfo& suite, uint32_t client_age_ms, int64_t now) const;
  bool may_accept_early_data(const AcceptedPsk& psk, const codec::ClientHello& hello,
                             const CipherSuiteInfo& suite, const std::string& alpn) const;
  // After ServerHello: the early keys for reading when early data is taken,
  // and otherwise the skipping of what the client sent anyway.
  Status start_early_data(const codec::ClientHello& hello, const Choice& choice,
                          const EarlySecret& early);
  void note_resumption(const AcceptedPsk& psk);
  Status on_end_of_early_data(const record::HandshakeMessage& message);
  Status send_session_tickets();

  // TLS 1.2 (server12.cc)
  Status handle_client_hello12(const codec::ClientHello& hello,
                               const record::HandshakeMessage& raw);
  Result<Choice12> choose_tls12(const codec::ClientHello& hello) const;
  std::optional<Choice12> choose_credentials12(const codec::ClientHello& hello,
                                               const CipherSuiteInfo& suite) const;
  std::optional<NamedGroup> choose_ec_group(const codec::ClientHello& hello) const;
  // The finite-field group for DHE (RFC 7919 4): a named group, or (named
  // empty) the configured custom parameters; nullopt when the client names
  // ffdhe groups but none of ours.
  struct DhGroup {
    std::optional<NamedGroup> named;
  };
  std::optional<DhGroup> choose_dh_group(const codec::ClientHello& hello) const;
  Status send_server_hello12(const codec::ClientHello& hello, const Choice12& choice,
                             bool resuming = false);
  Status send_server_key_exchange12(const Choice12& choice);
  Status send_server_key_exchange_dhe(const Choice12& choice);
  Status on_client_certificate12(const record::HandshakeMessage& message);
  Status on_client_key_exchange12(const record::HandshakeMessage& message);
  Result<Secret> premaster_from_client_key_exchange(const record::HandshakeMessage& message);
  Status on_client_certificate_verify12(const record::HandshakeMessage& message);
  Status on_client_finished12(const record::HandshakeMessage& message);

  // TLS 1.2 resumption (resumption12.cc)
  // The session the ClientHello's ticket or session ID names, if the server
  // may resume it; an EMS session offered without EMS is fatal (RFC 7627 5.3).
  Result<std::optional<session::SessionState>> find_session12(const codec::ClientHello& hello,
                                                              bool extended) const;
  Status resume12(const codec::ClientHello& hello, const record::HandshakeMessage& raw,
                  session::SessionState state, bool extended);
  // Full handshake: how this session will be resumable (RFC 5077 3.2, RFC
  // 5246 7.4.1.3), announced in the ServerHello.
  void plan_resumption12(const codec::ClientHello& hello, codec::ServerHello& server_hello);
  // Abbreviated handshake: whether the session gets a new ticket.
  bool renews_ticket12(const codec::ClientHello& hello, const session::SessionState& state) const;
  // After the client's Finished (or, renewing a resumed session's ticket,
  // the ServerHello): the NewSessionTicket, or the stored session.
  Status save_session12();
  Status on_client_finished_resumed12(const record::HandshakeMessage& message);

  std::shared_ptr<const ServerConfig> config_;
  State state_ = State::kWaitClientHello;
  bool sent_compatibility_ccs_ = false;
  const CipherSuiteInfo* retry_suite_ = nullptr;  // chosen before HelloRetryRequest
  std::optional<NamedGroup> retry_group_;

  std::optional<Tls13Hkdf> hkdf_;
  Secret client_handshake_secret_;
  // Kept from the server Finished to the client's, for the tickets' PSKs.
  std::optional<MasterSecret> master_secret_;
  std::optional<Tls13TrafficKeys> traffic_keys_;
  std::unique_ptr<crypto::PublicKey> client_key_;

  // TLS 1.2 state
  codec::Random client_random_{};
  codec::Random server_random_{};
  ProtocolVersion client_version_{};  // ClientHello.client_version (RFC 5246 7.4.7.1)
  const CertifiedKey* certificate12_ = nullptr;
  std::unique_ptr<crypto::KeyExchange> key_share12_;  // (EC)DHE
  bool issue_ticket12_ = false;                       // we said so in ServerHello
  bool client_takes_tickets13_ = false;               // its psk_key_exchange_modes allow one
  Bytes session_id12_;                                // the ID we gave the session
};

}  // namespace parley::handshake

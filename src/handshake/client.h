// The client handshake: ClientHello, then TLS 1.3 (client13.cc) or TLS 1.2
// (client12.cc) depending on the server's choice. One named state per step;
// each state accepts only its own messages.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "codec/hello.h"
#include "codec/messages.h"
#include "crypto/key_exchange.h"
#include "handshake/cipher_suites.h"
#include "handshake/key_schedule13.h"
#include "handshake/key_update13.h"
#include "handshake/machine_base.h"
#include "handshake/tls12_common.h"
#include "parley/config.h"
#include "parley/connection.h"
#include "session/session_state.h"

namespace parley::handshake {

class ClientHandshake final : public Tls12Machine {
 public:
  ClientHandshake(ConnectionCore& core, std::shared_ptr<const ClientConfig> config,
                  std::string server_name, ConnectOptions options = {});
  ~ClientHandshake() override;

  Status start() override;
  Status on_handshake_message(const record::HandshakeMessage& message) override;
  Status on_change_cipher_spec() override;
  bool is_complete() const override { return state_ == State::kConnected; }
  Status update_keys(bool request_peer_update) override;

  // Test seam (tests/handshake/rfc8448_zero_rtt_test.cc): edits each
  // ClientHello before its PSK binder is computed, for what a trace's client
  // sends that no ClientConfig expresses (extension order, padding, ...).
  // Unset outside that test.
  std::function<void(codec::ClientHello&)> shape_hello_for_testing;

 private:
  enum class State {
    kStart,
    kWaitServerHello,
    kWaitServerHelloAfterRetry,
    // TLS 1.3 (RFC 8446 A.1)
    kWaitEncryptedExtensions,
    kWaitCertificateOrRequest,
    kWaitCertificate,
    kWaitCertificateVerify,
    kWaitFinished,
    // TLS 1.2 (RFC 5246 7.3)
    kWaitCertificate12,
    kWaitCertificateStatus12,  // RFC 6066 8: promised in ServerHello, optional
    kWaitServerKeyExchange12,
    kWaitCertificateRequestOrDone12,
    kWaitServerHelloDone12,
    kWaitChangeCipherSpec12,
    kWaitFinished12,
    // TLS 1.2 abbreviated handshake: the server's CCS and Finished first.
    kWaitChangeCipherSpecResumed12,
    kWaitFinishedResumed12,
    kConnected,
  };
  static std::string_view state_name(State state);
  // RFC 8446 4.2, RFC 5246 7.4.1.4: a server may answer only the extensions
  // we offered; another is unsupported_extension.
  static Error unrequested_extension(std::string_view what);
  static Status reject_unknown_extensions(const std::vector<codec::UnknownExtension>& unknown);

  // ClientHello and ServerHello (client.cc)
  Result<codec::ClientHello> build_client_hello();
  Status send_client_hello();
  Status on_server_hello(const record::HandshakeMessage& message);
  Status check_server_hello_common(const codec::ServerHello& hello) const;
  // The server's ALPN choice, from EncryptedExtensions or a TLS 1.2
  // ServerHello: one we offered, or none.
  Status accept_alpn(const std::optional<codec::SelectedProtocol>& alpn);

  // TLS 1.3 (client13.cc)
  Status on_hello_retry_request(const codec::ServerHello& hello,
                                const record::HandshakeMessage& raw);
  Status start_tls13(const codec::ServerHello& hello, const record::HandshakeMessage& raw);
  Status on_encrypted_extensions(const record::HandshakeMessage& message);
  Status on_certificate_request(const record::HandshakeMessage& message);
  Status on_certificate(const record::HandshakeMessage& message);
  Status on_certificate_verify(const record::HandshakeMessage& message);
  Status on_finished(const record::HandshakeMessage& message);
  // Certificate and (once signed) CertificateVerify, then finish_client_flight().
  Status send_client_certificate();
  // Our Finished, the application write keys and the end of the handshake.
  Status finish_client_flight();
  Status on_post_handshake(const record::HandshakeMessage& message);
  Status send_compatibility_ccs();

  // Resumption and 0-RTT (client_resumption.cc)
  // Takes the newest usable session for this server from the cache.
  void load_session();
  // Adds psk_key_exchange_modes, pre_shared_key (binder zeroed) and
  // early_data to a ClientHello when there is a session to offer.
  void offer_session(codec::ClientHello& hello, bool first_hello) const;
  // Sends hello_, its PSK binder computed first (RFC 8446 4.2.11.2).
  Status send_hello();
  // Whether to offer 0-RTT (ConnectOptions::enable_early_data or early_data).
  bool wants_early_data() const { return enable_early_data_ || !early_data_.empty(); }
  // Installs the early keys: write() sends 0-RTT data from now on.
  Status start_early_data();
  // The server declined our early data (HelloRetryRequest, or no early_data
  // in EncryptedExtensions): the handshake keys
  // replace the early ones and the data is kept for the application.
  Status early_data_rejected();
  // Once connected: declined early data goes out again if the application
  // asked for that and the ALPN protocol is the same (RFC 8446 4.2.10).
  void resend_rejected_early_data();
  // A ServerHello's pre_shared_key: the PSK we offered, with its hash.
  Status accept_psk(const codec::ServerHello& hello, const CipherSuiteInfo& suite);
  Status accept_early_data(const codec::EncryptedExtensionsSet& ext);
  // Before our Finished: EndOfEarlyData if the server took early data, then
  // the handshake write keys.
  Status finish_early_data();
  Status on_new_session_ticket(const record::HandshakeMessage& message);
  bool early_data_in_flight() const { return early_data_open_; }

  // TLS 1.2 (client12.cc)
  Status start_tls12(const codec::ServerHello& hello, const record::HandshakeMessage& raw);
  Status check_server_hello12_extensions(const codec::ServerHello& hello);
  Status on_certificate12(const record::HandshakeMessage& message);
  Status on_server_key_exchange12(const record::HandshakeMessage& message);
  Status on_server_key_exchange_ecdhe(const record::HandshakeMessage& message);
  Status on_server_key_exchange_dhe(const record::HandshakeMessage& message);
  Status on_certificate_request12(const record::HandshakeMessage& message);
  Status on_server_hello_done12(const record::HandshakeMessage& message);
  // Our Certificate: the key and scheme to sign CertificateVerify with, if we
  // sent a chain.
  Result<std::optional<SignatureScheme>> send_client_certificate12();
  Status send_client_key_exchange12();
  Status on_finished12(const record::HandshakeMessage& message);
  Status on_hello_request12(const record::HandshakeMessage& message);

  // TLS 1.2 resumption (client_resumption12.cc)
  // session_ticket and the session ID in a ClientHello offering TLS 1.2.
  void offer_session12(codec::ClientHello& hello) const;
  bool resumes12(const codec::ServerHello& hello) const;
  Status resume_tls12(const codec::ServerHello& hello);
  Status on_new_session_ticket12(const record::HandshakeMessage& message);
  Status on_finished_resumed12(const record::HandshakeMessage& message);
  // Once connected: the session the server gave us (ticket or ID) goes to
  // the cache.
  void save_session12();

  std::shared_ptr<const ClientConfig> config_;
  std::string server_name_;
  std::optional<x509::PeerName> peer_name_;
  std::string session_key_;  // the session cache key
  Bytes early_data_;         // ConnectOptions::early_data, written once the ClientHello is out
  bool enable_early_data_ = false;
  bool resend_rejected_early_data_ = false;
  State state_ = State::kStart;

  codec::ClientHello hello_;  // the last ClientHello sent
  // The TLS 1.3 key shares of the last ClientHello (RFC 8446 4.2.8).
  struct OfferedShare {
    NamedGroup group;
    std::unique_ptr<crypto::KeyExchange> key_exchange;
  };
  std::vector<OfferedShare> key_shares_;
  Status make_key_shares(const std::vector<NamedGroup>& groups);
  Status add_key_share(NamedGroup group);
  static Result<crypto::KeyExchangeGroup> supported_kx_group(NamedGroup group);
  OfferedShare* offered_share(NamedGroup group);
  const CipherSuiteInfo* suite_ = nullptr;
  bool sent_compatibility_ccs_ = false;

  // Resumption: the session offered, its early secret (binder, early keys)
  // and the early data sent under it, kept until the server answers.
  std::optional<session::SessionState> offered_;
  // The offered TLS 1.2 session as the cache held it: an abbreviated
  // handshake that brings no new ticket puts it back unchanged.
  Secret offered_encoding12_;
  std::optional<EarlySecret> psk_early_secret_;
  Secret client_early_secret_;
  bool early_data_open_ = false;  // 0-RTT offered, the server's answer not yet in
  bool resumed_ = false;
  // After our Finished, for the tickets the server sends (RFC 8446 4.6.1).
  Secret resumption_master_secret_;

  // TLS 1.3 key schedule state
  std::optional<Tls13Hkdf> hkdf_;
  std::optional<HandshakeSecret> handshake_secret_;
  // From the server Finished until ours is sent (a Signer may answer later).
  std::optional<MasterSecret> pending_master_;
  Secret client_handshake_secret_;
  Secret server_handshake_secret_;
  std::optional<Tls13TrafficKeys> traffic_keys_;  // once connected
  std::unique_ptr<crypto::PublicKey> server_key_;
  std::optional<codec::CertificateRequest13> certificate_request_;

  // TLS 1.2 state
  bool ccs_before_server_hello_ = false;  // allowed in TLS 1.3 only
  codec::Random server_random_{};
  std::optional<codec::CertificateRequest12> certificate_request12_;
  // (EC)DHE: the premaster secret and our public value, agreed when the
  // ServerKeyExchange arrives and sent in ClientKeyExchange.
  Secret premaster12_;
  Bytes client_public12_;
  // Resumption: what the server gave this session (RFC 5077 3.3, RFC 5246
  // 7.4.1.3).
  Bytes ticket12_;
  uint32_t ticket_lifetime12_ = 0;
  // RFC 5077 3.3: a session_ticket in the ServerHello promises a
  // NewSessionTicket before the server's ChangeCipherSpec.
  bool new_session_ticket_promised12_ = false;
  Bytes session_id12_;

  // OCSP stapling and SCTs (client_staples.cc)
  void request_staples(codec::ClientHelloExtensions& ext) const;
  Status accept_scts(const codec::SignedCertificateTimestampList& scts);
  Status accept_ocsp_response(Bytes response);
  // A TLS 1.3 CertificateEntry's extensions (`leaf`: the first entry).
  Status accept_certificate_entry(const codec::CertificateEntrySet& ext, bool leaf);
  // TLS 1.2: moves on from the Certificate to `next`, by way of
  // CertificateStatus when ServerHello promised one.
  Status after_certificate12(State next);
  Status on_certificate_status12(const record::HandshakeMessage& message);
  Status skip_certificate_status12();
  // ClientConfig::verify_ocsp_staple: the staple (or its absence) once the
  // chain is known.
  Status check_ocsp_staple();
  bool certificate_status_promised12_ = false;
  State state_after_status12_ = State::kStart;
};

}  // namespace parley::handshake

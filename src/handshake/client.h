// The client handshake: ClientHello, then TLS 1.3 (client13.cc) or TLS 1.2
// (client12.cc) depending on the server's choice. One named state per step;
// each state accepts only its own messages.
#pragma once

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

namespace parley::handshake {

class ClientHandshake final : public Tls12Machine {
 public:
  ClientHandshake(ConnectionCore& core, std::shared_ptr<const ClientConfig> config,
                  std::string server_name);
  ~ClientHandshake() override;

  Status start() override;
  Status on_handshake_message(const record::HandshakeMessage& message) override;
  Status on_change_cipher_spec() override;
  bool is_complete() const override { return state_ == State::kConnected; }
  Status update_keys(bool request_peer_update) override;

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
    kWaitServerKeyExchange12,
    kWaitCertificateRequestOrDone12,
    kWaitServerHelloDone12,
    kWaitChangeCipherSpec12,
    kWaitFinished12,
    kConnected,
  };
  static std::string_view state_name(State state);
  // RFC 8446 4.2, RFC 5246 7.4.1.4: a server may answer only the extensions
  // we offered; another is unsupported_extension.
  static Error unrequested_extension(std::string_view what);

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
  Status send_client_certificate();
  Status on_post_handshake(const record::HandshakeMessage& message);
  Status send_compatibility_ccs();

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

  std::shared_ptr<const ClientConfig> config_;
  std::string server_name_;
  std::optional<x509::PeerName> peer_name_;
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
  OfferedShare* offered_share(NamedGroup group);
  const CipherSuiteInfo* suite_ = nullptr;
  bool sent_compatibility_ccs_ = false;

  // TLS 1.3 key schedule state
  std::optional<Tls13Hkdf> hkdf_;
  std::optional<HandshakeSecret> handshake_secret_;
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
};

}  // namespace parley::handshake

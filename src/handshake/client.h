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
#include "parley/config.h"

namespace parley::handshake {

class ClientHandshake final : public MachineBase {
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
    kConnected,
  };
  static std::string_view state_name(State state);

  // ClientHello and ServerHello (client.cc)
  Result<codec::ClientHello> build_client_hello();
  Status send_client_hello();
  Status on_server_hello(const record::HandshakeMessage& message);
  Status check_server_hello_common(const codec::ServerHello& hello) const;

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

  std::shared_ptr<const ClientConfig> config_;
  std::string server_name_;
  std::optional<x509::PeerName> peer_name_;
  State state_ = State::kStart;

  codec::ClientHello hello_;  // the last ClientHello sent
  std::unique_ptr<crypto::KeyExchange> key_share_;
  NamedGroup key_share_group_{};
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
};

}  // namespace parley::handshake

// The server handshake: ClientHello and version selection, then TLS 1.3
// (server13.cc) or TLS 1.2 (server12.cc). One named state per step.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "codec/hello.h"
#include "codec/messages.h"
#include "handshake/cipher_suites.h"
#include "handshake/key_schedule13.h"
#include "handshake/key_update13.h"
#include "handshake/machine_base.h"
#include "parley/config.h"

namespace parley::handshake {

class ServerHandshake final : public MachineBase {
 public:
  ServerHandshake(ConnectionCore& core, std::shared_ptr<const ServerConfig> config);
  ~ServerHandshake() override;

  Status start() override { return {}; }
  Status on_handshake_message(const record::HandshakeMessage& message) override;
  Status on_change_cipher_spec() override;
  bool is_complete() const override { return state_ == State::kConnected; }
  Status update_keys(bool request_peer_update) override;

 private:
  enum class State {
    kWaitClientHello,
    kWaitClientHelloAfterRetry,
    // TLS 1.3 (RFC 8446 A.2)
    kWaitClientCertificate,
    kWaitClientCertificateVerify,
    kWaitClientFinished,
    kConnected,
  };
  static std::string_view state_name(State state);

  // What the server settled on for this ClientHello.
  struct Choice {
    const CipherSuiteInfo* suite = nullptr;
    NamedGroup group{};
    const codec::KeyShareEntry* client_share = nullptr;  // null: HelloRetryRequest
    const CertifiedKey* certificate = nullptr;
    SignatureScheme scheme{};
    std::string alpn;
  };

  // ClientHello and negotiation (server.cc)
  Status on_client_hello(const record::HandshakeMessage& message);
  Result<ProtocolVersion> choose_version(const codec::ClientHello& hello) const;
  Result<Choice> choose_tls13(const codec::ClientHello& hello) const;
  Result<const CipherSuiteInfo*> choose_suite(const codec::ClientHello& hello,
                                              ProtocolVersion version) const;
  Result<std::pair<const CertifiedKey*, SignatureScheme>> choose_certificate(
      const codec::ClientHello& hello, ProtocolVersion version) const;
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
  Status on_client_certificate(const record::HandshakeMessage& message);
  Status on_client_certificate_verify(const record::HandshakeMessage& message);
  Status on_client_finished(const record::HandshakeMessage& message);

  std::shared_ptr<const ServerConfig> config_;
  State state_ = State::kWaitClientHello;
  bool sent_compatibility_ccs_ = false;
  const CipherSuiteInfo* retry_suite_ = nullptr;  // chosen before HelloRetryRequest
  std::optional<NamedGroup> retry_group_;

  std::optional<Tls13Hkdf> hkdf_;
  Secret client_handshake_secret_;
  std::optional<Tls13TrafficKeys> traffic_keys_;
  std::unique_ptr<crypto::PublicKey> client_key_;
};

}  // namespace parley::handshake

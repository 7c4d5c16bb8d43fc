/// @file
/// Hooks for an application's own policy (docs/hooks.md): choosing the
/// server certificate per ClientHello (CertificateResolver), verifying the
/// peer's chain (CertificateVerifier, with parley's web-PKI verifier to call
/// from it), and keeping private keys elsewhere (Signer), answered now or
/// later from any thread (PrivateKeyCompletion).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/error.h"
#include "parley/export.h"
#include "parley/protocol.h"

namespace parley {

class CertifiedKey;
class TrustAnchors;
class CryptoProvider;
struct ServerConfig;

/// What a server's ClientHello offered, for a CertificateResolver.
struct ClientHelloInfo {
  /// The negotiated version (the certificate must be able to serve it).
  ProtocolVersion version = ProtocolVersion::kTls13;
  std::string server_name;                         ///< SNI host name; empty: none sent
  std::vector<std::string> alpn_protocols;         ///< ALPN offers, the client's order
  std::vector<SignatureScheme> signature_schemes;  ///< signature_algorithms
  std::vector<NamedGroup> groups;                  ///< supported_groups
  std::vector<ProtocolVersion> versions;           ///< supported_versions (TLS 1.3 only)
  std::vector<CipherSuite> cipher_suites;          ///< as offered
};

/// Chooses the server's certificate for each handshake (ServerConfig::
/// certificate_resolver): multi-tenant servers, certificates loaded on
/// demand (ACME). Called on the connection's thread during the handshake;
/// shared by every connection of the config, so it must be thread-safe.
class PARLEY_EXPORT CertificateResolver {
 public:
  virtual ~CertificateResolver();
  /// The certificate to present, or an Error: the handshake then fails with
  /// its alert (handshake_failure when it has none). The server then signs
  /// with a scheme both sides accept that fits the certificate's key
  /// (handshake_failure if none does).
  virtual Result<std::shared_ptr<const CertifiedKey>> resolve(
      const ClientHelloInfo& hello) const = 0;
};

/// parley's own choice among ServerConfig::certificates, the one used when no
/// resolver is set: those whose leaf names the SNI host first, then all, the
/// first whose key fits the client's signature schemes. A resolver may fall
/// back to it.
PARLEY_EXPORT Result<std::shared_ptr<const CertifiedKey>> default_certificate_choice(
    const ServerConfig& config, const ClientHelloInfo& hello);

/// What a CertificateVerifier is asked to check. A later release may add
/// fields (a minor release will not remove any).
struct CertificateVerificationInput {
  /// The peer's chain as sent: DER, leaf first.
  std::span<const std::vector<uint8_t>> chain;
  /// True when the peer is the server (kServerAuth), false for a client
  /// certificate (kClientAuth).
  bool peer_is_server = true;
  /// Client side: the name or IP address literal connected to, which the leaf
  /// must match. Server side: the SNI the client sent (informational).
  std::string server_name;
  /// Client side, TLS 1.3: the OCSP response stapled to the leaf (RFC 8446
  /// 4.4.2.1); empty when none, and in TLS 1.2, whose CertificateStatus
  /// (RFC 6066 8) follows the Certificate (SessionInfo::ocsp_response has it
  /// once the handshake completes).
  std::span<const uint8_t> ocsp_response;
  /// The time to validate at, seconds since the Unix epoch (CommonConfig::clock).
  int64_t now = 0;
  /// TLS 1.2 static RSA: the leaf key will decrypt the premaster secret, so
  /// its keyUsage must allow keyEncipherment (digitalSignature otherwise).
  bool key_encipherment = false;
};

/// Verifies the peer's certificate chain (ClientConfig::verifier,
/// ServerConfig::client_verifier) instead of parley's web-PKI check: pinning,
/// private PKIs, SPIFFE. It returns the verified path; the handshake still
/// checks that the peer holds the leaf's key. Called on the connection's
/// thread; shared by every connection of the config, so it must be
/// thread-safe.
class PARLEY_EXPORT CertificateVerifier {
 public:
  virtual ~CertificateVerifier();
  /// The path the chain was verified along (DER, leaf to trust anchor; a
  /// verifier without one returns the chain as sent), exposed as
  /// SessionInfo::verified_chain; or an Error whose alert (bad_certificate
  /// when it has none) ends the handshake.
  virtual Result<std::vector<std::vector<uint8_t>>> verify(
      const CertificateVerificationInput& input) const = 0;
};

/// parley's web-PKI verifier (RFC 5280 path validation to `anchors`, host
/// name or IP address match for servers, extended key usage for the peer's
/// role), to use on its own or to call from a verifier of one's own (verify,
/// then check a pin). `strict_trust_anchors` as CommonConfig's; `provider`
/// null: libcrypto.
PARLEY_EXPORT std::shared_ptr<const CertificateVerifier> make_webpki_verifier(
    std::shared_ptr<const TrustAnchors> anchors, bool strict_trust_anchors = true,
    const CryptoProvider* provider = nullptr);

/// The DER SubjectPublicKeyInfo of a DER certificate (for SPKI pinning: hash
/// it and compare), or a decode error when it does not parse.
PARLEY_EXPORT Result<std::vector<uint8_t>> subject_public_key_info(
    std::span<const uint8_t> certificate_der);

/// Delivers the result of a private-key operation a Signer left pending. It
/// may be copied and called from any thread, once: the result is stored
/// under a lock and the connection takes it on its next call from its own
/// thread (Connection::poll_private_key_operation() or receive_tls()), after
/// the wake-up callback (Connection::set_private_key_wakeup) has run on the
/// completing thread.
class PARLEY_EXPORT PrivateKeyCompletion {
 public:
  /// Delivers the signature (or the decrypted premaster secret), or an Error:
  /// the handshake then fails with its alert (internal_error when it has
  /// none). False when the operation was already completed or its
  /// connection is gone; the result is then dropped.
  bool complete(Result<std::vector<uint8_t>> result) const;

  /// The library's shared state; opaque to applications.
  struct State;
  /// Made by the connection for each operation.
  explicit PrivateKeyCompletion(std::shared_ptr<State> state);

 private:
  std::shared_ptr<State> state_;
};

/// A Signer's immediate answer: the bytes, an Error, or std::nullopt for
/// "pending" (the Signer, or whoever it handed the completion to, calls
/// PrivateKeyCompletion::complete() later).
using PrivateKeyResult = std::optional<Result<std::vector<uint8_t>>>;

/// What to sign.
struct SignRequest {
  SignatureScheme scheme{};  ///< chosen from those that fit the key
  /// The content to sign (the scheme hashes it); valid only during the call:
  /// copy it to sign later.
  std::span<const uint8_t> message;
  ProtocolVersion version = ProtocolVersion::kTls13;  ///< the negotiated version
  bool is_server = true;  ///< server (CertificateVerify, ServerKeyExchange) or client
};

/// A private key that lives elsewhere (an HSM, a remote signing service):
/// CertifiedKey::from_signer() pairs it with its certificate chain. Each
/// operation answers now or leaves it pending; the connection then waits
/// without blocking (Connection::wants_private_key_operation()). Shared by
/// every connection of the config: it must be thread-safe.
class PARLEY_EXPORT Signer {
 public:
  virtual ~Signer();
  /// Signs request.message with request.scheme.
  virtual PrivateKeyResult sign(const SignRequest& request,
                                const PrivateKeyCompletion& completion) const = 0;
  /// TLS 1.2 static RSA key exchange (RFC 5246 7.4.7.1): the RSAES-PKCS1-v1_5
  /// decryption of `ciphertext`. Any failure, and a result that is not a
  /// 48-byte premaster of the right version, continues the handshake with a
  /// random premaster (it then fails at Finished), so a decrypter need not
  /// hide padding errors itself beyond its own timing. The default refuses
  /// (the server then offers no static RSA suite with this key).
  virtual PrivateKeyResult decrypt(std::span<const uint8_t> ciphertext,
                                   const PrivateKeyCompletion& completion) const;
  /// Whether decrypt() is implemented.
  virtual bool can_decrypt() const { return false; }
};

}  // namespace parley

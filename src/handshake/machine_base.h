// What the four state machines share: sending and receiving messages through
// the transcript with tracing, CertificateVerify signatures, and checking the
// peer's certificate chain.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/describe.h"
#include "codec/handshake.h"
#include "codec/messages.h"
#include "common/bytes.h"
#include "crypto/signature.h"
#include "handshake/connection_core.h"
#include "handshake/key_schedule13.h"
#include "handshake/machine.h"
#include "handshake/transcript.h"
#include "parley/certificate.h"
#include "x509/verify.h"

namespace parley::handshake {

class MachineBase : public HandshakeMachine {
 public:
  explicit MachineBase(ConnectionCore& core) : core_(core), transcript_(core.provider()) {}

 protected:
  // Encodes `message`, adds it to the transcript, sends it and traces it.
  template <typename Message>
  Status send(const Message& message) {
    Bytes raw;
    PARLEY_TRY(append(message, raw));
    return core_.send_handshake(raw);
  }

  // As send(), but appends the encoded message to `flight` for the caller to
  // send in one piece.
  template <typename Message>
  Status append(const Message& message, Bytes& flight) {
    PARLEY_ASSIGN_OR_RETURN(Bytes raw, codec::encode_handshake(message));
    transcript_.add(raw);
    if (core_.tracing()) core_.trace(true, message_name(Message::kType), codec::describe(message));
    flight.insert(flight.end(), raw.begin(), raw.end());
    return {};
  }

  // Decodes a received message's body (the caller checked its type), adds
  // the raw message to the transcript and traces it.
  template <typename Message, typename... Args>
  Result<Message> receive(const record::HandshakeMessage& raw, Args&&... args) {
    PARLEY_ASSIGN_OR_RETURN(Message message,
                            Message::decode(raw.body, std::forward<Args>(args)...));
    transcript_.add(raw.raw);
    if (core_.tracing()) core_.trace(false, message_name(raw.type), codec::describe(message));
    return message;
  }

  // A received Certificate: decoded, added to the transcript, and traced with
  // the subject of the leaf once the chain has been checked.
  template <typename Message>
  Result<Message> receive_certificate(const record::HandshakeMessage& raw) {
    PARLEY_ASSIGN_OR_RETURN(Message message, Message::decode(raw.body));
    transcript_.add(raw.raw);
    return message;
  }
  // Traces a received Certificate before its chain is checked, so that a
  // rejected chain is seen too.
  void trace_certificate(const std::string& details, const std::vector<Bytes>& chain) const;
  // The VerifyChain trace step: the path (or the chain sent) and the result.
  void trace_chain_result(const std::vector<Bytes>& chain, const x509::VerifiedPath* path,
                          const Error* error) const;
  static std::string subject_for_trace(ByteView der);

  static std::string message_name(codec::HandshakeType type);
  // Certificate, or its RFC 8879 CompressedCertificate form (TLS 1.3).
  static bool is_certificate13(codec::HandshakeType type) {
    return type == codec::HandshakeType::kCertificate ||
           type == codec::HandshakeType::kCompressedCertificate;
  }
  // The unexpected_message error for `type` arriving in state `state`.
  static Error unexpected(codec::HandshakeType type, std::string_view state);

  // RFC 8446 4.4.3: 64 spaces, the context string, a zero byte, the hash.
  static Bytes tls13_signed_content(bool server, ByteView transcript_hash);

  // Validates the peer's chain (leaf first) for `purpose`; `peer_name` is the
  // expected name for a server certificate. Fills info().peer_certificates
  // and the subject line. Returns the leaf's public key. `verifier`, when
  // set, replaces the validation against `anchors`.
  Result<std::unique_ptr<crypto::PublicKey>> verify_peer_chain(
      const std::vector<Bytes>& chain, const TrustAnchors* anchors, bool skip_validation,
      x509::KeyPurpose purpose, std::optional<x509::PeerName> peer_name,
      x509::LeafKeyUse key_use = x509::LeafKeyUse::kSignature,
      const CertificateVerifier* verifier = nullptr);
  // The application's verifier in place of the built-in validation; fills
  // SessionInfo::verified_chain.
  Status run_custom_verifier(const CertificateVerifier& verifier, const std::vector<Bytes>& chain,
                             x509::KeyPurpose purpose, x509::LeafKeyUse key_use);

  // Signs `content` with `key` (RFC 8446 4.4.3, RFC 5246 7.4.3 / 7.4.8),
  // then sends what follows through `then`: at once for a loaded key, or,
  // when its Signer answers later, once the connection resumes (it suspends
  // meanwhile: include/parley/hooks.h). A Signer's error without an alert is
  // an internal_error.
  using SignatureDone = std::function<Status(Bytes signature)>;
  Status sign_then(const CertifiedKey& key, SignatureScheme scheme, ProtocolVersion version,
                   ByteView content, SignatureDone then);

  // Verifies a signature by the peer with `scheme`, which must be one we
  // offered and fit the key for `version`.
  Status verify_peer_signature(const crypto::PublicKey& key, SignatureScheme scheme,
                               ByteView content, ByteView signature, ProtocolVersion version,
                               std::string_view what) const;

  // RFC 8449 4: the record_size_limit we advertise, never above the
  // protocol's maximum (2^14 + 1 when TLS 1.3 may be spoken, else 2^14).
  uint16_t our_record_size_limit(bool tls13) const;
  // Keeps to the peer's record_size_limit in what we send (a value above the
  // protocol's maximum counts as that maximum, RFC 8449 4) and checks the
  // peer's records against ours from now on; `including_current`: also those
  // under the current read keys. `counts_type_byte`: the peer's value may
  // count TLS 1.3's content type byte (always in TLS 1.3; in TLS 1.2 from a
  // client that also offered TLS 1.3, as GnuTLS's then does).
  Status use_record_size_limits(const codec::RecordSizeLimit& peer, bool tls13,
                                bool counts_type_byte, bool including_current);

  // RFC 8446 7.5: the exporter_master_secret, derived (and key-logged) once
  // the server's Finished is in the transcript, serves
  // export_keying_material13().
  void keep_exporter_secret(const MasterSecret& master, ByteView client_random,
                            ByteView server_finished_hash);
  Result<crypto::Secret> export_keying_material13(std::string_view label,
                                                  std::optional<ByteView> context,
                                                  size_t length) const;

  // RFC 8879 certificate compression (certificate_compression.cc).
  // compress_certificate listing `config`'s algorithms; nullopt for none.
  static std::optional<codec::CertificateCompressionAlgorithms> offered_compression(
      const CommonConfig& config);
  // Our most preferred compressor among the peer's algorithms, or null.
  static std::shared_ptr<const CertificateCompressor> choose_compressor(
      const CommonConfig& config,
      const std::optional<codec::CertificateCompressionAlgorithms>& peer);
  // Appends `certificate` as a CompressedCertificate by `compressor` (the
  // compressed form cached with `key`), or as it is without a compressor.
  Status append_certificate13(const codec::Certificate13& certificate, const CertifiedKey* key,
                              const std::shared_ptr<const CertificateCompressor>& compressor,
                              Bytes& flight);
  // A received Certificate, or a CompressedCertificate (only when we
  // `offered` compress_certificate) decompressed and decoded; in the
  // transcript as received.
  Result<codec::Certificate13> receive_certificate13(
      const record::HandshakeMessage& raw,
      const std::optional<codec::CertificateCompressionAlgorithms>& offered);

  ConnectionCore& core_;
  Transcript transcript_;

 private:
  std::optional<Tls13Hkdf> exporter_hkdf_;
  crypto::Secret exporter_master_secret_;
};

}  // namespace parley::handshake

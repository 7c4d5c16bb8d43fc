// What the TLS 1.2 client and server share (RFC 5246 with RFC 7627, RFC 5746,
// RFC 7919 and RFC 8422): the master secret and record keys, ChangeCipherSpec
// and Finished, the CertificateVerify content, which certificate fits a
// suite, the RFC 7919 groups, and refusing renegotiation.
#pragma once

#include <algorithm>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "codec/enums.h"
#include "common/bytes.h"
#include "crypto/secret.h"
#include "crypto/signature.h"
#include "handshake/cipher_suites.h"
#include "handshake/key_schedule12.h"
#include "handshake/machine_base.h"
#include "session/session_state.h"

namespace parley::handshake {

// The smallest finite-field prime accepted from a server or configured on
// one (RFC 7919 1 and 4; what BoringSSL and current OpenSSL levels require).
inline constexpr size_t kMinDhPrimeBits = 2048;

// RFC 7919 Appendix A: a named finite-field group's prime and generator.
struct FfdheParameters {
  NamedGroup group;
  Bytes p;
  Bytes g;
};
const FfdheParameters* ffdhe_parameters(NamedGroup group);
// The named group whose parameters these are, if any.
std::optional<NamedGroup> ffdhe_group_of(ByteView p, ByteView g);

// RFC 5246 8.1.2: the DH premaster secret is Z with its leading zero bytes
// stripped (key agreement returns it padded to the length of p).
crypto::Secret strip_leading_zeros(const crypto::Secret& z);

// Whether a certificate key of `type` can authenticate `suite`: an RSA key
// for the RSA suites (an rsaEncryption key for static RSA key exchange, which
// encrypts to it), an ECDSA or Ed25519 key for ECDHE_ECDSA (RFC 8422 2).
bool key_fits_suite(crypto::KeyType type, const CipherSuiteInfo& suite);

// RFC 8422 5.1 and 5.3: in TLS 1.2 an ECDSA certificate's curve must be one
// the client named in supported_groups (any curve when it sent none). Keys
// that are not ECDSA always pass.
bool ecdsa_curve_offered(crypto::KeyType type, const std::vector<NamedGroup>* client_groups);

// RFC 5246 7.4.2: what `suite` does with the server certificate's key, which
// the certificate's keyUsage must allow: receive the premaster secret (RSA
// key exchange) or sign.
x509::LeafKeyUse server_key_use(const CipherSuiteInfo& suite);
// Whether our own `certificate`'s keyUsage allows `use`.
bool certificate_allows(const CertifiedKey& certificate, x509::LeafKeyUse use);

// RFC 5246 7.4.4 / RFC 8422 5.5: the certificate type a client key belongs to.
codec::ClientCertificateType client_certificate_type(crypto::KeyType type);

// The initial-handshake rules both hellos follow in TLS 1.2: an empty
// renegotiation_info (RFC 5746 3.4, 3.6), uncompressed points among the
// point formats (RFC 8422 5.1.2, 5.2), and extended master secret when
// `require_ems` (RFC 7627 5.2). Returns whether the peer offered EMS.
// `peer` ("client" / "server") names the sender in errors.
template <typename HelloExtensions>
Result<bool> check_tls12_hello_extensions(const HelloExtensions& ext, bool require_ems,
                                          std::string_view peer) {
  if (ext.renegotiation_info && !ext.renegotiation_info->renegotiated_connection.empty()) {
    return handshake_failure("non-empty renegotiation_info on an initial handshake");
  }
  if (ext.ec_point_formats &&
      std::find(ext.ec_point_formats->formats.begin(), ext.ec_point_formats->formats.end(),
                codec::EcPointFormat::kUncompressed) == ext.ec_point_formats->formats.end()) {
    return illegal_parameter(std::string(peer) + " does not support uncompressed points");
  }
  const bool extended = ext.extended_master_secret.has_value();
  if (!extended && require_ems) {
    return handshake_failure(std::string(peer) + " does not support extended master secret");
  }
  return extended;
}

// MachineBase plus the TLS 1.2 steps both roles take. ClientHandshake and
// ServerHandshake derive from it and use these once TLS 1.2 is negotiated.
class Tls12Machine : public MachineBase {
 public:
  explicit Tls12Machine(ConnectionCore& core) : MachineBase(core) {}

 protected:
  // Starts the TLS 1.2 handshake for `suite`: the record layer's version
  // checks, the transcript hash (keeping the messages when a CertificateVerify
  // may sign them) and the session info.
  Status begin_tls12(const CipherSuiteInfo& suite, Transcript::Buffer buffer);
  bool is_tls12() const { return suite12_ != nullptr; }

  // From the premaster secret to the master secret: extended (RFC 7627 4,
  // over the transcript so far, which ends with ClientKeyExchange) or not
  // (RFC 5246 8.1). Logs CLIENT_RANDOM and derives the key block.
  void derive_master_secret(ByteView premaster, ByteView client_random, ByteView server_random);
  // An abbreviated handshake (RFC 5246 7.3): the resumed session's master
  // secret with this connection's randoms.
  void resume_master_secret(ByteView master_secret, ByteView client_random, ByteView server_random);
  // This connection as a session to resume later (RFC 5246 7.4.1.2,
  // RFC 5077 4), valid for `lifetime` seconds.
  session::SessionState session_state12(uint32_t lifetime) const;

  // RFC 5246 7.4.8: a CertificateVerify signs every handshake message so
  // far; `then` sends what follows once it is signed.
  Status send_certificate_verify(const CertifiedKey& key, SignatureScheme scheme,
                                 std::function<Status()> then);
  Status receive_certificate_verify(const record::HandshakeMessage& message,
                                    const crypto::PublicKey& key, std::string_view what);

  // Our ChangeCipherSpec, our write keys, our Finished (RFC 5246 7.1, 7.4.9).
  Status send_change_cipher_spec_and_finished();
  // The peer's ChangeCipherSpec: its write keys become our read keys. The
  // caller accepts it only right before the peer's Finished.
  Status accept_change_cipher_spec();
  // The peer's Finished, compared in constant time (decrypt_error if wrong).
  Status receive_finished(const record::HandshakeMessage& message);

  // A renegotiation attempt after the handshake (HelloRequest at a client,
  // ClientHello at a server): refused with a no_renegotiation warning; a
  // second attempt closes the connection.
  Status refuse_renegotiation(std::string_view what);

 public:
  // Once the handshake is complete: TLS 1.3's exporter, or TLS 1.2's
  // (RFC 5705) for a session with extended_master_secret only (RFC 9266 2:
  // without it an attacker can give two connections one master secret,
  // RFC 7627 1).
  Result<crypto::Secret> export_keying_material(std::string_view label,
                                                std::optional<ByteView> context,
                                                size_t length) const override;

 protected:
  const CipherSuiteInfo* suite12_ = nullptr;

 private:
  bool is_client() const { return core_.is_client(); }

  std::optional<KeySchedule12> schedule12_;
  Tls12KeyBlock keys12_;
  bool refused_renegotiation_ = false;
};

}  // namespace parley::handshake

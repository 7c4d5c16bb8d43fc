/// @file
/// Connection configuration. Build a config, then share it (as a
/// shared_ptr<const ...>) between any number of connections; it is not
/// modified after that.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/certificate.h"
#include "parley/compression.h"
#include "parley/crypto_provider.h"
#include "parley/export.h"
#include "parley/hooks.h"
#include "parley/protocol.h"
#include "parley/session.h"

namespace parley {

/// One handshake message, reported as it is sent or received (for --trace).
struct TraceEvent {
  bool outgoing = false;   ///< sent by this side
  bool is_client = false;  ///< this side is the client
  std::string message;     ///< "ClientHello", "ChangeCipherSpec", "Alert", ...
  std::string details;     ///< the fields that matter, on one line
  /// A step on this side rather than a message: "VerifyChain" (the peer's
  /// chain and the result) or "KeySchedule" (which secret is derived from
  /// what; never the secret itself).
  bool local = false;
};

/// Receives each TraceEvent (CommonConfig::trace).
using TraceCallback = std::function<void(const TraceEvent&)>;

/// NSS key log (SSLKEYLOGFILE): label, client_random, secret.
using KeyLogCallback =
    std::function<void(std::string_view label, std::span<const uint8_t> client_random,
                       std::span<const uint8_t> secret)>;

/// Seconds since the Unix epoch; certificate validity is checked against it.
using Clock = std::function<int64_t()>;

/// Whether a server asks for a client certificate (ServerConfig::client_auth).
enum class ClientAuth {
  kNone,      ///< no CertificateRequest
  kOptional,  ///< asks; a client without one is served, one with a bad one is refused
  kRequired,  ///< asks and refuses a client without a valid certificate
};

/// Settings both roles share. docs/configuration.md walks through them.
struct CommonConfig {
  /// Enabled versions. Defaults: TLS 1.3 and TLS 1.2.
  std::vector<ProtocolVersion> versions = {ProtocolVersion::kTls13, ProtocolVersion::kTls12};
  /// In preference order; empty means parley's defaults (AEAD suites with
  /// forward secrecy; the static-RSA and DHE suites are available but must be
  /// listed explicitly).
  std::vector<CipherSuite> cipher_suites;
  /// In preference order; empty means x25519, secp256r1, secp384r1 (and the
  /// ffdhe groups accepted when a peer asks for them).
  std::vector<NamedGroup> groups;
  /// Signature schemes we accept from the peer, in preference order; empty
  /// means parley's defaults. Schemes parley does not implement are left
  /// out; a list with none that it implements is a configuration error.
  std::vector<SignatureScheme> signature_schemes;
  /// Signature schemes we sign with, in preference order; empty means the
  /// same list as signature_schemes. parley never signs with SHA-1
  /// (RFC 9155), even where listed here.
  std::vector<SignatureScheme> signing_schemes;
  /// ALPN protocol names in preference order; empty disables ALPN.
  std::vector<std::string> alpn_protocols;

  /// Called with each handshake message sent or received; unset: none.
  TraceCallback trace;
  /// Called with each secret as an NSS key log line's parts; unset: none.
  /// The secrets decrypt the traffic: for debugging only.
  KeyLogCallback key_log;
  Clock clock;                               ///< default: the system clock
  const CryptoProvider* provider = nullptr;  ///< default: libcrypto

  /// Holds trust anchors to the CA profile x509-limbo expects of a root
  /// (RFC 5280 4.2.1.9 critical basicConstraints with cA, a subjectKeyIdentifier,
  /// no extKeyUsage per CABF 7.1.2.1.2, ...). A few long-lived roots in OS
  /// bundles predate those rules (8 of Debian 12's 144); turning this off
  /// trusts them, as OpenSSL does, at the price of also trusting a malformed
  /// root someone adds to the store.
  bool strict_trust_anchors = true;
  /// TLS 1.2: refuse peers without extended master secret (RFC 7627).
  bool require_extended_master_secret = false;
  /// Bounded memory: the largest Certificate (or CertificateStatus) message
  /// accepted. Other handshake messages are accepted up to the largest size
  /// their grammar allows (a ClientHello at most 128 KiB).
  size_t max_handshake_message_size = 64 * 1024;
  /// The most plaintext buffered in either direction (see Connection::receive_tls).
  size_t max_buffered_plaintext = 1024 * 1024;
  /// RFC 8449 record_size_limit: the largest protected record this endpoint
  /// accepts, as advertised (64 to 16385; in TLS 1.3 the count includes the
  /// content type byte, so 16385 is the protocol maximum there and 16384 in
  /// TLS 1.2). 0 advertises the protocol maximum. parley always sends the
  /// extension and always keeps to the limit a peer advertises.
  uint16_t record_size_limit = 0;
  /// Back-pressure: after the handshake, Connection::write_some() takes only
  /// what keeps pending_tls() (TLS bytes not yet sent) within this many
  /// bytes, so a peer that stops reading cannot make us buffer without bound.
  /// At least one full record is always allowed.
  size_t max_unsent_tls = 64 * 1024;
  /// RFC 8879 certificate compression (TLS 1.3), in preference order: offered
  /// for the peer's Certificate (a client in its ClientHello, a server in
  /// its CertificateRequest) and used for ours when the peer offers one of
  /// them. The default is every algorithm built in (brotli, zstd, zlib, as
  /// found at build time); empty turns compression off. A server compresses
  /// each certificate once per algorithm and keeps the result.
  std::vector<std::shared_ptr<const CertificateCompressor>> certificate_compressors =
      builtin_certificate_compressors();
};

/// A client's settings: whom to trust, and what to present when asked.
struct ClientConfig : CommonConfig {
  /// The roots the server's chain must lead to. Required unless
  /// insecure_skip_verification.
  std::shared_ptr<const TrustAnchors> trust_anchors;
  /// Skips certificate validation entirely (parley client --insecure). Never
  /// use outside testing.
  bool insecure_skip_verification = false;
  /// Verifies the server's chain instead of the built-in check against
  /// trust_anchors (which make_webpki_verifier() offers to call from it);
  /// null: the built-in one. insecure_skip_verification still skips both.
  std::shared_ptr<const CertificateVerifier> verifier;
  /// The client certificate offered when the server asks for one.
  std::shared_ptr<const CertifiedKey> certificate;
  /// Resumption: sessions the server gave us are kept here and offered on
  /// the next connection to the same server (RFC 8446 2.2), each TLS 1.3
  /// ticket once. The default is a bounded in-memory cache of this config's
  /// own (make_client_session_cache(): 256 server names, 4 sessions each),
  /// keyed by server name or ConnectOptions::session_key. Null: no
  /// resumption (and no tickets asked for).
  std::shared_ptr<ClientSessionCache> session_cache = make_client_session_cache();

  // OCSP stapling and SCTs (docs/ocsp.md).
  /// Asks the server to staple an OCSP response (status_request, RFC 6066 8,
  /// RFC 8446 4.4.2.1); what it staples is in SessionInfo::ocsp_response. On
  /// by default, as in browsers: it costs the client a few bytes and fails
  /// nothing by itself.
  bool request_ocsp_staple = true;
  /// Checks a stapled OCSP response (signed by the leaf's issuer or a
  /// responder it delegated to, for the leaf, current by `clock`, status
  /// good) and refuses a must-staple leaf (RFC 7633) that comes without one.
  /// A server without a staple is accepted otherwise (there is no OCSP
  /// fetching). Needs request_ocsp_staple; ignored with
  /// insecure_skip_verification.
  bool verify_ocsp_staple = false;
  /// Asks for signed certificate timestamps (RFC 6962 3.3.1); the list the
  /// server sends is in SessionInfo::signed_certificate_timestamps. parley
  /// does not verify them against CT logs.
  bool request_signed_certificate_timestamps = false;
};

/// A server's settings: its certificates and what it asks of clients.
struct ServerConfig : CommonConfig {
  /// One or more certificates; the server picks by SNI and by the client's
  /// signature schemes.
  std::vector<std::shared_ptr<const CertifiedKey>> certificates;
  /// Chooses the certificate per ClientHello instead of parley's choice
  /// among `certificates` (default_certificate_choice(), which it may call);
  /// null: the built-in choice.
  std::shared_ptr<const CertificateResolver> certificate_resolver;
  /// Whether to ask for a client certificate.
  ClientAuth client_auth = ClientAuth::kNone;
  /// The roots a client's chain must lead to; required with client_auth.
  std::shared_ptr<const TrustAnchors> client_trust_anchors;
  /// Verifies a client's chain instead of the built-in check against
  /// client_trust_anchors; null: the built-in one.
  std::shared_ptr<const CertificateVerifier> client_verifier;
  /// Accepts any client certificate chain without validating it (the client
  /// must still prove it holds the key). Never use outside testing.
  bool insecure_skip_client_verification = false;
  /// TLS 1.2 DHE suites (when listed in cipher_suites): the finite-field group
  /// for a client that names no ffdhe group in supported_groups (RFC 7919 4);
  /// one that does gets one of those. ffdhe2048 or ffdhe3072, or custom
  /// parameters when dh_prime is set (big-endian p of at least 2048 bits, and
  /// g; a safe prime is the operator's responsibility).
  NamedGroup dh_group = NamedGroup::kFfdhe2048;
  /// Custom DHE prime p, big-endian (empty: dh_group).
  std::vector<uint8_t> dh_prime;
  /// Custom DHE generator g, big-endian, with dh_prime.
  std::vector<uint8_t> dh_generator;

  /// Resumption (RFC 8446 2.2, 4.6.1). NewSessionTickets sent after each TLS
  /// 1.3 handshake; 0 sends none (tickets already issued still resume).
  size_t session_tickets = 2;
  /// Seals tickets; null turns ticket resumption off. The default has its
  /// own rotating in-process keys; make_ticketer() with shared TicketKeys
  /// lets a fleet of servers resume each other's sessions.
  std::shared_ptr<Ticketer> ticketer = make_rotating_ticketer();
  /// TLS 1.2 session IDs (RFC 5246 7.4.1.2), for clients that do not take
  /// tickets, and stateful TLS 1.3 tickets; null turns them off.
  std::shared_ptr<SessionStore> session_store = make_session_store();
  /// TLS 1.3 tickets are stateless by default (the session sealed by the
  /// ticketer). When set, they are random ids under which session_store keeps
  /// the session instead, and each resumes once (RFC 8446 8.1): a replayed
  /// 0-RTT ClientHello finds nothing, so early data needs no anti_replay.
  /// Such tickets resume only on a server sharing this store.
  bool stateful_tickets = false;
  /// RFC 8446 4.2.9: psk_dhe_ke is always preferred; psk_ke (no fresh key
  /// exchange, so no forward secrecy for the resumed session) only if set.
  bool allow_psk_ke = false;
  /// 0-RTT (RFC 8446 4.2.10): accepted only when on, within
  /// max_early_data_size, and when the anti-replay defence has not seen the
  /// ClientHello (RFC 8446 8): a stateful ticket's single use, or else
  /// anti_replay (without either, no early data).
  bool early_data = false;
  /// RFC 8446 4.6.1 max_early_data_size, sent in tickets and enforced.
  uint32_t max_early_data_size = 16384;
  /// The 0-RTT replay defence (RFC 8446 8); null: no early data accepted.
  std::shared_ptr<AntiReplay> anti_replay = make_replay_cache();
};

/// The version's name ("TLS 1.3"), for messages.
PARLEY_EXPORT std::string_view name_of(ProtocolVersion version);
/// The suite's IANA name ("TLS_AES_128_GCM_SHA256").
PARLEY_EXPORT std::string_view name_of(CipherSuite suite);
/// The group's IANA name ("x25519").
PARLEY_EXPORT std::string_view name_of(NamedGroup group);
/// The scheme's IANA name ("ecdsa_secp256r1_sha256").
PARLEY_EXPORT std::string_view name_of(SignatureScheme scheme);
/// Suites from colon-separated IANA names; a config_error names an unknown one.
PARLEY_EXPORT Result<std::vector<CipherSuite>> parse_cipher_suites(
    std::string_view colon_separated);
/// Groups from colon-separated IANA names ("x25519:secp256r1").
PARLEY_EXPORT Result<std::vector<NamedGroup>> parse_groups(std::string_view colon_separated);
/// Signature schemes from colon-separated IANA names.
PARLEY_EXPORT Result<std::vector<SignatureScheme>> parse_signature_schemes(
    std::string_view colon_separated);

}  // namespace parley

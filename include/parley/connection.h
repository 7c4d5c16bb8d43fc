/// @file
/// Sans-I/O TLS connections. A connection consumes TLS bytes from the peer and
/// plaintext from the application, and produces TLS bytes for the peer and
/// plaintext for the application. It never touches a socket: see stream.h for
/// a blocking adapter.
///
///   auto conn = ClientConnection::create(config, "example.com");
///   loop:
///     send conn->pending_tls() to the peer, then conn->consume_tls(n)
///     conn->receive_tls(bytes from the peer)   (returns how many it took)
///     conn->read(...) / conn->write(...)
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/config.h"
#include "parley/error.h"
#include "parley/export.h"
#include "parley/protocol.h"

namespace parley {

/// What the handshake settled on.
struct SessionInfo {
  std::optional<ProtocolVersion> version;               ///< the negotiated version
  std::optional<CipherSuite> cipher_suite;              ///< the negotiated suite
  std::optional<NamedGroup> group;                      ///< key exchange group
  std::optional<SignatureScheme> signature_scheme;      ///< the server's signature
  std::string alpn_protocol;                            ///< empty: none
  std::string server_name;                              ///< SNI
  std::vector<std::vector<uint8_t>> peer_certificates;  ///< DER, leaf first
  std::string peer_certificate_subject;                 ///< leaf subject, one line
  /// The path the peer's chain was verified along (DER, leaf to trust
  /// anchor), as the built-in or the configured CertificateVerifier built
  /// it; empty when verification was skipped or no chain was sent.
  std::vector<std::vector<uint8_t>> verified_chain;
  bool extended_master_secret = false;  ///< TLS 1.2
  bool hello_retry_request = false;     ///< TLS 1.3
  bool psk_offered = false;             ///< client: offered a session
  bool resumed = false;                 ///< the handshake resumed a session
  /// 0-RTT: offered by the client. early_data_bytes counts what the client
  /// sent as early data or the server received as such (the first that many
  /// bytes read() returns). Early data the server declined is not delivered:
  /// the client reports it in early_data_rejected_bytes and hands it back
  /// with ClientConnection::take_rejected_early_data() (docs/configuration.md).
  bool early_data_offered = false;
  bool early_data_accepted = false;  ///< 0-RTT: accepted by the server
  size_t early_data_bytes = 0;       ///< 0-RTT bytes sent (client) or received (server)
  /// Client: 0-RTT bytes the server declined, so never delivered by it
  /// (resent after the handshake only with ConnectOptions::resend_rejected_early_data).
  size_t early_data_rejected_bytes = 0;
  /// RFC 8449: the record_size_limit the peer advertised (0: none), which
  /// caps the records parley sends it.
  uint16_t peer_record_size_limit = 0;
  /// Client: the OCSP response (DER) the server stapled (RFC 6066 8, RFC
  /// 8446 4.4.2.1); empty when none. Checked only with
  /// ClientConfig::verify_ocsp_staple.
  std::vector<uint8_t> ocsp_response;
  /// Client: the server's SignedCertificateTimestampList (RFC 6962 3.3) as
  /// sent, 2-byte length first; empty when none. Not verified by parley.
  std::vector<uint8_t> signed_certificate_timestamps;
  /// RFC 8879: the algorithm the server's Certificate came compressed with
  /// (nullopt: uncompressed), as both sides see it.
  std::optional<CertificateCompressionAlgorithm> certificate_compression;
  /// RFC 8879: the same for the client's Certificate (client authentication).
  std::optional<CertificateCompressionAlgorithm> client_certificate_compression;
};

/// Options for one client connection (ClientConnection::create).
struct ConnectOptions {
  /// The session cache key; empty means the server name. A caller reaching
  /// different services under one name adds the port (and ALPN).
  std::string session_key;
  /// Written right after the ClientHello, as if by write(): as 0-RTT data
  /// when the cached session allows early data (up to its
  /// max_early_data_size), the rest after the handshake. Implies
  /// enable_early_data.
  std::vector<uint8_t> early_data;
  /// RFC 8446 2.3 0-RTT: when the cached session allows early data, the
  /// ClientHello offers it and write() sends data as early data, before the
  /// handshake completes, up to ClientConnection::early_data_capacity().
  /// Afterwards info() says whether the server accepted it; data it declined
  /// is reported in SessionInfo::early_data_rejected_bytes, never lost.
  bool enable_early_data = false;
  /// RFC 8446 4.2.10: declined early data is the application's to send again
  /// (take_rejected_early_data()); when this is set parley sends it again
  /// after the handshake itself, unless the ALPN protocol changed.
  bool resend_rejected_early_data = false;
};

/// A TLS connection, sans-I/O: the part ClientConnection and
/// ServerConnection share. docs/sans-io.md shows the loop that drives it.
/// Movable, not copyable; not thread-safe (use one thread at a time).
class PARLEY_EXPORT Connection {
 public:
  /// Moves the connection; `other` is left empty.
  Connection(Connection&& other) noexcept;
  /// Moves the connection; `other` is left empty.
  Connection& operator=(Connection&& other) noexcept;
  virtual ~Connection();

  /// Feeds bytes received from the peer and processes every complete record.
  /// Returns how many bytes were taken: fewer than data.size() only when the
  /// decrypted-plaintext buffer is full (max_buffered_plaintext), in which case
  /// read() some and offer the rest again. After an error the connection is
  /// closed; the one alert it sends is in pending_tls().
  Result<size_t> receive_tls(std::span<const uint8_t> data);

  /// TLS bytes waiting to be sent; call consume_tls(n) once n of them are sent.
  std::span<const uint8_t> pending_tls() const;
  /// Drops the first `n` bytes of pending_tls(), once they are sent.
  void consume_tls(size_t n);
  /// True while pending_tls() is not empty.
  bool wants_write() const { return !pending_tls().empty(); }

  /// Decrypted application data: copies up to out.size() bytes, returns the
  /// count (0 when nothing is available).
  size_t read(std::span<uint8_t> out);
  /// How many plaintext bytes read() can return now.
  size_t readable() const;

  /// Queues all of `data`, or none of it. Before the handshake completes it
  /// is buffered (up to max_buffered_plaintext) and sent once keys are ready.
  /// After it, a write larger than writable() is refused while pending_tls()
  /// is not empty (an ErrorKind::kIo error; the connection goes on): send
  /// what is pending first, or use write_some(), which event loops should.
  Status write(std::span<const uint8_t> data);
  /// Queues as much of `data` as fits and returns how many bytes it took:
  /// after the handshake, what keeps pending_tls() within
  /// CommonConfig::max_unsent_tls (0 while the peer is not reading: wait for
  /// the socket to take pending_tls(), then offer the rest again); before
  /// it, what fits in max_buffered_plaintext. An error only when the
  /// connection failed or was closed.
  Result<size_t> write_some(std::span<const uint8_t> data);
  /// How many plaintext bytes write_some() would take now.
  size_t writable() const;

  /// @name Low-copy I/O, for event loops that own their buffers
  /// Once the handshake is complete, records can be sealed straight into the
  /// caller's send buffer and opened where they lie in its receive buffer,
  /// with no copy inside the connection (in the spirit of rustls' unbuffered
  /// API). They mix with the buffered calls above under two rules, both
  /// checked (an ErrorKind::kConfig error; the connection goes on): call
  /// seal_into() only while pending_tls() is empty, and open_in_place() only
  /// once every byte given to receive_tls() has been read. Records that call
  /// for an answer (a KeyUpdate, RFC 8446 4.6.3) queue it in pending_tls().
  /// @{

  /// How many bytes seal_into() writes for `size` bytes of data.
  size_t sealed_size(size_t size) const;
  /// Seals `data` as application data records directly into `out`, which
  /// must hold at least sealed_size(data.size()) bytes; returns how many
  /// bytes it wrote, to be sent before anything sealed later.
  Result<size_t> seal_into(std::span<const uint8_t> data, std::span<uint8_t> out);
  /// Processes the whole records at the start of `in`, decrypting them in
  /// place, and appends to `data` a view into `in` of each record's
  /// application data (valid while `in` is). Returns how many bytes of `in`
  /// were whole records; keep the rest (a partial record) and call again
  /// with more appended. After an error the connection is closed, as with
  /// receive_tls().
  Result<size_t> open_in_place(std::span<uint8_t> in, std::vector<std::span<const uint8_t>>& data);
  /// @}

  /// Sends close_notify; no more data may be written.
  void close();
  /// TLS 1.3 KeyUpdate (RFC 8446 4.6.3); asks the peer to update too if set.
  Status update_keys(bool request_peer_update);

  /// True while the handshake waits for a Signer's pending operation
  /// (docs/hooks.md): the connection takes no further handshake step until
  /// the PrivateKeyCompletion delivers the result and
  /// poll_private_key_operation() (or receive_tls()) picks it up.
  bool wants_private_key_operation() const;
  /// On the connection's thread: continues the handshake if the pending
  /// private-key operation has completed (sending the rest of the flight to
  /// pending_tls(), processing records received meanwhile). Does nothing
  /// otherwise; the handshake's error if the operation or what followed failed.
  Status poll_private_key_operation();
  /// Called (on the completing thread, so it must be thread-safe: post to
  /// the connection's event loop) each time a pending private-key operation
  /// of this connection completes. Set it before the handshake needs it.
  void set_private_key_wakeup(std::function<void()> wakeup);

  /// True until the handshake completes (and false once it failed).
  bool is_handshaking() const;
  /// True while the connection still expects bytes from the peer.
  bool wants_read() const;
  /// The peer sent close_notify.
  bool peer_closed() const;
  /// A fatal error happened (sent or received); see error().
  bool failed() const;
  /// The fatal error, once failed().
  const std::optional<Error>& error() const;
  /// What the handshake negotiated (complete once !is_handshaking()).
  const SessionInfo& info() const;

  /// Keying material for the protocol above, once the handshake is complete:
  /// TLS 1.3's exporter (RFC 8446 7.5), or in TLS 1.2 RFC 5705's, which parley
  /// offers only for sessions with extended_master_secret (RFC 7627), since
  /// without it two connections can share a master secret. In TLS 1.2 an
  /// absent context and an empty one give different values; in TLS 1.3 they
  /// are the same. `length` is at most 255 hash lengths in TLS 1.3.
  Result<std::vector<uint8_t>> export_keying_material(
      std::string_view label, std::optional<std::span<const uint8_t>> context, size_t length) const;
  /// The tls-exporter channel binding (RFC 9266 2): 32 bytes exported with
  /// the label "EXPORTER-Channel-Binding" and a zero-length context.
  Result<std::vector<uint8_t>> channel_binding() const;

 protected:
  /// The library's connection state; opaque to applications.
  class Core;
  /// Made by ClientConnection::create and ServerConnection::create.
  explicit Connection(std::unique_ptr<Core> core);
  /// The state; opaque.
  std::unique_ptr<Core> core_;
};

/// The client side of a connection; its first flight (the ClientHello) is
/// in pending_tls() as soon as it is created.
class PARLEY_EXPORT ClientConnection : public Connection {
 public:
  /// A client connection for `config`, to `server_name`: the DNS name (sent as SNI and checked
  /// against the certificate) or an IP address literal (checked against iPAddress SANs).
  static Result<ClientConnection> create(std::shared_ptr<const ClientConfig> config,
                                         std::string server_name);
  /// The same, with per-connection options (session cache key, 0-RTT data).
  static Result<ClientConnection> create(std::shared_ptr<const ClientConfig> config,
                                         std::string server_name, ConnectOptions options);

  /// 0-RTT: how many more bytes write() sends as early data right now; 0
  /// when no early data was offered, once the server declined it, and once
  /// the handshake is complete (write() then buffers or sends as usual).
  size_t early_data_capacity() const;
  /// 0-RTT data the server declined (SessionInfo::early_data_rejected_bytes),
  /// once; empty when it was accepted or resent. The caller decides whether
  /// to write it again (RFC 8446 4.2.10: the ALPN protocol may have changed).
  std::vector<uint8_t> take_rejected_early_data();

 private:
  using Connection::Connection;
};

/// The server side of a connection; it speaks once the ClientHello arrives.
class PARLEY_EXPORT ServerConnection : public Connection {
 public:
  /// A server connection for `config`: a config_error when it has no
  /// certificate, or client_auth without client_trust_anchors.
  static Result<ServerConnection> create(std::shared_ptr<const ServerConfig> config);

 private:
  using Connection::Connection;
};

}  // namespace parley

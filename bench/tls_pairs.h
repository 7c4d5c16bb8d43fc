// A client and a server of one TLS implementation connected in memory (no
// sockets), driven from one thread, with the CPU time spent inside each
// side's calls accumulated separately. Implementations: parley (sans-I/O
// Connection), OpenSSL libssl (SSL objects over a BIO pair) and GnuTLS
// (sessions over push/pull callbacks on in-memory buffers). Each handshake
// is a full one, except in the resumption cases, where every implementation
// resumes the session of one untimed first handshake.
#pragma once

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <time.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "bench_certs.h"
#include "parley/certificate.h"
#include "parley/config.h"
#include "parley/connection.h"

#if PARLEY_HAVE_GNUTLS
#include <gnutls/gnutls.h>
#endif

namespace bench {

enum class KeyType { kEcdsaP256, kRsa2048 };

// One handshake configuration, spelled for each implementation. Both sides
// offer exactly this version and suite, the groups X25519 then P-256 (P-256
// also covers the ECDSA certificate's curve in TLS 1.2), and the signature
// schemes ecdsa_secp256r1_sha256 and rsa_pss_rsae_sha256.
// How a handshake resumes: not at all, with a ticket (TLS 1.3: a PSK from
// a NewSessionTicket, with X25519; TLS 1.2: RFC 5077), or by session ID.
enum class Resumption { kNone, kTicket, kSessionId };

struct HandshakeCase {
  const char* name;
  parley::ProtocolVersion version;
  parley::CipherSuite suite;
  KeyType key;
  const char* openssl_suite;  // -ciphersuites (TLS 1.3) or -cipher (TLS 1.2)
  const char* gnutls_suite;   // appended to the GnuTLS priority string
  // X25519MLKEM768 with an X25519 share beside it (parley's default client
  // hello) instead of X25519 alone.
  bool hybrid = false;
  Resumption resumption = Resumption::kNone;
};

using Nanos = std::chrono::nanoseconds;

struct SideTimes {
  Nanos client{0};
  Nanos server{0};
};

// CPU time of the calling thread: the machine may be busy with other work,
// and only the work done inside a side's calls is that side's cost.
inline Nanos thread_cpu_time() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return Nanos(static_cast<int64_t>(now.tv_sec) * 1'000'000'000 + now.tv_nsec);
}

template <typename F>
auto timed(Nanos& total, F&& call) {
  const Nanos start = thread_cpu_time();
  auto result = call();
  total += thread_cpu_time() - start;
  return result;
}

inline const PemPair& server_pem(KeyType key) {
  return key == KeyType::kEcdsaP256 ? certificates().ecdsa : certificates().rsa;
}

// One connected client/server pair.
class Pair {
 public:
  virtual ~Pair() = default;
  // Creates both endpoints and runs a full handshake. Empty on success, else
  // what went wrong.
  virtual std::string handshake(SideTimes& times) = 0;
  // Whether the last handshake resumed a session.
  virtual bool resumed() const { return false; }
  // After the handshake: the client writes `data` and the server reads all
  // of it into `sink` (same size).
  virtual std::string transfer(std::span<const uint8_t> data, std::span<uint8_t> sink) = 0;
};

// Per-case state shared by many connections (contexts, credentials,
// configurations), built outside the timings.
class Stack {
 public:
  virtual ~Stack() = default;
  virtual std::unique_ptr<Pair> pair() = 0;
};

constexpr int kMaxFlights = 32;

// The handshake loop of the OpenSSL and GnuTLS pairs: client then server, one
// step each per flight, until both are done. A step is `(bool& done) ->
// std::string`: it makes that side's one timed call, sets `done` when its
// handshake is complete, and returns an error text (empty if none).
template <typename ClientStep, typename ServerStep>
std::string run_flights(ClientStep&& client_step, ServerStep&& server_step) {
  bool client_done = false;
  bool server_done = false;
  for (int flight = 0; flight < kMaxFlights && !(client_done && server_done); ++flight) {
    if (!client_done) {
      if (auto error = client_step(client_done); !error.empty()) return error;
    }
    if (!server_done) {
      if (auto error = server_step(server_done); !error.empty()) return error;
    }
  }
  return client_done && server_done ? "" : "the handshake did not finish";
}

// ---- parley ----------------------------------------------------------------

class ParleyStack final : public Stack {
 public:
  explicit ParleyStack(const HandshakeCase& c) {
    using namespace parley;
    auto anchors = TrustAnchors::from_pem(certificates().ca);
    auto key = CertifiedKey::from_pem(server_pem(c.key).cert, server_pem(c.key).key);
    if (!anchors.ok() || !key.ok()) {
      error = "parley could not load the certificates: " +
              (anchors.ok() ? key.error().message : anchors.error().message);
      return;
    }
    auto common = [&c](CommonConfig& config) {
      config.versions = {c.version};
      config.cipher_suites = {c.suite};
      config.groups =
          c.hybrid ? std::vector<NamedGroup>{NamedGroup::kX25519MlKem768, NamedGroup::kX25519}
                   : std::vector<NamedGroup>{NamedGroup::kX25519, NamedGroup::kSecp256r1};
      config.signature_schemes = {SignatureScheme::kEcdsaSecp256r1Sha256,
                                  SignatureScheme::kRsaPssRsaeSha256};
    };
    auto client = std::make_shared<ClientConfig>();
    common(*client);
    client->trust_anchors = *anchors;
    auto server = std::make_shared<ServerConfig>();
    common(*server);
    server->certificates = {*key};
    // Resumption: the client caches sessions (the default); full handshakes
    // keep none. A session-ID case gets no tickets (TLS 1.2 then hands out
    // session IDs).
    if (c.resumption == Resumption::kNone) client->session_cache = nullptr;
    if (c.resumption == Resumption::kSessionId) server->session_tickets = 0;
    client_config = client;
    server_config = server;
  }

  std::unique_ptr<Pair> pair() override;

  std::shared_ptr<const parley::ClientConfig> client_config;
  std::shared_ptr<const parley::ServerConfig> server_config;
  std::string error;
};

class ParleyPair final : public Pair {
 public:
  explicit ParleyPair(const ParleyStack& stack) : stack_(stack) {}

  std::string handshake(SideTimes& times) override {
    if (!stack_.error.empty()) return stack_.error;
    auto client = timed(times.client, [&] {
      return parley::ClientConnection::create(stack_.client_config, "localhost");
    });
    auto server =
        timed(times.server, [&] { return parley::ServerConnection::create(stack_.server_config); });
    if (!client.ok()) return "client: " + client.error().message;
    if (!server.ok()) return "server: " + server.error().message;
    client_.emplace(std::move(*client));
    server_.emplace(std::move(*server));
    // Like SSL_do_handshake in the OpenSSL pair, one timed call per side and
    // flight: take what the peer sent, then hand over what this side has to
    // send (each timer read costs as much as a small handshake step, so the
    // number of timed calls must match).
    std::vector<uint8_t> to_server;
    std::vector<uint8_t> to_client;
    for (int flight = 0; flight < kMaxFlights; ++flight) {
      if (auto error = step(*client_, times.client, to_client, to_server); !error.empty()) {
        return "client: " + error;
      }
      if (auto error = step(*server_, times.server, to_server, to_client); !error.empty()) {
        return "server: " + error;
      }
      if (!client_->is_handshaking() && !server_->is_handshaking() && to_client.empty() &&
          to_server.empty()) {
        return "";
      }
    }
    return "the handshake did not finish";
  }

  bool resumed() const override { return client_ && client_->info().resumed; }

  std::string transfer(std::span<const uint8_t> data, std::span<uint8_t> sink) override {
    if (auto status = client_->write(data); !status.ok()) return status.error().message;
    // Untimed, like the baselines' transfer: per-call CPU clocks here would
    // cost more than the records themselves.
    if (auto error = deliver_untimed(*client_, *server_); !error.empty()) return error;
    size_t received = 0;
    while (received < sink.size()) {
      const size_t n = server_->read(sink.subspan(received));
      if (n == 0) return "the server received too little";
      received += n;
    }
    return "";
  }

 private:
  static std::string deliver_untimed(parley::Connection& from, parley::Connection& to) {
    while (true) {
      const auto pending = from.pending_tls();
      if (pending.empty()) return "";
      auto taken = to.receive_tls(pending);
      if (!taken.ok()) return taken.error().message;
      if (*taken == 0) return "the receiver took nothing";
      from.consume_tls(*taken);
    }
  }

  // Feeds `inbox` to `connection`, then moves everything it has to send into
  // `outbox`, all in one timed call.
  static std::string step(parley::Connection& connection, Nanos& time, std::vector<uint8_t>& inbox,
                          std::vector<uint8_t>& outbox) {
    return timed(time, [&]() -> std::string {
      std::span<const uint8_t> unread(inbox);
      while (!unread.empty()) {
        auto taken = connection.receive_tls(unread);
        if (!taken.ok()) return taken.error().message;
        if (*taken == 0) return "took nothing";
        unread = unread.subspan(*taken);
      }
      inbox.clear();
      for (auto pending = connection.pending_tls(); !pending.empty();
           pending = connection.pending_tls()) {
        outbox.insert(outbox.end(), pending.begin(), pending.end());
        connection.consume_tls(pending.size());
      }
      return "";
    });
  }

  const ParleyStack& stack_;
  std::optional<parley::ClientConnection> client_;
  std::optional<parley::ServerConnection> server_;
};

inline std::unique_ptr<Pair> ParleyStack::pair() {
  return std::make_unique<ParleyPair>(*this);
}

// ---- OpenSSL ---------------------------------------------------------------

inline std::string openssl_error(const char* what) {
  std::string text = what;
  if (const unsigned long code = ERR_get_error(); code != 0) {
    char buffer[256];
    ERR_error_string_n(code, buffer, sizeof buffer);
    text += ": ";
    text += buffer;
  }
  ERR_clear_error();
  return text;
}

class OpenSslStack final : public Stack {
 public:
  explicit OpenSslStack(const HandshakeCase& c) {
    client = SSL_CTX_new(TLS_client_method());
    server = SSL_CTX_new(TLS_server_method());
    const int version =
        c.version == parley::ProtocolVersion::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
    for (SSL_CTX* context : {client, server}) {
      SSL_CTX_set_min_proto_version(context, version);
      SSL_CTX_set_max_proto_version(context, version);
      const bool suite_ok = version == TLS1_3_VERSION
                                ? SSL_CTX_set_ciphersuites(context, c.openssl_suite) == 1
                                : SSL_CTX_set_cipher_list(context, c.openssl_suite) == 1;
      const char* groups = c.hybrid ? "X25519MLKEM768:X25519" : "X25519:P-256";
      if (!suite_ok || SSL_CTX_set1_groups_list(context, groups) != 1 ||
          SSL_CTX_set1_sigalgs_list(context, "ecdsa_secp256r1_sha256:rsa_pss_rsae_sha256") != 1) {
        error = openssl_error("OpenSSL context settings");
      }
      // Full handshakes: no session cache, no tickets. Resumption: the
      // client keeps one session; the server issues tickets (2, as parley
      // does) or caches sessions by ID.
      SSL_CTX_set_session_cache_mode(context, SSL_SESS_CACHE_OFF);
      if (c.resumption != Resumption::kTicket) SSL_CTX_set_options(context, SSL_OP_NO_TICKET);
    }
    if (c.resumption == Resumption::kNone) SSL_CTX_set_num_tickets(server, 0);
    if (c.resumption == Resumption::kSessionId) {
      SSL_CTX_set_session_cache_mode(server, SSL_SESS_CACHE_SERVER);
    }
    if (c.resumption != Resumption::kNone) {
      SSL_CTX_set_session_cache_mode(client, SSL_SESS_CACHE_CLIENT | SSL_SESS_CACHE_NO_INTERNAL);
      static const unsigned char kContext[] = "bench";
      SSL_CTX_set_session_id_context(server, kContext, sizeof kContext - 1);
    }
    resumption = c.resumption;
    tls13 = version == TLS1_3_VERSION;
    SSL_CTX_set_verify(client, SSL_VERIFY_PEER, nullptr);

    const PemPair& pem = server_pem(c.key);
    X509* ca = read_pem(certificates().ca, PEM_read_bio_X509);
    X509* leaf = read_pem(pem.cert, PEM_read_bio_X509);
    EVP_PKEY* key = read_pem(pem.key, PEM_read_bio_PrivateKey);
    if (ca == nullptr || leaf == nullptr || key == nullptr ||
        X509_STORE_add_cert(SSL_CTX_get_cert_store(client), ca) != 1 ||
        SSL_CTX_use_certificate(server, leaf) != 1 || SSL_CTX_use_PrivateKey(server, key) != 1) {
      error = openssl_error("OpenSSL certificates");
    }
    X509_free(ca);
    X509_free(leaf);
    EVP_PKEY_free(key);
  }

  ~OpenSslStack() override {
    SSL_SESSION_free(session);
    SSL_CTX_free(client);
    SSL_CTX_free(server);
  }

  std::unique_ptr<Pair> pair() override;

  SSL_CTX* client = nullptr;
  SSL_CTX* server = nullptr;
  std::string error;
  Resumption resumption = Resumption::kNone;
  bool tls13 = false;
  // The session the client resumes next.
  mutable SSL_SESSION* session = nullptr;
};

class OpenSslPair final : public Pair {
 public:
  explicit OpenSslPair(const OpenSslStack& stack) : stack_(stack) {}
  ~OpenSslPair() override {
    // As if closed cleanly: OpenSSL drops the session of a connection freed
    // mid-stream (ssl_clear_bad_session), which would end resumption.
    for (SSL* ssl : {client_, server_}) {
      if (ssl != nullptr) SSL_set_shutdown(ssl, SSL_SENT_SHUTDOWN | SSL_RECEIVED_SHUTDOWN);
      SSL_free(ssl);
    }
  }

  std::string handshake(SideTimes& times) override {
    if (!stack_.error.empty()) return stack_.error;
    // The BIO pair holds a whole 16 KiB record plus overhead in each direction.
    constexpr size_t kBioBuffer = 64 * 1024;
    timed(times.client, [&] {
      client_ = SSL_new(stack_.client);
      if (stack_.session != nullptr) SSL_set_session(client_, stack_.session);
      SSL_set_tlsext_host_name(client_, "localhost");
      SSL_set1_host(client_, "localhost");
      SSL_set_connect_state(client_);
      return 0;
    });
    timed(times.server, [&] {
      server_ = SSL_new(stack_.server);
      SSL_set_accept_state(server_);
      return 0;
    });
    BIO* client_bio = nullptr;
    BIO* server_bio = nullptr;
    if (BIO_new_bio_pair(&client_bio, kBioBuffer, &server_bio, kBioBuffer) != 1) {
      return openssl_error("BIO pair");
    }
    SSL_set_bio(client_, client_bio, client_bio);
    SSL_set_bio(server_, server_bio, server_bio);
    std::string error = run_flights([&](bool& done) { return step(client_, times.client, done); },
                                    [&](bool& done) { return step(server_, times.server, done); });
    if (error.empty() && stack_.resumption != Resumption::kNone) keep_session(times);
    return error;
  }

  // Whether the handshake resumed a session (SSL_session_reused).
  bool resumed() const override { return client_ != nullptr && SSL_session_reused(client_) == 1; }

  std::string transfer(std::span<const uint8_t> data, std::span<uint8_t> sink) override {
    if (SSL_write(client_, data.data(), static_cast<int>(data.size())) !=
        static_cast<int>(data.size())) {
      return openssl_error("SSL_write");
    }
    size_t received = 0;
    while (received < sink.size()) {
      const int n =
          SSL_read(server_, sink.data() + received, static_cast<int>(sink.size() - received));
      if (n <= 0) return openssl_error("SSL_read");
      received += static_cast<size_t>(n);
    }
    return "";
  }

 private:
  // Keeps the session to resume. A TLS 1.2 session resumes again and again,
  // so the first one serves; a TLS 1.3 session resumes once (RFC 8446 C.4,
  // as OpenSSL's client does), so each handshake reads the new tickets and
  // keeps the newest session, in the client's time as parley's client does.
  void keep_session(SideTimes& times) {
    if (stack_.session != nullptr && !stack_.tls13) return;
    SSL_SESSION* newest = timed(times.client, [&] {
      uint8_t byte;
      (void)SSL_read(client_, &byte, 1);
      return SSL_get1_session(client_);
    });
    ERR_clear_error();
    SSL_SESSION_free(stack_.session);
    stack_.session = newest;
  }

  static std::string step(SSL* ssl, Nanos& time, bool& done) {
    const int result = timed(time, [&] { return SSL_do_handshake(ssl); });
    if (result == 1) {
      done = true;
      return "";
    }
    const int reason = SSL_get_error(ssl, result);
    if (reason == SSL_ERROR_WANT_READ || reason == SSL_ERROR_WANT_WRITE) return "";
    return openssl_error("SSL_do_handshake");
  }

  const OpenSslStack& stack_;
  SSL* client_ = nullptr;
  SSL* server_ = nullptr;
};

inline std::unique_ptr<Pair> OpenSslStack::pair() {
  return std::make_unique<OpenSslPair>(*this);
}

// ---- GnuTLS ----------------------------------------------------------------

#if PARLEY_HAVE_GNUTLS

class GnutlsStack final : public Stack {
 public:
  explicit GnutlsStack(const HandshakeCase& c)
      : resumption(c.resumption), tls13(c.version == parley::ProtocolVersion::kTls13) {
    const PemPair& pem = server_pem(c.key);
    const std::string& ca = certificates().ca;
    const gnutls_datum_t ca_datum = datum(ca);
    const gnutls_datum_t cert_datum = datum(pem.cert);
    const gnutls_datum_t key_datum = datum(pem.key);
    const std::string priority =
        std::string("NORMAL:-VERS-ALL:+VERS-") +
        (c.version == parley::ProtocolVersion::kTls13 ? "TLS1.3" : "TLS1.2") + ":" +
        c.gnutls_suite +
        (c.hybrid ? ":-GROUP-ALL:+GROUP-X25519-MLKEM768:+GROUP-X25519"
                  : ":-GROUP-ALL:+GROUP-X25519:+GROUP-SECP256R1") +
        // ECDSA-SHA256 is TLS 1.2's curve-agnostic name for 0x0403.
        ":-SIGN-ALL:+SIGN-ECDSA-SECP256R1-SHA256:+SIGN-ECDSA-SHA256:+SIGN-RSA-PSS-RSAE-SHA256";
    const char* error_position = nullptr;
    if (gnutls_certificate_allocate_credentials(&client_credentials) < 0 ||
        gnutls_certificate_allocate_credentials(&server_credentials) < 0 ||
        gnutls_certificate_set_x509_trust_mem(client_credentials, &ca_datum, GNUTLS_X509_FMT_PEM) !=
            1 ||
        gnutls_certificate_set_x509_key_mem(server_credentials, &cert_datum, &key_datum,
                                            GNUTLS_X509_FMT_PEM) < 0 ||
        gnutls_priority_init(&priority_cache, priority.c_str(), &error_position) < 0) {
      error = "GnuTLS credentials or priority string";
      if (error_position != nullptr) error += std::string(" at ") + error_position;
    }
    if (resumption == Resumption::kTicket && gnutls_session_ticket_key_generate(&ticket_key) < 0) {
      error = "GnuTLS ticket key";
    }
  }

  ~GnutlsStack() override {
    if (session_data.data != nullptr) gnutls_free(session_data.data);
    if (ticket_key.data != nullptr) gnutls_memset(ticket_key.data, 0, ticket_key.size);
    if (ticket_key.data != nullptr) gnutls_free(ticket_key.data);
    if (priority_cache != nullptr) gnutls_priority_deinit(priority_cache);
    if (client_credentials != nullptr) gnutls_certificate_free_credentials(client_credentials);
    if (server_credentials != nullptr) gnutls_certificate_free_credentials(server_credentials);
  }

  std::unique_ptr<Pair> pair() override;

  gnutls_certificate_credentials_t client_credentials = nullptr;
  gnutls_certificate_credentials_t server_credentials = nullptr;
  gnutls_priority_t priority_cache = nullptr;
  std::string error;
  Resumption resumption = Resumption::kNone;
  bool tls13 = false;
  // Resumption: the server's ticket key, its session-ID cache, and the
  // client's session from the untimed first handshake.
  gnutls_datum_t ticket_key{};
  mutable std::map<std::string, std::string> session_cache;
  mutable gnutls_datum_t session_data{};

 private:
  static gnutls_datum_t datum(const std::string& text) {
    return {reinterpret_cast<unsigned char*>(const_cast<char*>(text.data())),
            static_cast<unsigned int>(text.size())};
  }
};

class GnutlsPair final : public Pair {
 public:
  explicit GnutlsPair(const GnutlsStack& stack) : stack_(stack) {}
  ~GnutlsPair() override {
    if (client_.session != nullptr) gnutls_deinit(client_.session);
    if (server_.session != nullptr) gnutls_deinit(server_.session);
  }

  std::string handshake(SideTimes& times) override {
    if (!stack_.error.empty()) return stack_.error;
    client_.inbox = &to_client_;
    client_.outbox = &to_server_;
    server_.inbox = &to_server_;
    server_.outbox = &to_client_;
    const bool client_ok = timed(times.client, [&] {
      return start(client_, GNUTLS_CLIENT, stack_.client_credentials) &&
             gnutls_server_name_set(client_.session, GNUTLS_NAME_DNS, "localhost", 9) >= 0 &&
             (gnutls_session_set_verify_cert(client_.session, "localhost", 0), true) &&
             (stack_.session_data.data == nullptr ||
              gnutls_session_set_data(client_.session, stack_.session_data.data,
                                      stack_.session_data.size) >= 0);
    });
    const bool server_ok = timed(times.server, [&] {
      return start(server_, GNUTLS_SERVER, stack_.server_credentials) && enable_resumption(server_);
    });
    if (!client_ok || !server_ok) return "GnuTLS session setup";
    std::string error = run_flights([&](bool& done) { return step(client_, times.client, done); },
                                    [&](bool& done) { return step(server_, times.server, done); });
    if (error.empty() && stack_.resumption != Resumption::kNone) keep_session(times);
    return error;
  }

  bool resumed() const override {
    return client_.session != nullptr && gnutls_session_is_resumed(client_.session) != 0;
  }

  std::string transfer(std::span<const uint8_t> data, std::span<uint8_t> sink) override {
    const ssize_t sent = gnutls_record_send(client_.session, data.data(), data.size());
    if (sent != static_cast<ssize_t>(data.size())) return "gnutls_record_send";
    size_t received = 0;
    while (received < sink.size()) {
      const ssize_t n =
          gnutls_record_recv(server_.session, sink.data() + received, sink.size() - received);
      if (n <= 0) return std::string("gnutls_record_recv: ") + gnutls_strerror(static_cast<int>(n));
      received += static_cast<size_t>(n);
    }
    return "";
  }

 private:
  // Bytes in flight one way; `read` is how far the receiver has read.
  struct Buffer {
    std::vector<uint8_t> bytes;
    size_t read = 0;
  };

  struct Endpoint {
    gnutls_session_t session = nullptr;
    Buffer* inbox = nullptr;
    Buffer* outbox = nullptr;
  };

  static ssize_t push(gnutls_transport_ptr_t context, const void* data, size_t size) {
    auto* endpoint = static_cast<Endpoint*>(context);
    const auto* bytes = static_cast<const uint8_t*>(data);
    endpoint->outbox->bytes.insert(endpoint->outbox->bytes.end(), bytes, bytes + size);
    return static_cast<ssize_t>(size);
  }

  static ssize_t pull(gnutls_transport_ptr_t context, void* data, size_t size) {
    auto* endpoint = static_cast<Endpoint*>(context);
    Buffer& inbox = *endpoint->inbox;
    const size_t available = inbox.bytes.size() - inbox.read;
    if (available == 0) {
      gnutls_transport_set_errno(endpoint->session, EAGAIN);
      return -1;
    }
    const size_t n = std::min(size, available);
    std::memcpy(data, inbox.bytes.data() + inbox.read, n);
    inbox.read += n;
    if (inbox.read == inbox.bytes.size()) {
      inbox.bytes.clear();
      inbox.read = 0;
    }
    return static_cast<ssize_t>(n);
  }

  static int pull_timeout(gnutls_transport_ptr_t context, unsigned int) {
    const auto* endpoint = static_cast<Endpoint*>(context);
    return endpoint->inbox->bytes.size() > endpoint->inbox->read ? 1 : 0;
  }

  // Keeps the session to resume, as the OpenSSL pair does: the first TLS
  // 1.2 one, or after each TLS 1.3 handshake the newest ticket's (read in
  // the client's time).
  void keep_session(SideTimes& times) {
    if (stack_.session_data.data != nullptr && !stack_.tls13) return;
    gnutls_datum_t newest{};
    timed(times.client, [&] {
      uint8_t byte;
      (void)gnutls_record_recv(client_.session, &byte, 1);
      return gnutls_session_get_data2(client_.session, &newest);
    });
    if (stack_.session_data.data != nullptr) gnutls_free(stack_.session_data.data);
    stack_.session_data = newest;
  }

  // The server side of resumption: tickets under the stack's key, or a
  // session-ID cache.
  bool enable_resumption(Endpoint& endpoint) const {
    if (stack_.resumption == Resumption::kTicket) {
      return gnutls_session_ticket_enable_server(endpoint.session, &stack_.ticket_key) >= 0;
    }
    if (stack_.resumption == Resumption::kSessionId) {
      gnutls_db_set_ptr(endpoint.session, &stack_.session_cache);
      gnutls_db_set_store_function(endpoint.session, db_store);
      gnutls_db_set_retrieve_function(endpoint.session, db_fetch);
      gnutls_db_set_remove_function(endpoint.session, db_remove);
    }
    return true;
  }

  using Cache = std::map<std::string, std::string>;
  static std::string key_of(gnutls_datum_t key) {
    return std::string(reinterpret_cast<const char*>(key.data), key.size);
  }
  static int db_store(void* cache, gnutls_datum_t key, gnutls_datum_t data) {
    (*static_cast<Cache*>(cache))[key_of(key)] = key_of(data);
    return 0;
  }
  static gnutls_datum_t db_fetch(void* cache, gnutls_datum_t key) {
    const auto& sessions = *static_cast<Cache*>(cache);
    const auto found = sessions.find(key_of(key));
    gnutls_datum_t out{nullptr, 0};
    if (found == sessions.end()) return out;
    out.data = static_cast<unsigned char*>(gnutls_malloc(found->second.size()));
    if (out.data == nullptr) return out;
    std::memcpy(out.data, found->second.data(), found->second.size());
    out.size = static_cast<unsigned int>(found->second.size());
    return out;
  }
  static int db_remove(void* cache, gnutls_datum_t key) {
    static_cast<Cache*>(cache)->erase(key_of(key));
    return 0;
  }

  bool start(Endpoint& endpoint, unsigned int role,
             gnutls_certificate_credentials_t credentials) const {
    // Tickets only where this case resumes with them.
    const unsigned int flags = stack_.resumption == Resumption::kTicket ? 0 : GNUTLS_NO_TICKETS;
    if (gnutls_init(&endpoint.session, role | flags) < 0) return false;
    gnutls_transport_set_ptr(endpoint.session, &endpoint);
    gnutls_transport_set_push_function(endpoint.session, push);
    gnutls_transport_set_pull_function(endpoint.session, pull);
    gnutls_transport_set_pull_timeout_function(endpoint.session, pull_timeout);
    gnutls_handshake_set_timeout(endpoint.session, 0);
    return gnutls_priority_set(endpoint.session, stack_.priority_cache) >= 0 &&
           gnutls_credentials_set(endpoint.session, GNUTLS_CRD_CERTIFICATE, credentials) >= 0;
  }

  static std::string step(Endpoint& endpoint, Nanos& time, bool& done) {
    const int result = timed(time, [&] { return gnutls_handshake(endpoint.session); });
    if (result == 0) {
      done = true;
      return "";
    }
    if (result == GNUTLS_E_AGAIN || result == GNUTLS_E_INTERRUPTED) return "";
    return std::string("gnutls_handshake: ") + gnutls_strerror(result);
  }

  const GnutlsStack& stack_;
  Buffer to_client_;
  Buffer to_server_;
  Endpoint client_;
  Endpoint server_;
};

inline std::unique_ptr<Pair> GnutlsStack::pair() {
  return std::make_unique<GnutlsPair>(*this);
}

#endif  // PARLEY_HAVE_GNUTLS

}  // namespace bench

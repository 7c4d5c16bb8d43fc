/// @file
/// Session resumption: what outlives a connection. Ticket keys a fleet of
/// servers can share, the ticketer that seals resumption state into tickets,
/// the server's session store (TLS 1.2 session IDs), the client's session
/// cache and the 0-RTT replay defence (RFC 8446 8). Each is an interface an
/// application may replace; the factories below make parley's defaults. All
/// of them may be used by many connections on many threads at once.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "parley/export.h"

namespace parley {

/// One ticket key: a public name (sent in every ticket, to find the key
/// again) and the AES-256-GCM secret. Secret material: wiped on destruction,
/// never logged.
struct PARLEY_EXPORT TicketKey {
  static constexpr size_t kNameSize = 16;     ///< bytes of the key name
  static constexpr size_t kSecretSize = 32;   ///< bytes of the AES-256-GCM key
  std::array<uint8_t, kNameSize> name{};      ///< public: sent in each ticket
  std::array<uint8_t, kSecretSize> secret{};  ///< secret: never logged

  /// An all-zero key (fill in name and secret, or use generate()).
  TicketKey() = default;
  /// Copies the key (the copy is wiped on its own destruction).
  TicketKey(const TicketKey&) = default;
  /// Copies the key.
  TicketKey& operator=(const TicketKey&) = default;
  /// Wipes the secret.
  ~TicketKey();
  /// A fresh random key (name and secret).
  static TicketKey generate();
};

/// A set of named keys: the first encrypts, every one decrypts. set() swaps
/// the whole set at once (rotation), so an application that distributes keys
/// to a fleet calls set() on each server with the same list: new key first,
/// then the ones still to be accepted.
class PARLEY_EXPORT TicketKeys {
 public:
  /// The initial set; the first key encrypts.
  explicit TicketKeys(std::vector<TicketKey> keys);
  /// Replaces the whole set at once (rotation): the first key encrypts from now on.
  void set(std::vector<TicketKey> keys);
  /// The current set; the caller works on it without holding any lock.
  std::shared_ptr<const std::vector<TicketKey>> snapshot() const;

 private:
  mutable std::mutex mutex_;  // guards only the pointer swap
  std::shared_ptr<const std::vector<TicketKey>> keys_;
};

/// Seals resumption state into a ticket and opens it again. `state` holds
/// secrets: implementations must not log or keep it.
class PARLEY_EXPORT Ticketer {
 public:
  virtual ~Ticketer() = default;
  /// The ticket for `state` at time `now` (seconds since the epoch); nullopt
  /// when it cannot seal (the connection then sends no ticket).
  virtual std::optional<std::vector<uint8_t>> seal(std::span<const uint8_t> state,
                                                   int64_t now) const = 0;
  /// nullopt for a ticket this ticketer did not make, made under a key no
  /// longer accepted, or tampered with. The caller wipes the result.
  virtual std::optional<std::vector<uint8_t>> open(std::span<const uint8_t> ticket,
                                                   int64_t now) const = 0;
  /// RFC 8446 4.6.1 ticket_lifetime, at most 7 days.
  virtual uint32_t lifetime_seconds() const = 0;
};

/// AES-256-GCM tickets under `keys`, which the application supplies and
/// rotates itself (shared across a fleet).
PARLEY_EXPORT std::shared_ptr<Ticketer> make_ticketer(std::shared_ptr<TicketKeys> keys,
                                                      uint32_t lifetime_seconds = 7200);
/// The default: in-process random keys, a new one every `rotation_seconds`;
/// tickets stay valid for `lifetime_seconds` after their key stops encrypting.
PARLEY_EXPORT std::shared_ptr<Ticketer> make_rotating_ticketer(uint32_t rotation_seconds = 3600,
                                                               uint32_t lifetime_seconds = 7200);

/// The server's store of sessions by id, bounded and expiring: TLS 1.2
/// session IDs (RFC 5246 7.4.1.2) and, with ServerConfig::stateful_tickets,
/// TLS 1.3 tickets.
class PARLEY_EXPORT SessionStore {
 public:
  virtual ~SessionStore() = default;
  /// Keeps `state` under `id` until `expires_at` (seconds since the epoch).
  virtual void put(std::span<const uint8_t> id, std::vector<uint8_t> state, int64_t expires_at) = 0;
  /// The state under `id`, or nullopt when unknown or expired at `now`.
  virtual std::optional<std::vector<uint8_t>> get(std::span<const uint8_t> id, int64_t now) = 0;
  /// Forgets `id` (a session that failed, RFC 5246 7.2.2).
  virtual void remove(std::span<const uint8_t> id) = 0;
  /// The state under `id`, removed from the store: of several connections
  /// taking the same id at once, exactly one gets it (the 0-RTT replay
  /// defence of single-use tickets, RFC 8446 8.1). The default, get() then
  /// remove(), is not atomic: a store shared between threads overrides it.
  virtual std::optional<std::vector<uint8_t>> take(std::span<const uint8_t> id, int64_t now);
};
/// Holds up to `capacity` sessions; the oldest goes first when full.
PARLEY_EXPORT std::shared_ptr<SessionStore> make_session_store(size_t capacity = 4096);

/// The client's cache: sessions (opaque, encoded by parley) by a key the
/// connection derives from the server name (and, if the application asks,
/// port and ALPN). take() removes what it returns: TLS 1.3 tickets are single
/// use on the client side (RFC 8446 C.4).
class PARLEY_EXPORT ClientSessionCache {
 public:
  virtual ~ClientSessionCache() = default;
  /// Keeps `session` under `key` (newest first).
  virtual void put(const std::string& key, std::vector<uint8_t> session) = 0;
  /// The newest session for `key`, removed from the cache.
  virtual std::optional<std::vector<uint8_t>> take(const std::string& key) = 0;
};
/// Up to `capacity` keys, each with up to `per_key` sessions (newest kept).
PARLEY_EXPORT std::shared_ptr<ClientSessionCache> make_client_session_cache(size_t capacity = 256,
                                                                            size_t per_key = 4);

/// 0-RTT replay defence (RFC 8446 8.2): remembers what it has seen within a
/// window; a second use is refused.
class PARLEY_EXPORT AntiReplay {
 public:
  virtual ~AntiReplay() = default;
  /// True the first time `id` (a ClientHello's PSK binder) is presented;
  /// false for a replay, or when the defence cannot remember it (full).
  virtual bool first_use(std::span<const uint8_t> id, int64_t now) = 0;
  /// RFC 8446 8.3: how far the client's ticket age may stray from ours.
  virtual uint32_t window_seconds() const = 0;
};
/// The default replay defence: up to `capacity` binders remembered for
/// `window_seconds`.
PARLEY_EXPORT std::shared_ptr<AntiReplay> make_replay_cache(size_t capacity = 65536,
                                                            uint32_t window_seconds = 10);

}  // namespace parley

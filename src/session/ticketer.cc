// Ticket keys and the AEAD ticketer (RFC 5077 4's recommended shape, used
// for TLS 1.3 tickets too): key_name || nonce || AES-256-GCM(state) || tag,
// with the key name as additional data.
#include <algorithm>
#include <atomic>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "parley/session.h"

namespace parley {

namespace {

constexpr uint32_t kMaxLifetime = 7 * 24 * 3600;  // RFC 8446 4.6.1
constexpr size_t kOverhead = TicketKey::kNameSize + crypto::kAeadNonceSize + crypto::kAeadTagSize;

const TicketKey* find_key(const std::vector<TicketKey>& keys, ByteView name) {
  for (const TicketKey& key : keys) {
    if (constant_time_equal(key.name, name)) return &key;
  }
  return nullptr;
}

std::optional<Bytes> seal_under(const TicketKey& key, ByteView state) {
  const crypto::Provider& provider = crypto::default_provider();
  // A context per call keeps sealing free of shared mutable state: threads
  // never wait on each other here.
  auto aead = provider.make_aead(crypto::AeadAlgorithm::kAes256Gcm, key.secret);
  if (!aead.ok()) return std::nullopt;
  Bytes ticket(kOverhead + state.size());
  std::copy(key.name.begin(), key.name.end(), ticket.begin());
  const auto nonce = std::span(ticket).subspan(TicketKey::kNameSize, crypto::kAeadNonceSize);
  provider.public_random(nonce);
  const auto body =
      std::span(ticket).subspan(TicketKey::kNameSize + crypto::kAeadNonceSize, state.size());
  std::copy(state.begin(), state.end(), body.begin());
  const auto tag = std::span(ticket).subspan(ticket.size() - crypto::kAeadTagSize);
  if (!(*aead)->seal(nonce, key.name, body, tag)) return std::nullopt;
  return ticket;
}

std::optional<Bytes> open_with(const std::vector<TicketKey>& keys, ByteView ticket) {
  if (ticket.size() <= kOverhead) return std::nullopt;
  const ByteView name = ticket.first(TicketKey::kNameSize);
  const TicketKey* key = find_key(keys, name);
  if (key == nullptr) return std::nullopt;  // another server's, or an old key's
  auto aead = crypto::default_provider().make_aead(crypto::AeadAlgorithm::kAes256Gcm, key->secret);
  if (!aead.ok()) return std::nullopt;
  const ByteView nonce = ticket.subspan(TicketKey::kNameSize, crypto::kAeadNonceSize);
  Bytes state(ticket.begin() + TicketKey::kNameSize + crypto::kAeadNonceSize,
              ticket.end() - crypto::kAeadTagSize);
  if (!(*aead)->open(nonce, name, state, ticket.last(crypto::kAeadTagSize))) {
    secure_wipe(state.data(), state.size());
    return std::nullopt;
  }
  return state;
}

// Tickets under keys the application manages.
class KeyedTicketer final : public Ticketer {
 public:
  KeyedTicketer(std::shared_ptr<TicketKeys> keys, uint32_t lifetime)
      : keys_(std::move(keys)), lifetime_(std::min(lifetime, kMaxLifetime)) {}

  std::optional<Bytes> seal(ByteView state, int64_t) const override {
    auto keys = keys_->snapshot();
    if (keys->empty()) return std::nullopt;
    return seal_under(keys->front(), state);
  }
  std::optional<Bytes> open(ByteView ticket, int64_t) const override {
    return open_with(*keys_->snapshot(), ticket);
  }
  uint32_t lifetime_seconds() const override { return lifetime_; }

 private:
  std::shared_ptr<TicketKeys> keys_;
  uint32_t lifetime_;
};

// In-process keys, a new one every `rotation` seconds. A key keeps
// decrypting for as long as tickets it sealed may live.
class RotatingTicketer final : public Ticketer {
 public:
  RotatingTicketer(uint32_t rotation, uint32_t lifetime)
      : rotation_(std::max<uint32_t>(rotation, 1)),
        lifetime_(std::min(lifetime, kMaxLifetime)),
        keys_(std::make_shared<TicketKeys>(std::vector<TicketKey>{})) {}

  std::optional<Bytes> seal(ByteView state, int64_t now) const override {
    rotate_if_due(now);
    auto keys = keys_->snapshot();
    if (keys->empty()) return std::nullopt;
    return seal_under(keys->front(), state);
  }
  std::optional<Bytes> open(ByteView ticket, int64_t now) const override {
    rotate_if_due(now);
    return open_with(*keys_->snapshot(), ticket);
  }
  uint32_t lifetime_seconds() const override { return lifetime_; }

 private:
  void rotate_if_due(int64_t now) const {
    if (now < next_rotation_.load(std::memory_order_acquire)) return;
    std::lock_guard lock(rotation_mutex_);
    if (now < next_rotation_.load(std::memory_order_relaxed)) return;
    // The current key stops encrypting now; its tickets live `lifetime_`
    // longer, and a key is dropped once all of them have expired.
    std::vector<TicketKey> keys = *keys_->snapshot();
    if (!retired_at_.empty()) retired_at_.front() = now;
    keys.insert(keys.begin(), TicketKey::generate());
    retired_at_.insert(retired_at_.begin(), INT64_MAX);
    while (retired_at_.size() > 1 && retired_at_.back() + lifetime_ <= now) {
      retired_at_.pop_back();
      keys.pop_back();
    }
    keys_->set(std::move(keys));
    next_rotation_.store(now + rotation_, std::memory_order_release);
  }

  uint32_t rotation_;
  uint32_t lifetime_;
  std::shared_ptr<TicketKeys> keys_;
  mutable std::mutex rotation_mutex_;        // taken only when a rotation is due
  mutable std::vector<int64_t> retired_at_;  // per key, in the keys' order
  mutable std::atomic<int64_t> next_rotation_{INT64_MIN};
};

}  // namespace

TicketKey::~TicketKey() {
  secure_wipe(secret.data(), secret.size());
}

TicketKey TicketKey::generate() {
  TicketKey key;
  crypto::default_provider().random(key.name);
  crypto::default_provider().random(key.secret);
  return key;
}

TicketKeys::TicketKeys(std::vector<TicketKey> keys)
    : keys_(std::make_shared<const std::vector<TicketKey>>(std::move(keys))) {}

void TicketKeys::set(std::vector<TicketKey> keys) {
  auto fresh = std::make_shared<const std::vector<TicketKey>>(std::move(keys));
  std::lock_guard lock(mutex_);
  keys_.swap(fresh);
}

std::shared_ptr<const std::vector<TicketKey>> TicketKeys::snapshot() const {
  std::lock_guard lock(mutex_);
  return keys_;
}

std::shared_ptr<Ticketer> make_ticketer(std::shared_ptr<TicketKeys> keys,
                                        uint32_t lifetime_seconds) {
  return std::make_shared<KeyedTicketer>(std::move(keys), lifetime_seconds);
}

std::shared_ptr<Ticketer> make_rotating_ticketer(uint32_t rotation_seconds,
                                                 uint32_t lifetime_seconds) {
  return std::make_shared<RotatingTicketer>(rotation_seconds, lifetime_seconds);
}

}  // namespace parley

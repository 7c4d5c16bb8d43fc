// parley's default session store, client session cache and replay cache:
// small maps behind one mutex each, bounded, with the oldest entry evicted
// first. Entries that hold secrets are wiped when they go.
#include <deque>
#include <list>
#include <map>
#include <unordered_map>

#include "common/bytes.h"
#include "parley/session.h"

namespace parley {

namespace {

// Encoded session state: wiped when dropped.
struct WipedBytes {
  Bytes bytes;
  explicit WipedBytes(Bytes b) : bytes(std::move(b)) {}
  WipedBytes(WipedBytes&& other) noexcept = default;
  WipedBytes& operator=(WipedBytes&& other) noexcept {
    wipe();
    bytes = std::move(other.bytes);
    return *this;
  }
  ~WipedBytes() { wipe(); }
  void wipe() { secure_wipe(bytes.data(), bytes.size()); }
};

class BoundedSessionStore final : public SessionStore {
 public:
  explicit BoundedSessionStore(size_t capacity) : capacity_(std::max<size_t>(capacity, 1)) {}

  void put(ByteView id, Bytes state, int64_t expires_at) override {
    std::lock_guard lock(mutex_);
    Bytes key(id.begin(), id.end());
    auto found = entries_.find(key);
    if (found != entries_.end()) {
      found->second = Entry{WipedBytes(std::move(state)), expires_at};
      return;
    }
    while (entries_.size() >= capacity_ && !order_.empty()) {
      entries_.erase(order_.front());  // the oldest (stale order entries erase nothing)
      order_.pop_front();
    }
    entries_.emplace(key, Entry{WipedBytes(std::move(state)), expires_at});
    order_.push_back(std::move(key));
    if (order_.size() > 2 * capacity_) compact_order();
  }

  std::optional<Bytes> get(ByteView id, int64_t now) override {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(Bytes(id.begin(), id.end()));
    if (found == entries_.end()) return std::nullopt;
    if (now >= found->second.expires_at) {
      entries_.erase(found);
      return std::nullopt;
    }
    return found->second.state.bytes;
  }

  void remove(ByteView id) override {
    std::lock_guard lock(mutex_);
    entries_.erase(Bytes(id.begin(), id.end()));
  }

  std::optional<Bytes> take(ByteView id, int64_t now) override {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(Bytes(id.begin(), id.end()));
    if (found == entries_.end()) return std::nullopt;
    std::optional<Bytes> state;
    if (now < found->second.expires_at) state = std::move(found->second.state.bytes);
    entries_.erase(found);
    return state;
  }

 private:
  struct Entry {
    WipedBytes state;
    int64_t expires_at;
  };
  // Drops order entries whose session was removed, so the queue stays bounded.
  void compact_order() {
    std::deque<Bytes> live;
    for (auto& key : order_) {
      if (entries_.count(key) != 0) live.push_back(std::move(key));
    }
    order_ = std::move(live);
  }

  const size_t capacity_;
  std::mutex mutex_;
  std::map<Bytes, Entry> entries_;
  std::deque<Bytes> order_;  // insertion order, for eviction
};

class BoundedClientCache final : public ClientSessionCache {
 public:
  BoundedClientCache(size_t capacity, size_t per_key)
      : capacity_(std::max<size_t>(capacity, 1)), per_key_(std::max<size_t>(per_key, 1)) {}

  void put(const std::string& key, Bytes session) override {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found == entries_.end()) {
      if (entries_.size() >= capacity_) {
        entries_.erase(recency_.back());
        recency_.pop_back();
      }
      recency_.push_front(key);
      found = entries_.emplace(key, Entry{{}, recency_.begin()}).first;
    } else {
      touch(found->second);
    }
    auto& sessions = found->second.sessions;
    sessions.emplace_front(std::move(session));
    while (sessions.size() > per_key_) sessions.pop_back();
  }

  std::optional<Bytes> take(const std::string& key) override {
    std::lock_guard lock(mutex_);
    auto found = entries_.find(key);
    if (found == entries_.end()) return std::nullopt;
    auto& sessions = found->second.sessions;
    Bytes newest = std::move(sessions.front().bytes);
    sessions.pop_front();
    if (sessions.empty()) {
      recency_.erase(found->second.position);
      entries_.erase(found);
    }
    return newest;
  }

 private:
  struct Entry {
    std::deque<WipedBytes> sessions;  // newest first
    std::list<std::string>::iterator position;
  };
  void touch(Entry& entry) {
    recency_.splice(recency_.begin(), recency_, entry.position);
    entry.position = recency_.begin();
  }

  const size_t capacity_;
  const size_t per_key_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
  std::list<std::string> recency_;  // most recently used first
};

class ReplayCache final : public AntiReplay {
 public:
  ReplayCache(size_t capacity, uint32_t window)
      : capacity_(std::max<size_t>(capacity, 1)), window_(window) {}

  bool first_use(ByteView id, int64_t now) override {
    std::lock_guard lock(mutex_);
    // RFC 8446 8.2: only ClientHellos inside the window need remembering;
    // older ones fail the freshness check (8.3) instead.
    while (!order_.empty() && order_.front().second + static_cast<int64_t>(window_) < now) {
      seen_.erase(order_.front().first);
      order_.pop_front();
    }
    Bytes key(id.begin(), id.end());
    if (seen_.count(key) != 0) return false;
    if (seen_.size() >= capacity_) return false;  // fail closed: no 0-RTT
    seen_.emplace(key, now);
    order_.emplace_back(std::move(key), now);
    return true;
  }
  uint32_t window_seconds() const override { return window_; }

 private:
  const size_t capacity_;
  const uint32_t window_;
  std::mutex mutex_;
  std::map<Bytes, int64_t> seen_;
  std::deque<std::pair<Bytes, int64_t>> order_;
};

}  // namespace

std::optional<Bytes> SessionStore::take(ByteView id, int64_t now) {
  std::optional<Bytes> state = get(id, now);
  if (state) remove(id);
  return state;
}

std::shared_ptr<SessionStore> make_session_store(size_t capacity) {
  return std::make_shared<BoundedSessionStore>(capacity);
}

std::shared_ptr<ClientSessionCache> make_client_session_cache(size_t capacity, size_t per_key) {
  return std::make_shared<BoundedClientCache>(capacity, per_key);
}

std::shared_ptr<AntiReplay> make_replay_cache(size_t capacity, uint32_t window_seconds) {
  return std::make_shared<ReplayCache>(capacity, window_seconds);
}

}  // namespace parley

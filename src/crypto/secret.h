// Secret: key material that wipes itself when it goes away.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <utility>

#include "common/bytes.h"

namespace parley::crypto {

class Secret {
 public:
  Secret() = default;
  explicit Secret(size_t size) : bytes_(size, 0) {}
  explicit Secret(ByteView data) : bytes_(data.begin(), data.end()) {}
  // Takes ownership of bytes that are already secret (no copy left behind).
  explicit Secret(Bytes&& data) noexcept : bytes_(std::move(data)) {}
  Secret(const Secret& other) = default;
  Secret(Secret&& other) noexcept : bytes_(std::move(other.bytes_)) { other.bytes_.clear(); }
  Secret& operator=(const Secret& other) {
    if (this != &other) {
      wipe();
      bytes_ = other.bytes_;
    }
    return *this;
  }
  Secret& operator=(Secret&& other) noexcept {
    if (this != &other) {
      wipe();
      bytes_ = std::move(other.bytes_);
      other.bytes_.clear();
    }
    return *this;
  }
  ~Secret() { wipe(); }

  size_t size() const { return bytes_.size(); }
  bool empty() const { return bytes_.empty(); }
  const uint8_t* data() const { return bytes_.data(); }
  uint8_t* data() { return bytes_.data(); }
  ByteView view() const { return bytes_; }
  std::span<uint8_t> span() { return bytes_; }
  operator ByteView() const { return bytes_; }  // NOLINT(google-explicit-constructor)

  // Constant-time comparison (equal lengths required for equality).
  bool operator==(const Secret& other) const { return constant_time_equal(view(), other.view()); }

 private:
  void wipe() {
    secure_wipe(bytes_.data(), bytes_.size());
    bytes_.clear();
  }
  Bytes bytes_;
};

}  // namespace parley::crypto

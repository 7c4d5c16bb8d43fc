// Hash and HMAC interfaces. Hashes are incremental and cheap to clone, since
// a TLS transcript hash forks at every point a secret is derived.
#pragma once

#include <cstddef>
#include <memory>
#include <span>

#include "common/bytes.h"

namespace parley::crypto {

enum class HashAlgorithm { kSha1, kSha256, kSha384, kSha512 };

constexpr size_t hash_size(HashAlgorithm alg) {
  switch (alg) {
    case HashAlgorithm::kSha1:
      return 20;
    case HashAlgorithm::kSha256:
      return 32;
    case HashAlgorithm::kSha384:
      return 48;
    case HashAlgorithm::kSha512:
      return 64;
  }
  return 0;
}

inline constexpr size_t kMaxHashSize = 64;

class Hash {
 public:
  virtual ~Hash() = default;
  virtual HashAlgorithm algorithm() const = 0;
  virtual void update(ByteView data) = 0;
  virtual std::unique_ptr<Hash> clone() const = 0;
  // Writes the digest (hash_size() bytes) into `out`; the object is then
  // spent and must not be updated again.
  virtual void finish(std::span<uint8_t> out) = 0;

  size_t size() const { return hash_size(algorithm()); }
  // The digest of everything so far, leaving this object usable.
  virtual Bytes peek() const;
};

class Hmac {
 public:
  virtual ~Hmac() = default;
  virtual HashAlgorithm algorithm() const = 0;
  virtual void update(ByteView data) = 0;
  // Writes the MAC (hash_size() bytes) and resets to the start of a new MAC
  // under the same key, so the object can be reused.
  virtual void finish(std::span<uint8_t> out) = 0;
  // Starts over under a different key, reusing the context.
  virtual void rekey(ByteView key) = 0;

  size_t size() const { return hash_size(algorithm()); }
};

}  // namespace parley::crypto

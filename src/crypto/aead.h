// AEAD interface (RFC 5116): one object keyed once per direction and reused
// for every record, so that sealing a record costs no allocation and no
// algorithm lookup.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "common/bytes.h"

namespace parley::crypto {

enum class AeadAlgorithm { kAes128Gcm, kAes256Gcm, kChaCha20Poly1305 };

inline constexpr size_t kAeadNonceSize = 12;
inline constexpr size_t kAeadTagSize = 16;

constexpr size_t aead_key_size(AeadAlgorithm alg) {
  return alg == AeadAlgorithm::kAes128Gcm ? 16 : 32;
}

class Aead {
 public:
  virtual ~Aead() = default;
  virtual AeadAlgorithm algorithm() const = 0;

  // Encrypts `in_out` in place and writes the tag (kAeadTagSize bytes).
  // `nonce` is kAeadNonceSize bytes. Returns false only on internal failure.
  virtual bool seal(ByteView nonce, ByteView aad, std::span<uint8_t> in_out,
                    std::span<uint8_t> tag) = 0;

  // Decrypts `in_out` in place and checks `tag`. Returns false if the tag does
  // not verify; `in_out` is then unspecified and must not be used.
  virtual bool open(ByteView nonce, ByteView aad, std::span<uint8_t> in_out, ByteView tag) = 0;
};

}  // namespace parley::crypto

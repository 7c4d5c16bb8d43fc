// The SHA-3 family (FIPS 202) that ML-KEM is built on (FIPS 203 4.1: H, J, G,
// PRF and XOF). The provider supplies it; one object reuses one hash context
// across calls, so a key operation pays for no allocation per hash.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>

#include "common/bytes.h"

namespace parley::crypto {

enum class Sha3Function { kSha3_256, kSha3_512, kShake128, kShake256 };

class Sha3 {
 public:
  virtual ~Sha3() = default;
  // Hashes the concatenation of `input` into `out`: 32 or 64 bytes for
  // SHA3-256 and SHA3-512, any length for the SHAKE XOFs (one squeeze).
  virtual void digest(Sha3Function function, std::initializer_list<ByteView> input,
                      std::span<uint8_t> out) = 0;
};

}  // namespace parley::crypto

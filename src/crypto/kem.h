// Key encapsulation (FIPS 203 ML-KEM-768), the post-quantum half of the TLS
// 1.3 hybrid groups (draft-ietf-tls-ecdhe-mlkem).
#pragma once

#include <cstddef>
#include <memory>

#include "common/bytes.h"
#include "crypto/secret.h"
#include "parley/error.h"

namespace parley::crypto {

enum class KemAlgorithm { kMlKem768 };

// FIPS 203 8, Table 3 (ML-KEM-768).
inline constexpr size_t kMlKem768SeedSize = 64;  // d || z
inline constexpr size_t kMlKem768EncapsulationKeySize = 1184;
inline constexpr size_t kMlKem768DecapsulationKeySize = 2400;
inline constexpr size_t kMlKem768CiphertextSize = 1088;
inline constexpr size_t kMlKem768SharedSecretSize = 32;
inline constexpr size_t kMlKem768EncapsulationRandomSize = 32;  // m

class KemDecapsulationKey {
 public:
  virtual ~KemDecapsulationKey() = default;
  virtual ByteView encapsulation_key() const = 0;
  // The 2400-byte form dk (FIPS 203 Algorithm 16), for test vectors.
  virtual Secret decapsulation_key() const = 0;
  // FIPS 203 Algorithm 21 ML-KEM.Decaps. A ciphertext of the wrong length
  // fails the input check of 7.3 (illegal_parameter); any other ciphertext
  // yields a secret (implicit rejection: a pseudo-random one if it is not a
  // valid encapsulation to this key).
  virtual Result<Secret> decapsulate(ByteView ciphertext) = 0;
};

struct KemEncapsulation {
  Bytes ciphertext;
  Secret shared_secret;
};

}  // namespace parley::crypto

#include <array>

#include "crypto/provider.h"

namespace parley::crypto {

Result<std::unique_ptr<KemDecapsulationKey>> generate_kem_key(const Provider& provider,
                                                              KemAlgorithm alg) {
  std::array<uint8_t, kMlKem768SeedSize> seed;  // d || z
  provider.random(seed);
  auto key = provider.make_kem_key(alg, seed);
  secure_wipe(seed.data(), seed.size());
  return key;
}

Result<KemEncapsulation> encapsulate(const Provider& provider, KemAlgorithm alg,
                                     ByteView encapsulation_key) {
  std::array<uint8_t, kMlKem768EncapsulationRandomSize> m;
  provider.random(m);
  auto encapsulation = provider.kem_encapsulate(alg, encapsulation_key, m);
  secure_wipe(m.data(), m.size());
  return encapsulation;
}

}  // namespace parley::crypto

// The public CryptoProvider handle (include/parley/crypto_provider.h) over
// the provider interface.
#include "crypto/provider.h"

namespace parley {

CryptoProvider::~CryptoProvider() = default;

const CryptoProvider& CryptoProvider::libcrypto() {
  return crypto::default_provider();
}

namespace crypto {

const Provider* provider_for(const CryptoProvider* configured) {
  if (configured == nullptr) return &default_provider();
  return dynamic_cast<const Provider*>(configured);
}

}  // namespace crypto
}  // namespace parley

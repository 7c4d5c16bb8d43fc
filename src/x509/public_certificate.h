// What the public CertifiedKey and TrustAnchors (include/parley/certificate.h)
// hold, for the layers above x509 that sign with the key or validate against
// the anchors. Applications see only the opaque Impl declarations.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "crypto/signature.h"
#include "parley/certificate.h"
#include "x509/trust_store.h"

namespace parley {

struct CertifiedKey::Impl {
  std::vector<std::vector<uint8_t>> chain;
  // A loaded key (signed with at once), or else the application's Signer.
  std::shared_ptr<const crypto::PrivateKey> key;
  std::shared_ptr<const Signer> signer;
  crypto::KeyType key_type = crypto::KeyType::kRsa;
  bool allows_signing = true;
  bool allows_key_encipherment = true;
};

struct TrustAnchors::Impl {
  x509::TrustStore store;
};

const CertifiedKey::Impl& impl_of(const CertifiedKey& key);
const TrustAnchors::Impl& impl_of(const TrustAnchors& anchors);

namespace x509 {

// Only for a loaded key (impl_of(certified).key set).
inline const crypto::PrivateKey& private_key(const CertifiedKey& certified) {
  return *impl_of(certified).key;
}
// The leaf key's type, whether parley or a Signer holds the key.
inline crypto::KeyType key_type(const CertifiedKey& certified) {
  return impl_of(certified).key_type;
}
inline const TrustStore& trust_store(const TrustAnchors& anchors) {
  return impl_of(anchors).store;
}

}  // namespace x509
}  // namespace parley

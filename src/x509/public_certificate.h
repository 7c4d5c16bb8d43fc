// What the public CertifiedKey and TrustAnchors (include/parley/certificate.h)
// hold, for the layers above x509 that sign with the key or validate against
// the anchors. Applications see only the opaque Impl declarations.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "compress/cache.h"
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
  size_t signer_key_bits = 0;  // the leaf key's size, when a Signer holds it
  bool allows_signing = true;
  bool allows_key_encipherment = true;
  // RFC 8879: this chain's compressed Certificate messages, shared by the
  // connections that send it.
  compress::CompressionCache compressed;
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
// The leaf key's size in bits (RSA modulus, EC field), either way.
inline size_t key_bits(const CertifiedKey& certified) {
  const auto& impl = impl_of(certified);
  return impl.key ? impl.key->bits() : impl.signer_key_bits;
}
inline const TrustStore& trust_store(const TrustAnchors& anchors) {
  return impl_of(anchors).store;
}

}  // namespace x509
}  // namespace parley

// Certificates and keys for configuring connections: a certificate chain with
// its private key, and a set of trust anchors.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/error.h"
#include "parley/export.h"

namespace parley {

namespace crypto {
class PrivateKey;
}
namespace x509 {
class TrustStore;
}

// A certificate chain (leaf first, DER) and the leaf's private key; loading
// checks that the key matches the leaf.
class PARLEY_EXPORT CertifiedKey {
 public:
  static Result<std::shared_ptr<const CertifiedKey>> from_pem(std::string_view chain_pem,
                                                              std::string_view key_pem);
  static Result<std::shared_ptr<const CertifiedKey>> from_pem_files(const std::string& chain_path,
                                                                    const std::string& key_path);

  CertifiedKey(std::vector<std::vector<uint8_t>> chain,
               std::shared_ptr<const crypto::PrivateKey> key);
  const std::vector<std::vector<uint8_t>>& chain() const { return chain_; }
  const crypto::PrivateKey& key() const { return *key_; }

  // What the leaf's keyUsage extension allows (everything when it has none):
  // signing handshakes, and receiving a TLS 1.2 RSA premaster secret. A
  // server does not offer a suite its certificate may not serve, since
  // strict clients refuse it (RFC 5246 7.4.2).
  bool allows_signing() const { return allows_signing_; }
  bool allows_key_encipherment() const { return allows_key_encipherment_; }

 private:
  std::vector<std::vector<uint8_t>> chain_;
  std::shared_ptr<const crypto::PrivateKey> key_;
  bool allows_signing_ = true;
  bool allows_key_encipherment_ = true;
};

// Certificates trusted as roots of a chain.
class PARLEY_EXPORT TrustAnchors {
 public:
  static Result<std::shared_ptr<const TrustAnchors>> from_pem(std::string_view pem);
  // A PEM bundle file or a directory of PEM files.
  static Result<std::shared_ptr<const TrustAnchors>> from_path(const std::string& path);
  // The operating system's bundle (/etc/ssl/certs/ca-certificates.crt on Debian).
  static Result<std::shared_ptr<const TrustAnchors>> system();

  explicit TrustAnchors(std::shared_ptr<const x509::TrustStore> store);
  const x509::TrustStore& store() const { return *store_; }

 private:
  std::shared_ptr<const x509::TrustStore> store_;
};

}  // namespace parley

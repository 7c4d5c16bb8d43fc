// x509::TrustStore: the certificates trusted a priori as the top of a path.
// Built once (from PEM text, files, a directory, or the system bundle) and
// then shared read-only by any number of verifications.
//
// A trust anchor is an input to path validation (RFC 5280 6.1.1 (d)): its
// subject, key and name constraints, and its validity period. The rest of
// its certificate is held to a CA profile only under
// VerifyOptions::anchor_profile (on by default, as x509-limbo expects; see
// x509/verify.h), which refuses 8 of the 144 roots of a Debian 12 bundle:
// Certigna, Go Daddy Class 2, QuoVadis Root CA 2 and 3, Starfield Class 2
// (authorityKeyIdentifier with issuer and serial), Hongkong Post Root CA 1,
// TWCA Global Root CA (no subjectKeyIdentifier), Chunghwa ePKI
// (non-critical basicConstraints). With it off, every root anchors paths.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "crypto/provider.h"
#include "parley/error.h"
#include "x509/certificate.h"

namespace parley::x509 {

// A trusted certificate and its public key, parsed once. The key is null when
// the provider cannot use it (say, DSA); such an anchor never verifies.
struct TrustAnchor {
  Certificate certificate;
  std::shared_ptr<const crypto::PublicKey> key;
};

class TrustStore {
 public:
  // Where the system bundle is looked for, in order, unless the
  // SSL_CERT_FILE environment variable names a file.
  static constexpr const char* kSystemBundlePaths[] = {
      "/etc/ssl/certs/ca-certificates.crt",  // Debian, Ubuntu, Alpine
      "/etc/pki/tls/certs/ca-bundle.crt",    // Fedora, RHEL
      "/etc/ssl/cert.pem",                   // macOS, BSDs
  };

  explicit TrustStore(const crypto::Provider& provider = crypto::default_provider())
      : provider_(&provider) {}

  // The operating system's CA bundle, in one call.
  static Result<TrustStore> system();

  // Adds one certificate. Duplicates (same DER) are ignored.
  Status add(const Certificate& certificate);
  Status add_der(ByteView der);
  // Adds every CERTIFICATE block of `pem`; returns how many were added.
  // Certificates that fail to parse are skipped and counted in skipped();
  // text with no CERTIFICATE block at all is an error.
  Result<size_t> add_pem(std::string_view pem);
  Result<size_t> add_pem_file(const std::string& path);
  // Every *.pem, *.crt and *.cer file in `directory` (not recursive).
  Result<size_t> add_directory(const std::string& directory);
  // A PEM file or a directory of them.
  Result<size_t> add_path(const std::string& path);

  size_t size() const { return anchors_.size(); }
  bool empty() const { return anchors_.empty(); }
  size_t skipped() const { return skipped_; }
  const std::vector<TrustAnchor>& anchors() const { return anchors_; }

  // Anchors whose subject is `name`, in the order they were added.
  std::vector<const TrustAnchor*> find_by_subject(const Name& name) const;

 private:
  const crypto::Provider* provider_;
  std::vector<TrustAnchor> anchors_;
  // Keyed by subject DER; looked up without copying the key.
  struct KeyHash {
    using is_transparent = void;
    size_t operator()(std::string_view key) const { return std::hash<std::string_view>()(key); }
  };
  std::unordered_multimap<std::string, size_t, KeyHash, std::equal_to<>> by_subject_;
  size_t skipped_ = 0;
};

}  // namespace parley::x509

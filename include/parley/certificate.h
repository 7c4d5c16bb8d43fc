/// @file
/// Certificates and keys for configuring connections: a certificate chain
/// with its private key, and a set of trust anchors.
#pragma once

#include <cstdint>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "parley/error.h"
#include "parley/export.h"
#include "parley/hooks.h"

namespace parley {

/// What a server sends with a certificate chain when the client asks for it
/// (docs/ocsp.md): a DER OCSP response (stapling, RFC 6066 8 and RFC 8446
/// 4.4.2.1) and a SignedCertificateTimestampList (RFC 6962 3.3). Either may
/// be replaced at any time, from any thread, while connections use the
/// certificate: a handshake takes one snapshot and staples that, so a
/// running server staples a fresh OCSP response from the next handshake on.
class PARLEY_EXPORT CertificateStaples {
 public:
  /// Sets the DER OCSPResponse to staple (RFC 6960 4.2.1); empty stops stapling.
  void set_ocsp_response(std::vector<uint8_t> der);
  /// The response stapled now; null when none.
  std::shared_ptr<const std::vector<uint8_t>> ocsp_response() const;
  /// Sets the SignedCertificateTimestampList to send, exactly as the
  /// extension carries it (its 2-byte list length first); empty: none. A
  /// config_error, changing nothing, if it is not a well-formed non-empty
  /// list of non-empty SCTs (RFC 6962 3.3).
  Status set_signed_certificate_timestamps(std::vector<uint8_t> list);
  /// The list sent now; null when none.
  std::shared_ptr<const std::vector<uint8_t>> signed_certificate_timestamps() const;

 private:
  mutable std::mutex mutex_;  // guards only the pointer swaps
  std::shared_ptr<const std::vector<uint8_t>> ocsp_response_;
  std::shared_ptr<const std::vector<uint8_t>> scts_;
};

/// A certificate chain (leaf first, DER) and the leaf's private key, for a
/// server to present (ServerConfig::certificates) or a client to answer a
/// certificate request with (ClientConfig::certificate). Loading checks
/// that the key matches the leaf. Immutable; share it between configs.
class PARLEY_EXPORT CertifiedKey {
 public:
  /// Parses a PEM chain (leaf first, then intermediates) and a PEM private
  /// key (PKCS#8, or traditional RSA/EC). A config_error if either does not
  /// parse or the key is not the leaf's.
  static Result<std::shared_ptr<const CertifiedKey>> from_pem(std::string_view chain_pem,
                                                              std::string_view key_pem);
  /// The same from two files; errors name the files.
  static Result<std::shared_ptr<const CertifiedKey>> from_pem_files(const std::string& chain_path,
                                                                    const std::string& key_path);

  /// A chain (DER, leaf first) whose key is used through `signer` (an HSM, a
  /// remote service; docs/hooks.md), which may answer asynchronously. A
  /// config_error if the leaf does not parse or its key type is not one
  /// parley signs with.
  static Result<std::shared_ptr<const CertifiedKey>> from_signer(
      std::vector<std::vector<uint8_t>> chain, std::shared_ptr<const Signer> signer);

  /// The key's Signer: the one given to from_signer(), or for a loaded
  /// private key parley's own, which answers at once (a Signer of one's own
  /// may wrap it, e.g. to sign on another thread).
  std::shared_ptr<const Signer> signer() const;

  /// The chain as loaded: DER, leaf first.
  const std::vector<std::vector<uint8_t>>& chain() const;

  /// What the leaf's keyUsage extension allows (everything when it has
  /// none): signing handshakes. A server does not offer a suite its
  /// certificate may not serve, since strict clients refuse it (RFC 5246
  /// 7.4.2).
  bool allows_signing() const;
  /// Whether the leaf may receive a TLS 1.2 RSA premaster secret
  /// (keyEncipherment).
  bool allows_key_encipherment() const;

  /// The OCSP response and SCTs a server sends with this chain when asked;
  /// set them at any time (the chain and key stay immutable).
  CertificateStaples& staples() const { return *staples_; }

  /// The library's own representation; opaque to applications.
  struct Impl;
  /// Made by from_pem() and from_pem_files(); applications cannot build an Impl.
  explicit CertifiedKey(std::shared_ptr<const Impl> impl);

 private:
  friend const Impl& impl_of(const CertifiedKey& key);
  std::shared_ptr<const Impl> impl_;
  std::shared_ptr<CertificateStaples> staples_ = std::make_shared<CertificateStaples>();
};

/// Certificates trusted as the roots of a peer's chain
/// (ClientConfig::trust_anchors, ServerConfig::client_trust_anchors).
/// Immutable; share it between configs.
class PARLEY_EXPORT TrustAnchors {
 public:
  /// Every certificate of a PEM bundle. A config_error if none is usable.
  static Result<std::shared_ptr<const TrustAnchors>> from_pem(std::string_view pem);
  /// A PEM bundle file or a directory of PEM files.
  static Result<std::shared_ptr<const TrustAnchors>> from_path(const std::string& path);
  /// The operating system's bundle (/etc/ssl/certs/ca-certificates.crt on Debian).
  static Result<std::shared_ptr<const TrustAnchors>> system();

  /// How many anchors were loaded.
  size_t size() const;

  /// The library's own representation; opaque to applications.
  struct Impl;
  /// Made by the loaders above; applications cannot build an Impl.
  explicit TrustAnchors(std::shared_ptr<const Impl> impl);

 private:
  friend const Impl& impl_of(const TrustAnchors& anchors);
  std::shared_ptr<const Impl> impl_;
};

}  // namespace parley

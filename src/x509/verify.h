// Certificate path building and validation for the web PKI (RFC 5280 6,
// CA/Browser Forum Baseline Requirements 7.1).
//
//   x509::VerifyOptions options;
//   options.time = now_seconds;                        // the clock is a parameter
//   options.peer_name = x509::PeerName::parse("example.com");
//   auto path = x509::verify_chain(leaf_der, intermediates_der, store, options);
//   if (!path.ok()) send_alert(*path.error().alert);   // kCertificate error
//
// The path is built from the leaf through the peer's intermediates (in any
// order, with extras, cross-signs and loops) to a trust anchor, depth first
// with backtracking; the search is bounded by a path length and a budget of
// signature checks, so a hostile chain cannot make it spin.
//
// The leaf is never itself a trust anchor: a path has an issuer above it.
//
// Rules (each failure names the certificate, its depth and the rule):
//  - leaf and intermediates: v3; no unknown critical extension; valid at
//    options.time; an RSA (>= 2048 bits), P-256, P-384 or Ed25519 key;
//    subjectKeyIdentifier/authorityKeyIdentifier/authorityInfoAccess
//    non-critical; authorityKeyIdentifier present unless self-issued, with a
//    keyIdentifier and no issuer/serial (CABF 7.1.2.11.1); issuer non-empty; a
//    subjectAltName critical exactly when the subject is empty (RFC 5280
//    4.2.1.6, CABF 7.1.2.7.12) and with well-formed dNSNames; keyCertSign only
//    with cA; nameConstraints critical (RFC 5280 4.2.1.10) and only in CAs;
//    a positive serial of at most 20 octets.
//  - leaf: not a CA (CABF 7.1.2.7.8); keyUsage, if present, has
//    digitalSignature, or for options.leaf_key_use kKeyEncipherment (TLS 1.2
//    RSA key exchange) keyEncipherment and an RSA key (RFC 5246 7.4.2);
//    extKeyUsage present, non-critical and
//    listing the purpose (serverAuth or clientAuth), without
//    anyExtendedKeyUsage. A leaf without extKeyUsage is rejected: this is the
//    CABF rule (7.1.2.7.10), chosen over RFC 5280's "absent means any".
//  - intermediates: basicConstraints critical with cA; keyUsage, if present,
//    has keyCertSign; subjectKeyIdentifier present; non-empty subject;
//    extKeyUsage, if present, lists the purpose (or anyExtendedKeyUsage).
//  - the trust anchor is an input to validation, not a certificate of the
//    path (RFC 5280 6.1.1 (d)): it gets none of the rules above. It needs a
//    supported key (RSA >= 2048 bits, P-256, P-384, Ed25519) and to be valid
//    at options.time (as x509-limbo expects; webpki ignores anchor dates);
//    its nameConstraints and pathLenConstraint apply to the path below it.
//    With options.anchor_profile (the default), it is also held to what
//    x509-limbo expects of a root, each rule pinned by a limbo case: no
//    unknown critical extension, a non-empty issuer, non-critical key
//    identifiers, an authorityKeyIdentifier with a keyIdentifier equal to
//    its subjectKeyIdentifier and no issuer/serial (required unless
//    self-issued), critical nameConstraints, no extKeyUsage (CABF
//    7.1.2.1.2), and if v3, basicConstraints critical with cA and a
//    subjectKeyIdentifier. These refuse legacy roots (8 of the 144 of a
//    Debian 12 bundle) and the self-signed CA of `openssl req -x509` in
//    OpenSSL 3.0, whose authorityKeyIdentifier is an empty SEQUENCE (limbo
//    webpki::aki::root-with-aki-missing-keyidentifier expects exactly that
//    to fail); turn it off to accept them.
//  - the path: signatures verify with an allowed algorithm; pathLenConstraint
//    and options.max_intermediates count non-self-issued intermediates;
//    every CA's nameConstraints (anchor included) hold for the certificates
//    below it, except self-issued intermediates (RFC 5280 6.1.3 (b)).
//  - the peer name: dNSName SANs only, no common-name fallback; iPAddress
//    SANs for IP addresses (x509/host_name.h).
//
//  - certificate policies: the valid policy set is intersected down the path
//    (anyPolicy matching all) and must not be empty where a
//    requireExplicitPolicy is in force (RFC 5280 6.1 without policy mapping:
//    policyMappings and inhibitAnyPolicy are unknown extensions, so rejected
//    when critical, and never applied).
//
// Not implemented: revocation (CRL/OCSP), public suffix lists beyond refusing
// "*.<one label>".
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "crypto/signature.h"
#include "parley/error.h"
#include "x509/certificate.h"
#include "x509/host_name.h"
#include "x509/trust_store.h"

namespace parley::x509 {

// What the leaf's key will be used for (its required extended key usage).
enum class KeyPurpose { kServerAuth, kClientAuth };

// What the leaf's key is used for: signing (TLS 1.3, (EC)DHE suites, client
// certificates) or receiving an encrypted premaster secret (TLS 1.2 RSA key
// exchange).
enum class LeafKeyUse { kSignature, kKeyEncipherment };

// Whether `cert`'s keyUsage, if it has one, allows `use` (RFC 5246 7.4.2:
// digitalSignature to sign, keyEncipherment to receive a premaster secret).
bool key_usage_allows(const Certificate& cert, LeafKeyUse use);
// The same as a check, with the unsupported_certificate error verify_chain
// gives; also that only an RSA key can receive a premaster secret.
Status check_leaf_key_usage(const Certificate& cert, LeafKeyUse use);

// The signature algorithms accepted on certificates by default: PKCS#1 v1.5,
// PSS and ECDSA with SHA-256/384/512, and Ed25519 (no SHA-1).
std::span<const crypto::SignatureAlgorithm> default_certificate_signature_algorithms();

struct VerifyOptions {
  // The validation time, in seconds since the Unix epoch.
  int64_t time = 0;
  // The name the peer must have; none skips the name check (a client
  // certificate, say).
  std::optional<PeerName> peer_name;
  KeyPurpose purpose = KeyPurpose::kServerAuth;
  // What the leaf key will do, which its keyUsage (when present) must allow.
  LeafKeyUse leaf_key_use = LeafKeyUse::kSignature;
  // At most this many non-self-issued intermediates (x509-limbo's
  // max_chain_depth); none means no limit beyond max_path_length.
  std::optional<size_t> max_intermediates;
  // Certificates in a path, leaf and anchor included.
  size_t max_path_length = 10;
  // Signature verifications spent on building, in all.
  size_t max_signature_checks = 32;
  // Algorithms accepted for certificate signatures; empty means the default.
  std::vector<crypto::SignatureAlgorithm> signature_algorithms;
  // The provider for signature checks; null means the default provider.
  const crypto::Provider* provider = nullptr;
  // Holds trust anchors to the parts of the CA profile x509-limbo expects
  // (see "trust anchor" above). Off, an anchor is only its name, key, name
  // constraints and validity, as in webpki, Go, OpenSSL and GnuTLS, and
  // legacy roots of the system bundles anchor paths too.
  bool anchor_profile = true;
};

struct VerifiedPath {
  // Leaf first, trust anchor last.
  std::vector<Certificate> certificates;
};

// Validates `leaf` for `options` against `store`. Errors are kCertificate with
// the alert to send: bad_certificate (malformed, bad signature, constraint
// violated, wrong name), certificate_expired (expired or not yet valid),
// unknown_ca (no path to an anchor), unsupported_certificate (unsupported
// key, algorithm or critical extension, or a key usage that does not allow
// the purpose).
Result<VerifiedPath> verify_chain(ByteView leaf_der, std::span<const ByteView> intermediates_der,
                                  const TrustStore& store, const VerifyOptions& options);
Result<VerifiedPath> verify_chain(ByteView leaf_der, std::span<const Bytes> intermediates_der,
                                  const TrustStore& store, const VerifyOptions& options);
Result<VerifiedPath> verify_chain(const Certificate& leaf,
                                  std::span<const Certificate> intermediates,
                                  const TrustStore& store, const VerifyOptions& options);

// The checks a trust anchor gets of its own (see "trust anchor" above): an
// error says why `anchor` cannot anchor any path under `options`.
Status check_trust_anchor(const TrustAnchor& anchor, const VerifyOptions& options);

}  // namespace parley::x509

#include "x509/verify.h"

#include <algorithm>
#include <array>
#include <string>

#include "x509/der.h"
#include "x509/name_constraints.h"
#include "x509/oid.h"

namespace parley::x509 {

namespace {

using crypto::SignatureAlgorithm;

constexpr std::array<SignatureAlgorithm, 10> kDefaultSignatureAlgorithms = {
    SignatureAlgorithm::kRsaPkcs1Sha256, SignatureAlgorithm::kRsaPkcs1Sha384,
    SignatureAlgorithm::kRsaPkcs1Sha512, SignatureAlgorithm::kRsaPssSha256,
    SignatureAlgorithm::kRsaPssSha384,   SignatureAlgorithm::kRsaPssSha512,
    SignatureAlgorithm::kEcdsaSha256,    SignatureAlgorithm::kEcdsaSha384,
    SignatureAlgorithm::kEcdsaSha512,    SignatureAlgorithm::kEd25519,
};

// Mozilla and the CABF require at least 2048-bit RSA; the upper bound keeps
// a hostile certificate from making verification arbitrarily slow.
constexpr size_t kMinRsaBits = 2048;
constexpr size_t kMaxRsaBits = 16384;
// RFC 5280 4.1.2.2 / CABF 7.1: at most 20 octets.
constexpr size_t kMaxSerialOctets = 20;

enum class Role { kLeaf, kIntermediate, kAnchor };

std::string describe(const Certificate& cert, Role role, size_t depth) {
  std::string where;
  switch (role) {
    case Role::kLeaf:
      where = "leaf certificate";
      break;
    case Role::kIntermediate:
      where = "intermediate certificate " + std::to_string(depth);
      break;
    case Role::kAnchor:
      where = "trust anchor";
      break;
  }
  return where + " '" + cert.subject_string() + "'";
}

// One check of one certificate failed; the error names the certificate.
Error fail(CertificateFailure reason, AlertDescription alert, const Certificate& cert, Role role,
           size_t depth, const std::string& what) {
  Error error = certificate_error(reason, alert, describe(cert, role, depth) + ": " + what);
  error.certificate_subject = cert.subject_string();
  return error;
}

bool has_oid(const std::vector<ByteView>& list, ByteView wanted) {
  return std::any_of(list.begin(), list.end(),
                     [&](ByteView item) { return std::ranges::equal(item, wanted); });
}

ByteView purpose_oid(KeyPurpose purpose) {
  return purpose == KeyPurpose::kServerAuth ? ByteView(oid::kServerAuth)
                                            : ByteView(oid::kClientAuth);
}
const char* purpose_name(KeyPurpose purpose) {
  return purpose == KeyPurpose::kServerAuth ? "serverAuth" : "clientAuth";
}

bool serial_is_valid(ByteView serial) {
  if (serial[0] & 0x80) return false;                      // negative
  if (serial.size() == 1 && serial[0] == 0) return false;  // zero
  // A leading zero octet only marks the number positive.
  const size_t octets = serial[0] == 0 ? serial.size() - 1 : serial.size();
  return octets <= kMaxSerialOctets;
}

Status check_key(const Certificate& cert, Role role, size_t depth) {
  const SubjectPublicKeyInfo& key = cert.public_key_info();
  switch (key.algorithm) {
    case KeyAlgorithm::kRsa:
      if (key.rsa_modulus_bits < kMinRsaBits || key.rsa_modulus_bits > kMaxRsaBits) {
        return fail(CertificateFailure::kUnsupportedAlgorithm,
                    AlertDescription::kUnsupportedCertificate, cert, role, depth,
                    std::to_string(key.rsa_modulus_bits) + "-bit RSA key (at least " +
                        std::to_string(kMinRsaBits) + " required)");
      }
      return {};
    case KeyAlgorithm::kEcP256:
    case KeyAlgorithm::kEcP384:
    case KeyAlgorithm::kEcP521:
    case KeyAlgorithm::kEd25519:
      return {};
    case KeyAlgorithm::kUnsupported:
      break;
  }
  return fail(CertificateFailure::kUnsupportedAlgorithm, AlertDescription::kUnsupportedCertificate,
              cert, role, depth, "unsupported public key algorithm " + key.algorithm_name);
}

Status check_validity(const Certificate& cert, Role role, size_t depth, int64_t time) {
  if (time < cert.not_before()) {
    return fail(CertificateFailure::kNotYetValid, AlertDescription::kCertificateExpired, cert, role,
                depth, "not valid until " + der::format_time(cert.not_before()));
  }
  if (time > cert.not_after()) {
    return fail(CertificateFailure::kExpired, AlertDescription::kCertificateExpired, cert, role,
                depth, "expired at " + der::format_time(cert.not_after()));
  }
  return {};
}

// The issuer and the extensions that identify keys, for every certificate of
// a path and for anchors held to the CA profile. Returns what is wrong.
std::optional<std::string> identification_problem(const Certificate& cert) {
  if (cert.issuer().empty()) return "empty issuer name";  // RFC 5280 4.1.2.4
  // RFC 5280 4.2.1.1, 4.2.1.2, 4.2.2.1: these MUST be non-critical.
  const auto& aki = cert.authority_key_id();
  if (aki && aki->critical) return "critical authorityKeyIdentifier";
  if (cert.subject_key_id() && cert.subject_key_id()->critical) {
    return "critical subjectKeyIdentifier";
  }
  if (cert.authority_info_access() && cert.authority_info_access()->critical) {
    return "critical authorityInfoAccess";
  }
  // RFC 5280 4.2.1.1: required except in self-signed certificates; CABF
  // 7.1.2.11.1: keyIdentifier present, authorityCertIssuer/SerialNumber not.
  if (!aki && !cert.self_issued()) return "no authorityKeyIdentifier";
  if (aki && !aki->value.key_id) return "authorityKeyIdentifier without keyIdentifier";
  if (aki && aki->value.has_issuer) {
    return "authorityKeyIdentifier with authorityCertIssuer/authorityCertSerialNumber";
  }
  return std::nullopt;
}

Status check_critical_extensions(const Certificate& cert, Role role, size_t depth) {
  if (auto unknown = cert.unknown_critical_extension()) {
    return fail(CertificateFailure::kUnknownCriticalExtension,
                AlertDescription::kUnsupportedCertificate, cert, role, depth,
                "unsupported critical extension " + der::oid_to_string(unknown->oid));
  }
  return {};
}

// Rules for every certificate in a path, whatever its position.
Status check_common(const Certificate& cert, Role role, size_t depth) {
  const auto bad = [&](const std::string& what) {
    return fail(CertificateFailure::kInvalidProfile, AlertDescription::kBadCertificate, cert, role,
                depth, what);
  };
  if (cert.version() != 3) return bad("version 1 certificates are not accepted");
  PARLEY_TRY(check_critical_extensions(cert, role, depth));
  if (auto problem = identification_problem(cert)) return bad(*problem);
  // RFC 5280 4.2.1.6 (critical when the subject is empty) and CABF
  // 7.1.2.7.12 (non-critical otherwise).
  const auto& san = cert.subject_alt_names();
  if (cert.subject().empty() && (!san || !san->critical)) {
    return bad("empty subject without a critical subjectAltName");
  }
  if (!cert.subject().empty() && san && san->critical) {
    return bad("critical subjectAltName with a non-empty subject");
  }
  if (san) {
    for (const GeneralName& name : san->value) {
      if (name.type == GeneralName::Type::kDns && !dns_name_is_valid(name.text(), true)) {
        return bad("malformed dNSName '" + std::string(name.text()) + "'");
      }
    }
  }
  // RFC 5280 4.2.1.3: keyCertSign only with cA.
  const bool ca = cert.basic_constraints() && cert.basic_constraints()->value.ca;
  if (cert.key_usage() && (cert.key_usage()->value & kKeyCertSign) && !ca) {
    return bad("keyCertSign without basicConstraints cA");
  }
  // RFC 5280 4.2.1.10: only in CA certificates, and MUST be critical.
  if (cert.name_constraints()) {
    if (!ca) return bad("nameConstraints in a certificate that is not a CA");
    if (!cert.name_constraints()->critical) return bad("non-critical nameConstraints");
  }
  return check_key(cert, role, depth);
}

// RFC 5280 4.2.1.9, 4.2.1.2: a CA says so in a critical basicConstraints and
// names its key in a subjectKeyIdentifier. Returns what is wrong.
std::optional<std::string> ca_marking_problem(const Certificate& cert) {
  const auto& constraints = cert.basic_constraints();
  if (!constraints || !constraints->value.ca) return "not a CA (basicConstraints cA)";
  if (!constraints->critical) return "non-critical basicConstraints";
  if (!cert.subject_key_id()) return "no subjectKeyIdentifier";
  return std::nullopt;
}

// Rules for intermediates, the certificates of a path that issue others.
Status check_ca(const Certificate& cert, Role role, size_t depth) {
  const auto bad = [&](CertificateFailure reason, const std::string& what) {
    return fail(reason, AlertDescription::kBadCertificate, cert, role, depth, what);
  };
  if (auto problem = ca_marking_problem(cert)) return bad(CertificateFailure::kNotACa, *problem);
  if (cert.key_usage() && !(cert.key_usage()->value & kKeyCertSign)) {
    return bad(CertificateFailure::kNotACa, "keyUsage without keyCertSign");
  }
  if (cert.subject().empty()) return bad(CertificateFailure::kInvalidProfile, "empty subject");
  return {};
}

Status check_leaf(const Certificate& cert, const VerifyOptions& options) {
  const auto bad = [&](CertificateFailure reason, AlertDescription alert, const std::string& what) {
    return fail(reason, alert, cert, Role::kLeaf, 0, what);
  };
  // RFC 5280 allows it, but the serial rules are CABF 7.1 and RFC 5280
  // 4.1.2.2 for issued certificates.
  if (!serial_is_valid(cert.serial())) {
    return bad(CertificateFailure::kInvalidProfile, AlertDescription::kBadCertificate,
               "serial number is not a positive 1-20 octet integer");
  }
  if (cert.basic_constraints() && cert.basic_constraints()->value.ca) {
    return bad(CertificateFailure::kUsageNotAllowed, AlertDescription::kBadCertificate,
               "a CA certificate used as the leaf");
  }
  PARLEY_TRY(check_leaf_key_usage(cert, options.leaf_key_use));
  const auto& eku = cert.ext_key_usage();
  if (!eku) {
    return bad(CertificateFailure::kUsageNotAllowed, AlertDescription::kUnsupportedCertificate,
               std::string("no extKeyUsage (") + purpose_name(options.purpose) + " is required)");
  }
  if (eku->critical) {
    return bad(CertificateFailure::kInvalidProfile, AlertDescription::kBadCertificate,
               "critical extKeyUsage");
  }
  if (has_oid(eku->value, oid::kAnyExtendedKeyUsage)) {  // CABF 7.1.2.7.10
    return bad(CertificateFailure::kInvalidProfile, AlertDescription::kBadCertificate,
               "anyExtendedKeyUsage in a leaf");
  }
  if (!has_oid(eku->value, purpose_oid(options.purpose))) {
    return bad(CertificateFailure::kUsageNotAllowed, AlertDescription::kUnsupportedCertificate,
               std::string("extKeyUsage does not include ") + purpose_name(options.purpose));
  }
  return {};
}

Status check_intermediate(const Certificate& cert, size_t depth, const VerifyOptions& options) {
  if (!serial_is_valid(cert.serial())) {
    return fail(CertificateFailure::kInvalidProfile, AlertDescription::kBadCertificate, cert,
                Role::kIntermediate, depth, "serial number is not a positive 1-20 octet integer");
  }
  PARLEY_TRY(check_ca(cert, Role::kIntermediate, depth));
  const auto& eku = cert.ext_key_usage();
  if (eku && !has_oid(eku->value, purpose_oid(options.purpose)) &&
      !has_oid(eku->value, oid::kAnyExtendedKeyUsage)) {
    return fail(CertificateFailure::kUsageNotAllowed, AlertDescription::kUnsupportedCertificate,
                cert, Role::kIntermediate, depth,
                std::string("extKeyUsage does not include ") + purpose_name(options.purpose));
  }
  return {};
}

// The parts of the CA profile that x509-limbo expects of a trust anchor (and
// that VerifyOptions::anchor_profile turns on), each pinned by the FAILURE
// cases named. Version 1 anchors have no extensions to check: RFC 5280 6.1.4
// (k) lets a v1 CA be known as one "through out-of-band means", which a
// trust store is.
Status check_anchor_profile(const Certificate& cert) {
  const auto bad = [&](const std::string& what) {
    return fail(CertificateFailure::kInvalidProfile, AlertDescription::kBadCertificate, cert,
                Role::kAnchor, 0, what);
  };
  // rfc5280::unknown-critical-extension-root
  PARLEY_TRY(check_critical_extensions(cert, Role::kAnchor, 0));
  // rfc5280::ee-empty-issuer (the root's issuer is empty),
  // rfc5280::aki::critical-aki, rfc5280::ski::critical-ski,
  // rfc5280::aki::cross-signed-root-missing-aki,
  // webpki::aki::root-with-aki-missing-keyidentifier,
  // webpki::aki::root-with-aki-all-fields.
  if (auto problem = identification_problem(cert)) return bad(*problem);
  if (cert.version() == 3) {
    // rfc5280::root-missing-basic-constraints,
    // rfc5280::root-non-critical-basic-constraints (RFC 5280 4.2.1.9).
    // rfc5280::ski::root-missing-ski (RFC 5280 4.2.1.2).
    if (auto problem = ca_marking_problem(cert)) return bad(*problem);
  }
  // rfc5280::nc::permitted-dns-match-noncritical (RFC 5280 4.2.1.10).
  if (cert.name_constraints() && !cert.name_constraints()->critical) {
    return bad("non-critical nameConstraints");
  }
  // webpki::eku::root-has-eku (CABF 7.1.2.1.2).
  if (cert.ext_key_usage()) return bad("extKeyUsage in a root (CABF 7.1.2.1.2)");
  // webpki::aki::root-with-aki-ski-mismatch (CABF 7.1.2.1.3).
  const auto& aki = cert.authority_key_id();
  if (aki && cert.self_issued() && cert.subject_key_id() &&
      !std::ranges::equal(*aki->value.key_id, cert.subject_key_id()->value)) {
    return bad("authorityKeyIdentifier differs from its own subjectKeyIdentifier");
  }
  return {};
}

// RFC 5280 6.1.1 (d): a trust anchor is an input to path validation (its
// name, key and name constraints), not a certificate of the path. What any
// anchor must have matters for safety: a key usable and strong enough to
// trust the signature it made, and a validity period covering the time
// (webpki ignores the anchor's dates; OpenSSL and Go check them, and
// x509-limbo rfc5280::validity::expired-root expects it).
Status check_anchor(const TrustAnchor& anchor, const VerifyOptions& options) {
  const Certificate& cert = anchor.certificate;
  PARLEY_TRY(check_key(cert, Role::kAnchor, 0));
  if (anchor.key == nullptr) {
    return fail(CertificateFailure::kUnsupportedAlgorithm,
                AlertDescription::kUnsupportedCertificate, cert, Role::kAnchor, 0,
                "public key is unusable by the crypto provider");
  }
  PARLEY_TRY(check_validity(cert, Role::kAnchor, 0, options.time));
  if (options.anchor_profile) PARLEY_TRY(check_anchor_profile(cert));
  return {};
}

Status check_peer_name(const Certificate& leaf, const PeerName& peer) {
  std::vector<std::string> presented;
  if (const auto& san = leaf.subject_alt_names()) {
    for (const GeneralName& name : san->value) {
      if (peer.kind == PeerName::Kind::kDns && name.type == GeneralName::Type::kDns) {
        if (dns_name_matches(name.text(), peer.dns)) return {};
        presented.emplace_back(name.text());
      } else if (peer.kind == PeerName::Kind::kIp && name.type == GeneralName::Type::kIp) {
        if (std::ranges::equal(name.value, peer.ip)) return {};
        presented.push_back(format_ip_address(name.value));
      }
    }
  }
  std::string list;
  for (const std::string& name : presented) list += (list.empty() ? "" : ", ") + name;
  return fail(CertificateFailure::kHostNameMismatch, AlertDescription::kBadCertificate, leaf,
              Role::kLeaf, 0,
              "not valid for " + peer.to_string() +
                  (list.empty() ? std::string(" (no matching subjectAltName entries)")
                                : " (subjectAltName: " + list + ")"));
}

// Depth-first path building with backtracking (RFC 4158 in spirit): each
// step tries the trust anchors named as the issuer, then the intermediates.
class PathBuilder {
 public:
  PathBuilder(const TrustStore& store, std::span<const Certificate> intermediates,
              const VerifyOptions& options, std::string ignored = {})
      : ignored_(std::move(ignored)),
        store_(store),
        intermediates_(intermediates),
        options_(options),
        provider_(options.provider ? *options.provider : crypto::default_provider()),
        intermediate_status_(intermediates.size()),
        intermediate_keys_(intermediates.size()) {
    if (options.signature_algorithms.empty()) {
      algorithms_ = kDefaultSignatureAlgorithms;
    } else {
      algorithms_ = options.signature_algorithms;
    }
  }

  Result<VerifiedPath> build(const Certificate& leaf) {
    PARLEY_TRY(check_common(leaf, Role::kLeaf, 0));
    PARLEY_TRY(check_leaf(leaf, options_));
    PARLEY_TRY(check_validity(leaf, Role::kLeaf, 0, options_.time));
    if (options_.peer_name) PARLEY_TRY(check_peer_name(leaf, *options_.peer_name));
    path_.push_back(&leaf);
    const TrustAnchor* anchor = extend();
    if (anchor == nullptr) return std::move(*best_error_);
    VerifiedPath verified;
    for (const Certificate* cert : path_) verified.certificates.push_back(*cert);
    verified.certificates.push_back(anchor->certificate);
    return verified;
  }

 private:
  // Extends path_ (whose last certificate still needs an issuer) to an
  // anchor; returns it, or null with best_error_ set.
  const TrustAnchor* extend() {
    const Certificate& child = *path_.back();
    const size_t depth = path_.size();  // where an issuer would sit
    for (const TrustAnchor* anchor : store_.find_by_subject(child.issuer())) {
      Status status = try_anchor(child, *anchor);
      if (status.ok()) return anchor;
      note(std::move(status).error(), depth);
      if (gave_up_) return nullptr;
    }
    bool any_issuer = false;
    for (size_t index : candidates(child)) {
      any_issuer = true;
      if (path_.size() + 2 > options_.max_path_length) {
        note(fail(CertificateFailure::kPathTooLong, AlertDescription::kUnknownCa, child,
                  role_of(depth - 1), depth - 1,
                  "no path to a trust anchor within " + std::to_string(options_.max_path_length) +
                      " certificates"),
             depth);
        break;
      }
      const Certificate& issuer = intermediates_[index];
      Status status = check_candidate(index, depth);
      if (status.ok()) status = check_signature(child, depth - 1, issuer, key_of(index));
      if (!status.ok()) {
        note(std::move(status).error(), depth);
        if (gave_up_) return nullptr;
        continue;
      }
      path_.push_back(&issuer);
      if (const TrustAnchor* anchor = extend()) return anchor;
      path_.pop_back();
      if (gave_up_) return nullptr;
    }
    if (!any_issuer && store_.find_by_subject(child.issuer()).empty()) {
      note(fail(CertificateFailure::kUnknownIssuer, AlertDescription::kUnknownCa, child,
                role_of(depth - 1), depth - 1,
                "issuer '" + child.issuer().to_string() + "' is not a trusted or known CA" +
                    ignored_),
           depth);
    }
    return nullptr;
  }

  static Role role_of(size_t depth) { return depth == 0 ? Role::kLeaf : Role::kIntermediate; }

  // Intermediates named as `child`'s issuer, not already in the path (no
  // certificate twice, nor the same CA name and key twice: loops), those
  // whose subjectKeyIdentifier matches child's authorityKeyIdentifier first.
  std::vector<size_t> candidates(const Certificate& child) const {
    std::vector<size_t> out;
    for (size_t i = 0; i < intermediates_.size(); ++i) {
      const Certificate& candidate = intermediates_[i];
      if (!(candidate.subject() == child.issuer()) || in_path(candidate)) continue;
      out.push_back(i);
    }
    std::stable_partition(out.begin(), out.end(),
                          [&](size_t i) { return key_ids_match(child, intermediates_[i]); });
    return out;
  }

  static bool key_ids_match(const Certificate& child, const Certificate& issuer) {
    const auto& aki = child.authority_key_id();
    const auto& ski = issuer.subject_key_id();
    return aki && aki->value.key_id && ski && std::ranges::equal(*aki->value.key_id, ski->value);
  }

  bool in_path(const Certificate& candidate) const {
    return std::any_of(path_.begin(), path_.end(), [&](const Certificate* cert) {
      return cert == &candidate ||
             (cert->subject() == candidate.subject() &&
              std::ranges::equal(cert->public_key_info().der, candidate.public_key_info().der));
    });
  }

  Status check_candidate(size_t index, size_t depth) {
    // The per-certificate rules do not depend on the position, except for
    // the depth in messages: cache the first verdict.
    if (!intermediate_status_[index]) {
      const Certificate& cert = intermediates_[index];
      Status status = check_common(cert, Role::kIntermediate, depth);
      if (status.ok()) status = check_intermediate(cert, depth, options_);
      if (status.ok()) status = check_validity(cert, Role::kIntermediate, depth, options_.time);
      intermediate_status_[index] = std::move(status);
    }
    return *intermediate_status_[index];
  }

  const crypto::PublicKey* key_of(size_t index) {
    if (!intermediate_keys_[index]) {
      auto key = intermediates_[index].public_key(provider_);
      if (!key.ok()) return nullptr;
      intermediate_keys_[index] = std::move(*key);
    }
    return intermediate_keys_[index].get();
  }

  Status check_signature(const Certificate& child, size_t child_depth, const Certificate& issuer,
                         const crypto::PublicKey* key) {
    const Role role = role_of(child_depth);
    const auto algorithm = child.signature_algorithm();
    if (!algorithm ||
        std::find(algorithms_.begin(), algorithms_.end(), *algorithm) == algorithms_.end()) {
      return fail(CertificateFailure::kUnsupportedAlgorithm,
                  AlertDescription::kUnsupportedCertificate, child, role, child_depth,
                  "signature algorithm is not accepted");
    }
    if (key == nullptr) {
      return fail(CertificateFailure::kUnsupportedAlgorithm,
                  AlertDescription::kUnsupportedCertificate, child, role, child_depth,
                  "the issuer's public key is unusable ('" + issuer.subject_string() + "')");
    }
    if (signature_checks_ >= options_.max_signature_checks) {
      gave_up_ = true;
      return fail(CertificateFailure::kTooComplex, AlertDescription::kCertificateUnknown, child,
                  role, child_depth,
                  "gave up building a path after " + std::to_string(signature_checks_) +
                      " signature checks");
    }
    ++signature_checks_;
    if (!key->verify(*algorithm, child.tbs(), child.signature())) {
      return fail(CertificateFailure::kBadSignature, AlertDescription::kBadCertificate, child, role,
                  child_depth,
                  "signature does not verify with the key of '" + issuer.subject_string() + "'");
    }
    return {};
  }

  Status try_anchor(const Certificate& child, const TrustAnchor& anchor) {
    PARLEY_TRY(check_anchor(anchor, options_));
    PARLEY_TRY(check_signature(child, path_.size() - 1, anchor.certificate, anchor.key.get()));
    return check_path(anchor.certificate);
  }

  // Rules over the whole path, once it reaches `anchor`: path lengths and
  // name constraints (RFC 5280 6.1.3 (b), (c); 6.1.4 (l), (m)).
  Status check_path(const Certificate& anchor) const {
    std::vector<const Certificate*> full = path_;
    full.push_back(&anchor);
    // below[p]: non-self-issued intermediates strictly between full[p] and the leaf.
    size_t below = 0;
    for (size_t p = 1; p < full.size(); ++p) {
      const Certificate& ca = *full[p];
      const Role role = p + 1 == full.size() ? Role::kAnchor : Role::kIntermediate;
      const auto& constraints = ca.basic_constraints();
      if (constraints && constraints->value.path_len && below > *constraints->value.path_len) {
        return fail(CertificateFailure::kPathTooLong, AlertDescription::kBadCertificate, ca, role,
                    p,
                    "pathLenConstraint " + std::to_string(*constraints->value.path_len) +
                        " exceeded by " + std::to_string(below) + " intermediates below it");
      }
      if (const auto& names = ca.name_constraints()) {
        for (size_t j = 0; j < p; ++j) {
          if (j > 0 && full[j]->self_issued()) continue;
          Status status = check_name_constraints(names->value, *full[j]);
          if (!status.ok()) {
            return fail(CertificateFailure::kNameConstraintViolation,
                        AlertDescription::kBadCertificate, *full[j], role_of(j), j,
                        status.error().message + " of '" + ca.subject_string() + "'");
          }
        }
      }
      if (role == Role::kIntermediate && !ca.self_issued()) ++below;
    }
    PARLEY_TRY(check_policies(full));
    if (options_.max_intermediates && below > *options_.max_intermediates) {
      return fail(CertificateFailure::kPathTooLong, AlertDescription::kUnknownCa, *full[0],
                  Role::kLeaf, 0,
                  "path needs " + std::to_string(below) + " intermediates, more than the " +
                      std::to_string(*options_.max_intermediates) + " allowed");
    }
    return {};
  }

  // Certificate policies (RFC 5280 6.1.3 (d)-(f), 6.1.4 (i), 6.1.5 (a), (b),
  // (g)) without policy mapping: policyMappings is not processed, so no
  // mapping ever happens. The valid policy set is intersected down the path
  // (anyPolicy matching everything) and must be non-empty once some
  // certificate's requireExplicitPolicy comes into force. `full` is leaf
  // first, anchor last; the anchor takes no part (RFC 5280 6.1).
  Status check_policies(const std::vector<const Certificate*>& full) const {
    const size_t n = full.size() - 1;
    size_t explicit_policy = n + 1;
    bool any = true;  // the set is still "any policy"
    bool none = false;
    std::vector<ByteView> valid;
    const Certificate* requiring = nullptr;
    for (size_t i = 1; i <= n; ++i) {
      const Certificate& cert = *full[n - i];
      const auto& policies = cert.certificate_policies();
      if (!policies) {
        none = true;
      } else if (!none && !has_oid(policies->value, oid::kAnyPolicy)) {
        if (any) {
          valid = policies->value;
          any = false;
        } else {
          std::erase_if(valid, [&](ByteView p) { return !has_oid(policies->value, p); });
        }
        none = valid.empty();
      }
      // requireExplicitPolicy, or "never" when absent.
      const auto& constraints = cert.policy_constraints();
      const uint64_t require = constraints && constraints->value.require_explicit_policy
                                   ? *constraints->value.require_explicit_policy
                                   : UINT64_MAX;
      // 6.1.3 (f), then 6.1.4 (h), (i) for the next certificate.
      if (explicit_policy == 0 && none) return no_valid_policy(cert, n - i, requiring);
      if (i < n) {
        if (!cert.self_issued() && explicit_policy > 0) --explicit_policy;
        if (require < explicit_policy) {
          explicit_policy = static_cast<size_t>(require);
          requiring = &cert;
        }
      }
    }
    // 6.1.5 (a), (b), (g) for the leaf.
    const auto& leaf_constraints = full[0]->policy_constraints();
    if (explicit_policy > 0) --explicit_policy;
    if (leaf_constraints && leaf_constraints->value.require_explicit_policy == 0u) {
      explicit_policy = 0;
      requiring = full[0];
    }
    if (explicit_policy == 0 && none) return no_valid_policy(*full[0], 0, requiring);
    return {};
  }

  static Error no_valid_policy(const Certificate& cert, size_t depth,
                               const Certificate* requiring) {
    return fail(CertificateFailure::kPolicyViolation, AlertDescription::kBadCertificate, cert,
                role_of(depth), depth,
                "no certificate policy is valid for the whole path, as the "
                "requireExplicitPolicy of '" +
                    (requiring ? requiring->subject_string() : std::string()) + "' demands");
  }

  // Keeps the failure from the deepest attempt: the most informative.
  void note(Error error, size_t depth) {
    if (!best_error_ || depth > best_depth_) {
      best_error_ = std::move(error);
      best_depth_ = depth;
    }
  }

  // Why some of the peer's certificates were left out, for messages.
  std::string ignored_;
  const TrustStore& store_;
  std::span<const Certificate> intermediates_;
  const VerifyOptions& options_;
  const crypto::Provider& provider_;
  std::span<const SignatureAlgorithm> algorithms_;
  std::vector<const Certificate*> path_;
  std::vector<std::optional<Status>> intermediate_status_;
  std::vector<std::unique_ptr<crypto::PublicKey>> intermediate_keys_;
  size_t signature_checks_ = 0;
  bool gave_up_ = false;
  std::optional<Error> best_error_;
  size_t best_depth_ = 0;
};

}  // namespace

bool key_usage_allows(const Certificate& cert, LeafKeyUse use) {
  const auto& usage = cert.key_usage();
  const uint16_t needed =
      use == LeafKeyUse::kKeyEncipherment ? kKeyEncipherment : kDigitalSignature;
  return !usage || (usage->value & needed) != 0;
}

// RFC 5246 7.4.2: "the digitalSignature bit MUST be set if the key usage
// extension is present" for signing suites, and keyEncipherment for RSA key
// exchange; only an RSA key can be encrypted to.
Status check_leaf_key_usage(const Certificate& cert, LeafKeyUse use) {
  const bool encipher = use == LeafKeyUse::kKeyEncipherment;
  if (encipher && cert.public_key_info().algorithm != KeyAlgorithm::kRsa) {
    return fail(CertificateFailure::kUsageNotAllowed, AlertDescription::kUnsupportedCertificate,
                cert, Role::kLeaf, 0, "RSA key exchange needs an RSA key");
  }
  if (!key_usage_allows(cert, use)) {
    return fail(CertificateFailure::kUsageNotAllowed, AlertDescription::kUnsupportedCertificate,
                cert, Role::kLeaf, 0,
                encipher ? "keyUsage does not include keyEncipherment"
                         : "keyUsage does not include digitalSignature");
  }
  return {};
}

Status check_trust_anchor(const TrustAnchor& anchor, const VerifyOptions& options) {
  return check_anchor(anchor, options);
}

std::span<const crypto::SignatureAlgorithm> default_certificate_signature_algorithms() {
  return kDefaultSignatureAlgorithms;
}

Result<VerifiedPath> verify_chain(const Certificate& leaf,
                                  std::span<const Certificate> intermediates,
                                  const TrustStore& store, const VerifyOptions& options) {
  PathBuilder builder(store, intermediates, options);
  return builder.build(leaf);
}

Result<VerifiedPath> verify_chain(ByteView leaf_der, std::span<const ByteView> intermediates_der,
                                  const TrustStore& store, const VerifyOptions& options) {
  auto leaf = Certificate::parse(leaf_der);
  if (!leaf.ok()) {
    Error error = std::move(leaf).error();
    error.message = "leaf certificate: " + error.message;
    return error;
  }
  // A malformed extra certificate is ignored: it cannot be in a valid path.
  std::vector<Certificate> intermediates;
  intermediates.reserve(intermediates_der.size());
  std::string ignored;
  for (size_t i = 0; i < intermediates_der.size(); ++i) {
    auto cert = Certificate::parse(intermediates_der[i]);
    if (cert.ok()) {
      intermediates.push_back(std::move(*cert));
    } else if (ignored.empty()) {
      ignored =
          " (ignored certificate " + std::to_string(i + 1) + ": " + cert.error().message + ")";
    }
  }
  PathBuilder builder(store, intermediates, options, std::move(ignored));
  return builder.build(*leaf);
}

Result<VerifiedPath> verify_chain(ByteView leaf_der, std::span<const Bytes> intermediates_der,
                                  const TrustStore& store, const VerifyOptions& options) {
  std::vector<ByteView> views(intermediates_der.begin(), intermediates_der.end());
  return verify_chain(leaf_der, views, store, options);
}

}  // namespace parley::x509

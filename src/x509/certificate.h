// x509::Certificate: one X.509 v1/v3 certificate (RFC 5280 4.1) parsed from
// DER by parley's own strict reader. Parsing checks syntax only (well-formed
// DER, known extensions well-formed, no duplicate extensions, matching inner
// and outer signature algorithms); whether a certificate is acceptable in a
// path is decided by the verifier (x509/verify.h).
//
// A Certificate keeps its DER; every ByteView it exposes points into that
// shared, immutable buffer, so copies are cheap and views stay valid for the
// lifetime of any copy.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "crypto/signature.h"
#include "parley/error.h"
#include "x509/der.h"

namespace parley::x509 {

// A distinguished name (RFC 5280 4.1.2.4). Names are compared by their DER
// encoding, as most verifiers do.
struct Name {
  ByteView der;                // the whole Name SEQUENCE
  std::vector<ByteView> rdns;  // each RelativeDistinguishedName SET, in order
  // Common names, as raw string contents, in order.
  std::vector<ByteView> common_names;

  bool empty() const { return rdns.empty(); }
  // One line, in encoded order: "C=US, O=Example, CN=example.com". Non-ASCII
  // and control bytes are escaped as \xNN. For traces and messages only.
  std::string to_string() const;
  // Names are equal when their encodings are (RFC 5280 7.1, binary match).
  bool operator==(const Name& other) const;
};

// GeneralName (RFC 5280 4.2.1.6). `value` is the contents: the IA5String for
// kDns/kEmail/kUri, 4 or 16 bytes for kIp (8 or 32 in name constraints), the
// Name encoding for kDirectory, the raw contents for the others.
struct GeneralName {
  enum class Type : uint8_t {
    kOtherName = 0,
    kEmail = 1,
    kDns = 2,
    kX400Address = 3,
    kDirectory = 4,
    kEdiPartyName = 5,
    kUri = 6,
    kIp = 7,
    kRegisteredId = 8,
  };
  Type type = Type::kDns;
  ByteView value;
  std::optional<Name> directory;  // parsed, for kDirectory

  std::string_view text() const {
    return {reinterpret_cast<const char*>(value.data()), value.size()};
  }
};

// The public key algorithms parley accepts in certificates.
enum class KeyAlgorithm { kRsa, kEcP256, kEcP384, kEcP521, kEd25519, kUnsupported };

struct SubjectPublicKeyInfo {
  ByteView der;  // the whole SubjectPublicKeyInfo, as the crypto provider takes it
  KeyAlgorithm algorithm = KeyAlgorithm::kUnsupported;
  size_t rsa_modulus_bits = 0;  // for kRsa
  std::string algorithm_name;   // dotted OID for unsupported keys, for messages
};

// Key usage bits (RFC 5280 4.2.1.3).
enum KeyUsageBit : uint16_t {
  kDigitalSignature = 1u << 0,
  kNonRepudiation = 1u << 1,
  kKeyEncipherment = 1u << 2,
  kDataEncipherment = 1u << 3,
  kKeyAgreement = 1u << 4,
  kKeyCertSign = 1u << 5,
  kCrlSign = 1u << 6,
  kEncipherOnly = 1u << 7,
  kDecipherOnly = 1u << 8,
};

struct BasicConstraints {
  bool ca = false;
  std::optional<uint64_t> path_len;
};

struct GeneralSubtree {
  GeneralName base;  // minimum 0 and no maximum (RFC 5280 4.2.1.10)
};

struct NameConstraints {
  std::vector<GeneralSubtree> permitted;
  std::vector<GeneralSubtree> excluded;
};

struct AuthorityKeyIdentifier {
  std::optional<ByteView> key_id;
  bool has_issuer = false;  // authorityCertIssuer present
  bool has_serial = false;  // authorityCertSerialNumber present
};

struct PolicyConstraints {
  std::optional<uint64_t> require_explicit_policy;
  std::optional<uint64_t> inhibit_policy_mapping;
};

// One extension as encoded, whether or not parley understands it.
struct Extension {
  ByteView oid;
  bool critical = false;
  ByteView value;  // the extnValue OCTET STRING contents
};

// A parsed extension together with its criticality.
template <typename T>
struct Known {
  T value;
  bool critical = false;
};

class Certificate {
 public:
  // Parses one DER certificate (copying it). Errors are kCertificate /
  // bad_certificate and say what was malformed.
  static Result<Certificate> parse(ByteView der);
  static Result<Certificate> parse(Bytes der);

  ByteView der() const { return f_->der_; }
  ByteView tbs() const { return f_->tbs_; }

  int version() const { return f_->version_; }     // 1 or 3
  ByteView serial() const { return f_->serial_; }  // INTEGER contents, two's complement
  // The signature algorithm, if parley supports it.
  std::optional<crypto::SignatureAlgorithm> signature_algorithm() const {
    return f_->signature_algorithm_;
  }
  ByteView signature_algorithm_der() const { return f_->signature_algorithm_der_; }
  ByteView signature() const { return f_->signature_; }

  const Name& issuer() const { return f_->issuer_; }
  const Name& subject() const { return f_->subject_; }
  // The subject on one line, for traces.
  std::string subject_string() const { return f_->subject_.to_string(); }
  int64_t not_before() const { return f_->not_before_; }  // seconds since the epoch
  int64_t not_after() const { return f_->not_after_; }
  const SubjectPublicKeyInfo& public_key_info() const { return f_->spki_; }
  // The key, via the crypto provider.
  Result<std::unique_ptr<crypto::PublicKey>> public_key(
      const crypto::Provider& provider = crypto::default_provider()) const;

  const std::vector<Extension>& extensions() const { return f_->extensions_; }
  const std::optional<Known<BasicConstraints>>& basic_constraints() const {
    return f_->basic_constraints_;
  }
  const std::optional<Known<uint16_t>>& key_usage() const { return f_->key_usage_; }
  const std::optional<Known<std::vector<ByteView>>>& ext_key_usage() const {
    return f_->ext_key_usage_;
  }
  const std::optional<Known<std::vector<GeneralName>>>& subject_alt_names() const {
    return f_->subject_alt_names_;
  }
  const std::optional<Known<NameConstraints>>& name_constraints() const {
    return f_->name_constraints_;
  }
  const std::optional<Known<ByteView>>& subject_key_id() const { return f_->subject_key_id_; }
  const std::optional<Known<AuthorityKeyIdentifier>>& authority_key_id() const {
    return f_->authority_key_id_;
  }
  // Policy OIDs of certificatePolicies (RFC 5280 4.2.1.4).
  const std::optional<Known<std::vector<ByteView>>>& certificate_policies() const {
    return f_->certificate_policies_;
  }
  const std::optional<Known<PolicyConstraints>>& policy_constraints() const {
    return f_->policy_constraints_;
  }
  const std::optional<Known<bool>>& authority_info_access() const { return f_->aia_; }
  // The first critical extension parley does not process, if any.
  std::optional<Extension> unknown_critical_extension() const;

  // Issuer and subject are the same name (RFC 5280 6.1: self-issued).
  bool self_issued() const { return f_->issuer_ == f_->subject_; }

 private:
  // Everything parsed, shared by all copies of a Certificate.
  struct Fields {
    Status parse_tbs(der::Parser& tbs);
    Status parse_extensions(der::Parser& list);
    Status parse_extension(const Extension& extension, const der::Parser& context);

    Bytes der_;
    ByteView tbs_;
    int version_ = 1;
    ByteView serial_;
    std::optional<crypto::SignatureAlgorithm> signature_algorithm_;
    ByteView signature_algorithm_der_;
    ByteView signature_;
    Name issuer_;
    Name subject_;
    int64_t not_before_ = 0;
    int64_t not_after_ = 0;
    SubjectPublicKeyInfo spki_;
    std::vector<Extension> extensions_;
    std::vector<bool> extension_known_;
    std::optional<Known<BasicConstraints>> basic_constraints_;
    std::optional<Known<uint16_t>> key_usage_;
    std::optional<Known<std::vector<ByteView>>> ext_key_usage_;
    std::optional<Known<std::vector<GeneralName>>> subject_alt_names_;
    std::optional<Known<NameConstraints>> name_constraints_;
    std::optional<Known<ByteView>> subject_key_id_;
    std::optional<Known<AuthorityKeyIdentifier>> authority_key_id_;
    std::optional<Known<std::vector<ByteView>>> certificate_policies_;
    std::optional<Known<PolicyConstraints>> policy_constraints_;
    std::optional<Known<bool>> aia_;
  };

  Certificate() = default;

  std::shared_ptr<const Fields> f_;
};

// Parses a Name from its full DER encoding (a SEQUENCE).
Result<Name> parse_name(der::Parser& parser);
// Parses one GeneralName element.
Result<GeneralName> parse_general_name(der::Parser& parser);

// The signature algorithm an AlgorithmIdentifier's contents name, if it is one
// parley supports (RFC 4055, RFC 5758, RFC 8410 encodings).
std::optional<crypto::SignatureAlgorithm> signature_algorithm_from_der(ByteView contents);

// A kCertificate error with `alert` and `reason`, for this layer's failures.
Error certificate_error(CertificateFailure reason, AlertDescription alert, std::string message);

}  // namespace parley::x509

#include "x509/certificate.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <utility>

#include "x509/host_name.h"
#include "x509/oid.h"

namespace parley::x509 {

namespace {

using der::Element;
using der::Parser;

// Signature AlgorithmIdentifier contents parley accepts, exactly as encoded.
// RFC 4055 2.1 has PKCS#1 v1.5 parameters NULL (absent also accepted); RSA-PSS
// only with MGF1 over the same hash and a salt of the hash length (RFC 8446
// 4.2.3); ECDSA and Ed25519 have no parameters (RFC 5758 3.2, RFC 8410 3).
struct KnownSignatureAlgorithm {
  std::string_view hex;
  crypto::SignatureAlgorithm algorithm;
};
constexpr std::array<KnownSignatureAlgorithm, 15> kSignatureAlgorithms = {{
    {"06092a864886f70d0101050500", crypto::SignatureAlgorithm::kRsaPkcs1Sha1},
    {"06092a864886f70d01010b0500", crypto::SignatureAlgorithm::kRsaPkcs1Sha256},
    {"06092a864886f70d01010c0500", crypto::SignatureAlgorithm::kRsaPkcs1Sha384},
    {"06092a864886f70d01010d0500", crypto::SignatureAlgorithm::kRsaPkcs1Sha512},
    {"06092a864886f70d01010b", crypto::SignatureAlgorithm::kRsaPkcs1Sha256},
    {"06092a864886f70d01010c", crypto::SignatureAlgorithm::kRsaPkcs1Sha384},
    {"06092a864886f70d01010d", crypto::SignatureAlgorithm::kRsaPkcs1Sha512},
    {"06092a864886f70d01010a3034a00f300d06096086480165030402010500a11c301a06092a864886f70d010108"
     "300d06096086480165030402010500a203020120",
     crypto::SignatureAlgorithm::kRsaPssSha256},
    {"06092a864886f70d01010a3034a00f300d06096086480165030402020500a11c301a06092a864886f70d010108"
     "300d06096086480165030402020500a203020130",
     crypto::SignatureAlgorithm::kRsaPssSha384},
    {"06092a864886f70d01010a3034a00f300d06096086480165030402030500a11c301a06092a864886f70d010108"
     "300d06096086480165030402030500a203020140",
     crypto::SignatureAlgorithm::kRsaPssSha512},
    {"06072a8648ce3d0401", crypto::SignatureAlgorithm::kEcdsaSha1},
    {"06082a8648ce3d040302", crypto::SignatureAlgorithm::kEcdsaSha256},
    {"06082a8648ce3d040303", crypto::SignatureAlgorithm::kEcdsaSha384},
    {"06082a8648ce3d040304", crypto::SignatureAlgorithm::kEcdsaSha512},
    {"06032b6570", crypto::SignatureAlgorithm::kEd25519},
}};

Error malformed(const std::string& what, const Error& cause) {
  return certificate_error(CertificateFailure::kMalformed, AlertDescription::kBadCertificate,
                           "malformed certificate: " + what + ": " + cause.message);
}
Error malformed(const std::string& what) {
  return certificate_error(CertificateFailure::kMalformed, AlertDescription::kBadCertificate,
                           "malformed certificate: " + what);
}

// Wraps a parse step so its DER error names the field it was reading.
template <typename T>
Result<T> in_field(const char* field, Result<T> result) {
  if (!result.ok()) return malformed(field, result.error());
  return result;
}
Status in_field(const char* field, Status status) {
  if (!status.ok()) return malformed(field, status.error());
  return status;
}

bool is_string_tag(uint8_t tag) {
  switch (tag) {
    case der::kUtf8String:
    case der::kPrintableString:
    case der::kTeletexString:
    case der::kIa5String:
    case der::kVisibleString:
    case der::kUniversalString:
    case der::kBmpString:
      return true;
    default:
      return false;
  }
}

// Short names for the attribute types seen in practice (RFC 4514 3).
std::string attribute_name(ByteView type) {
  struct Short {
    std::string_view dotted;
    std::string_view name;
  };
  static constexpr std::array<Short, 12> kNames = {{
      {"2.5.4.3", "CN"},
      {"2.5.4.6", "C"},
      {"2.5.4.7", "L"},
      {"2.5.4.8", "ST"},
      {"2.5.4.9", "street"},
      {"2.5.4.10", "O"},
      {"2.5.4.11", "OU"},
      {"2.5.4.5", "serialNumber"},
      {"2.5.4.17", "postalCode"},
      {"1.2.840.113549.1.9.1", "emailAddress"},
      {"0.9.2342.19200300.100.1.25", "DC"},
      {"0.9.2342.19200300.100.1.1", "UID"},
  }};
  std::string dotted = der::oid_to_string(type);
  for (const Short& s : kNames) {
    if (s.dotted == dotted) return std::string(s.name);
  }
  return dotted;
}

void append_escaped(std::string& out, uint32_t c) {
  if (c >= 0x20 && c < 0x7f) {
    out += static_cast<char>(c);
  } else {
    char buffer[12];
    std::snprintf(buffer, sizeof buffer, c < 0x100 ? "\\x%02X" : "\\u%04X", c);
    out += buffer;
  }
}

void append_value(std::string& out, const Element& value) {
  if (value.tag == der::kBmpString) {
    for (size_t i = 0; i + 1 < value.value.size(); i += 2) {
      append_escaped(out, static_cast<uint32_t>(value.value[i] << 8 | value.value[i + 1]));
    }
  } else if (is_string_tag(value.tag)) {
    for (uint8_t b : value.value) append_escaped(out, b);
  } else {
    out += "#" + to_hex(value.encoding);
  }
}

bool is_ascii(ByteView text) {
  return std::all_of(text.begin(), text.end(), [](uint8_t c) { return c < 0x80; });
}

// RFC 3279 2.3.1: RSAPublicKey ::= SEQUENCE { modulus, publicExponent }.
Result<size_t> rsa_modulus_bits(const Parser& context, ByteView key) {
  PARLEY_ASSIGN_OR_RETURN(Parser outer, context.nested(key));
  PARLEY_ASSIGN_OR_RETURN(Parser rsa, outer.enter(der::kSequence));
  PARLEY_TRY(outer.expect_end("RSAPublicKey"));
  PARLEY_ASSIGN_OR_RETURN(ByteView modulus, rsa.integer());
  PARLEY_ASSIGN_OR_RETURN(ByteView exponent, rsa.integer());
  PARLEY_TRY(rsa.expect_end("RSAPublicKey"));
  if ((modulus[0] & 0x80) || (exponent[0] & 0x80)) return decode_error("negative RSA key");
  if (modulus[0] == 0) modulus = modulus.subspan(1);
  if (modulus.empty()) return decode_error("zero RSA modulus");
  size_t bits = modulus.size() * 8;
  for (uint8_t top = modulus[0]; (top & 0x80) == 0; top = static_cast<uint8_t>(top << 1)) --bits;
  return bits;
}

// RFC 5280 4.1.2.7, RFC 3279 2.3, RFC 5480 2, RFC 8410 4.
Result<SubjectPublicKeyInfo> parse_spki(Parser& tbs) {
  SubjectPublicKeyInfo spki;
  PARLEY_ASSIGN_OR_RETURN(Element element, tbs.read(der::kSequence));
  spki.der = element.encoding;
  PARLEY_ASSIGN_OR_RETURN(Parser body, tbs.nested(element.value));
  PARLEY_ASSIGN_OR_RETURN(Parser algorithm, body.enter(der::kSequence));
  PARLEY_ASSIGN_OR_RETURN(der::BitString key, body.bit_string());
  PARLEY_TRY(body.expect_end("SubjectPublicKeyInfo"));
  if (key.unused_bits != 0) return decode_error("public key is not whole bytes");
  PARLEY_ASSIGN_OR_RETURN(ByteView type, algorithm.oid());
  if (oid::equals(type, oid::kRsaEncryption)) {
    PARLEY_TRY(algorithm.null());
    PARLEY_ASSIGN_OR_RETURN(spki.rsa_modulus_bits, rsa_modulus_bits(body, key.bytes));
    spki.algorithm = KeyAlgorithm::kRsa;
    spki.algorithm_name = "RSA";
  } else if (oid::equals(type, oid::kEcPublicKey)) {
    PARLEY_ASSIGN_OR_RETURN(ByteView curve, algorithm.oid());
    if (oid::equals(curve, oid::kP256)) {
      spki.algorithm = KeyAlgorithm::kEcP256;
      spki.algorithm_name = "ECDSA P-256";
    } else if (oid::equals(curve, oid::kP384)) {
      spki.algorithm = KeyAlgorithm::kEcP384;
      spki.algorithm_name = "ECDSA P-384";
    } else if (oid::equals(curve, oid::kP521)) {
      spki.algorithm = KeyAlgorithm::kEcP521;
      spki.algorithm_name = "ECDSA P-521";
    } else {
      spki.algorithm_name = "EC curve " + der::oid_to_string(curve);
    }
  } else if (oid::equals(type, oid::kEd25519)) {
    spki.algorithm = KeyAlgorithm::kEd25519;
    spki.algorithm_name = "Ed25519";
  } else {
    // Parsed, but unusable: the verifier rejects it where it matters.
    spki.algorithm_name = der::oid_to_string(type);
    return spki;
  }
  PARLEY_TRY(algorithm.expect_end("public key algorithm"));
  return spki;
}

// IMPLICIT [n] INTEGER (SkipCerts, RFC 5280 4.2.1.11).
Result<std::optional<uint64_t>> implicit_unsigned(Parser& parser, uint8_t tag) {
  PARLEY_ASSIGN_OR_RETURN(std::optional<Element> element, parser.read_optional(tag));
  if (!element) return std::optional<uint64_t>();
  PARLEY_TRY(der::check_integer(element->value));
  if (element->value[0] & 0x80 || element->value.size() > 4) {
    return decode_error("SkipCerts out of range");
  }
  uint64_t value = 0;
  for (uint8_t b : element->value) value = value << 8 | b;
  return std::optional<uint64_t>(value);
}

// SEQUENCE SIZE (1..MAX) OF GeneralName.
Result<std::vector<GeneralName>> parse_general_names(Parser& names) {
  std::vector<GeneralName> out;
  if (names.empty()) return decode_error("empty GeneralNames");
  while (!names.empty()) {
    PARLEY_ASSIGN_OR_RETURN(GeneralName name, parse_general_name(names));
    out.push_back(std::move(name));
  }
  return out;
}

// GeneralSubtrees (RFC 5280 4.2.1.10): minimum is 0 and maximum absent, so
// each subtree is just its base.
Result<std::vector<GeneralSubtree>> parse_subtrees(Parser& subtrees) {
  std::vector<GeneralSubtree> out;
  if (subtrees.empty()) return decode_error("empty GeneralSubtrees");
  while (!subtrees.empty()) {
    PARLEY_ASSIGN_OR_RETURN(Parser subtree, subtrees.enter(der::kSequence));
    PARLEY_ASSIGN_OR_RETURN(GeneralName base, parse_general_name(subtree));
    if (!subtree.empty()) return decode_error("GeneralSubtree minimum/maximum must be absent");
    if (base.type == GeneralName::Type::kIp && !ip_subnet_is_valid(base.value)) {
      return decode_error("malformed iPAddress constraint");
    }
    if (base.type == GeneralName::Type::kDns && !dns_constraint_is_valid(base.text())) {
      return decode_error("malformed dNSName constraint");
    }
    out.push_back(GeneralSubtree{std::move(base)});
  }
  return out;
}

Result<NameConstraints> parse_name_constraints(Parser& body) {
  NameConstraints constraints;
  PARLEY_ASSIGN_OR_RETURN(std::optional<Parser> permitted,
                          body.enter_optional(der::context_constructed(0)));
  if (permitted) {
    PARLEY_ASSIGN_OR_RETURN(constraints.permitted, parse_subtrees(*permitted));
  }
  PARLEY_ASSIGN_OR_RETURN(std::optional<Parser> excluded,
                          body.enter_optional(der::context_constructed(1)));
  if (excluded) {
    PARLEY_ASSIGN_OR_RETURN(constraints.excluded, parse_subtrees(*excluded));
  }
  // RFC 5280 4.2.1.10: "MUST NOT issue ... where name constraints is an
  // empty sequence".
  if (!permitted && !excluded) return decode_error("empty nameConstraints");
  return constraints;
}

Result<AuthorityKeyIdentifier> parse_authority_key_id(Parser& body) {
  AuthorityKeyIdentifier aki;
  PARLEY_ASSIGN_OR_RETURN(std::optional<Element> key_id, body.read_optional(der::context_tag(0)));
  if (key_id) aki.key_id = key_id->value;
  PARLEY_ASSIGN_OR_RETURN(std::optional<Parser> issuer,
                          body.enter_optional(der::context_constructed(1)));
  if (issuer) {
    PARLEY_TRY(parse_general_names(*issuer));
    aki.has_issuer = true;
  }
  PARLEY_ASSIGN_OR_RETURN(std::optional<Element> serial, body.read_optional(der::context_tag(2)));
  if (serial) {
    PARLEY_TRY(der::check_integer(serial->value));
    aki.has_serial = true;
  }
  // RFC 5280 4.2.1.1: issuer and serial come together or not at all.
  if (aki.has_issuer != aki.has_serial) {
    return decode_error("authorityCertIssuer and authorityCertSerialNumber must come together");
  }
  return aki;
}

// A SEQUENCE SIZE (1..MAX) OF OBJECT IDENTIFIER with no repeats.
Result<std::vector<ByteView>> parse_oid_list(Parser& list) {
  std::vector<ByteView> oids;
  if (list.empty()) return decode_error("empty OID list");
  while (!list.empty()) {
    PARLEY_ASSIGN_OR_RETURN(ByteView oid, list.oid());
    oids.push_back(oid);
  }
  return oids;
}

bool same_bytes(ByteView a, ByteView b) {
  return std::ranges::equal(a, b);
}

bool has_duplicates(const std::vector<ByteView>& items) {
  for (size_t i = 0; i < items.size(); ++i) {
    for (size_t j = i + 1; j < items.size(); ++j) {
      if (same_bytes(items[i], items[j])) return true;
    }
  }
  return false;
}

// certificatePolicies (RFC 5280 4.2.1.4): the policy OIDs; qualifiers are
// informational and only checked to be well-formed TLVs.
Result<std::vector<ByteView>> parse_policies(Parser& list) {
  std::vector<ByteView> policies;
  if (list.empty()) return decode_error("empty certificatePolicies");
  while (!list.empty()) {
    PARLEY_ASSIGN_OR_RETURN(Parser info, list.enter(der::kSequence));
    PARLEY_ASSIGN_OR_RETURN(ByteView policy, info.oid());
    PARLEY_ASSIGN_OR_RETURN(std::optional<Element> qualifiers, info.read_optional(der::kSequence));
    if (qualifiers && qualifiers->value.empty()) return decode_error("empty policyQualifiers");
    PARLEY_TRY(info.expect_end("PolicyInformation"));
    policies.push_back(policy);
  }
  if (has_duplicates(policies)) return decode_error("repeated certificate policy");
  return policies;
}

// AuthorityInfoAccessSyntax (RFC 5280 4.2.2.1): SEQUENCE SIZE (1..MAX) OF
// AccessDescription. Only checked for syntax; parley fetches nothing.
Status parse_authority_info_access(Parser& list) {
  if (list.empty()) return decode_error("empty AuthorityInfoAccess");
  while (!list.empty()) {
    PARLEY_ASSIGN_OR_RETURN(Parser description, list.enter(der::kSequence));
    PARLEY_TRY(description.oid());
    PARLEY_TRY(parse_general_name(description));
    PARLEY_TRY(description.expect_end("AccessDescription"));
  }
  return {};
}

}  // namespace

Error certificate_error(CertificateFailure reason, AlertDescription alert, std::string message) {
  Error error = make_error(ErrorKind::kCertificate, alert, std::move(message));
  error.certificate_failure = reason;
  return error;
}

std::optional<crypto::SignatureAlgorithm> signature_algorithm_from_der(ByteView contents) {
  static const std::vector<std::pair<Bytes, crypto::SignatureAlgorithm>> kTable = [] {
    std::vector<std::pair<Bytes, crypto::SignatureAlgorithm>> table;
    for (const KnownSignatureAlgorithm& known : kSignatureAlgorithms) {
      table.emplace_back(from_hex(known.hex), known.algorithm);
    }
    return table;
  }();
  for (const auto& [encoding, algorithm] : kTable) {
    if (same_bytes(encoding, contents)) return algorithm;
  }
  return std::nullopt;
}

bool Name::operator==(const Name& other) const {
  return same_bytes(der, other.der);
}

std::string Name::to_string() const {
  std::string out;
  for (ByteView rdn : rdns) {
    // Validated by parse_name, so parse errors cannot occur here.
    Parser set_parser(rdn);
    auto set = set_parser.read(der::kSet);
    if (!set.ok()) break;
    Parser attributes(set->value);
    bool first_in_set = true;
    while (!attributes.empty()) {
      auto attribute = attributes.enter(der::kSequence);
      if (!attribute.ok()) break;
      auto type = attribute->oid();
      auto value = attribute->next();
      if (!type.ok() || !value.ok()) break;
      if (!out.empty()) out += first_in_set ? ", " : " + ";
      out += attribute_name(*type) + "=";
      append_value(out, *value);
      first_in_set = false;
    }
  }
  return out;
}

Result<Name> parse_name(Parser& parser) {
  Name name;
  PARLEY_ASSIGN_OR_RETURN(Element sequence, parser.read(der::kSequence));
  name.der = sequence.encoding;
  PARLEY_ASSIGN_OR_RETURN(Parser rdns, parser.nested(sequence.value));
  while (!rdns.empty()) {
    PARLEY_ASSIGN_OR_RETURN(Element set, rdns.read(der::kSet));
    name.rdns.push_back(set.encoding);
    PARLEY_ASSIGN_OR_RETURN(Parser attributes, rdns.nested(set.value));
    if (attributes.empty()) return decode_error("empty RelativeDistinguishedName");
    while (!attributes.empty()) {
      PARLEY_ASSIGN_OR_RETURN(Parser attribute, attributes.enter(der::kSequence));
      PARLEY_ASSIGN_OR_RETURN(ByteView type, attribute.oid());
      PARLEY_ASSIGN_OR_RETURN(Element value, attribute.next());
      PARLEY_TRY(attribute.expect_end("AttributeTypeAndValue"));
      if (oid::equals(type, oid::kCommonName)) {
        if (!is_string_tag(value.tag)) return decode_error("commonName is not a string");
        name.common_names.push_back(value.value);
      }
    }
  }
  return name;
}

Result<GeneralName> parse_general_name(Parser& parser) {
  PARLEY_ASSIGN_OR_RETURN(Element element, parser.next());
  const uint8_t number = element.tag & 0x1f;
  const bool constructed = element.tag & 0x20;
  if ((element.tag & 0xc0) != 0x80 || number > 8) return decode_error("not a GeneralName");
  GeneralName name;
  name.type = static_cast<GeneralName::Type>(number);
  name.value = element.value;
  // otherName, x400Address, directoryName and ediPartyName are constructed;
  // the rest primitive (RFC 5280 4.2.1.6, implicit tagging).
  const bool want_constructed = number == 0 || number == 3 || number == 4 || number == 5;
  if (constructed != want_constructed) return decode_error("GeneralName has the wrong form");
  switch (name.type) {
    case GeneralName::Type::kEmail:
    case GeneralName::Type::kDns:
    case GeneralName::Type::kUri:
      if (!is_ascii(name.value)) return decode_error("IA5String GeneralName is not ASCII");
      break;
    case GeneralName::Type::kDirectory: {
      // [4] is EXPLICIT because Name is a CHOICE (X.680 31.2.7).
      PARLEY_ASSIGN_OR_RETURN(Parser inner, parser.nested(element.value));
      PARLEY_ASSIGN_OR_RETURN(Name directory, parse_name(inner));
      PARLEY_TRY(inner.expect_end("directoryName"));
      name.value = directory.der;
      name.directory = std::move(directory);
      break;
    }
    case GeneralName::Type::kRegisteredId:
      PARLEY_TRY(der::check_oid(name.value));
      break;
    default:
      break;
  }
  return name;
}

Result<Certificate> Certificate::parse(ByteView der) {
  return parse(Bytes(der.begin(), der.end()));
}

Result<Certificate> Certificate::parse(Bytes der) {
  auto fields = std::make_shared<Fields>();
  fields->der_ = std::move(der);
  Fields& cert = *fields;
  Parser top(cert.der_);
  PARLEY_ASSIGN_OR_RETURN(Parser outer, in_field("Certificate", top.enter(der::kSequence)));
  PARLEY_TRY(in_field("Certificate", top.expect_end("Certificate")));
  PARLEY_ASSIGN_OR_RETURN(Element tbs, in_field("tbsCertificate", outer.read(der::kSequence)));
  PARLEY_ASSIGN_OR_RETURN(Element algorithm,
                          in_field("signatureAlgorithm", outer.read(der::kSequence)));
  PARLEY_ASSIGN_OR_RETURN(der::BitString signature, in_field("signatureValue", outer.bit_string()));
  PARLEY_TRY(in_field("Certificate", outer.expect_end("Certificate")));
  if (signature.unused_bits != 0) return malformed("signatureValue is not whole bytes");
  cert.tbs_ = tbs.encoding;
  cert.signature_ = signature.bytes;
  PARLEY_ASSIGN_OR_RETURN(Parser tbs_parser, in_field("tbsCertificate", outer.nested(tbs.value)));
  PARLEY_TRY(cert.parse_tbs(tbs_parser));
  // RFC 5280 4.1.1.2: signatureAlgorithm MUST equal tbsCertificate.signature.
  if (!same_bytes(algorithm.encoding, cert.signature_algorithm_der_)) {
    return malformed("signatureAlgorithm differs from tbsCertificate.signature");
  }
  cert.signature_algorithm_ = signature_algorithm_from_der(algorithm.value);
  Certificate out;
  out.f_ = std::move(fields);
  return out;
}

Status Certificate::Fields::parse_tbs(Parser& tbs) {
  PARLEY_ASSIGN_OR_RETURN(std::optional<Parser> version,
                          in_field("version", tbs.enter_optional(der::context_constructed(0))));
  if (version) {
    PARLEY_ASSIGN_OR_RETURN(uint64_t number, in_field("version", version->small_unsigned(2)));
    PARLEY_TRY(in_field("version", version->expect_end("version")));
    // DER omits DEFAULT values (X.690 11.5), so an explicit v1 is malformed.
    if (number != 2)
      return malformed("version " + std::to_string(number + 1) + " is not supported");
    version_ = 3;
  }
  PARLEY_ASSIGN_OR_RETURN(serial_, in_field("serialNumber", tbs.integer()));
  PARLEY_ASSIGN_OR_RETURN(Element inner_algorithm, in_field("signature", tbs.read(der::kSequence)));
  signature_algorithm_der_ = inner_algorithm.encoding;
  PARLEY_ASSIGN_OR_RETURN(issuer_, in_field("issuer", parse_name(tbs)));
  PARLEY_ASSIGN_OR_RETURN(Parser validity, in_field("validity", tbs.enter(der::kSequence)));
  PARLEY_ASSIGN_OR_RETURN(not_before_, in_field("notBefore", validity.time()));
  PARLEY_ASSIGN_OR_RETURN(not_after_, in_field("notAfter", validity.time()));
  PARLEY_TRY(in_field("validity", validity.expect_end("validity")));
  PARLEY_ASSIGN_OR_RETURN(subject_, in_field("subject", parse_name(tbs)));
  PARLEY_ASSIGN_OR_RETURN(spki_, in_field("subjectPublicKeyInfo", parse_spki(tbs)));
  for (uint8_t unique_id : {der::context_tag(1), der::context_tag(2)}) {
    PARLEY_ASSIGN_OR_RETURN(std::optional<Element> id,
                            in_field("uniqueIdentifier", tbs.read_optional(unique_id)));
    if (id && version_ == 1) return malformed("uniqueIdentifier in a v1 certificate");
  }
  PARLEY_ASSIGN_OR_RETURN(std::optional<Parser> extensions,
                          in_field("extensions", tbs.enter_optional(der::context_constructed(3))));
  if (extensions) {
    if (version_ == 1) return malformed("extensions in a v1 certificate");
    PARLEY_ASSIGN_OR_RETURN(Parser list, in_field("extensions", extensions->enter(der::kSequence)));
    PARLEY_TRY(in_field("extensions", extensions->expect_end("extensions")));
    PARLEY_TRY(parse_extensions(list));
  }
  return in_field("tbsCertificate", tbs.expect_end("tbsCertificate"));
}

Status Certificate::Fields::parse_extensions(Parser& list) {
  if (list.empty()) return malformed("empty extensions");
  extensions_.reserve(12);
  extension_known_.reserve(12);
  while (!list.empty()) {
    Extension extension;
    PARLEY_ASSIGN_OR_RETURN(Parser body, in_field("extension", list.enter(der::kSequence)));
    PARLEY_ASSIGN_OR_RETURN(extension.oid, in_field("extnID", body.oid()));
    if (body.peek(der::kBoolean)) {
      PARLEY_ASSIGN_OR_RETURN(extension.critical, in_field("critical", body.boolean()));
      // DER omits DEFAULT FALSE (X.690 11.5).
      if (!extension.critical) return malformed("explicit critical FALSE");
    }
    PARLEY_ASSIGN_OR_RETURN(Element value, in_field("extnValue", body.read(der::kOctetString)));
    PARLEY_TRY(in_field("extension", body.expect_end("extension")));
    extension.value = value.value;
    // RFC 5280 4.2: "MUST NOT include more than one instance of a particular
    // extension".
    for (const Extension& seen : extensions_) {
      if (same_bytes(seen.oid, extension.oid)) {
        return malformed("duplicate extension " + der::oid_to_string(extension.oid));
      }
    }
    if (Status status = parse_extension(extension, body); !status.ok()) {
      return malformed("extension " + der::oid_to_string(extension.oid), status.error());
    }
    extensions_.push_back(extension);
  }
  return {};
}

// Parses the extensions parley processes into their fields; others are kept
// raw and marked unknown.
Status Certificate::Fields::parse_extension(const Extension& extension, const Parser& context) {
  const ByteView id = extension.oid;
  const bool critical = extension.critical;
  PARLEY_ASSIGN_OR_RETURN(Parser value, context.nested(extension.value));
  bool known = true;
  if (oid::equals(id, oid::kBasicConstraints)) {
    PARLEY_ASSIGN_OR_RETURN(Parser body, value.enter(der::kSequence));
    BasicConstraints constraints;
    if (body.peek(der::kBoolean)) {
      PARLEY_ASSIGN_OR_RETURN(constraints.ca, body.boolean());
      if (!constraints.ca) return decode_error("explicit cA FALSE");
    }
    if (body.peek(der::kInteger)) {
      PARLEY_ASSIGN_OR_RETURN(constraints.path_len, body.small_unsigned(UINT32_MAX));
    }
    PARLEY_TRY(body.expect_end("BasicConstraints"));
    basic_constraints_ = Known<BasicConstraints>{constraints, critical};
  } else if (oid::equals(id, oid::kKeyUsage)) {
    PARLEY_ASSIGN_OR_RETURN(der::BitString bits, value.bit_string());
    uint16_t usage = 0;
    for (size_t i = 0; i < 9; ++i) {
      if (bits.bit(i)) usage = static_cast<uint16_t>(usage | 1u << i);
    }
    // RFC 5280 4.2.1.3: "at least one of the bits MUST be set to 1".
    if (usage == 0) return decode_error("keyUsage with no bits set");
    key_usage_ = Known<uint16_t>{usage, critical};
  } else if (oid::equals(id, oid::kExtKeyUsage)) {
    PARLEY_ASSIGN_OR_RETURN(Parser list, value.enter(der::kSequence));
    PARLEY_ASSIGN_OR_RETURN(std::vector<ByteView> usages, parse_oid_list(list));
    ext_key_usage_ = Known<std::vector<ByteView>>{std::move(usages), critical};
  } else if (oid::equals(id, oid::kSubjectAltName)) {
    PARLEY_ASSIGN_OR_RETURN(Parser list, value.enter(der::kSequence));
    PARLEY_ASSIGN_OR_RETURN(std::vector<GeneralName> names, parse_general_names(list));
    for (const GeneralName& name : names) {
      if (name.type == GeneralName::Type::kIp && name.value.size() != 4 &&
          name.value.size() != 16) {
        return decode_error("iPAddress is neither 4 nor 16 bytes");
      }
    }
    subject_alt_names_ = Known<std::vector<GeneralName>>{std::move(names), critical};
  } else if (oid::equals(id, oid::kNameConstraints)) {
    PARLEY_ASSIGN_OR_RETURN(Parser body, value.enter(der::kSequence));
    PARLEY_ASSIGN_OR_RETURN(NameConstraints constraints, parse_name_constraints(body));
    PARLEY_TRY(body.expect_end("NameConstraints"));
    name_constraints_ = Known<NameConstraints>{std::move(constraints), critical};
  } else if (oid::equals(id, oid::kSubjectKeyIdentifier)) {
    PARLEY_ASSIGN_OR_RETURN(Element key_id, value.read(der::kOctetString));
    if (key_id.value.empty()) return decode_error("empty subjectKeyIdentifier");
    subject_key_id_ = Known<ByteView>{key_id.value, critical};
  } else if (oid::equals(id, oid::kAuthorityKeyIdentifier)) {
    PARLEY_ASSIGN_OR_RETURN(Parser body, value.enter(der::kSequence));
    PARLEY_ASSIGN_OR_RETURN(AuthorityKeyIdentifier aki, parse_authority_key_id(body));
    PARLEY_TRY(body.expect_end("AuthorityKeyIdentifier"));
    authority_key_id_ = Known<AuthorityKeyIdentifier>{aki, critical};
  } else if (oid::equals(id, oid::kCertificatePolicies)) {
    PARLEY_ASSIGN_OR_RETURN(Parser list, value.enter(der::kSequence));
    PARLEY_ASSIGN_OR_RETURN(std::vector<ByteView> policies, parse_policies(list));
    certificate_policies_ = Known<std::vector<ByteView>>{std::move(policies), critical};
  } else if (oid::equals(id, oid::kPolicyConstraints)) {
    PARLEY_ASSIGN_OR_RETURN(Parser body, value.enter(der::kSequence));
    PolicyConstraints constraints;
    PARLEY_ASSIGN_OR_RETURN(constraints.require_explicit_policy,
                            implicit_unsigned(body, der::context_tag(0)));
    PARLEY_ASSIGN_OR_RETURN(constraints.inhibit_policy_mapping,
                            implicit_unsigned(body, der::context_tag(1)));
    PARLEY_TRY(body.expect_end("PolicyConstraints"));
    // RFC 5280 4.2.1.11: "MUST NOT issue ... where policy constraints is an
    // empty sequence".
    if (!constraints.require_explicit_policy && !constraints.inhibit_policy_mapping) {
      return decode_error("empty policyConstraints");
    }
    policy_constraints_ = Known<PolicyConstraints>{constraints, critical};
  } else if (oid::equals(id, oid::kAuthorityInfoAccess)) {
    PARLEY_ASSIGN_OR_RETURN(Parser list, value.enter(der::kSequence));
    PARLEY_TRY(parse_authority_info_access(list));
    aia_ = Known<bool>{true, critical};
  } else {
    known = false;
  }
  if (known) PARLEY_TRY(value.expect_end("extension value"));
  extension_known_.push_back(known);
  return {};
}

std::optional<Extension> Certificate::unknown_critical_extension() const {
  for (size_t i = 0; i < f_->extensions_.size(); ++i) {
    if (f_->extensions_[i].critical && !f_->extension_known_[i]) return f_->extensions_[i];
  }
  return std::nullopt;
}

Result<std::unique_ptr<crypto::PublicKey>> Certificate::public_key(
    const crypto::Provider& provider) const {
  return provider.parse_public_key(f_->spki_.der);
}

}  // namespace parley::x509

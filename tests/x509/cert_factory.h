// Test-only certificate factory on libcrypto: keys, CAs and leaves with any
// extensions, so that each rule's test makes the certificates it needs.
#pragma once

#include <openssl/evp.h>
#include <openssl/x509.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/bytes.h"

namespace parley::x509::testing {

// The validation time the tests use, and validity periods around it.
inline constexpr int64_t kNow = 1700000000;  // 2023-11-14
inline constexpr int64_t kDay = 86400;

struct KeyDeleter {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
using Key = std::shared_ptr<EVP_PKEY>;

enum class KeyKind { kP256, kP384, kRsa2048, kRsa1024, kEd25519, kP521 };
// Keys are cached per kind (generating RSA is slow); `fresh` makes a new one.
Key make_key(KeyKind kind, bool fresh = false);
// PEM of the private key in PKCS#8, or the traditional form (SEC1 or PKCS#1).
std::string private_key_pem(const Key& key, bool traditional = false);

// One extension: an OpenSSL config value ("critical,CA:TRUE"), or raw DER
// contents of extnValue with an explicit OID and criticality.
struct ExtensionSpec {
  std::string name;   // "basicConstraints", ... or a dotted OID for raw
  std::string value;  // config string, ignored when raw is set
  std::optional<Bytes> raw;
  bool critical = false;  // for raw
};

inline ExtensionSpec config_extension(std::string name, std::string value) {
  return {std::move(name), std::move(value), std::nullopt, false};
}
inline ExtensionSpec raw_extension(std::string oid, Bytes der, bool critical) {
  return {std::move(oid), "", std::move(der), critical};
}

struct CertSpec {
  // Subject attributes as "CN=example.com/O=Org"; empty means an empty name.
  std::string subject = "CN=example.com";
  Bytes serial = {0x01, 0x23};  // INTEGER contents
  int64_t not_before = kNow - 30 * kDay;
  int64_t not_after = kNow + 365 * kDay;
  int version = 3;
  std::string digest = "SHA256";  // "" for Ed25519
  bool rsa_pss = false;
  std::vector<ExtensionSpec> extensions;
  // Adds subjectKeyIdentifier and (unless self-signed) authorityKeyIdentifier.
  bool key_ids = true;
};

// A certificate with its key, able to issue others.
struct Issued {
  Bytes der;
  Key key;
  std::shared_ptr<X509> x509;
  std::string pem() const;
};

// Signs `spec` for `subject_key` with `issuer` (self-signed when null).
Issued issue(const CertSpec& spec, const Key& subject_key, const Issued* issuer);

// Common shapes.
CertSpec root_spec(const std::string& cn = "Test Root");
CertSpec intermediate_spec(const std::string& cn = "Test Intermediate");
CertSpec leaf_spec(const std::string& dns = "example.com");

// Finds the extension `name` in `spec` and replaces (or adds) it.
void set_extension(CertSpec& spec, const std::string& name, const std::string& value);
void remove_extension(CertSpec& spec, const std::string& name);

}  // namespace parley::x509::testing

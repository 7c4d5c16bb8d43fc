// Certificates for the TLS benchmarks, made once per process with libcrypto:
// a P-256 CA and two "localhost" server certificates it issued, one ECDSA
// P-256 and one RSA-2048 (for RSA-PSS signatures and the TLS 1.2 RSA key
// exchange). Every implementation under test loads the same PEM texts.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>

namespace bench {

struct PemPair {
  std::string cert;  // the leaf only
  std::string key;   // PKCS#8
};

struct BenchCertificates {
  std::string ca;
  PemPair ecdsa;
  PemPair rsa;
};

namespace detail {

// A benchmark cannot run without its setup (certificates, keys, contexts):
// stop loudly.
inline void require(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "bench setup: %s failed\n", what);
    std::abort();
  }
}

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
using KeyPtr = std::unique_ptr<EVP_PKEY, KeyFree>;
using CertPtr = std::unique_ptr<X509, CertFree>;

inline KeyPtr generate_ec_key() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256"));
  require(key != nullptr, "P-256 key generation");
  return key;
}

inline KeyPtr generate_rsa_key() {
  KeyPtr key(EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", static_cast<size_t>(2048)));
  require(key != nullptr, "RSA-2048 key generation");
  return key;
}

inline void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX context;
  X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* extension = X509V3_EXT_conf_nid(nullptr, &context, nid, value);
  require(extension != nullptr && X509_add_ext(cert, extension, -1) == 1, "extension");
  X509_EXTENSION_free(extension);
}

// Issues a certificate for `key`; a CA when `issuer` is null (self-signed).
inline CertPtr issue(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key,
                     long serial) {
  CertPtr cert(X509_new());
  require(cert != nullptr, "X509_new");
  X509* x = cert.get();
  require(X509_set_version(x, 2) == 1, "version");
  ASN1_INTEGER_set(X509_get_serialNumber(x), serial);
  X509_gmtime_adj(X509_getm_notBefore(x), -3600);
  X509_gmtime_adj(X509_getm_notAfter(x), 30L * 24 * 3600);
  require(X509_set_pubkey(x, key) == 1, "public key");
  X509_NAME* name = X509_get_subject_name(x);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : x;
  require(X509_set_issuer_name(x, X509_get_subject_name(signer)) == 1, "issuer name");
  add_extension(x, signer, NID_subject_key_identifier, "hash");
  if (issuer == nullptr) {
    add_extension(x, signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(x, signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(x, signer, NID_authority_key_identifier, "keyid");
    add_extension(x, signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(x, signer, NID_key_usage, "critical,digitalSignature,keyEncipherment");
    add_extension(x, signer, NID_ext_key_usage, "serverAuth");
    add_extension(x, signer, NID_subject_alt_name, "DNS:localhost");
  }
  require(X509_sign(x, issuer_key != nullptr ? issuer_key : key, EVP_sha256()) > 0, "signing");
  return cert;
}

template <typename Write>
std::string to_pem(Write write) {
  BIO* bio = BIO_new(BIO_s_mem());
  require(bio != nullptr && write(bio) == 1, "PEM encoding");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

inline std::string cert_pem(X509* cert) {
  return to_pem([cert](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
}

inline std::string key_pem(EVP_PKEY* key) {
  return to_pem([key](BIO* bio) {
    return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
  });
}

inline BenchCertificates generate() {
  BenchCertificates made;
  KeyPtr ca_key = generate_ec_key();
  CertPtr ca = issue(ca_key.get(), "parley bench CA", nullptr, nullptr, 1);
  made.ca = cert_pem(ca.get());
  KeyPtr ecdsa_key = generate_ec_key();
  made.ecdsa = {cert_pem(issue(ecdsa_key.get(), "localhost", ca.get(), ca_key.get(), 2).get()),
                key_pem(ecdsa_key.get())};
  KeyPtr rsa_key = generate_rsa_key();
  made.rsa = {cert_pem(issue(rsa_key.get(), "localhost", ca.get(), ca_key.get(), 3).get()),
              key_pem(rsa_key.get())};
  return made;
}

}  // namespace detail

// Reads one PEM object (PEM_read_bio_X509, PEM_read_bio_PrivateKey, ...);
// null if `pem` holds none.
template <typename T>
T* read_pem(const std::string& pem, T* (*read)(BIO*, T**, pem_password_cb*, void*)) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  T* object = read(bio, nullptr, nullptr, nullptr);
  BIO_free(bio);
  return object;
}

inline const BenchCertificates& certificates() {
  static const BenchCertificates made = detail::generate();
  return made;
}

}  // namespace bench

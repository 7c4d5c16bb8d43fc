#include "x509/cert_factory.h"

#include <openssl/bio.h>
#include <openssl/ec.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <stdexcept>

namespace parley::x509::testing {

namespace {

void check(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("cert_factory: ") + what);
}

Key generate(KeyKind kind) {
  EVP_PKEY* key = nullptr;
  switch (kind) {
    case KeyKind::kP256:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
      break;
    case KeyKind::kP384:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
      break;
    case KeyKind::kP521:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-521");
      break;
    case KeyKind::kRsa2048:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{2048});
      break;
    case KeyKind::kRsa1024:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t{1024});
      break;
    case KeyKind::kEd25519:
      key = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
      break;
  }
  check(key != nullptr, "keygen");
  return Key(key, KeyDeleter());
}

std::shared_ptr<X509_NAME> make_name(const std::string& text) {
  std::shared_ptr<X509_NAME> name(X509_NAME_new(), X509_NAME_free);
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('/', start);
    if (end == std::string::npos) end = text.size();
    const std::string item = text.substr(start, end - start);
    const size_t eq = item.find('=');
    check(eq != std::string::npos, "name syntax");
    check(X509_NAME_add_entry_by_txt(name.get(), item.substr(0, eq).c_str(), MBSTRING_UTF8,
                                     reinterpret_cast<const unsigned char*>(item.c_str() + eq + 1),
                                     -1, -1, 0) == 1,
          "name entry");
    start = end + 1;
  }
  return name;
}

void set_time(ASN1_TIME* field, int64_t seconds) {
  check(ASN1_TIME_adj(field, static_cast<time_t>(seconds), 0, 0) != nullptr, "time");
}

void add_extension(X509* cert, X509* issuer, const ExtensionSpec& spec) {
  X509_EXTENSION* ext = nullptr;
  if (spec.raw) {
    ASN1_OBJECT* obj = OBJ_txt2obj(spec.name.c_str(), 1);
    check(obj != nullptr, "extension OID");
    ASN1_OCTET_STRING* value = ASN1_OCTET_STRING_new();
    ASN1_OCTET_STRING_set(value, spec.raw->data(), static_cast<int>(spec.raw->size()));
    ext = X509_EXTENSION_create_by_OBJ(nullptr, obj, spec.critical ? 1 : 0, value);
    ASN1_OBJECT_free(obj);
    ASN1_OCTET_STRING_free(value);
  } else {
    X509V3_CTX ctx;
    X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
    ext = X509V3_EXT_conf(nullptr, &ctx, spec.name.c_str(), spec.value.c_str());
  }
  if (ext == nullptr) ERR_print_errors_fp(stderr);
  check(ext != nullptr, ("extension " + spec.name + "=" + spec.value).c_str());
  check(X509_add_ext(cert, ext, -1) == 1, "add extension");
  X509_EXTENSION_free(ext);
}

Bytes to_der(X509* cert) {
  unsigned char* out = nullptr;
  const int length = i2d_X509(cert, &out);
  check(length > 0, "i2d_X509");
  Bytes der(out, out + length);
  OPENSSL_free(out);
  return der;
}

}  // namespace

Key make_key(KeyKind kind, bool fresh) {
  static std::map<KeyKind, Key> cache;
  if (fresh) return generate(kind);
  auto it = cache.find(kind);
  if (it == cache.end()) it = cache.emplace(kind, generate(kind)).first;
  return it->second;
}

std::string private_key_pem(const Key& key, bool traditional) {
  BIO* bio = BIO_new(BIO_s_mem());
  const int ok = traditional ? PEM_write_bio_PrivateKey_traditional(bio, key.get(), nullptr,
                                                                    nullptr, 0, nullptr, nullptr)
                             : PEM_write_bio_PKCS8PrivateKey(bio, key.get(), nullptr, nullptr, 0,
                                                             nullptr, nullptr);
  check(ok == 1, "write private key");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

std::string Issued::pem() const {
  BIO* bio = BIO_new(BIO_s_mem());
  check(PEM_write_bio_X509(bio, x509.get()) == 1, "write certificate");
  char* data = nullptr;
  const long size = BIO_get_mem_data(bio, &data);
  std::string pem(data, static_cast<size_t>(size));
  BIO_free(bio);
  return pem;
}

Issued issue(const CertSpec& spec, const Key& subject_key, const Issued* issuer) {
  std::shared_ptr<X509> cert(X509_new(), X509_free);
  check(X509_set_version(cert.get(), spec.version - 1) == 1, "version");
  ASN1_INTEGER* serial = ASN1_INTEGER_new();
  // The serial is given as two's complement INTEGER contents.
  Bytes magnitude = spec.serial;
  const bool negative = !magnitude.empty() && (magnitude[0] & 0x80);
  if (negative) {  // negate: invert and add one
    for (uint8_t& b : magnitude) b = static_cast<uint8_t>(~b);
    for (size_t i = magnitude.size(); i-- > 0 && ++magnitude[i] == 0;) {
    }
  }
  BIGNUM* bn = BN_bin2bn(magnitude.data(), static_cast<int>(magnitude.size()), nullptr);
  BN_set_negative(bn, negative ? 1 : 0);
  BN_to_ASN1_INTEGER(bn, serial);
  BN_free(bn);
  X509_set_serialNumber(cert.get(), serial);
  ASN1_INTEGER_free(serial);
  auto subject = make_name(spec.subject);
  X509_set_subject_name(cert.get(), subject.get());
  X509_set_issuer_name(cert.get(),
                       issuer ? X509_get_subject_name(issuer->x509.get()) : subject.get());
  set_time(X509_getm_notBefore(cert.get()), spec.not_before);
  set_time(X509_getm_notAfter(cert.get()), spec.not_after);
  X509_set_pubkey(cert.get(), subject_key.get());
  X509* issuer_cert = issuer ? issuer->x509.get() : cert.get();
  if (spec.key_ids && spec.version == 3) {
    add_extension(cert.get(), issuer_cert, {"subjectKeyIdentifier", "hash", {}, false});
    if (issuer && X509_get_ext_by_NID(issuer_cert, NID_subject_key_identifier, -1) >= 0) {
      add_extension(cert.get(), issuer_cert,
                    config_extension("authorityKeyIdentifier", "keyid:always"));
    } else if (issuer) {
      // The issuer has no subjectKeyIdentifier: derive the key id (RFC 5280 4.2.1.2 (1)).
      unsigned char id[EVP_MAX_MD_SIZE];
      unsigned int id_size = 0;
      check(X509_pubkey_digest(issuer_cert, EVP_sha1(), id, &id_size) == 1, "key id");
      Bytes aki = {0x30, static_cast<uint8_t>(id_size + 2), 0x80, static_cast<uint8_t>(id_size)};
      aki.insert(aki.end(), id, id + id_size);
      add_extension(cert.get(), issuer_cert, raw_extension("2.5.29.35", aki, false));
    }
  }
  for (const ExtensionSpec& ext : spec.extensions) add_extension(cert.get(), issuer_cert, ext);

  const Key& signing_key = issuer ? issuer->key : subject_key;
  EVP_MD_CTX* md_ctx = EVP_MD_CTX_new();
  EVP_PKEY_CTX* pkey_ctx = nullptr;
  const EVP_MD* md = spec.digest.empty() ? nullptr : EVP_get_digestbyname(spec.digest.c_str());
  check(EVP_DigestSignInit(md_ctx, &pkey_ctx, md, nullptr, signing_key.get()) == 1, "sign init");
  if (spec.rsa_pss) {
    EVP_PKEY_CTX_set_rsa_padding(pkey_ctx, RSA_PKCS1_PSS_PADDING);
    EVP_PKEY_CTX_set_rsa_pss_saltlen(pkey_ctx, RSA_PSS_SALTLEN_DIGEST);
  }
  check(X509_sign_ctx(cert.get(), md_ctx) > 0, "sign");
  EVP_MD_CTX_free(md_ctx);
  return Issued{to_der(cert.get()), subject_key, cert};
}

CertSpec root_spec(const std::string& cn) {
  CertSpec spec;
  spec.subject = "CN=" + cn;
  spec.not_before = kNow - 365 * kDay;
  spec.not_after = kNow + 10 * 365 * kDay;
  spec.extensions = {{"basicConstraints", "critical,CA:TRUE", {}, false},
                     {"keyUsage", "critical,keyCertSign,cRLSign", {}, false}};
  return spec;
}

CertSpec intermediate_spec(const std::string& cn) {
  CertSpec spec = root_spec(cn);
  spec.not_after = kNow + 5 * 365 * kDay;
  return spec;
}

CertSpec leaf_spec(const std::string& dns) {
  CertSpec spec;
  spec.subject = "CN=" + dns;
  spec.extensions = {{"keyUsage", "critical,digitalSignature", {}, false},
                     {"extendedKeyUsage", "serverAuth,clientAuth", {}, false},
                     {"subjectAltName", "DNS:" + dns, {}, false}};
  return spec;
}

void set_extension(CertSpec& spec, const std::string& name, const std::string& value) {
  remove_extension(spec, name);
  spec.extensions.push_back({name, value, {}, false});
}

void remove_extension(CertSpec& spec, const std::string& name) {
  std::erase_if(spec.extensions, [&](const ExtensionSpec& e) { return e.name == name; });
}

}  // namespace parley::x509::testing

#include "crypto/oracle.h"

#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/kdf.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <map>
#include <memory>
#include <mutex>
#include <stdexcept>

namespace parley::crypto::testing {
namespace {

template <auto Free>
struct Deleter {
  template <typename T>
  void operator()(T* p) const {
    Free(p);
  }
};
using PkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using PkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using MdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;

[[noreturn]] void fail(const std::string& what) {
  std::string reason;
  while (unsigned long code = ERR_get_error()) {
    char text[256];
    ERR_error_string_n(code, text, sizeof text);
    reason += std::string(" ") + text;
  }
  throw std::runtime_error("libcrypto oracle: " + what + reason);
}

template <typename T, typename F>
Bytes to_der(T* object, F i2d) {
  unsigned char* der = nullptr;
  int size = i2d(object, &der);
  if (size <= 0) fail("DER encoding");
  Bytes out(der, der + size);
  OPENSSL_free(der);
  return out;
}

PkeyPtr generate(const std::string& full_spec) {
  // Anything after '#' only names a distinct key of the same kind.
  std::string spec = full_spec.substr(0, full_spec.find('#'));
  std::string type = spec.substr(0, spec.find(':'));
  std::string arg = spec.find(':') == std::string::npos ? "" : spec.substr(spec.find(':') + 1);
  bool pss_sha256 = type.rfind("RSA-PSS-SHA256", 0) == 0;
  bool mgf1_sha1 = type == "RSA-PSS-SHA256-MGF1-SHA1";
  PkeyCtxPtr ctx(
      EVP_PKEY_CTX_new_from_name(nullptr, pss_sha256 ? "RSA-PSS" : type.c_str(), nullptr));
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) fail("keygen init " + spec);
  if (type.rfind("RSA", 0) == 0 &&
      EVP_PKEY_CTX_set_rsa_keygen_bits(ctx.get(), std::stoi(arg)) != 1) {
    fail("RSA bits");
  }
  if (pss_sha256 && EVP_PKEY_CTX_set_rsa_pss_keygen_md(ctx.get(), EVP_sha256()) != 1) {
    fail("PSS md");
  }
  if (pss_sha256 && !mgf1_sha1 &&
      EVP_PKEY_CTX_set_rsa_pss_keygen_mgf1_md(ctx.get(), EVP_sha256()) != 1) {
    fail("PSS MGF1 md");
  }
  if (type == "EC" && EVP_PKEY_CTX_set_group_name(ctx.get(), arg.c_str()) != 1) fail("curve");
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_generate(ctx.get(), &key) != 1) fail("keygen " + spec);
  return PkeyPtr(key);
}

std::mutex cache_mutex;

GeneratedKey make_key(const std::string& spec) {
  GeneratedKey out;
  out.key = std::shared_ptr<EVP_PKEY>(generate(spec).release(), EVP_PKEY_free);
  out.spki = to_der(out.key.get(), i2d_PUBKEY);
  std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>> p8(
      EVP_PKEY2PKCS8(out.key.get()));
  if (!p8) fail("PKCS#8");
  out.pkcs8 = to_der(p8.get(), i2d_PKCS8_PRIV_KEY_INFO);
  if (spec.rfind("RSA:", 0) == 0 || spec.rfind("EC:", 0) == 0) {
    out.type_specific = to_der(out.key.get(), i2d_PrivateKey);
  }
  return out;
}

EVP_PKEY* key_of(const GeneratedKey& key) {
  return key.key.get();
}

MdCtxPtr signing_context(const GeneratedKey& key, const std::string& scheme,
                         const std::string& digest, bool sign) {
  MdCtxPtr md(EVP_MD_CTX_new());
  EVP_PKEY_CTX* pctx = nullptr;
  const char* md_name = digest.empty() ? nullptr : digest.c_str();
  int ok =
      sign ? EVP_DigestSignInit_ex(md.get(), &pctx, md_name, nullptr, nullptr, key_of(key), nullptr)
           : EVP_DigestVerifyInit_ex(md.get(), &pctx, md_name, nullptr, nullptr, key_of(key),
                                     nullptr);
  if (ok != 1) fail("sign/verify init");
  if (scheme == "pss") {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1 ||
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1) {
      fail("PSS setup");
    }
  } else if (scheme == "pkcs1") {
    if (EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PADDING) != 1) fail("PKCS#1 setup");
  }
  return md;
}

}  // namespace

const GeneratedKey& generated_key(const std::string& spec) {
  static std::map<std::string, GeneratedKey> keys;
  std::lock_guard lock(cache_mutex);
  auto it = keys.find(spec);
  if (it == keys.end()) it = keys.emplace(spec, make_key(spec)).first;
  return it->second;
}

Bytes oracle_sign(const GeneratedKey& key, const std::string& scheme, const std::string& digest,
                  ByteView message) {
  MdCtxPtr md = signing_context(key, scheme, digest, true);
  size_t size = 0;
  if (EVP_DigestSign(md.get(), nullptr, &size, message.data(), message.size()) != 1) {
    fail("sign size");
  }
  Bytes out(size);
  if (EVP_DigestSign(md.get(), out.data(), &size, message.data(), message.size()) != 1) {
    fail("sign");
  }
  out.resize(size);
  return out;
}

bool oracle_verify(const GeneratedKey& key, const std::string& scheme, const std::string& digest,
                   ByteView message, ByteView signature) {
  MdCtxPtr md = signing_context(key, scheme, digest, false);
  bool ok = EVP_DigestVerify(md.get(), signature.data(), signature.size(), message.data(),
                             message.size()) == 1;
  ERR_clear_error();
  return ok;
}

namespace {
Bytes rsa_crypt(const GeneratedKey& key, ByteView in, bool encrypt) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_of(key), nullptr));
  if (!ctx ||
      (encrypt ? EVP_PKEY_encrypt_init(ctx.get()) : EVP_PKEY_decrypt_init(ctx.get())) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1) {
    fail("RSA init");
  }
  Bytes out(static_cast<size_t>(EVP_PKEY_get_size(key_of(key))));
  size_t size = out.size();
  int ok = encrypt ? EVP_PKEY_encrypt(ctx.get(), out.data(), &size, in.data(), in.size())
                   : EVP_PKEY_decrypt(ctx.get(), out.data(), &size, in.data(), in.size());
  if (ok != 1) fail("RSA operation");
  out.resize(size);
  return out;
}
}  // namespace

Bytes oracle_rsa_encrypt(const GeneratedKey& key, ByteView plaintext) {
  return rsa_crypt(key, plaintext, true);
}
Bytes oracle_rsa_decrypt(const GeneratedKey& key, ByteView ciphertext) {
  return rsa_crypt(key, ciphertext, false);
}

Bytes oracle_tls12_prf(const std::string& digest, ByteView secret, const std::string& label,
                       ByteView seed, size_t length) {
  std::unique_ptr<EVP_KDF, Deleter<EVP_KDF_free>> kdf(EVP_KDF_fetch(nullptr, "TLS1-PRF", nullptr));
  std::unique_ptr<EVP_KDF_CTX, Deleter<EVP_KDF_CTX_free>> ctx(kdf ? EVP_KDF_CTX_new(kdf.get())
                                                                  : nullptr);
  if (!ctx) fail("TLS1-PRF");
  Bytes full_seed(label.begin(), label.end());
  full_seed.insert(full_seed.end(), seed.begin(), seed.end());
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_utf8_string(OSSL_KDF_PARAM_DIGEST, const_cast<char*>(digest.c_str()), 0),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SECRET, const_cast<uint8_t*>(secret.data()),
                                        secret.size()),
      OSSL_PARAM_construct_octet_string(OSSL_KDF_PARAM_SEED, full_seed.data(), full_seed.size()),
      OSSL_PARAM_construct_end()};
  Bytes out(length);
  if (EVP_KDF_derive(ctx.get(), out.data(), out.size(), params) != 1) fail("TLS1-PRF derive");
  return out;
}

Bytes explicit_curve_spki(const GeneratedKey& key) {
  PkeyPtr copy(EVP_PKEY_dup(key_of(key)));
  if (!copy || EVP_PKEY_set_utf8_string_param(copy.get(), OSSL_PKEY_PARAM_EC_ENCODING,
                                              OSSL_PKEY_EC_ENCODING_EXPLICIT) != 1) {
    fail("explicit EC encoding");
  }
  return to_der(copy.get(), i2d_PUBKEY);
}

Bytes named_dh_prime(const std::string& group) {
  OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                                          const_cast<char*>(group.c_str()), 0),
                         OSSL_PARAM_construct_end()};
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr));
  EVP_PKEY* raw = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_KEY_PARAMETERS, params) != 1) {
    fail("DH group " + group);
  }
  PkeyPtr key(raw);
  BIGNUM* p = nullptr;
  if (EVP_PKEY_get_bn_param(key.get(), OSSL_PKEY_PARAM_FFC_P, &p) != 1) fail("DH p");
  BnPtr owned(p);
  Bytes out(static_cast<size_t>(BN_num_bytes(p)));
  BN_bn2bin(p, out.data());
  return out;
}

Bytes modp_prime(int bits) {
  BnPtr p(bits == 1024 ? BN_get_rfc2409_prime_1024(nullptr) : BN_get_rfc3526_prime_2048(nullptr));
  if (!p) fail("MODP prime");
  Bytes out(static_cast<size_t>(BN_num_bytes(p.get())));
  BN_bn2bin(p.get(), out.data());
  return out;
}

}  // namespace parley::crypto::testing

// The public-key operations one side of a full handshake cannot avoid, run on
// their own with libcrypto and the benchmark's keys. Every implementation in
// this benchmark uses libcrypto's (or, for GnuTLS, nettle's) primitives, so
// no TLS stack built on them can spend less than this per handshake:
// OpenSSL's handshake time divided by this floor bounds the ratio to OpenSSL
// that any such stack can reach, whatever its own overhead.
//
// Counted: X25519 key generation and agreement (with the peer's key already
// decoded), the signature the server makes or the RSA premaster decryption,
// and on the client the certificate signature check, the handshake signature
// check or the RSA premaster encryption. Left out, so the floor is a lower
// bound: hashing, key derivation, record protection and all parsing.
#pragma once

#include <openssl/bio.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "bench_certs.h"
#include "tls_pairs.h"

namespace bench {

enum class Side { kClient, kServer };

namespace floor_detail {

using detail::require;
using Pkey = detail::KeyPtr;
struct PkeyCtxFree {
  void operator()(EVP_PKEY_CTX* ctx) const { EVP_PKEY_CTX_free(ctx); }
};
using PkeyCtx = std::unique_ptr<EVP_PKEY_CTX, PkeyCtxFree>;

inline Pkey private_key(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())),
                                                BIO_free);
  Pkey key(PEM_read_bio_PrivateKey(bio.get(), nullptr, nullptr, nullptr));
  require(key != nullptr, "private key");
  return key;
}

inline Pkey certificate_key(const std::string& pem) {
  std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_mem_buf(pem.data(), int(pem.size())),
                                                BIO_free);
  std::unique_ptr<X509, decltype(&X509_free)> cert(
      PEM_read_bio_X509(bio.get(), nullptr, nullptr, nullptr), X509_free);
  require(cert != nullptr, "certificate");
  Pkey key(X509_get_pubkey(cert.get()));
  require(key != nullptr, "certificate key");
  return key;
}

// A context for `key` set up by `init`, with PSS padding for RSA keys (the
// handshake signature scheme the benchmark negotiates, rsa_pss_rsae_sha256).
inline PkeyCtx signature_context(EVP_PKEY* key, int (*init)(EVP_PKEY_CTX*)) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  require(
      ctx && init(ctx.get()) == 1 && EVP_PKEY_CTX_set_signature_md(ctx.get(), EVP_sha256()) == 1,
      "signature context");
  if (EVP_PKEY_is_a(key, "RSA")) {
    require(EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PSS_PADDING) == 1 &&
                EVP_PKEY_CTX_set_rsa_pss_saltlen(ctx.get(), RSA_PSS_SALTLEN_DIGEST) == 1,
            "PSS padding");
  }
  return ctx;
}

// The operations, each with everything that does not depend on the
// handshake (keys, contexts) prepared once.
class X25519Agreement {
 public:
  X25519Agreement() : keygen_(EVP_PKEY_CTX_new_from_name(nullptr, "X25519", nullptr)) {
    require(keygen_ && EVP_PKEY_keygen_init(keygen_.get()) == 1, "X25519 keygen init");
    peer_ = generate();
  }
  void run() const {
    Pkey mine = generate();
    PkeyCtx derive(EVP_PKEY_CTX_new_from_pkey(nullptr, mine.get(), nullptr));
    std::array<uint8_t, 32> secret;
    size_t size = secret.size();
    require(derive && EVP_PKEY_derive_init(derive.get()) == 1 &&
                EVP_PKEY_derive_set_peer_ex(derive.get(), peer_.get(), 0) == 1 &&
                EVP_PKEY_derive(derive.get(), secret.data(), &size) == 1,
            "X25519 derive");
  }

 private:
  Pkey generate() const {
    EVP_PKEY* key = nullptr;
    require(EVP_PKEY_generate(keygen_.get(), &key) == 1, "X25519 keygen");
    return Pkey(key);
  }
  PkeyCtx keygen_;
  Pkey peer_;
};

inline const std::array<uint8_t, 32> kDigest = {1, 2, 3, 4, 5, 6, 7, 8};

class Signing {
 public:
  explicit Signing(const std::string& key_pem)
      : key_(private_key(key_pem)), ctx_(signature_context(key_.get(), EVP_PKEY_sign_init)) {}
  void run() const {
    std::array<uint8_t, 512> signature;
    size_t size = signature.size();
    require(EVP_PKEY_sign(ctx_.get(), signature.data(), &size, kDigest.data(), kDigest.size()) == 1,
            "sign");
  }

 private:
  Pkey key_;
  PkeyCtx ctx_;
};

class Verification {
 public:
  // Verifies a signature made here by `signer_pem`'s key with the public key
  // of `cert_pem`.
  Verification(const std::string& signer_pem, const std::string& cert_pem)
      : key_(certificate_key(cert_pem)), ctx_(signature_context(key_.get(), EVP_PKEY_verify_init)) {
    Pkey signer = private_key(signer_pem);
    PkeyCtx sign = signature_context(signer.get(), EVP_PKEY_sign_init);
    signature_.resize(512);
    size_t size = signature_.size();
    require(
        EVP_PKEY_sign(sign.get(), signature_.data(), &size, kDigest.data(), kDigest.size()) == 1,
        "sign for verification");
    signature_.resize(size);
    run();
  }
  void run() const {
    require(EVP_PKEY_verify(ctx_.get(), signature_.data(), signature_.size(), kDigest.data(),
                            kDigest.size()) == 1,
            "verify");
  }

 private:
  Pkey key_;
  PkeyCtx ctx_;
  std::vector<uint8_t> signature_;
};

// RSA key transport: the client encrypts a premaster secret to the server's
// certificate key, the server recovers it with one private-key operation.
class RsaTransport {
 public:
  RsaTransport(Side side, const PemPair& rsa)
      : side_(side),
        key_(side == Side::kServer ? private_key(rsa.key) : certificate_key(rsa.cert)) {
    PkeyCtx encrypt(EVP_PKEY_CTX_new_from_pkey(nullptr, certificate_key(rsa.cert).get(), nullptr));
    require(encrypt && EVP_PKEY_encrypt_init(encrypt.get()) == 1 &&
                EVP_PKEY_CTX_set_rsa_padding(encrypt.get(), RSA_PKCS1_PADDING) == 1,
            "RSA encrypt init");
    ctx_.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    const int init = side == Side::kServer ? EVP_PKEY_decrypt_init(ctx_.get())
                                           : EVP_PKEY_encrypt_init(ctx_.get());
    require(init == 1 && EVP_PKEY_CTX_set_rsa_padding(ctx_.get(), RSA_PKCS1_PADDING) == 1,
            "RSA context");
    std::array<uint8_t, 48> premaster{3, 3};
    size_t size = ciphertext_.size();
    require(EVP_PKEY_encrypt(encrypt.get(), ciphertext_.data(), &size, premaster.data(),
                             premaster.size()) == 1 &&
                size == ciphertext_.size(),
            "RSA encrypt");
  }
  void run() const {
    std::array<uint8_t, 256> out;
    size_t size = out.size();
    std::array<uint8_t, 48> premaster{3, 3};
    const int ok = side_ == Side::kServer ? EVP_PKEY_decrypt(ctx_.get(), out.data(), &size,
                                                             ciphertext_.data(), ciphertext_.size())
                                          : EVP_PKEY_encrypt(ctx_.get(), out.data(), &size,
                                                             premaster.data(), premaster.size());
    require(ok == 1, "RSA transport");
  }

 private:
  Side side_;
  Pkey key_;
  PkeyCtx ctx_;
  std::array<uint8_t, 256> ciphertext_{};
};

}  // namespace floor_detail

// The floor of one side of one handshake case.
class PrimitiveFloor {
 public:
  PrimitiveFloor(const HandshakeCase& c, Side side) {
    using namespace floor_detail;
    const BenchCertificates& certs = certificates();
    const PemPair& server = c.key == KeyType::kRsa2048 ? certs.rsa : certs.ecdsa;
    const bool rsa_transport = c.suite == parley::CipherSuite::kTlsRsaWithAes128GcmSha256 ||
                               c.suite == parley::CipherSuite::kTlsRsaWithAes256GcmSha384;
    if (rsa_transport) {
      add(std::make_shared<RsaTransport>(side, certs.rsa));
    } else {
      add(std::make_shared<X25519Agreement>());
    }
    if (side == Side::kServer) {
      if (!rsa_transport) add(std::make_shared<Signing>(server.key));
      return;
    }
    // The client checks the CA's signature on the leaf (the CA is the trust
    // anchor, so that is the whole chain) and the handshake signature. The
    // CA signs with ECDSA P-256 and SHA-256; any P-256 key costs the same to
    // verify with, so the ECDSA server key pair stands in for the CA's (whose
    // private key the benchmark does not keep).
    add(std::make_shared<Verification>(certs.ecdsa.key, certs.ecdsa.cert));
    if (!rsa_transport) add(std::make_shared<Verification>(server.key, server.cert));
  }

  void run() const {
    for (const auto& step : steps_) step();
  }

 private:
  template <typename Op>
  void add(std::shared_ptr<Op> op) {
    steps_.push_back([op] { op->run(); });
  }

  std::vector<std::function<void()>> steps_;
};

}  // namespace bench

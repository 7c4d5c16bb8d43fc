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
  Pkey key(read_pem(pem, PEM_read_bio_PrivateKey));
  require(key != nullptr, "private key");
  return key;
}

inline Pkey certificate_key(const std::string& pem) {
  std::unique_ptr<X509, decltype(&X509_free)> cert(read_pem(pem, PEM_read_bio_X509), X509_free);
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
  std::vector<uint8_t> sign() const {
    std::vector<uint8_t> signature(512);
    size_t size = signature.size();
    require(EVP_PKEY_sign(ctx_.get(), signature.data(), &size, kDigest.data(), kDigest.size()) == 1,
            "sign");
    signature.resize(size);
    return signature;
  }
  void run() const { sign(); }

 private:
  Pkey key_;
  PkeyCtx ctx_;
};

class Verification {
 public:
  // Verifies a signature made here by `signer_pem`'s key with the public key
  // of `cert_pem`.
  Verification(const std::string& signer_pem, const std::string& cert_pem)
      : key_(certificate_key(cert_pem)),
        ctx_(signature_context(key_.get(), EVP_PKEY_verify_init)),
        signature_(Signing(signer_pem).sign()) {
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

// RSA key transport (TLS 1.2 RSA key exchange): the client encrypts a
// premaster secret to the certificate key, the server recovers it with one
// private-key operation.
inline PkeyCtx rsa_transport_context(EVP_PKEY* key, int (*init)(EVP_PKEY_CTX*)) {
  PkeyCtx ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key, nullptr));
  require(ctx && init(ctx.get()) == 1 &&
              EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) == 1,
          "RSA transport context");
  return ctx;
}

using RsaCiphertext = std::array<uint8_t, 256>;

class RsaEncryption {
 public:
  explicit RsaEncryption(const std::string& cert_pem)
      : key_(certificate_key(cert_pem)),
        ctx_(rsa_transport_context(key_.get(), EVP_PKEY_encrypt_init)) {}
  RsaCiphertext encrypt() const {
    static constexpr std::array<uint8_t, 48> kPremaster = {3, 3};
    RsaCiphertext out;
    size_t size = out.size();
    require(EVP_PKEY_encrypt(ctx_.get(), out.data(), &size, kPremaster.data(), kPremaster.size()) ==
                    1 &&
                size == out.size(),
            "RSA encrypt");
    return out;
  }
  void run() const { encrypt(); }

 private:
  Pkey key_;
  PkeyCtx ctx_;
};

class RsaDecryption {
 public:
  explicit RsaDecryption(const PemPair& rsa)
      : key_(private_key(rsa.key)),
        ctx_(rsa_transport_context(key_.get(), EVP_PKEY_decrypt_init)),
        ciphertext_(RsaEncryption(rsa.cert).encrypt()) {}
  void run() const {
    RsaCiphertext out;
    size_t size = out.size();
    require(EVP_PKEY_decrypt(ctx_.get(), out.data(), &size, ciphertext_.data(),
                             ciphertext_.size()) == 1,
            "RSA decrypt");
  }

 private:
  Pkey key_;
  PkeyCtx ctx_;
  RsaCiphertext ciphertext_;
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
    if (rsa_transport && side == Side::kServer) {
      add(std::make_shared<RsaDecryption>(certs.rsa));
    } else if (rsa_transport) {
      add(std::make_shared<RsaEncryption>(certs.rsa.cert));
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

// Public and private keys: signatures (TLS CertificateVerify,
// ServerKeyExchange, X.509 certificate signatures) and RSA key transport.
#pragma once

#include <cstdint>
#include <memory>

#include "common/bytes.h"
#include "crypto/secret.h"
#include "parley/error.h"

namespace parley::crypto {

enum class KeyType {
  kRsa,     // rsaEncryption
  kRsaPss,  // id-RSASSA-PSS (RFC 4055): PSS signatures only
  kEcP256,
  kEcP384,
  kEcP521,
  kEd25519,
};

// The signature operation, independent of TLS's SignatureScheme code points.
// PSS uses MGF1 with the same hash and a salt as long as the hash (RFC 8446
// 4.2.3). ECDSA signatures are DER-encoded ECDSA-Sig-Value.
enum class SignatureAlgorithm {
  kRsaPkcs1Sha1,  // verify only
  kRsaPkcs1Sha256,
  kRsaPkcs1Sha384,
  kRsaPkcs1Sha512,
  kRsaPssSha256,
  kRsaPssSha384,
  kRsaPssSha512,
  kEcdsaSha1,  // verify only
  kEcdsaSha256,
  kEcdsaSha384,
  kEcdsaSha512,
  kEd25519,
};

class PublicKey {
 public:
  virtual ~PublicKey() = default;
  virtual KeyType type() const = 0;
  // Modulus bits for RSA, field bits for EC, 256 for Ed25519.
  virtual size_t bits() const = 0;
  // The DER SubjectPublicKeyInfo, for comparing keys.
  virtual Bytes spki_der() const = 0;

  // True only if `signature` is a valid signature of `message` under this key
  // with `alg`. A mismatched key type or algorithm returns false.
  virtual bool verify(SignatureAlgorithm alg, ByteView message, ByteView signature) const = 0;

  // RSA PKCS#1 v1.5 encryption (TLS 1.2 RSA key exchange, RFC 5246 7.4.7.1).
  virtual Result<Bytes> rsa_encrypt_pkcs1(ByteView plaintext) const = 0;
};

enum class PrivateKeyFormat {
  kPkcs8,  // PrivateKeyInfo (RFC 5208 / RFC 5958)
  kSec1,   // ECPrivateKey (RFC 5915)
  kPkcs1,  // RSAPrivateKey (RFC 8017)
};

class PrivateKey {
 public:
  virtual ~PrivateKey() = default;
  virtual KeyType type() const = 0;
  virtual size_t bits() const = 0;
  virtual std::unique_ptr<PublicKey> public_key() const = 0;

  virtual Result<Bytes> sign(SignatureAlgorithm alg, ByteView message) const = 0;

  // TLS 1.2 RSA key exchange (RFC 5246 7.4.7.1): decrypts the encrypted
  // premaster secret. On any failure (bad padding, wrong length, or a version
  // other than `client_version` in its first two bytes) the result is a random
  // 48-byte secret instead, with no difference in errors or timing. Fails only
  // if this is not an RSA key.
  virtual Result<Secret> rsa_decrypt_premaster(ByteView ciphertext,
                                               uint16_t client_version) const = 0;
};

}  // namespace parley::crypto

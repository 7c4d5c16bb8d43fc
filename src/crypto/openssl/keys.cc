// Public and private keys on EVP_PKEY: parsing, signatures, and RSA key
// transport for TLS 1.2.
#include <openssl/asn1.h>
#include <openssl/core_names.h>
#include <openssl/decoder.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/objects.h>
#include <openssl/rsa.h>
#include <openssl/x509.h>

#include <array>
#include <mutex>
#include <optional>
#include <vector>

#include "crypto/openssl/bignum.h"
#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {
namespace {

// ---------------------------------------------------------------------------
// Signature algorithms

enum class Scheme { kPkcs1, kPss, kEcdsa, kEd25519 };

struct SignatureSpec {
  Scheme scheme;
  HashAlgorithm hash;  // unused for Ed25519
  bool can_sign;       // SHA-1 signatures are accepted, never produced
};

SignatureSpec spec_for(SignatureAlgorithm alg) {
  using H = HashAlgorithm;
  switch (alg) {
    case SignatureAlgorithm::kRsaPkcs1Sha1:
      return {Scheme::kPkcs1, H::kSha1, false};
    case SignatureAlgorithm::kRsaPkcs1Sha256:
      return {Scheme::kPkcs1, H::kSha256, true};
    case SignatureAlgorithm::kRsaPkcs1Sha384:
      return {Scheme::kPkcs1, H::kSha384, true};
    case SignatureAlgorithm::kRsaPkcs1Sha512:
      return {Scheme::kPkcs1, H::kSha512, true};
    case SignatureAlgorithm::kRsaPssSha256:
      return {Scheme::kPss, H::kSha256, true};
    case SignatureAlgorithm::kRsaPssSha384:
      return {Scheme::kPss, H::kSha384, true};
    case SignatureAlgorithm::kRsaPssSha512:
      return {Scheme::kPss, H::kSha512, true};
    case SignatureAlgorithm::kEcdsaSha1:
      return {Scheme::kEcdsa, H::kSha1, false};
    case SignatureAlgorithm::kEcdsaSha256:
      return {Scheme::kEcdsa, H::kSha256, true};
    case SignatureAlgorithm::kEcdsaSha384:
      return {Scheme::kEcdsa, H::kSha384, true};
    case SignatureAlgorithm::kEcdsaSha512:
      return {Scheme::kEcdsa, H::kSha512, true};
    case SignatureAlgorithm::kEd25519:
      return {Scheme::kEd25519, H::kSha512, true};
  }
  return {Scheme::kEd25519, H::kSha512, false};
}

constexpr size_t kSignatureAlgorithmCount = static_cast<size_t>(SignatureAlgorithm::kEd25519) + 1;

bool key_supports(KeyType type, Scheme scheme) {
  switch (scheme) {
    // An id-RSASSA-PSS key may only make PSS signatures (RFC 4055 1.2).
    case Scheme::kPkcs1:
      return type == KeyType::kRsa;
    case Scheme::kPss:
      return type == KeyType::kRsa || type == KeyType::kRsaPss;
    case Scheme::kEcdsa:
      return type == KeyType::kEcP256 || type == KeyType::kEcP384 || type == KeyType::kEcP521;
    case Scheme::kEd25519:
      return type == KeyType::kEd25519;
  }
  return false;
}

enum class Operation { kSign, kVerify };

// A libcrypto context prepared for one operation with one algorithm on one
// key: EVP_PKEY_CTX over a digest for the hash-then-sign schemes, EVP_MD_CTX
// for Ed25519 (which signs the message itself).
struct OpContext {
  PkeyCtxPtr pkey;
  MdCtxPtr md;
  explicit operator bool() const { return pkey || md; }
};

// Prepared contexts kept per key for reuse: preparing one costs a few
// algorithm fetches, more than a tenth of an ECDSA signature. A key may be
// used from several threads at once, so each use takes a context out.
class ContextPool {
 public:
  OpContext take(SignatureAlgorithm alg, Operation op) {
    std::lock_guard lock(mutex_);
    auto& slot = slots_[index(alg, op)];
    if (slot.empty()) return {};
    OpContext ctx = std::move(slot.back());
    slot.pop_back();
    return ctx;
  }

  void give(SignatureAlgorithm alg, Operation op, OpContext ctx) {
    std::lock_guard lock(mutex_);
    auto& slot = slots_[index(alg, op)];
    if (slot.size() < kMaxPerSlot) slot.push_back(std::move(ctx));
  }

 private:
  static constexpr size_t kMaxPerSlot = 8;
  static size_t index(SignatureAlgorithm alg, Operation op) {
    return static_cast<size_t>(alg) * 2 + (op == Operation::kSign ? 1 : 0);
  }

  std::mutex mutex_;
  std::array<std::vector<OpContext>, 2 * kSignatureAlgorithmCount> slots_;
};

// The digest of `message`, which the hash-then-sign schemes sign.
struct Digest {
  std::array<uint8_t, EVP_MAX_MD_SIZE> bytes{};
  unsigned int size = 0;
};

bool compute_digest(HashAlgorithm alg, ByteView message, Digest& out) {
  return EVP_Digest(non_null_data(message), message.size(), out.bytes.data(), &out.size,
                    digest(alg), nullptr) == 1;
}

// ---------------------------------------------------------------------------
// The key itself, shared by a private key and the public keys made from it.

class KeyCore {
 public:
  KeyCore(PkeyPtr key, KeyType type, size_t bits, Bytes spki)
      : key_(std::move(key)), type_(type), bits_(bits), spki_(std::move(spki)) {}

  KeyType type() const { return type_; }
  size_t bits() const { return bits_; }
  const Bytes& spki() const { return spki_; }
  EVP_PKEY* pkey() const { return key_.get(); }

  bool verify(SignatureAlgorithm alg, ByteView message, ByteView signature) const {
    SignatureSpec spec = spec_for(alg);
    if (!key_supports(type_, spec.scheme) || signature.empty()) return false;
    OpContext ctx = acquire(alg, spec, Operation::kVerify);
    bool ok = false;
    if (ctx && spec.scheme == Scheme::kEd25519) {
      ok = EVP_DigestVerify(ctx.md.get(), signature.data(), signature.size(),
                            non_null_data(message), message.size()) == 1;
    } else if (ctx) {
      Digest digest;
      ok = compute_digest(spec.hash, message, digest) &&
           EVP_PKEY_verify(ctx.pkey.get(), signature.data(), signature.size(), digest.bytes.data(),
                           digest.size) == 1;
    }
    if (!ok) ERR_clear_error();
    if (ctx) pool_.give(alg, Operation::kVerify, std::move(ctx));
    return ok;
  }

  Result<Bytes> sign(SignatureAlgorithm alg, ByteView message) const {
    SignatureSpec spec = spec_for(alg);
    if (!spec.can_sign || !key_supports(type_, spec.scheme)) {
      return internal_error("signature algorithm not usable with this key");
    }
    OpContext ctx = acquire(alg, spec, Operation::kSign);
    if (!ctx) return openssl_error("signing setup");
    Bytes signature(static_cast<size_t>(EVP_PKEY_get_size(key_.get())));
    size_t size = signature.size();
    bool ok = false;
    if (spec.scheme == Scheme::kEd25519) {
      ok = EVP_DigestSign(ctx.md.get(), signature.data(), &size, non_null_data(message),
                          message.size()) == 1;
    } else {
      Digest digest;
      ok = compute_digest(spec.hash, message, digest) &&
           EVP_PKEY_sign(ctx.pkey.get(), signature.data(), &size, digest.bytes.data(),
                         digest.size) == 1;
    }
    if (!ok) return openssl_error("signing");
    pool_.give(alg, Operation::kSign, std::move(ctx));
    signature.resize(size);
    return signature;
  }

 private:
  OpContext acquire(SignatureAlgorithm alg, const SignatureSpec& spec, Operation op) const {
    if (OpContext ctx = pool_.take(alg, op)) return ctx;
    return prepare(spec, op);
  }

  OpContext prepare(const SignatureSpec& spec, Operation op) const {
    OpContext ctx;
    bool sign = op == Operation::kSign;
    if (spec.scheme == Scheme::kEd25519) {
      ctx.md.reset(EVP_MD_CTX_new());
      bool ok = ctx.md && (sign ? EVP_DigestSignInit_ex(ctx.md.get(), nullptr, nullptr, nullptr,
                                                        nullptr, key_.get(), nullptr)
                                : EVP_DigestVerifyInit_ex(ctx.md.get(), nullptr, nullptr, nullptr,
                                                          nullptr, key_.get(), nullptr)) == 1;
      return ok ? std::move(ctx) : OpContext{};
    }
    ctx.pkey.reset(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    EVP_PKEY_CTX* c = ctx.pkey.get();
    const EVP_MD* md = digest(spec.hash);
    bool ok = c != nullptr && (sign ? EVP_PKEY_sign_init(c) : EVP_PKEY_verify_init(c)) == 1 &&
              EVP_PKEY_CTX_set_signature_md(c, md) == 1;
    if (ok && spec.scheme == Scheme::kPkcs1) {
      ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PADDING) == 1;
    } else if (ok && spec.scheme == Scheme::kPss) {
      // RFC 8446 4.2.3: MGF1 with the signature's hash, salt as long as the
      // hash; enforced when verifying too.
      ok = EVP_PKEY_CTX_set_rsa_padding(c, RSA_PKCS1_PSS_PADDING) == 1 &&
           EVP_PKEY_CTX_set_rsa_mgf1_md(c, md) == 1 &&
           EVP_PKEY_CTX_set_rsa_pss_saltlen(c, RSA_PSS_SALTLEN_DIGEST) == 1;
    }
    return ok ? std::move(ctx) : OpContext{};
  }

  PkeyPtr key_;
  KeyType type_;
  size_t bits_;
  Bytes spki_;
  mutable ContextPool pool_;
};

// ---------------------------------------------------------------------------
// RSA key transport (TLS 1.2 RSA key exchange)

constexpr size_t kPremasterSize = 48;

Result<Bytes> rsa_encrypt(const KeyCore& key, ByteView plaintext) {
  if (key.type() != KeyType::kRsa) return internal_error("RSA encryption needs an RSA key");
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.pkey(), nullptr));
  Bytes out(static_cast<size_t>(EVP_PKEY_get_size(key.pkey())));
  size_t size = out.size();
  if (!ctx || EVP_PKEY_encrypt_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_PADDING) != 1 ||
      EVP_PKEY_encrypt(ctx.get(), out.data(), &size, non_null_data(plaintext), plaintext.size()) !=
          1) {
    return openssl_error("RSA encryption");
  }
  out.resize(size);
  return out;
}

// RFC 5246 7.4.7.1. libcrypto's RSA_PKCS1_WITH_TLS_PADDING mode does the
// padding and version checks in constant time and itself substitutes random
// bytes when they fail, so a decryption that "succeeds" here reveals nothing.
// It fails outright only for reasons visible on the wire (a ciphertext not
// smaller than the modulus); then the random secret drawn beforehand is used.
Result<Secret> rsa_decrypt_tls_premaster(const KeyCore& key, ByteView ciphertext,
                                         uint16_t client_version) {
  if (key.type() != KeyType::kRsa) return internal_error("RSA decryption needs an RSA key");
  Secret fallback(kPremasterSize);
  random_bytes(fallback.span());
  Secret premaster(kPremasterSize);
  size_t size = premaster.size();
  unsigned int version = client_version;
  OSSL_PARAM params[] = {
      OSSL_PARAM_construct_uint(OSSL_ASYM_CIPHER_PARAM_TLS_CLIENT_VERSION, &version),
      OSSL_PARAM_construct_end()};
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key.pkey(), nullptr));
  if (!ctx || EVP_PKEY_decrypt_init(ctx.get()) != 1 ||
      EVP_PKEY_CTX_set_rsa_padding(ctx.get(), RSA_PKCS1_WITH_TLS_PADDING) != 1 ||
      EVP_PKEY_CTX_set_params(ctx.get(), params) != 1) {
    return openssl_error("RSA decryption setup");
  }
  bool decrypted = EVP_PKEY_decrypt(ctx.get(), premaster.data(), &size, non_null_data(ciphertext),
                                    ciphertext.size()) == 1 &&
                   size == kPremasterSize;
  ERR_clear_error();
  return decrypted ? std::move(premaster) : std::move(fallback);
}

// ---------------------------------------------------------------------------
// The interface objects

class EvpPublicKey final : public PublicKey {
 public:
  explicit EvpPublicKey(std::shared_ptr<const KeyCore> core) : core_(std::move(core)) {}

  KeyType type() const override { return core_->type(); }
  size_t bits() const override { return core_->bits(); }
  Bytes spki_der() const override { return core_->spki(); }
  bool verify(SignatureAlgorithm alg, ByteView message, ByteView signature) const override {
    return core_->verify(alg, message, signature);
  }
  Result<Bytes> rsa_encrypt_pkcs1(ByteView plaintext) const override {
    return rsa_encrypt(*core_, plaintext);
  }

 private:
  std::shared_ptr<const KeyCore> core_;
};

class EvpPrivateKey final : public PrivateKey {
 public:
  explicit EvpPrivateKey(std::shared_ptr<const KeyCore> core) : core_(std::move(core)) {}

  KeyType type() const override { return core_->type(); }
  size_t bits() const override { return core_->bits(); }
  std::unique_ptr<PublicKey> public_key() const override {
    return std::make_unique<EvpPublicKey>(core_);
  }
  Result<Bytes> sign(SignatureAlgorithm alg, ByteView message) const override {
    return core_->sign(alg, message);
  }
  Result<Secret> rsa_decrypt_premaster(ByteView ciphertext,
                                       uint16_t client_version) const override {
    return rsa_decrypt_tls_premaster(*core_, ciphertext, client_version);
  }

 private:
  std::shared_ptr<const KeyCore> core_;
};

Error unsupported_key(std::string what) {
  ERR_clear_error();
  return make_error(ErrorKind::kCrypto, AlertDescription::kUnsupportedCertificate,
                    "unsupported key: " + what);
}

Error malformed_key(std::string what) {
  return decode_error("malformed key: " + what + take_openssl_errors());
}

size_t key_bits(EVP_PKEY* key, KeyType type) {
  switch (type) {
    case KeyType::kEcP256:
      return 256;
    case KeyType::kEcP384:
      return 384;
    case KeyType::kEcP521:
      return 521;
    case KeyType::kEd25519:
      return 256;
    case KeyType::kRsa:
    case KeyType::kRsaPss:
      return static_cast<size_t>(EVP_PKEY_get_bits(key));
  }
  return 0;
}

std::optional<KeyType> curve_key_type(int curve_nid) {
  switch (curve_nid) {
    case NID_X9_62_prime256v1:
      return KeyType::kEcP256;
    case NID_secp384r1:
      return KeyType::kEcP384;
    case NID_secp521r1:
      return KeyType::kEcP521;
    default:
      return std::nullopt;
  }
}

// The KeyType of a key libcrypto decoded, or nullopt for any other kind.
std::optional<KeyType> classify(EVP_PKEY* key) {
  if (EVP_PKEY_is_a(key, "RSA")) return KeyType::kRsa;
  if (EVP_PKEY_is_a(key, "RSA-PSS")) return KeyType::kRsaPss;
  if (EVP_PKEY_is_a(key, "ED25519")) return KeyType::kEd25519;
  if (EVP_PKEY_is_a(key, "EC")) {
    std::array<char, 64> name{};
    size_t length = 0;
    if (EVP_PKEY_get_group_name(key, name.data(), name.size(), &length) != 1) return std::nullopt;
    return curve_key_type(OBJ_txt2nid(name.data()));
  }
  return std::nullopt;
}

std::shared_ptr<const KeyCore> make_core(PkeyPtr key, KeyType type, Bytes spki) {
  size_t bits = key_bits(key.get(), type);
  return std::make_shared<const KeyCore>(std::move(key), type, bits, std::move(spki));
}

// ---------------------------------------------------------------------------
// SubjectPublicKeyInfo (RFC 5280 4.1.2.7)
//
// libcrypto 3.0's d2i_PUBKEY runs its generic decoder machinery and costs
// about 85 us a key, on the path of every certificate a client checks. The
// SPKI structure is taken apart here with libcrypto's plain ASN.1 parser
// instead, and the key built directly: a few microseconds.

void free_sequence(ASN1_SEQUENCE_ANY* seq) {
  sk_ASN1_TYPE_pop_free(seq, ASN1_TYPE_free);
}
using SequencePtr = std::unique_ptr<ASN1_SEQUENCE_ANY, Deleter<free_sequence>>;
using AlgorithmPtr = std::unique_ptr<X509_ALGOR, Deleter<X509_ALGOR_free>>;

ByteView string_bytes(const ASN1_STRING* s) {
  return {ASN1_STRING_get0_data(s), static_cast<size_t>(ASN1_STRING_length(s))};
}

// A whole DER SEQUENCE whose elements are returned, or null if `der` is
// anything else or has trailing bytes.
SequencePtr parse_sequence(ByteView der) {
  if (der.empty() || der.size() > static_cast<size_t>(LONG_MAX)) return nullptr;
  const unsigned char* cursor = der.data();
  SequencePtr seq(d2i_ASN1_SEQUENCE_ANY(nullptr, &cursor, static_cast<long>(der.size())));
  if (seq && cursor != der.data() + der.size()) return nullptr;
  return seq;
}

const ASN1_TYPE* element(const ASN1_SEQUENCE_ANY* seq, int i, int asn1_type) {
  const ASN1_TYPE* t = sk_ASN1_TYPE_value(seq, i);
  return t != nullptr && t->type == asn1_type ? t : nullptr;
}

struct SpkiParts {
  SequencePtr spki;  // owns the bytes `key` points into
  AlgorithmPtr algorithm;
  ByteView key;  // the subjectPublicKey BIT STRING contents
};

Result<SpkiParts> split_spki(ByteView der) {
  SequencePtr spki = parse_sequence(der);
  if (!spki || sk_ASN1_TYPE_num(spki.get()) != 2) return malformed_key("SubjectPublicKeyInfo");
  const ASN1_TYPE* algorithm = element(spki.get(), 0, V_ASN1_SEQUENCE);
  const ASN1_TYPE* key = element(spki.get(), 1, V_ASN1_BIT_STRING);
  if (algorithm == nullptr || key == nullptr) return malformed_key("SubjectPublicKeyInfo");
  ByteView algorithm_der = string_bytes(algorithm->value.sequence);
  const unsigned char* cursor = algorithm_der.data();
  AlgorithmPtr parsed(d2i_X509_ALGOR(nullptr, &cursor, static_cast<long>(algorithm_der.size())));
  if (!parsed || cursor != algorithm_der.data() + algorithm_der.size()) {
    return malformed_key("AlgorithmIdentifier");
  }
  const ASN1_BIT_STRING* bits = key->value.bit_string;
  // Keys are whole octets: no unused bits.
  if ((bits->flags & ASN1_STRING_FLAG_BITS_LEFT) != 0 && (bits->flags & 0x07) != 0) {
    return malformed_key("subjectPublicKey has unused bits");
  }
  ByteView key_bytes = string_bytes(bits);
  return SpkiParts{std::move(spki), std::move(parsed), key_bytes};
}

Result<PkeyPtr> rsa_public_from_der(ByteView rsa_public_key, const char* key_type) {
  // RFC 8017 A.1.1: RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }
  SequencePtr seq = parse_sequence(rsa_public_key);
  const ASN1_TYPE* n =
      seq && sk_ASN1_TYPE_num(seq.get()) == 2 ? element(seq.get(), 0, V_ASN1_INTEGER) : nullptr;
  const ASN1_TYPE* e = n != nullptr ? element(seq.get(), 1, V_ASN1_INTEGER) : nullptr;
  if (e == nullptr) return malformed_key("RSAPublicKey");
  BnPtr n_bn(ASN1_INTEGER_to_BN(n->value.integer, nullptr));
  BnPtr e_bn(ASN1_INTEGER_to_BN(e->value.integer, nullptr));
  if (!n_bn || !e_bn) return openssl_error("RSA key");
  // Bounds as in BoringSSL's RSA_check_key for public keys: an odd modulus
  // of sane size, an odd exponent of at least 3 and at most 33 bits.
  if (!BN_is_odd(n_bn.get()) || BN_num_bits(n_bn.get()) > OPENSSL_RSA_MAX_MODULUS_BITS ||
      !BN_is_odd(e_bn.get()) || BN_is_one(e_bn.get()) || BN_num_bits(e_bn.get()) > 33) {
    return malformed_key("RSA modulus or exponent out of range");
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, n_bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, e_bn.get()) != 1) {
    return openssl_error("RSA key parameters");
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyPtr key = params ? pkey_from_params(key_type, EVP_PKEY_PUBLIC_KEY, params.get()) : nullptr;
  if (!key) return openssl_error("RSA key import");
  return key;
}

// Parameter-only keys for the supported curves, made once per process: a
// public key copies its curve from one of these, which is cheaper than
// constructing the group by name.
class CurveTemplates {
 public:
  CurveTemplates() {
    for (KeyType type : {KeyType::kEcP256, KeyType::kEcP384, KeyType::kEcP521}) {
      OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_PKEY_PARAM_GROUP_NAME,
                                                              const_cast<char*>(name(type)), 0),
                             OSSL_PARAM_construct_end()};
      templates_[index(type)] = pkey_from_params("EC", EVP_PKEY_KEY_PARAMETERS, params);
    }
  }
  const EVP_PKEY* get(KeyType type) const { return templates_[index(type)].get(); }

 private:
  static size_t index(KeyType type) {
    return static_cast<size_t>(type) - static_cast<size_t>(KeyType::kEcP256);
  }
  static const char* name(KeyType type) {
    return type == KeyType::kEcP256 ? "P-256" : type == KeyType::kEcP384 ? "P-384" : "P-521";
  }
  std::array<PkeyPtr, 3> templates_;
};

Result<PkeyPtr> ec_public_from_point(KeyType type, ByteView point) {
  static const CurveTemplates templates;
  PkeyPtr key(EVP_PKEY_new());
  if (!key || templates.get(type) == nullptr ||
      EVP_PKEY_copy_parameters(key.get(), templates.get(type)) != 1) {
    return openssl_error("EC key");
  }
  // Decoding the point checks that it lies on the curve.
  if (point.empty() ||
      EVP_PKEY_set1_encoded_public_key(key.get(), point.data(), point.size()) != 1) {
    return malformed_key("EC point");
  }
  return key;
}

bool parameters_absent(const X509_ALGOR* algorithm) {
  int type = 0;
  X509_ALGOR_get0(nullptr, &type, nullptr, algorithm);
  return type == V_ASN1_UNDEF;
}

// RFC 3279 2.3.1: rsaEncryption parameters are NULL (absence is tolerated,
// as many decoders do).
bool parameters_null_or_absent(const X509_ALGOR* algorithm) {
  int type = 0;
  X509_ALGOR_get0(nullptr, &type, nullptr, algorithm);
  return type == V_ASN1_UNDEF || type == V_ASN1_NULL;
}

// id-RSASSA-PSS keys with parameters restricting hash, MGF and salt are
// rare; libcrypto's full decoder handles those restrictions.
Result<PkeyPtr> decode_spki_with_libcrypto(ByteView der) {
  const unsigned char* cursor = der.data();
  PkeyPtr key(d2i_PUBKEY_ex(nullptr, &cursor, static_cast<long>(der.size()), nullptr, nullptr));
  if (!key || cursor != der.data() + der.size()) return malformed_key("SubjectPublicKeyInfo");
  return key;
}

struct TypedKey {
  KeyType type;
  PkeyPtr key;
};

Result<TypedKey> key_from_spki_parts(const SpkiParts& parts, ByteView der) {
  const ASN1_OBJECT* oid = nullptr;
  int parameter_type = 0;
  const void* parameter = nullptr;
  X509_ALGOR_get0(&oid, &parameter_type, &parameter, parts.algorithm.get());
  switch (OBJ_obj2nid(oid)) {
    case NID_rsaEncryption: {
      if (!parameters_null_or_absent(parts.algorithm.get())) {
        return malformed_key("rsaEncryption parameters");
      }
      PARLEY_ASSIGN_OR_RETURN(PkeyPtr key, rsa_public_from_der(parts.key, "RSA"));
      return TypedKey{KeyType::kRsa, std::move(key)};
    }
    case NID_rsassaPss: {
      PARLEY_ASSIGN_OR_RETURN(PkeyPtr key, parameters_absent(parts.algorithm.get())
                                               ? rsa_public_from_der(parts.key, "RSA-PSS")
                                               : decode_spki_with_libcrypto(der));
      return TypedKey{KeyType::kRsaPss, std::move(key)};
    }
    case NID_X9_62_id_ecPublicKey: {
      // RFC 5480 2.1.1: namedCurve only; implicit and explicit curves are
      // not supported.
      if (parameter_type != V_ASN1_OBJECT) return unsupported_key("EC key without a named curve");
      std::optional<KeyType> type =
          curve_key_type(OBJ_obj2nid(static_cast<const ASN1_OBJECT*>(parameter)));
      if (!type) return unsupported_key("EC curve");
      PARLEY_ASSIGN_OR_RETURN(PkeyPtr key, ec_public_from_point(*type, parts.key));
      return TypedKey{*type, std::move(key)};
    }
    case NID_ED25519: {
      // RFC 8410 3: parameters absent.
      if (!parameters_absent(parts.algorithm.get())) return malformed_key("Ed25519 parameters");
      PkeyPtr key(EVP_PKEY_new_raw_public_key_ex(nullptr, "ED25519", nullptr,
                                                 non_null_data(parts.key), parts.key.size()));
      if (!key) return malformed_key("Ed25519 key");
      return TypedKey{KeyType::kEd25519, std::move(key)};
    }
    default:
      return unsupported_key("public key algorithm");
  }
}

// ---------------------------------------------------------------------------
// Private keys

using Pkcs8Ptr = std::unique_ptr<PKCS8_PRIV_KEY_INFO, Deleter<PKCS8_PRIV_KEY_INFO_free>>;
using DecoderCtxPtr = std::unique_ptr<OSSL_DECODER_CTX, Deleter<OSSL_DECODER_CTX_free>>;

Pkcs8Ptr parse_pkcs8(ByteView der) {
  const unsigned char* cursor = der.data();
  Pkcs8Ptr info(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &cursor, static_cast<long>(der.size())));
  if (info && cursor != der.data() + der.size()) return nullptr;
  return info;
}

// ECPrivateKey (SEC1) or RSAPrivateKey (PKCS#1): the type-specific
// structures, decoded by libcrypto for the one key type.
Result<PkeyPtr> decode_type_specific(ByteView der, const char* key_type) {
  // libcrypto 3.0's decoder accepts PKCS#8 under any structure name; refuse
  // it here so a mislabelled key is an error, not a guess.
  if (parse_pkcs8(der))
    return malformed_key(std::string("PKCS#8 data where ") + key_type +
                         " type-specific DER was expected");
  EVP_PKEY* raw = nullptr;
  DecoderCtxPtr ctx(OSSL_DECODER_CTX_new_for_pkey(&raw, "DER", "type-specific", key_type,
                                                  EVP_PKEY_KEYPAIR, nullptr, nullptr));
  const unsigned char* cursor = der.data();
  size_t remaining = der.size();
  bool ok = ctx && OSSL_DECODER_from_data(ctx.get(), &cursor, &remaining) == 1;
  PkeyPtr key(raw);
  if (!ok || !key || remaining != 0) return malformed_key(std::string(key_type) + " private key");
  return key;
}

Result<PkeyPtr> decode_private(ByteView der, PrivateKeyFormat format) {
  if (der.empty() || der.size() > static_cast<size_t>(LONG_MAX)) return malformed_key("empty");
  switch (format) {
    case PrivateKeyFormat::kPkcs8: {
      Pkcs8Ptr info = parse_pkcs8(der);
      if (!info) return malformed_key("PrivateKeyInfo");
      PkeyPtr key(EVP_PKCS82PKEY_ex(info.get(), nullptr, nullptr));
      if (!key) return unsupported_key("PKCS#8 key algorithm");
      return key;
    }
    case PrivateKeyFormat::kSec1:
      return decode_type_specific(der, "EC");
    case PrivateKeyFormat::kPkcs1:
      return decode_type_specific(der, "RSA");
  }
  return internal_error("unknown private key format");
}

Result<Bytes> encode_spki(EVP_PKEY* key) {
  unsigned char* der = nullptr;
  int size = i2d_PUBKEY(key, &der);
  if (size <= 0) return openssl_error("SubjectPublicKeyInfo encoding");
  Bytes out(der, der + size);
  OPENSSL_free(der);
  return out;
}

}  // namespace

Result<std::unique_ptr<PublicKey>> parse_spki(ByteView spki_der) {
  PARLEY_ASSIGN_OR_RETURN(SpkiParts parts, split_spki(spki_der));
  PARLEY_ASSIGN_OR_RETURN(TypedKey typed, key_from_spki_parts(parts, spki_der));
  ERR_clear_error();
  return std::unique_ptr<PublicKey>(std::make_unique<EvpPublicKey>(
      make_core(std::move(typed.key), typed.type, Bytes(spki_der.begin(), spki_der.end()))));
}

Result<std::unique_ptr<PrivateKey>> parse_private(ByteView der, PrivateKeyFormat format) {
  PARLEY_ASSIGN_OR_RETURN(PkeyPtr key, decode_private(der, format));
  // Decoders try several formats and leave their failures queued.
  ERR_clear_error();
  std::optional<KeyType> type = classify(key.get());
  if (!type) return unsupported_key("private key algorithm");
  // Computed once here: encoding costs tens of microseconds in libcrypto 3.0.
  PARLEY_ASSIGN_OR_RETURN(Bytes spki, encode_spki(key.get()));
  return std::unique_ptr<PrivateKey>(
      std::make_unique<EvpPrivateKey>(make_core(std::move(key), *type, std::move(spki))));
}

}  // namespace parley::crypto::openssl

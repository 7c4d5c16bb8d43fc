// Ephemeral (EC)DH on EVP_PKEY: X25519, P-256, P-384, RFC 7919 FFDHE and
// server-chosen finite-field groups (TLS 1.2 DHE).
#include <openssl/core_names.h>
#include <openssl/dh.h>
#include <openssl/ec.h>
#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "crypto/openssl/bignum.h"
#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {
namespace {

// Bounds a server-chosen DH prime: a huge p would make the client spend
// unbounded time on modular exponentiation.
constexpr size_t kMaxDhBits = 8192;

bool is_finite_field(KeyExchangeGroup group) {
  return group == KeyExchangeGroup::kFfdhe2048 || group == KeyExchangeGroup::kFfdhe3072 ||
         group == KeyExchangeGroup::kCustomDh;
}

bool is_nist_curve(KeyExchangeGroup group) {
  return group == KeyExchangeGroup::kSecp256r1 || group == KeyExchangeGroup::kSecp384r1;
}

const char* key_type(KeyExchangeGroup group) {
  if (group == KeyExchangeGroup::kX25519) return "X25519";
  return is_nist_curve(group) ? "EC" : "DH";
}

// The libcrypto group name, or null where the key type is the group.
const char* group_name(KeyExchangeGroup group) {
  switch (group) {
    case KeyExchangeGroup::kSecp256r1:
      return "P-256";
    case KeyExchangeGroup::kSecp384r1:
      return "P-384";
    case KeyExchangeGroup::kFfdhe2048:
      return "ffdhe2048";
    case KeyExchangeGroup::kFfdhe3072:
      return "ffdhe3072";
    default:
      return nullptr;
  }
}

// Field element size of the curves, which is also the private scalar size.
size_t curve_bytes(KeyExchangeGroup group) {
  return group == KeyExchangeGroup::kSecp384r1 ? 48 : 32;
}

constexpr size_t kX25519Size = 32;

// Key generation contexts for the named groups, prepared once per thread
// (EVP_PKEY_CTX is not safe to share between threads) so that generating a
// key share costs no algorithm fetch.
class KeygenContexts {
 public:
  EVP_PKEY_CTX* get(KeyExchangeGroup group) {
    PkeyCtxPtr& slot = contexts_[static_cast<size_t>(group)];
    if (!slot) slot = prepare(group);
    return slot.get();
  }

 private:
  static PkeyCtxPtr prepare(KeyExchangeGroup group) {
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_type(group), nullptr));
    if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1) return nullptr;
    if (const char* name = group_name(group);
        name != nullptr && EVP_PKEY_CTX_set_group_name(ctx.get(), name) != 1) {
      return nullptr;
    }
    return ctx;
  }

  std::array<PkeyCtxPtr, static_cast<size_t>(KeyExchangeGroup::kCustomDh)> contexts_;
};

Result<Bytes> encoded_public_key(EVP_PKEY* key) {
  size_t size = 0;
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, nullptr, 0, &size) !=
      1) {
    return openssl_error("public key size");
  }
  Bytes out(size);
  if (EVP_PKEY_get_octet_string_param(key, OSSL_PKEY_PARAM_ENCODED_PUBLIC_KEY, out.data(),
                                      out.size(), &size) != 1) {
    return openssl_error("public key");
  }
  out.resize(size);
  return out;
}

// `value` left-padded with zeros to `size` bytes (RFC 8446 4.2.8.1).
Bytes left_pad(ByteView value, size_t size) {
  Bytes out(size - value.size(), 0);
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

class PkeyKeyExchange final : public KeyExchange {
 public:
  // `prime` is p for finite-field groups (empty otherwise).
  PkeyKeyExchange(KeyExchangeGroup group, PkeyPtr key, Bytes public_value, Bytes prime)
      : group_(group),
        key_(std::move(key)),
        public_(std::move(public_value)),
        prime_(std::move(prime)) {}

  KeyExchangeGroup group() const override { return group_; }
  ByteView public_key() const override { return public_; }

  Result<Secret> agree(ByteView peer_public) override {
    PARLEY_ASSIGN_OR_RETURN(Bytes peer_value, check_peer_value(peer_public));
    PkeyPtr peer(EVP_PKEY_new());
    if (!peer || EVP_PKEY_copy_parameters(peer.get(), key_.get()) != 1) {
      return openssl_error("peer key");
    }
    // For the curves this decodes the point and fails unless it is on the
    // curve; P-256 and P-384 have cofactor 1, so that is the whole check.
    if (EVP_PKEY_set1_encoded_public_key(peer.get(), peer_value.data(), peer_value.size()) != 1) {
      return illegal_parameter("invalid key share" + take_openssl_errors());
    }
    PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, key_.get(), nullptr));
    if (!ctx || EVP_PKEY_derive_init(ctx.get()) != 1 ||
        (is_finite_field(group_) && EVP_PKEY_CTX_set_dh_pad(ctx.get(), 1) != 1)) {
      return openssl_error("key agreement setup");
    }
    // The peer value is validated above; libcrypto's own peer check would
    // add a scalar multiplication by the group order on the curves.
    if (EVP_PKEY_derive_set_peer_ex(ctx.get(), peer.get(), /*validate_peer=*/0) != 1) {
      return illegal_parameter("invalid key share" + take_openssl_errors());
    }
    Secret secret(secret_size());
    size_t size = secret.size();
    // libcrypto refuses an all-zero X25519 result and a DH value outside the
    // subgroup; both are the peer's doing.
    if (EVP_PKEY_derive(ctx.get(), secret.data(), &size) != 1 || size != secret.size()) {
      return illegal_parameter("key agreement failed" + take_openssl_errors());
    }
    // RFC 8446 7.4.2 / RFC 7748 6.1: an all-zero X25519 result means a
    // small-order peer point. Checked here too, not only by libcrypto.
    if (group_ == KeyExchangeGroup::kX25519 && is_all_zero(secret)) {
      return illegal_parameter("X25519 shared secret is zero");
    }
    return secret;
  }

 private:
  size_t secret_size() const {
    if (group_ == KeyExchangeGroup::kX25519) return kX25519Size;
    if (is_nist_curve(group_)) return curve_bytes(group_);
    return prime_.size();
  }

  // Length and format checks, and for finite-field groups the range check
  // 1 < Y < p-1 (RFC 7919 5.1). Returns the value to decode (Y left-padded
  // to the length of p: TLS 1.2 peers may send it without leading zeros).
  Result<Bytes> check_peer_value(ByteView peer) const {
    if (group_ == KeyExchangeGroup::kX25519) {
      if (peer.size() != kX25519Size) return illegal_parameter("X25519 key share length");
      return Bytes(peer.begin(), peer.end());
    }
    if (is_nist_curve(group_)) {
      // RFC 8446 4.2.8.2: only the uncompressed form, 0x04 || X || Y.
      if (peer.size() != public_.size() || peer[0] != 0x04) {
        return illegal_parameter("EC key share is not an uncompressed point");
      }
      return Bytes(peer.begin(), peer.end());
    }
    if (peer.empty() || peer.size() > prime_.size()) {
      return illegal_parameter("DH public value length");
    }
    Bytes y = left_pad(peer, prime_.size());
    Bytes p_minus_1 = prime_;
    --p_minus_1.back();  // p is odd, so no borrow
    bool above_one =
        std::any_of(y.begin(), y.end() - 1, [](uint8_t b) { return b != 0; }) || y.back() > 1;
    bool below_p_minus_1 =
        std::lexicographical_compare(y.begin(), y.end(), p_minus_1.begin(), p_minus_1.end());
    if (!above_one || !below_p_minus_1) return illegal_parameter("DH public value out of range");
    return y;
  }

  static bool is_all_zero(const Secret& secret) {
    uint8_t acc = 0;
    for (uint8_t b : secret.view()) acc |= b;
    return acc == 0;
  }

  KeyExchangeGroup group_;
  PkeyPtr key_;
  Bytes public_;
  Bytes prime_;
};

Result<Bytes> dh_prime(EVP_PKEY* key) {
  BIGNUM* p = nullptr;
  if (EVP_PKEY_get_bn_param(key, OSSL_PKEY_PARAM_FFC_P, &p) != 1) return openssl_error("DH p");
  BnPtr owned(p);
  if (!BN_is_odd(p)) return illegal_parameter("DH prime is even");
  return bn_to_bytes(p);
}

Result<std::unique_ptr<KeyExchange>> wrap_key(KeyExchangeGroup group, PkeyPtr key) {
  PARLEY_ASSIGN_OR_RETURN(Bytes public_value, encoded_public_key(key.get()));
  Bytes prime;
  if (is_finite_field(group)) {
    PARLEY_ASSIGN_OR_RETURN(prime, dh_prime(key.get()));
    if (public_value.size() > prime.size()) return internal_error("DH public value too long");
    public_value = left_pad(public_value, prime.size());
  }
  return std::unique_ptr<KeyExchange>(std::make_unique<PkeyKeyExchange>(
      group, std::move(key), std::move(public_value), std::move(prime)));
}

// An EC key pair from a private scalar: derives the public point, since
// libcrypto 3.0 does not when importing a bare private key.
Result<PkeyPtr> ec_key_from_private(KeyExchangeGroup group, ByteView scalar) {
  if (scalar.size() != curve_bytes(group)) return illegal_parameter("EC private key length");
  int nid = group == KeyExchangeGroup::kSecp256r1 ? NID_X9_62_prime256v1 : NID_secp384r1;
  std::unique_ptr<EC_GROUP, Deleter<EC_GROUP_free>> ec_group(
      EC_GROUP_new_by_curve_name_ex(nullptr, nullptr, nid));
  SecretBnPtr d(BN_bin2bn(scalar.data(), static_cast<int>(scalar.size()), nullptr));
  if (!ec_group || !d) return openssl_error("EC group");
  if (BN_is_zero(d.get()) || BN_cmp(d.get(), EC_GROUP_get0_order(ec_group.get())) >= 0) {
    return illegal_parameter("EC private key out of range");
  }
  std::unique_ptr<EC_POINT, Deleter<EC_POINT_free>> point(EC_POINT_new(ec_group.get()));
  Bytes public_value(1 + 2 * curve_bytes(group));
  if (!point ||
      EC_POINT_mul(ec_group.get(), point.get(), d.get(), nullptr, nullptr, nullptr) != 1 ||
      EC_POINT_point2oct(ec_group.get(), point.get(), POINT_CONVERSION_UNCOMPRESSED,
                         public_value.data(), public_value.size(),
                         nullptr) != public_value.size()) {
    return openssl_error("EC public point");
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld ||
      OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group_name(group),
                                      0) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_PRIV_KEY, d.get()) != 1 ||
      OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY, public_value.data(),
                                       public_value.size()) != 1) {
    return openssl_error("EC key parameters");
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyPtr key = params ? pkey_from_params("EC", EVP_PKEY_KEYPAIR, params.get()) : nullptr;
  if (!key) return openssl_error("EC key import");
  return key;
}

}  // namespace

Result<std::unique_ptr<KeyExchange>> new_key_exchange(KeyExchangeGroup group) {
  if (group == KeyExchangeGroup::kCustomDh) {
    return internal_error("a custom DH group needs make_dh");
  }
  if (is_hybrid(group))
    return internal_error("a hybrid group is a TLS 1.3 key share (key_share.h)");
  thread_local KeygenContexts contexts;
  EVP_PKEY_CTX* ctx = contexts.get(group);
  EVP_PKEY* key = nullptr;
  if (ctx == nullptr || EVP_PKEY_generate(ctx, &key) != 1) return openssl_error("key generation");
  return wrap_key(group, PkeyPtr(key));
}

Result<std::unique_ptr<KeyExchange>> new_key_exchange_from_private(KeyExchangeGroup group,
                                                                   ByteView private_key) {
  if (group == KeyExchangeGroup::kX25519) {
    if (private_key.size() != kX25519Size) return illegal_parameter("X25519 private key length");
    PkeyPtr key(EVP_PKEY_new_raw_private_key_ex(nullptr, "X25519", nullptr, private_key.data(),
                                                private_key.size()));
    if (!key) return openssl_error("X25519 key import");
    return wrap_key(group, std::move(key));
  }
  if (is_nist_curve(group)) {
    PARLEY_ASSIGN_OR_RETURN(PkeyPtr key, ec_key_from_private(group, private_key));
    return wrap_key(group, std::move(key));
  }
  if (is_hybrid(group)) return internal_error("a hybrid group has no single private key");
  return internal_error("finite-field key exchange from a private key is not supported");
}

Result<std::unique_ptr<KeyExchange>> new_custom_dh(ByteView p, ByteView g, size_t min_bits) {
  if (p.size() > kMaxDhBits / 8 + 1 || g.size() > p.size()) {
    return illegal_parameter("DH parameters too large");
  }
  BnPtr p_bn = bn_from_bytes(p);
  BnPtr g_bn = bn_from_bytes(g);
  BnPtr p_minus_1(p_bn ? BN_dup(p_bn.get()) : nullptr);
  if (!p_bn || !g_bn || !p_minus_1 || BN_sub_word(p_minus_1.get(), 1) != 1) {
    return openssl_error("DH parameters");
  }
  size_t bits = static_cast<size_t>(BN_num_bits(p_bn.get()));
  if (bits < min_bits) {
    return make_error(ErrorKind::kProtocol, AlertDescription::kInsufficientSecurity,
                      "DH prime of " + std::to_string(bits) + " bits is under the minimum of " +
                          std::to_string(min_bits));
  }
  if (bits > kMaxDhBits) return illegal_parameter("DH prime too large");
  if (!BN_is_odd(p_bn.get())) return illegal_parameter("DH prime is even");
  // 1 < g < p-1 (RFC 7919 5.1 applies the same bound to public values).
  if (BN_cmp(g_bn.get(), BN_value_one()) <= 0 || BN_cmp(g_bn.get(), p_minus_1.get()) >= 0) {
    return illegal_parameter("DH generator out of range");
  }
  ParamBldPtr bld(OSSL_PARAM_BLD_new());
  if (!bld || OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_P, p_bn.get()) != 1 ||
      OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_FFC_G, g_bn.get()) != 1) {
    return openssl_error("DH parameters");
  }
  ParamsPtr params(OSSL_PARAM_BLD_to_param(bld.get()));
  PkeyPtr domain = params ? pkey_from_params("DH", EVP_PKEY_KEY_PARAMETERS, params.get()) : nullptr;
  if (!domain) return illegal_parameter("invalid DH parameters" + take_openssl_errors());
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_pkey(nullptr, domain.get(), nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_keygen_init(ctx.get()) != 1 || EVP_PKEY_generate(ctx.get(), &key) != 1) {
    return openssl_error("DH key generation");
  }
  return wrap_key(KeyExchangeGroup::kCustomDh, PkeyPtr(key));
}

}  // namespace parley::crypto::openssl

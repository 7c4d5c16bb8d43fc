// BIGNUM and OSSL_PARAM helpers shared by the key exchange and key parsing
// code. Internal to crypto/openssl/.
#pragma once

#include <openssl/bn.h>
#include <openssl/param_build.h>

#include <memory>

#include "common/bytes.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {

using BnPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
// For private values: the limbs are wiped before they are freed.
using SecretBnPtr = std::unique_ptr<BIGNUM, Deleter<BN_clear_free>>;
using ParamBldPtr = std::unique_ptr<OSSL_PARAM_BLD, Deleter<OSSL_PARAM_BLD_free>>;
using ParamsPtr = std::unique_ptr<OSSL_PARAM, Deleter<OSSL_PARAM_free>>;

// Big-endian bytes to a BIGNUM; null only on allocation failure.
inline BnPtr bn_from_bytes(ByteView bytes) {
  return BnPtr(BN_bin2bn(non_null_data(bytes), static_cast<int>(bytes.size()), nullptr));
}

// `bn` as big-endian bytes, left-padded with zeros to `size` (or unpadded
// when size is 0).
inline Bytes bn_to_bytes(const BIGNUM* bn, size_t size = 0) {
  size_t n = size != 0 ? size : static_cast<size_t>(BN_num_bytes(bn));
  Bytes out(n);
  if (BN_bn2binpad(bn, out.data(), static_cast<int>(n)) < 0) return {};
  return out;
}

// Creates a key (or parameters, per `selection`) of `key_type` from `params`.
inline PkeyPtr pkey_from_params(const char* key_type, int selection, OSSL_PARAM* params) {
  PkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, key_type, nullptr));
  EVP_PKEY* key = nullptr;
  if (!ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1 ||
      EVP_PKEY_fromdata(ctx.get(), &key, selection, params) != 1) {
    return nullptr;
  }
  return PkeyPtr(key);
}

}  // namespace parley::crypto::openssl

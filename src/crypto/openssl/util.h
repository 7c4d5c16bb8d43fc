// Internal helpers for the libcrypto provider: owning pointers, the
// process-wide algorithm objects, and error reporting. Only
// crypto/openssl/*.cc include this.
#pragma once

#include <openssl/evp.h>

#include <memory>
#include <string>

#include "crypto/aead.h"
#include "crypto/hash.h"
#include "crypto/sha3.h"
#include "parley/error.h"

namespace parley::crypto::openssl {

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
using CipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;

// Algorithm objects fetched once per process (OpenSSL 3.0 name lookups cost
// microseconds, DESIGN.md "The crypto seam is narrow and fast").
const EVP_MD* digest(HashAlgorithm alg);
const EVP_CIPHER* cipher(AeadAlgorithm alg);
const EVP_MD* sha3_digest(Sha3Function function);

// Drains libcrypto's error queue into a readable suffix, so that a failure
// here leaves no stale errors behind for unrelated code in this thread.
std::string take_openssl_errors();

// kInternal / internal_error, with the libcrypto reason appended.
Error openssl_error(std::string what);

// For calls that cannot report failure (allocation of a hash context):
// libcrypto failing here means memory exhaustion, which we do not survive.
void check_or_abort(bool ok, const char* what);

// Returns a pointer that is never null, for APIs that treat null as "absent"
// even when the length is zero (an empty HMAC key is still a key).
const uint8_t* non_null_data(ByteView data);

}  // namespace parley::crypto::openssl

// Independent KDF computations for tests, built on libcrypto's one-shot
// HMAC and written from the RFCs (RFC 5869 2.3, RFC 8446 7.1, RFC 5246 5),
// so that parley's key schedules are checked against code that shares
// nothing with them.
#pragma once

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include <string>
#include <string_view>

#include "common/bytes.h"

namespace parley::handshake::testing {

inline Bytes hmac(const EVP_MD* md, ByteView key, ByteView data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  HMAC(md, key.data(), static_cast<int>(key.size()), data.data(), data.size(), out.data(), &len);
  out.resize(len);
  return out;
}

inline Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

// RFC 5869 2.3.
inline Bytes hkdf_expand(const EVP_MD* md, ByteView prk, ByteView info, size_t length) {
  Bytes out, t;
  for (uint8_t i = 1; out.size() < length; ++i) {
    Bytes input = concat(t, info);
    input.push_back(i);
    t = hmac(md, prk, input);
    out.insert(out.end(), t.begin(), t.end());
  }
  out.resize(length);
  return out;
}

// RFC 8446 7.1 HkdfLabel, assembled byte by byte.
inline Bytes hkdf_expand_label(const EVP_MD* md, ByteView secret, std::string_view label,
                               ByteView context, size_t length) {
  const std::string full = "tls13 " + std::string(label);
  Bytes info = {static_cast<uint8_t>(length >> 8), static_cast<uint8_t>(length),
                static_cast<uint8_t>(full.size())};
  info.insert(info.end(), full.begin(), full.end());
  info.push_back(static_cast<uint8_t>(context.size()));
  info.insert(info.end(), context.begin(), context.end());
  return hkdf_expand(md, secret, info, length);
}

inline Bytes digest(const EVP_MD* md, ByteView data) {
  Bytes out(EVP_MAX_MD_SIZE);
  unsigned int len = 0;
  EVP_Digest(data.data(), data.size(), out.data(), &len, md, nullptr);
  out.resize(len);
  return out;
}

// RFC 5246 5: P_hash(secret, label + seed).
inline Bytes tls12_prf(const EVP_MD* md, ByteView secret, std::string_view label, ByteView seed,
                       size_t length) {
  const Bytes label_seed = concat(as_bytes(label), seed);
  Bytes out;
  Bytes a = label_seed;  // A(0)
  while (out.size() < length) {
    a = hmac(md, secret, a);
    const Bytes block = hmac(md, secret, concat(a, label_seed));
    out.insert(out.end(), block.begin(), block.end());
  }
  out.resize(length);
  return out;
}

}  // namespace parley::handshake::testing

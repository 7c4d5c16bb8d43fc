/// @file
/// The source of parley's cryptographic primitives (AEAD, hashes, key
/// exchange, signatures, randomness), as an opaque handle.
#pragma once

#include "parley/export.h"

namespace parley {

/// A crypto provider: what a connection computes with. parley ships one,
/// on OpenSSL's libcrypto 3 (libcrypto(), the default when
/// CommonConfig::provider is null). The interface a provider implements is
/// not public yet (a later release may publish it, for HSMs or another
/// libcrypto): applications can choose among the providers parley offers,
/// not write their own.
class PARLEY_EXPORT CryptoProvider {
 public:
  /// The libcrypto provider; lives as long as the process.
  static const CryptoProvider& libcrypto();

  virtual ~CryptoProvider();
  CryptoProvider(const CryptoProvider&) = delete;
  CryptoProvider& operator=(const CryptoProvider&) = delete;

 protected:
  CryptoProvider() = default;
};

}  // namespace parley

// The cipher suites parley implements and what each one means for the record
// layer and the key schedule (RFC 8446 B.4, RFC 5288, RFC 5289, RFC 7905).
#pragma once

#include <cstddef>
#include <span>

#include "codec/enums.h"
#include "crypto/aead.h"
#include "crypto/hash.h"

namespace parley::handshake {

// TLS 1.2 key exchange; TLS 1.3 suites leave it to the key_share extension.
enum class KeyExchangeKind { kAny, kEcdhe, kDhe, kRsa };
// TLS 1.2 server authentication; TLS 1.3 suites leave it to the certificate.
enum class AuthenticationKind { kAny, kRsa, kEcdsa };

struct CipherSuiteInfo {
  CipherSuite suite;
  ProtocolVersion version;  // kTls13 or kTls12
  crypto::AeadAlgorithm aead;
  crypto::HashAlgorithm hash;  // HKDF hash (TLS 1.3) or PRF hash (TLS 1.2)
  size_t key_size;             // AEAD key bytes
  // TLS 1.3: the per-record nonce IV (12). TLS 1.2: the fixed IV from the key
  // block, 4 bytes of AES-GCM salt (RFC 5288 3) or 12 for ChaCha20-Poly1305
  // (RFC 7905 2).
  size_t iv_size;
  KeyExchangeKind key_exchange;
  AuthenticationKind authentication;
};

// Every suite parley implements, TLS 1.3 first.
std::span<const CipherSuiteInfo> all_cipher_suites();
// The entry for `suite`, or nullptr if parley does not implement it.
const CipherSuiteInfo* find_cipher_suite(CipherSuite suite);

}  // namespace parley::handshake

// Negotiation: parley's defaults, and the mapping from TLS identifiers to the
// crypto operations behind them (versions, suites, groups, signature schemes).
#pragma once

#include <optional>
#include <span>
#include <vector>

#include "codec/enums.h"
#include "crypto/key_exchange.h"
#include "crypto/signature.h"
#include "parley/config.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

std::vector<CipherSuite> default_cipher_suites();
std::vector<NamedGroup> default_groups();
std::vector<SignatureScheme> default_signature_schemes();

// The configured list, or the default when the configuration leaves it empty;
// signature schemes parley does not implement are left out.
std::vector<CipherSuite> configured_cipher_suites(const CommonConfig& config);
std::vector<NamedGroup> configured_groups(const CommonConfig& config);
std::vector<SignatureScheme> configured_signature_schemes(const CommonConfig& config);
// False when signature_schemes is set but names no scheme parley implements.
bool names_an_implemented_signature_scheme(const CommonConfig& config);
// The schemes we sign with: signing_schemes, or else the verifying list,
// never SHA-1 (RFC 9155).
std::vector<SignatureScheme> configured_signing_schemes(const CommonConfig& config);

bool is_tls13_suite(CipherSuite suite);
bool is_known_suite(CipherSuite suite);

std::optional<crypto::KeyExchangeGroup> key_exchange_group(NamedGroup group);
bool is_ffdhe(NamedGroup group);
// The ML-KEM hybrids: never offered or chosen in TLS 1.2.
bool is_tls13_only(NamedGroup group);

// What a signature scheme means in crypto terms.
struct SignatureSchemeInfo {
  crypto::SignatureAlgorithm algorithm;
  // For ECDSA in TLS 1.3 the curve is bound to the scheme (RFC 8446 4.2.3);
  // in TLS 1.2 any curve goes. Ed25519 and the RSA-PSS variants name their
  // key types too.
  std::vector<crypto::KeyType> key_types;
  bool allowed_in_tls13;  // not PKCS#1 v1.5 or SHA-1 (RFC 8446 4.2.3)
};
std::optional<SignatureSchemeInfo> signature_scheme_info(SignatureScheme scheme);

// Whether `scheme` can be used with a key of `type` in `version`.
bool scheme_fits_key(SignatureScheme scheme, crypto::KeyType type, ProtocolVersion version);

// Whether a key of `key_bits` can sign with `scheme`: RSA-PSS needs room
// for two digests (RFC 8017 9.1.1); every other scheme fits any size.
bool scheme_fits_key_size(SignatureScheme scheme, size_t key_bits);

// Our first preference (from `ours`) that the peer offered and fits our key,
// its type and its size.
std::optional<SignatureScheme> choose_signature_scheme(std::span<const SignatureScheme> ours,
                                                       std::span<const SignatureScheme> peer,
                                                       const CertifiedKey& key,
                                                       ProtocolVersion version);

}  // namespace parley::handshake

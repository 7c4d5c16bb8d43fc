// Object identifiers X.509 validation recognises, as DER contents bytes.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>

#include "common/bytes.h"

namespace parley::x509::oid {

template <size_t N>
using Oid = std::array<uint8_t, N>;

template <size_t N>
bool equals(ByteView contents, const Oid<N>& oid) {
  return contents.size() == N && std::equal(contents.begin(), contents.end(), oid.begin());
}

// Attribute types (RFC 5280 4.1.2.4, appendix A).
inline constexpr Oid<3> kCommonName = {0x55, 0x04, 0x03};

// SubjectPublicKeyInfo algorithms (RFC 3279, RFC 5480, RFC 8410).
inline constexpr Oid<9> kRsaEncryption = {0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01};
inline constexpr Oid<7> kEcPublicKey = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01};
inline constexpr Oid<3> kEd25519 = {0x2b, 0x65, 0x70};
inline constexpr Oid<8> kP256 = {0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07};
inline constexpr Oid<5> kP384 = {0x2b, 0x81, 0x04, 0x00, 0x22};
inline constexpr Oid<5> kP521 = {0x2b, 0x81, 0x04, 0x00, 0x23};

// Certificate extensions (RFC 5280 4.2).
inline constexpr Oid<3> kSubjectKeyIdentifier = {0x55, 0x1d, 0x0e};
inline constexpr Oid<3> kKeyUsage = {0x55, 0x1d, 0x0f};
inline constexpr Oid<3> kSubjectAltName = {0x55, 0x1d, 0x11};
inline constexpr Oid<3> kBasicConstraints = {0x55, 0x1d, 0x13};
inline constexpr Oid<3> kNameConstraints = {0x55, 0x1d, 0x1e};
inline constexpr Oid<3> kCertificatePolicies = {0x55, 0x1d, 0x20};
inline constexpr Oid<3> kAuthorityKeyIdentifier = {0x55, 0x1d, 0x23};
inline constexpr Oid<3> kPolicyConstraints = {0x55, 0x1d, 0x24};
inline constexpr Oid<3> kExtKeyUsage = {0x55, 0x1d, 0x25};
inline constexpr Oid<8> kAuthorityInfoAccess = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x01, 0x01};

// Extended key usages (RFC 5280 4.2.1.12) and policies (4.2.1.4).
inline constexpr Oid<4> kAnyExtendedKeyUsage = {0x55, 0x1d, 0x25, 0x00};
inline constexpr Oid<8> kServerAuth = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x01};
inline constexpr Oid<8> kClientAuth = {0x2b, 0x06, 0x01, 0x05, 0x05, 0x07, 0x03, 0x02};
inline constexpr Oid<4> kAnyPolicy = {0x55, 0x1d, 0x20, 0x00};

}  // namespace parley::x509::oid

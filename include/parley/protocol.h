/// @file
/// TLS protocol identifiers that appear in parley's public API: versions,
/// cipher suites, groups and signature schemes (IANA TLS registries). The wire
/// codec uses the same types.
#pragma once

#include <cstdint>

namespace parley {

/// RFC 8446 4.1.2 legacy_version / supported_versions values.
enum class ProtocolVersion : uint16_t {
  kSsl30 = 0x0300,
  kTls10 = 0x0301,
  kTls11 = 0x0302,
  kTls12 = 0x0303,
  kTls13 = 0x0304,
};

/// Cipher suites (IANA TLS Cipher Suites registry); name_of() gives the IANA name.
enum class CipherSuite : uint16_t {
  // TLS 1.3, RFC 8446 B.4
  kTlsAes128GcmSha256 = 0x1301,
  kTlsAes256GcmSha384 = 0x1302,
  kTlsChaCha20Poly1305Sha256 = 0x1303,
  // TLS 1.2 AEAD suites, RFC 5288 / RFC 5289 / RFC 7905
  kTlsRsaWithAes128GcmSha256 = 0x009c,
  kTlsRsaWithAes256GcmSha384 = 0x009d,
  kTlsDheRsaWithAes128GcmSha256 = 0x009e,
  kTlsDheRsaWithAes256GcmSha384 = 0x009f,
  kTlsEcdheEcdsaWithAes128GcmSha256 = 0xc02b,
  kTlsEcdheEcdsaWithAes256GcmSha384 = 0xc02c,
  kTlsEcdheRsaWithAes128GcmSha256 = 0xc02f,
  kTlsEcdheRsaWithAes256GcmSha384 = 0xc030,
  kTlsEcdheRsaWithChaCha20Poly1305Sha256 = 0xcca8,
  kTlsEcdheEcdsaWithChaCha20Poly1305Sha256 = 0xcca9,
  kTlsDheRsaWithChaCha20Poly1305Sha256 = 0xccaa,
  // Signalling values
  kTlsEmptyRenegotiationInfoScsv = 0x00ff,  ///< RFC 5746 3.3
  kTlsFallbackScsv = 0x5600,                ///< RFC 7507
};

/// Key exchange groups (RFC 8446 4.2.7, RFC 7919).
enum class NamedGroup : uint16_t {
  kSecp256r1 = 0x0017,
  kSecp384r1 = 0x0018,
  kSecp521r1 = 0x0019,
  kX25519 = 0x001d,
  kX448 = 0x001e,
  kFfdhe2048 = 0x0100,
  kFfdhe3072 = 0x0101,
  kFfdhe4096 = 0x0102,
  // draft-ietf-tls-ecdhe-mlkem: ML-KEM-768 hybrids, TLS 1.3 only.
  kSecp256r1MlKem768 = 0x11eb,
  kX25519MlKem768 = 0x11ec,
};

/// Signature schemes (RFC 8446 4.2.3).
enum class SignatureScheme : uint16_t {
  kRsaPkcs1Sha1 = 0x0201,
  kEcdsaSha1 = 0x0203,
  kRsaPkcs1Sha256 = 0x0401,
  kRsaPkcs1Sha384 = 0x0501,
  kRsaPkcs1Sha512 = 0x0601,
  kEcdsaSecp256r1Sha256 = 0x0403,
  kEcdsaSecp384r1Sha384 = 0x0503,
  kEcdsaSecp521r1Sha512 = 0x0603,
  kRsaPssRsaeSha256 = 0x0804,
  kRsaPssRsaeSha384 = 0x0805,
  kRsaPssRsaeSha512 = 0x0806,
  kEd25519 = 0x0807,
  kEd448 = 0x0808,
  kRsaPssPssSha256 = 0x0809,
  kRsaPssPssSha384 = 0x080a,
  kRsaPssPssSha512 = 0x080b,
};

}  // namespace parley

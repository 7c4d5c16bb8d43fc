// The names each peer uses for TLS identifiers: IANA (parley), OpenSSL and
// GnuTLS. One row per identifier, so adding a suite or group to the interop
// matrix is one line here.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "parley/protocol.h"

namespace parley::interop {

struct SuiteNames {
  CipherSuite suite;
  ProtocolVersion version;
  std::string_view iana;
  std::string_view openssl;        // -ciphersuites (1.3) / -cipher (1.2), curl, s_client output
  std::string_view gnutls_cipher;  // priority string and "- Description:" (AES-128-GCM)
  std::string_view gnutls_kx;      // TLS 1.2 key exchange (ECDHE-ECDSA, RSA, ...); empty for 1.3
};

struct GroupNames {
  NamedGroup group;
  std::string_view iana;     // parley --groups
  std::string_view openssl;  // -groups, curl --curves
  std::string_view gnutls;   // GROUP-<name> in priority strings, ECDHE-<name> in descriptions
};

struct SchemeNames {
  SignatureScheme scheme;
  std::string_view iana;    // parley --sigalgs, openssl -sigalgs
  std::string_view gnutls;  // SIGN-<name> in priority strings; as printed in descriptions
  // TLS 1.2 descriptions name ECDSA without the curve.
  std::string_view gnutls_tls12;
};

const SuiteNames& names_of(CipherSuite suite);
const GroupNames& names_of(NamedGroup group);
const SchemeNames& names_of(SignatureScheme scheme);

// OpenSSL's or the IANA name.
std::optional<CipherSuite> suite_from_name(std::string_view name);
std::optional<NamedGroup> group_from_iana_name(std::string_view name);
std::optional<SignatureScheme> scheme_from_iana_name(std::string_view name);
std::optional<CipherSuite> suite_from_gnutls(ProtocolVersion version, std::string_view kx,
                                             std::string_view cipher);
std::optional<NamedGroup> group_from_gnutls_name(std::string_view name);
std::optional<SignatureScheme> scheme_from_gnutls_name(std::string_view name);

// "TLSv1.3" (OpenSSL's spelling) -> kTls13.
std::optional<ProtocolVersion> version_from_openssl_name(std::string_view name);
std::string_view openssl_name(ProtocolVersion version);

// For messages: the IANA name ("TLS 1.3" for versions, as parley prints
// them), or the code point in hex.
std::string describe(ProtocolVersion version);
std::optional<ProtocolVersion> version_from_description(std::string_view text);
std::string describe(CipherSuite suite);
std::string describe(NamedGroup group);
std::string describe(SignatureScheme scheme);

}  // namespace parley::interop

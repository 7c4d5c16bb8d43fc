// Host names and IP addresses: syntax checks and matching a reference
// identity against certificate names (RFC 6125 / RFC 9525, RFC 5280 4.2.1.6,
// 4.2.1.10). All DNS comparisons are ASCII case-insensitive; names must
// already be A-labels (RFC 5280 7.2), so non-ASCII never matches.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "common/bytes.h"

namespace parley::x509 {

// A reference identity: what the application expected to connect to.
struct PeerName {
  enum class Kind { kDns, kIp };
  Kind kind = Kind::kDns;
  std::string dns;  // lower-case, no trailing dot
  Bytes ip;         // 4 or 16 bytes

  // An IPv4 or IPv6 literal becomes kIp; anything else must be a valid DNS
  // name (LDH labels, no wildcard); one trailing dot is dropped.
  static std::optional<PeerName> parse(std::string_view text);
  std::string to_string() const;
};

// A dNSName as presented in a certificate SAN: ASCII labels of letters,
// digits, '-' (not at either end) and '_', 1..63 bytes each, at most 253 in
// all; when `allow_wildcard`, the leftmost label may be exactly "*".
bool dns_name_is_valid(std::string_view name, bool allow_wildcard);
// A dNSName name constraint: empty (everything), or a host name with an
// optional leading '.' (subdomains only). No wildcards (RFC 5280 4.2.1.10).
bool dns_constraint_is_valid(std::string_view constraint);
// An iPAddress name constraint: address and mask, 8 or 32 bytes, with the
// mask a contiguous prefix and no address bits outside it.
bool ip_subnet_is_valid(ByteView subnet);

// RFC 6125 6.4 / RFC 9525 6.3: `presented` (a SAN dNSName) matches
// `reference` (a valid lower-case DNS name). A wildcard is accepted only as
// the whole leftmost label, matches exactly one non-empty label, and needs at
// least two labels after it, so "*.com" matches nothing.
bool dns_name_matches(std::string_view presented, std::string_view reference);

// Parses "192.0.2.1" (four decimal octets, no leading zeros) or an RFC 4291
// 2.2 IPv6 text form ("2001:db8::1", "::ffff:192.0.2.1") into 4 or 16 bytes.
std::optional<Bytes> parse_ip_address(std::string_view text);
// Dotted IPv4 or full-length IPv6 hex, for messages.
std::string format_ip_address(ByteView address);

// ASCII lower-case.
std::string ascii_lower(std::string_view text);
bool ascii_iequals(std::string_view a, std::string_view b);

}  // namespace parley::x509

#include "x509/host_name.h"

#include <algorithm>
#include <cstdio>
#include <vector>

namespace parley::x509 {

namespace {

char lower(char c) {
  return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c;
}
bool is_alnum(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
}

bool label_is_valid(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  return std::all_of(label.begin(), label.end(),
                     [](char c) { return is_alnum(c) || c == '-' || c == '_'; });
}

// Splits at '.', keeping empty labels so that they can be rejected.
std::vector<std::string_view> split_labels(std::string_view name) {
  std::vector<std::string_view> labels;
  size_t start = 0;
  while (true) {
    const size_t dot = name.find('.', start);
    if (dot == std::string_view::npos) {
      labels.push_back(name.substr(start));
      return labels;
    }
    labels.push_back(name.substr(start, dot - start));
    start = dot + 1;
  }
}

std::optional<Bytes> parse_ipv4(std::string_view text) {
  Bytes out;
  for (std::string_view part : split_labels(text)) {
    if (part.empty() || part.size() > 3 || (part.size() > 1 && part[0] == '0')) return std::nullopt;
    unsigned value = 0;
    for (char c : part) {
      if (c < '0' || c > '9') return std::nullopt;
      value = value * 10 + static_cast<unsigned>(c - '0');
    }
    if (value > 255) return std::nullopt;
    out.push_back(static_cast<uint8_t>(value));
  }
  if (out.size() != 4) return std::nullopt;
  return out;
}

std::optional<unsigned> hex_group(std::string_view group) {
  if (group.empty() || group.size() > 4) return std::nullopt;
  unsigned value = 0;
  for (char c : group) {
    const char l = lower(c);
    unsigned digit;
    if (l >= '0' && l <= '9') {
      digit = static_cast<unsigned>(l - '0');
    } else if (l >= 'a' && l <= 'f') {
      digit = static_cast<unsigned>(l - 'a' + 10);
    } else {
      return std::nullopt;
    }
    value = value << 4 | digit;
  }
  return value;
}

// Parses colon-separated groups (no "::"), the last possibly dotted IPv4.
std::optional<Bytes> parse_ipv6_groups(std::string_view text, bool allow_ipv4_tail) {
  Bytes out;
  if (text.empty()) return out;
  size_t start = 0;
  while (true) {
    const size_t colon = text.find(':', start);
    std::string_view group =
        text.substr(start, colon == std::string_view::npos ? colon : colon - start);
    if (colon == std::string_view::npos && allow_ipv4_tail && group.find('.') != group.npos) {
      auto v4 = parse_ipv4(group);
      if (!v4) return std::nullopt;
      out.insert(out.end(), v4->begin(), v4->end());
      return out;
    }
    auto value = hex_group(group);
    if (!value) return std::nullopt;
    out.push_back(static_cast<uint8_t>(*value >> 8));
    out.push_back(static_cast<uint8_t>(*value));
    if (colon == std::string_view::npos) return out;
    start = colon + 1;
  }
}

std::optional<Bytes> parse_ipv6(std::string_view text) {
  const size_t gap = text.find("::");
  if (gap == std::string_view::npos) {
    auto all = parse_ipv6_groups(text, true);
    if (!all || all->size() != 16) return std::nullopt;
    return all;
  }
  if (text.find("::", gap + 1) != std::string_view::npos) return std::nullopt;
  auto head = parse_ipv6_groups(text.substr(0, gap), false);
  auto tail = parse_ipv6_groups(text.substr(gap + 2), true);
  // "::" stands for at least one zero group.
  if (!head || !tail || head->size() + tail->size() > 14) return std::nullopt;
  Bytes out = *head;
  out.resize(16 - tail->size(), 0);
  out.insert(out.end(), tail->begin(), tail->end());
  return out;
}

}  // namespace

std::string ascii_lower(std::string_view text) {
  std::string out(text);
  for (char& c : out) c = lower(c);
  return out;
}

bool ascii_iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(),
                                            [](char x, char y) { return lower(x) == lower(y); });
}

bool dns_name_is_valid(std::string_view name, bool allow_wildcard) {
  if (name.empty() || name.size() > 253) return false;
  std::vector<std::string_view> labels = split_labels(name);
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i == 0 && allow_wildcard && labels[i] == "*" && labels.size() > 1) continue;
    if (!label_is_valid(labels[i])) return false;
  }
  return true;
}

bool dns_constraint_is_valid(std::string_view constraint) {
  if (constraint.empty()) return true;
  if (constraint.front() == '.') constraint.remove_prefix(1);
  return dns_name_is_valid(constraint, false);
}

bool ip_subnet_is_valid(ByteView subnet) {
  if (subnet.size() != 8 && subnet.size() != 32) return false;
  const size_t half = subnet.size() / 2;
  bool in_prefix = true;
  for (size_t i = 0; i < half; ++i) {
    const uint8_t mask = subnet[half + i];
    for (int bit = 7; bit >= 0; --bit) {
      const bool set = (mask >> bit) & 1;
      if (set && !in_prefix) return false;  // a 1 after a 0: not a prefix
      if (!set) in_prefix = false;
    }
    if ((subnet[i] & ~mask) != 0) return false;
  }
  return true;
}

bool dns_name_matches(std::string_view presented, std::string_view reference) {
  if (!dns_name_is_valid(presented, true)) return false;
  if (presented.substr(0, 2) != "*.") return ascii_iequals(presented, reference);
  const std::string_view base = presented.substr(2);
  // "*.com" and other single-label bases: too broad (public suffix).
  if (base.find('.') == std::string_view::npos) return false;
  const size_t first_dot = reference.find('.');
  if (first_dot == std::string_view::npos || first_dot == 0) return false;
  return ascii_iequals(base, reference.substr(first_dot + 1));
}

std::optional<Bytes> parse_ip_address(std::string_view text) {
  if (text.find(':') != std::string_view::npos) return parse_ipv6(text);
  return parse_ipv4(text);
}

std::string format_ip_address(ByteView address) {
  std::string out;
  char buffer[8];
  for (size_t i = 0; i < address.size(); ++i) {
    if (address.size() == 4) {
      std::snprintf(buffer, sizeof buffer, i ? ".%u" : "%u", address[i]);
    } else {
      std::snprintf(buffer, sizeof buffer, i == 0 ? "%02x" : (i % 2 ? "%02x" : ":%02x"),
                    address[i]);
    }
    out += buffer;
  }
  return out;
}

std::optional<PeerName> PeerName::parse(std::string_view text) {
  PeerName name;
  if (auto ip = parse_ip_address(text)) {
    name.kind = Kind::kIp;
    name.ip = std::move(*ip);
    return name;
  }
  if (!text.empty() && text.back() == '.') text.remove_suffix(1);
  if (!dns_name_is_valid(text, false)) return std::nullopt;
  name.dns = ascii_lower(text);
  return name;
}

std::string PeerName::to_string() const {
  return kind == Kind::kIp ? format_ip_address(ip) : dns;
}

}  // namespace parley::x509

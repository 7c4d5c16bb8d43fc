#include "x509/name_constraints.h"

#include <algorithm>
#include <string>
#include <vector>

#include "x509/host_name.h"

namespace parley::x509 {

namespace {

using Type = GeneralName::Type;

bool ends_with_ignoring_case(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() &&
         ascii_iequals(text.substr(text.size() - suffix.size()), suffix);
}

// A certificate name to check, in GeneralName form.
struct CheckedName {
  Type type;
  ByteView value;
  const Name* directory = nullptr;

  std::string_view text() const {
    return {reinterpret_cast<const char*>(value.data()), value.size()};
  }
  std::string describe() const {
    switch (type) {
      case Type::kDns:
        return "dNSName " + std::string(text());
      case Type::kEmail:
        return "rfc822Name " + std::string(text());
      case Type::kUri:
        return "URI " + std::string(text());
      case Type::kIp:
        return "iPAddress " + format_ip_address(value);
      case Type::kDirectory:
        return "directoryName " + (directory ? directory->to_string() : "");
      default:
        return "name of GeneralName form " + std::to_string(static_cast<int>(type));
    }
  }
};

// A wildcard name "*.example.com" stands for every name one label below
// example.com, so an excluded subtree at that level or below excludes it.
bool wildcard_overlaps(std::string_view name, std::string_view constraint) {
  if (name.substr(0, 2) != "*.") return false;
  if (!constraint.empty() && constraint.front() == '.') constraint.remove_prefix(1);
  const size_t dot = constraint.find('.');
  return dot != std::string_view::npos && ascii_iequals(constraint.substr(dot + 1), name.substr(2));
}

// Whether `name` falls in `subtree`; `excluding` widens wildcard names to
// every name they could match.
bool in_subtree(const CheckedName& name, const GeneralName& subtree, bool excluding) {
  switch (name.type) {
    case Type::kDns:
      return dns_in_subtree(name.text(), subtree.text()) ||
             (excluding && wildcard_overlaps(name.text(), subtree.text()));
    case Type::kIp:
      return ip_in_subtree(name.value, subtree.value);
    case Type::kEmail:
      return email_in_subtree(name.text(), subtree.text());
    case Type::kDirectory:
      return name.directory && subtree.directory &&
             directory_in_subtree(*name.directory, *subtree.directory);
    default:
      return false;  // unsupported forms are rejected before matching
  }
}

bool supported_form(Type type) {
  return type == Type::kDns || type == Type::kIp || type == Type::kEmail ||
         type == Type::kDirectory;
}

Error violation(const std::string& message) {
  return certificate_error(CertificateFailure::kNameConstraintViolation,
                           AlertDescription::kBadCertificate, message);
}

Status check_one(const NameConstraints& constraints, const CheckedName& name) {
  // A malformed host name could slip past suffix matching (".example.com").
  if (name.type == Type::kDns && !dns_name_is_valid(name.text(), true)) {
    return violation("malformed " + name.describe() + " under name constraints");
  }
  bool constrained = false;
  bool permitted = false;
  for (const GeneralSubtree& subtree : constraints.permitted) {
    if (subtree.base.type != name.type) continue;
    constrained = true;
    if (!supported_form(name.type)) break;
    if (in_subtree(name, subtree.base, false)) {
      permitted = true;
      break;
    }
  }
  if (constrained && !permitted) {
    return violation(name.describe() + " is outside the permitted name constraints");
  }
  for (const GeneralSubtree& subtree : constraints.excluded) {
    if (subtree.base.type != name.type) continue;
    if (!supported_form(name.type) || in_subtree(name, subtree.base, true)) {
      return violation(name.describe() + " is within an excluded name constraint");
    }
  }
  return {};
}

}  // namespace

bool dns_in_subtree(std::string_view name, std::string_view constraint) {
  if (constraint.empty()) return true;
  if (constraint.front() == '.') {
    return name.size() > constraint.size() && ends_with_ignoring_case(name, constraint);
  }
  if (ascii_iequals(name, constraint)) return true;
  return name.size() > constraint.size() && ends_with_ignoring_case(name, constraint) &&
         name[name.size() - constraint.size() - 1] == '.';
}

bool ip_in_subtree(ByteView address, ByteView subnet) {
  if (subnet.size() != address.size() * 2) return false;
  const size_t n = address.size();
  for (size_t i = 0; i < n; ++i) {
    if ((address[i] & subnet[n + i]) != subnet[i]) return false;
  }
  return true;
}

// RFC 5280 4.2.1.10: a mailbox, all mailboxes on a host, or all mailboxes in
// a domain (leading '.').
bool email_in_subtree(std::string_view mailbox, std::string_view constraint) {
  const size_t at = mailbox.rfind('@');
  if (at == std::string_view::npos || at == 0) return false;
  const std::string_view host = mailbox.substr(at + 1);
  if (constraint.find('@') != std::string_view::npos) {
    const size_t c_at = constraint.rfind('@');
    return mailbox.substr(0, at) == constraint.substr(0, c_at) &&
           ascii_iequals(host, constraint.substr(c_at + 1));
  }
  if (!constraint.empty() && constraint.front() == '.') {
    return host.size() > constraint.size() && ends_with_ignoring_case(host, constraint);
  }
  return ascii_iequals(host, constraint);
}

bool directory_in_subtree(const Name& name, const Name& constraint) {
  if (constraint.rdns.size() > name.rdns.size()) return false;
  for (size_t i = 0; i < constraint.rdns.size(); ++i) {
    if (!std::ranges::equal(constraint.rdns[i], name.rdns[i])) return false;
  }
  return true;
}

Status check_name_constraints(const NameConstraints& constraints, const Certificate& cert) {
  std::vector<CheckedName> names;
  // RFC 5280 4.2.1.10: directoryName constraints apply to a non-empty subject.
  if (!cert.subject().empty()) {
    names.push_back({Type::kDirectory, cert.subject().der, &cert.subject()});
  }
  if (cert.subject_alt_names()) {
    for (const GeneralName& san : cert.subject_alt_names()->value) {
      names.push_back({san.type, san.value, san.directory ? &*san.directory : nullptr});
    }
  } else {
    // Without a SAN, a host name in the subject CN is checked as a dNSName,
    // as clients that still read it would treat it.
    for (ByteView cn : cert.subject().common_names) {
      std::string_view text(reinterpret_cast<const char*>(cn.data()), cn.size());
      if (dns_name_is_valid(text, true)) names.push_back({Type::kDns, cn});
    }
  }
  for (const CheckedName& name : names) PARLEY_TRY(check_one(constraints, name));
  return {};
}

}  // namespace parley::x509

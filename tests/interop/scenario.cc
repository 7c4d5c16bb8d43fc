#include "interop/scenario.h"

#include "interop/identifiers.h"

namespace parley::interop {

namespace {

// RFC 8422 5.1: in TLS 1.2 the groups also bound the curves of ECDSA
// certificates (the server's, and the client's P-256 one), so P-256 follows
// the scenario's key-exchange group.
std::vector<NamedGroup> with_certificate_curve(const Scenario& scenario, NamedGroup group) {
  const bool ecdsa_certificate =
      scenario.server_cert == CertKind::kEcdsaP256 || scenario.client_auth;
  if (scenario.version == ProtocolVersion::kTls12 && ecdsa_certificate &&
      group != NamedGroup::kSecp256r1) {
    return {group, NamedGroup::kSecp256r1};
  }
  return {group};
}

}  // namespace

std::vector<NamedGroup> Scenario::server_groups() const {
  if (!group) return {};
  return with_certificate_curve(*this, *group);
}

std::vector<NamedGroup> Scenario::client_groups() const {
  if (!group) return {};
  if (!hello_retry) return with_certificate_curve(*this, *group);
  // Clients send key shares for one or two of their first groups (GnuTLS:
  // the first of each curve type), so the server's group comes third.
  std::vector<NamedGroup> groups;
  for (NamedGroup other : {NamedGroup::kX25519, NamedGroup::kSecp384r1, NamedGroup::kSecp256r1}) {
    if (other != *group) groups.push_back(other);
  }
  groups.push_back(*group);
  return groups;
}

std::vector<std::string> mismatches(const Scenario& scenario, const Observation& seen) {
  std::vector<std::string> problems;
  auto check = [&](const auto& observed, const auto& expected, std::string_view what) {
    if (observed && *observed != expected) {
      problems.push_back(std::string(what) + ": saw " + describe(*observed) + ", expected " +
                         describe(expected));
    }
  };
  check(seen.version, scenario.version, "version");
  check(seen.suite, scenario.suite, "cipher suite");
  if (scenario.group) check(seen.group, *scenario.group, "group");
  if (scenario.scheme) check(seen.server_signature, *scenario.scheme, "server signature");
  if (scenario.alpn && seen.alpn && *seen.alpn != *scenario.alpn) {
    problems.push_back("ALPN: saw \"" + *seen.alpn + "\", expected \"" + *scenario.alpn + "\"");
  }
  if (seen.hello_retry_request && *seen.hello_retry_request != scenario.hello_retry) {
    problems.push_back(std::string("HelloRetryRequest: ") +
                       (scenario.hello_retry ? "expected one, saw none" : "unexpected"));
  }
  if (seen.client_certificate_subject) {
    const bool has_client =
        seen.client_certificate_subject->find(kClientCommonName) != std::string::npos;
    if (has_client != scenario.client_auth) {
      problems.push_back("client certificate: saw \"" + *seen.client_certificate_subject + "\"");
    }
  }
  return problems;
}

std::string join(const std::vector<std::string>& items, std::string_view separator) {
  std::string joined;
  for (const auto& item : items) {
    if (!joined.empty()) joined += separator;
    joined += item;
  }
  return joined;
}

}  // namespace parley::interop

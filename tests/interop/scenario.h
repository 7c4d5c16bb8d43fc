// One cell of the interop matrix: what both peers are configured to do, and
// what they must agree on afterwards.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "interop/certs.h"
#include "interop/observation.h"
#include "parley/protocol.h"

namespace parley::interop {

struct Scenario {
  std::string name;  // a C identifier: it becomes part of the test name
  ProtocolVersion version = ProtocolVersion::kTls13;
  // The server accepts only this suite.
  CipherSuite suite = CipherSuite::kTlsAes128GcmSha256;
  CertKind server_cert = CertKind::kEcdsaP256;
  // The key-exchange group, the server's first (and, in TLS 1.3, only) one;
  // nullopt: both sides' defaults, not checked (finite-field DHE, RSA key
  // exchange).
  std::optional<NamedGroup> group = NamedGroup::kX25519;
  // The client lists two other groups first, so its key shares are for groups
  // the server does not accept (RFC 8446 4.1.4).
  bool hello_retry = false;
  // The server signature expected; with `client_offers_only_scheme` the
  // client's signature_algorithms holds just this one.
  std::optional<SignatureScheme> scheme;
  bool client_offers_only_scheme = false;
  // The server requires a client certificate; the client has one unless
  // `client_omits_certificate`, in which case the handshake must fail.
  bool client_auth = false;
  bool client_omits_certificate = false;
  std::vector<std::string> client_alpn;
  std::vector<std::string> server_alpn;
  std::optional<std::string> alpn;  // expected

  bool expect_failure() const { return client_auth && client_omits_certificate; }
  // The groups each side offers, in order (empty: its defaults).
  std::vector<NamedGroup> server_groups() const;
  std::vector<NamedGroup> client_groups() const;
};

// Every way `seen` contradicts the scenario; empty when it agrees.
std::vector<std::string> mismatches(const Scenario& scenario, const Observation& seen);

// "a,b" / "a:b"
std::string join(const std::vector<std::string>& items, std::string_view separator);

}  // namespace parley::interop

// The interop matrix's scenarios. Adding a suite, group or certificate type
// to the matrix is one entry in scenarios.cc.
#pragma once

#include <vector>

#include "interop/scenario.h"

namespace parley::interop {

// Every TLS 1.3 suite, X25519 and P-256, ECDSA/RSA-PSS/Ed25519 servers,
// HelloRetryRequest, required client certificates (given and missing), ALPN.
std::vector<Scenario> tls13_scenarios();

// ECDHE-ECDSA and ECDHE-RSA with every AEAD, DHE-RSA, RSA key exchange,
// PKCS#1 and PSS signatures, client certificates, ALPN.
std::vector<Scenario> tls12_scenarios();

// A few scenarios covering each feature once, for peer-vs-peer checks of the
// harness itself.
std::vector<Scenario> sanity_scenarios();

}  // namespace parley::interop

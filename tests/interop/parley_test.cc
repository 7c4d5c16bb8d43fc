// parley against real peers, both directions: the parley client against
// openssl s_server and gnutls-serv; openssl s_client, gnutls-cli and curl
// against the parley server. A missing parley binary fails every test here.
#include <cstdlib>

#include "interop/interop_test.h"
#include "interop/scenarios.h"

namespace parley::interop {
namespace {

std::vector<MatrixCase> parley_cases(const std::vector<Scenario>& scenarios) {
  auto cases = matrix({&parley_client()}, {&openssl_server(), &gnutls_server()}, scenarios);
  for (auto& cell : matrix({&openssl_client(), &gnutls_client(), &curl_client()},
                           {&parley_server()}, scenarios)) {
    cases.push_back(cell);
  }
  return cases;
}

INSTANTIATE_TEST_SUITE_P(Tls13, Interop, testing::ValuesIn(parley_cases(tls13_scenarios())),
                         case_name);

// parley's TLS 1.2 is not written yet: PARLEY_INTEROP_TLS12=1 adds these
// tests until it is, then this condition goes.
std::vector<MatrixCase> tls12_cases() {
  if (std::getenv("PARLEY_INTEROP_TLS12") == nullptr) return {};
  return parley_cases(tls12_scenarios());
}

INSTANTIATE_TEST_SUITE_P(Tls12, Interop, testing::ValuesIn(tls12_cases()), case_name);

}  // namespace
}  // namespace parley::interop

// parley against real peers, both directions: the parley client against
// openssl s_server and gnutls-serv; openssl s_client, gnutls-cli and curl
// against the parley server. A missing parley binary fails every test here.
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

INSTANTIATE_TEST_SUITE_P(Tls12, Interop, testing::ValuesIn(parley_cases(tls12_scenarios())),
                         case_name);

}  // namespace
}  // namespace parley::interop

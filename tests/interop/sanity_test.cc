// Peer-vs-peer exchanges without parley: when a parley interop test fails,
// these tell whether the harness (certificates, peers, parsers) is at fault.
#include <cstdlib>

#include "interop/interop_test.h"
#include "interop/scenarios.h"

namespace parley::interop {
namespace {

TEST_P(Interop, Exchange) {
  const MatrixCase& cell = GetParam();
  check_exchange(*cell.client, *cell.server, cell.scenario);
}

std::vector<MatrixCase> cross_peer_cases(const std::vector<Scenario>& scenarios) {
  auto cases = matrix({&openssl_client(), &gnutls_client(), &curl_client()},
                      {&openssl_server(), &gnutls_server()}, scenarios);
  std::erase_if(cases,
                [](const MatrixCase& cell) { return cell.client->name() == cell.server->name(); });
  return cases;
}

INSTANTIATE_TEST_SUITE_P(PeerSanity, Interop,
                         testing::ValuesIn(cross_peer_cases(sanity_scenarios())), case_name);

// The whole matrix between the reference peers, to check the scenarios'
// expectations themselves: PARLEY_INTEROP_PEER_MATRIX=1 adds these tests.
std::vector<MatrixCase> full_peer_matrix() {
  if (std::getenv("PARLEY_INTEROP_PEER_MATRIX") == nullptr) return {};
  auto scenarios = tls13_scenarios();
  for (auto& scenario : tls12_scenarios()) scenarios.push_back(scenario);
  return cross_peer_cases(scenarios);
}

INSTANTIATE_TEST_SUITE_P(PeerMatrix, Interop, testing::ValuesIn(full_peer_matrix()), case_name);
GTEST_ALLOW_UNINSTANTIATED_PARAMETERIZED_TEST(Interop);

}  // namespace
}  // namespace parley::interop

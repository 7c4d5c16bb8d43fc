// Runs every case of x509-limbo (../shared/testdata/limbo-2023-12-02.json)
// through x509::verify_chain. A case either gets its expected result, or is
// listed in limbo_skipped.txt with a reason. Whatever the list says, no case
// expecting FAILURE may be accepted.
#include <gtest/gtest.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "x509/der.h"
#include "x509/pem.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace parley::x509 {
namespace {

using Json = nlohmann::json;

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  std::stringstream buffer;
  buffer << file.rdbuf();
  return buffer.str();
}

// "id reason..." per line; '#' starts a comment line.
std::map<std::string, std::string> load_skip_list() {
  std::map<std::string, std::string> skipped;
  std::istringstream lines(read_file(PARLEY_SOURCE_DIR "/tests/x509/limbo_skipped.txt"));
  std::string line;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    const size_t space = line.find(' ');
    skipped[line.substr(0, space)] = space == std::string::npos ? "" : line.substr(space + 1);
  }
  return skipped;
}

// RFC 3339 as limbo writes it: "2022-01-01T00:00:00+00:00" (or "Z").
int64_t parse_time(const std::string& text) {
  unsigned year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0;
  EXPECT_EQ(std::sscanf(text.c_str(), "%4u-%2u-%2uT%2u:%2u:%2u", &year, &month, &day, &hour,
                        &minute, &second),
            6)
      << text;
  EXPECT_TRUE(text.ends_with("+00:00") || text.ends_with("Z")) << text;
  return der::days_from_civil(year, month, day) * 86400 + hour * 3600 + minute * 60 + second;
}

Bytes pem_to_der(const std::string& pem) {
  auto blocks = parse_pem(pem);
  if (!blocks.ok() || blocks->size() != 1) return {};
  return (*blocks)[0].der;
}

struct Outcome {
  bool accepted = false;
  std::string detail;
};

Outcome run_case(const Json& testcase) {
  TrustStore store;
  for (const Json& pem : testcase.at("trusted_certs")) {
    auto added = store.add_pem(pem.get<std::string>());
    EXPECT_TRUE(added.ok()) << added.error().message;
  }
  std::vector<Bytes> intermediates;
  for (const Json& pem : testcase.at("untrusted_intermediates")) {
    intermediates.push_back(pem_to_der(pem.get<std::string>()));
  }
  const Bytes leaf = pem_to_der(testcase.at("peer_certificate").get<std::string>());

  VerifyOptions options;
  options.time = testcase.at("validation_time").is_null()
                     ? static_cast<int64_t>(std::time(nullptr))
                     : parse_time(testcase.at("validation_time").get<std::string>());
  if (const Json& name = testcase.at("expected_peer_name"); !name.is_null()) {
    options.peer_name = PeerName::parse(name.at("value").get<std::string>());
    EXPECT_TRUE(options.peer_name.has_value()) << name.at("value").get<std::string>();
  }
  options.purpose = testcase.at("validation_kind").get<std::string>() == "CLIENT"
                        ? KeyPurpose::kClientAuth
                        : KeyPurpose::kServerAuth;
  if (const Json& usages = testcase.at("extended_key_usage"); !usages.is_null()) {
    for (const Json& usage : usages) {
      if (usage.get<std::string>() == "clientAuth") options.purpose = KeyPurpose::kClientAuth;
    }
  }
  if (const Json& depth = testcase.at("max_chain_depth"); !depth.is_null()) {
    options.max_intermediates = depth.get<size_t>();
  }
  auto result = verify_chain(leaf, intermediates, store, options);
  if (result.ok())
    return {true, "accepted, path of " + std::to_string(result->certificates.size())};
  const Error& error = result.error();
  EXPECT_EQ(error.kind, ErrorKind::kCertificate) << error.message;
  EXPECT_TRUE(error.alert.has_value()) << error.message;
  return {false, error.to_string()};
}

TEST(Limbo, EveryCasePassesOrIsSkippedWithAReasonAndNoFailureIsAccepted) {
  const std::string text = read_file(PARLEY_TESTDATA_DIR "/limbo-2023-12-02.json");
  ASSERT_FALSE(text.empty()) << "missing " PARLEY_TESTDATA_DIR "/limbo-2023-12-02.json";
  const Json document = Json::parse(text, nullptr, /*allow_exceptions=*/false);
  ASSERT_FALSE(document.is_discarded()) << "limbo-2023-12-02.json is not valid JSON";
  std::map<std::string, std::string> skip_list = load_skip_list();

  size_t passed = 0, skipped = 0, failed = 0, wrong_accepts = 0;
  std::map<std::string, bool> seen;
  for (const Json& testcase : document.at("testcases")) {
    const std::string id = testcase.at("id").get<std::string>();
    seen[id] = true;
    const bool expect_success = testcase.at("expected_result").get<std::string>() == "SUCCESS";
    const Outcome outcome = run_case(testcase);
    const bool as_expected = outcome.accepted == expect_success;
    if (!expect_success && outcome.accepted) {
      ++wrong_accepts;
      ADD_FAILURE() << "WRONG ACCEPT " << id << ": " << outcome.detail;
    }
    const auto skip = skip_list.find(id);
    if (skip != skip_list.end()) {
      ++skipped;
      EXPECT_FALSE(skip->second.empty()) << id << " is skipped without a reason";
      EXPECT_FALSE(as_expected) << id << " is in limbo_skipped.txt but now passes; remove it";
      std::printf("  skipped %s (%s): %s\n", id.c_str(), skip->second.c_str(),
                  outcome.detail.c_str());
      continue;
    }
    if (std::getenv("LIMBO_VERBOSE")) {
      std::printf("  %s %s: %s\n", as_expected ? "ok  " : "FAIL", id.c_str(),
                  outcome.detail.c_str());
    }
    if (as_expected) {
      ++passed;
    } else {
      ++failed;
      ADD_FAILURE() << id << ": expected " << testcase.at("expected_result").get<std::string>()
                    << ", got " << outcome.detail;
    }
  }
  for (const auto& [id, reason] : skip_list) {
    EXPECT_TRUE(seen.count(id)) << "limbo_skipped.txt names unknown case " << id;
  }
  std::printf("limbo: %zu passed, %zu skipped, %zu failed (%zu wrong accepts)\n", passed, skipped,
              failed, wrong_accepts);
  EXPECT_EQ(wrong_accepts, 0u);
  EXPECT_EQ(failed, 0u);
  EXPECT_GT(passed, 0u);
}

}  // namespace
}  // namespace parley::x509

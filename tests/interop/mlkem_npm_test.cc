// ML-KEM-768 against an independent implementation, the `mlkem` npm package
// (version pinned in tests/interop/mlkem-npm/package.json) run by node: it
// encapsulates to keys of ours and we decapsulate, and we encapsulate to keys
// of its and it decapsulates, for a few thousand random keys each way. The
// package is installed into the build directory on first run (npm); the
// test skips only when node is absent.
#include <gtest/gtest.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "crypto/provider.h"
#include "interop/process.h"

namespace parley::interop {
namespace {

constexpr int kKeys = 2000;
const std::string kDir = PARLEY_BINARY_DIR "/mlkem-npm";

const crypto::Provider& provider() {
  return crypto::default_provider();
}

bool on_path(const std::string& program) {
  std::string error;
  auto which = Process::start({"sh", "-c", "command -v " + program}, "", &error);
  return which && which->wait_exit(Millis(5000)) == 0;
}

// Runs a command in kDir and returns its stdout; fails the test otherwise.
std::string run(const std::vector<std::string>& argv, Millis timeout) {
  std::string error;
  auto process = Process::start(argv, kDir, &error);
  EXPECT_TRUE(process) << error;
  if (!process) return "";
  const auto status = process->wait_exit(timeout);
  EXPECT_EQ(status, 0) << process->describe();
  return process->out();
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

class MlKemNpm : public ::testing::Test {
 protected:
  void SetUp() override {
    if (!on_path("node")) GTEST_SKIP() << "node is not installed: no cross-check with npm mlkem";
    // Under a lock: ctest runs these tests in parallel.
    run({"flock", ".install-lock", "sh", "-c",
         "[ -f node_modules/mlkem/package.json ] || "
         "npm install --no-audit --no-fund --loglevel=error"},
        Millis(180000));
    ASSERT_TRUE(std::ifstream(kDir + "/node_modules/mlkem/package.json"))
        << "npm could not install mlkem into " << kDir;
  }
  std::string temp(const std::string& name) const {
    return kDir + "/" + name + "." + std::to_string(getpid());
  }
};

TEST_F(MlKemNpm, TheyEncapsulateToOurKeys) {
  std::vector<std::unique_ptr<crypto::KemDecapsulationKey>> keys;
  std::string eks;
  for (int i = 0; i < kKeys; ++i) {
    auto key = crypto::generate_kem_key(provider(), crypto::KemAlgorithm::kMlKem768);
    ASSERT_TRUE(key.ok());
    eks += to_hex((*key)->encapsulation_key()) + "\n";
    keys.push_back(std::move(*key));
  }
  const std::string file = temp("eks");
  write_file(file, eks);
  const auto answers = lines_of(run({"node", "cross_check.mjs", "encap", file}, Millis(300000)));
  std::remove(file.c_str());
  ASSERT_EQ(answers.size(), keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const size_t space = answers[i].find(' ');
    ASSERT_NE(space, std::string::npos);
    auto shared = keys[i]->decapsulate(from_hex(answers[i].substr(0, space)));
    ASSERT_TRUE(shared.ok()) << i;
    ASSERT_EQ(to_hex(shared->view()), answers[i].substr(space + 1)) << "key " << i;
  }
}

TEST_F(MlKemNpm, WeEncapsulateToTheirKeys) {
  const auto pairs =
      lines_of(run({"node", "cross_check.mjs", "keygen", std::to_string(kKeys)}, Millis(300000)));
  ASSERT_EQ(pairs.size(), static_cast<size_t>(kKeys));
  std::string requests;
  std::vector<std::string> expected;
  for (const std::string& pair : pairs) {
    const size_t space = pair.find(' ');
    ASSERT_NE(space, std::string::npos);
    auto encapsulation = crypto::encapsulate(provider(), crypto::KemAlgorithm::kMlKem768,
                                             from_hex(pair.substr(0, space)));
    ASSERT_TRUE(encapsulation.ok()) << encapsulation.error().to_string();
    requests += pair.substr(space + 1) + " " + to_hex(encapsulation->ciphertext) + "\n";
    expected.push_back(to_hex(encapsulation->shared_secret.view()));
  }
  const std::string file = temp("requests");
  write_file(file, requests);
  const auto secrets = lines_of(run({"node", "cross_check.mjs", "decap", file}, Millis(300000)));
  std::remove(file.c_str());
  ASSERT_EQ(secrets, expected);
}

// Their decapsulation keys are FIPS 203's 2400-byte form: ours parses them
// (the 7.3 hash check) and decapsulates to the same secrets.
TEST_F(MlKemNpm, TheirDecapsulationKeysParse) {
  const auto pairs = lines_of(run({"node", "cross_check.mjs", "keygen", "50"}, Millis(60000)));
  ASSERT_EQ(pairs.size(), 50u);
  for (const std::string& pair : pairs) {
    const size_t space = pair.find(' ');
    auto key =
        provider().parse_kem_key(crypto::KemAlgorithm::kMlKem768, from_hex(pair.substr(space + 1)));
    ASSERT_TRUE(key.ok()) << key.error().to_string();
    EXPECT_EQ(to_hex((*key)->encapsulation_key()), pair.substr(0, space));
  }
}

}  // namespace
}  // namespace parley::interop

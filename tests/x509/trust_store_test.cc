// Trust stores from PEM text, files, directories and the system bundle, and
// the public CertifiedKey / TrustAnchors built on them.
#include "x509/trust_store.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>

#include "parley/certificate.h"
#include "x509/cert_factory.h"
#include "x509/public_certificate.h"
#include "x509/verify.h"

namespace parley::x509 {
namespace {

using testing::issue;
using testing::Issued;
using testing::KeyKind;
using testing::leaf_spec;
using testing::make_key;
using testing::root_spec;

class TrustStoreTest : public ::testing::Test {
 protected:
  TrustStoreTest()
      // Per process: ctest runs these tests in parallel, each in its own.
      : dir_(std::filesystem::path(::testing::TempDir()) /
             ("parley_trust_store_" + std::to_string(::getpid()))),
        root_a_(issue(root_spec("Root A"), make_key(KeyKind::kP256), nullptr)),
        root_b_(issue(root_spec("Root B"), make_key(KeyKind::kRsa2048), nullptr)) {
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  ~TrustStoreTest() override { std::filesystem::remove_all(dir_); }

  std::string write(const std::string& name, const std::string& contents) const {
    const std::string path = (dir_ / name).string();
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }

  static std::string read_file(const std::string& path) {
    std::ifstream file(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>()};
  }

  std::filesystem::path dir_;
  Issued root_a_;
  Issued root_b_;
};

TEST_F(TrustStoreTest, AddsPemBundlesAndIgnoresDuplicates) {
  TrustStore store;
  auto added = store.add_pem(root_a_.pem() + root_b_.pem() + root_a_.pem());
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, 2u);
  EXPECT_EQ(store.size(), 2u);
  auto a = Certificate::parse(root_a_.der);
  ASSERT_TRUE(a.ok());
  auto found = store.find_by_subject(a->subject());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_NE(found[0]->key, nullptr);
  EXPECT_TRUE(std::ranges::equal(found[0]->certificate.der(), root_a_.der));
}

TEST_F(TrustStoreTest, SkipsUnparseableCertificatesButNotEmptyInput) {
  TrustStore store;
  const std::string bad = "-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----\n";
  auto added = store.add_pem(bad + root_a_.pem());
  ASSERT_TRUE(added.ok());
  EXPECT_EQ(*added, 1u);
  EXPECT_EQ(store.skipped(), 1u);
  auto empty = store.add_pem("no certificates");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().kind, ErrorKind::kConfig);
}

TEST_F(TrustStoreTest, LoadsFilesAndDirectories) {
  const std::string a = write("a.pem", root_a_.pem());
  write("b.crt", root_b_.pem());
  write("notes.txt", "not a certificate");
  TrustStore from_file;
  ASSERT_TRUE(from_file.add_pem_file(a).ok());
  EXPECT_EQ(from_file.size(), 1u);
  TrustStore from_dir;
  auto added = from_dir.add_path(dir_.string());
  ASSERT_TRUE(added.ok()) << added.error().message;
  EXPECT_EQ(*added, 2u);
  TrustStore missing;
  EXPECT_FALSE(missing.add_path((dir_ / "missing.pem").string()).ok());
  EXPECT_FALSE(missing.add_directory((dir_ / "missing").string()).ok());
}

TEST_F(TrustStoreTest, SystemBundleLoadsInOneCall) {
  if (!std::filesystem::exists(TrustStore::kSystemBundlePaths[0])) {
    GTEST_SKIP() << "no system CA bundle on this machine";
  }
  auto store = TrustStore::system();
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_GT(store->size(), 50u);
  EXPECT_EQ(store->skipped(), 0u);
  auto anchors = TrustAnchors::system();
  ASSERT_TRUE(anchors.ok());
  EXPECT_EQ((*anchors)->size(), store->size());
}

// Every root of the system bundle can anchor a path once the anchor profile
// is off (RFC 5280 6.1.1 (d)); with it, the legacy roots are refused, and
// only for profile reasons. Each root is checked at a time it is valid.
TEST_F(TrustStoreTest, EverySystemRootIsUsableAsAnAnchor) {
  if (!std::filesystem::exists(TrustStore::kSystemBundlePaths[0])) {
    GTEST_SKIP() << "no system CA bundle on this machine";
  }
  const std::string bundle = read_file(TrustStore::kSystemBundlePaths[0]);
  size_t blocks = 0;
  for (size_t at = bundle.find("-----BEGIN CERTIFICATE-----"); at != std::string::npos;
       at = bundle.find("-----BEGIN CERTIFICATE-----", at + 1)) {
    ++blocks;
  }
  auto store = TrustStore::system();
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(store->skipped(), 0u);
  EXPECT_EQ(store->size(), blocks);  // every root loads (the bundle has no duplicates)
  size_t refused_by_profile = 0;
  for (const TrustAnchor& anchor : store->anchors()) {
    VerifyOptions options;
    options.time = anchor.certificate.not_before();
    options.anchor_profile = false;
    Status usable = check_trust_anchor(anchor, options);
    EXPECT_TRUE(usable.ok()) << usable.error().message;
    options.anchor_profile = true;
    Status profiled = check_trust_anchor(anchor, options);
    if (!profiled.ok()) {
      ++refused_by_profile;
      std::printf("  refused by the anchor profile: %s\n", profiled.error().message.c_str());
    }
  }
  std::printf(
      "system bundle: %zu roots, all usable as anchors; %zu refused by the anchor "
      "profile\n",
      store->size(), refused_by_profile);
}

TEST_F(TrustStoreTest, PublicCertifiedKeyAndTrustAnchors) {
  Issued leaf = issue(leaf_spec(), make_key(KeyKind::kP384), &root_a_);
  const std::string key_pem = testing::private_key_pem(leaf.key);
  auto certified = CertifiedKey::from_pem(leaf.pem() + root_a_.pem(), key_pem);
  ASSERT_TRUE(certified.ok()) << certified.error().message;
  EXPECT_EQ((*certified)->chain().size(), 2u);
  EXPECT_EQ(x509::private_key(**certified).type(), crypto::KeyType::kEcP384);

  auto wrong =
      CertifiedKey::from_pem(leaf.pem(), testing::private_key_pem(make_key(KeyKind::kP256)));
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, ErrorKind::kConfig);

  const std::string chain_path = write("chain.pem", leaf.pem());
  const std::string key_path = write("key.pem", key_pem);
  EXPECT_TRUE(CertifiedKey::from_pem_files(chain_path, key_path).ok());
  auto bad_path = CertifiedKey::from_pem_files(chain_path, key_path + ".missing");
  ASSERT_FALSE(bad_path.ok());
  EXPECT_NE(bad_path.error().message.find("key.pem.missing"), std::string::npos);

  auto anchors = TrustAnchors::from_pem(root_a_.pem());
  ASSERT_TRUE(anchors.ok());
  VerifyOptions options;
  options.time = testing::kNow;
  options.peer_name = PeerName::parse("example.com");
  EXPECT_TRUE(
      verify_chain(leaf.der, std::span<const Bytes>(), x509::trust_store(**anchors), options).ok());
  write("root.pem", root_a_.pem());
  EXPECT_TRUE(TrustAnchors::from_path(dir_.string()).ok());
  EXPECT_FALSE(TrustAnchors::from_pem("nothing").ok());
}

}  // namespace
}  // namespace parley::x509

#include "handshake/key_schedule12.h"

#include <gtest/gtest.h>

#include "crypto/kdf.h"
#include "crypto/provider.h"
#include "handshake/cipher_suites.h"
#include "handshake/kdf_oracle.h"

namespace parley::handshake {
namespace {

using crypto::HashAlgorithm;
namespace oracle = testing;

Bytes pattern(size_t size, uint8_t seed) {
  Bytes out(size);
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(seed * 5 + i);
  return out;
}

class KeySchedule12Test : public ::testing::TestWithParam<HashAlgorithm> {
 protected:
  const EVP_MD* md() const {
    return GetParam() == HashAlgorithm::kSha384 ? EVP_sha384() : EVP_sha256();
  }
  const crypto::Provider& provider() const { return crypto::default_provider(); }

  const Bytes premaster = pattern(48, 1);
  const Bytes client_random = pattern(32, 2);
  const Bytes server_random = pattern(32, 3);
};

INSTANTIATE_TEST_SUITE_P(Sha256AndSha384, KeySchedule12Test,
                         ::testing::Values(HashAlgorithm::kSha256, HashAlgorithm::kSha384));

// RFC 5246 8.1.
TEST_P(KeySchedule12Test, MasterSecret) {
  const auto ks = KeySchedule12::from_premaster(provider(), GetParam(), premaster, client_random,
                                                server_random);
  EXPECT_EQ(to_hex(ks.master_secret()),
            to_hex(oracle::tls12_prf(md(), premaster, "master secret",
                                     oracle::concat(client_random, server_random), 48)));
}

// RFC 7627 4: the session hash replaces the randoms.
TEST_P(KeySchedule12Test, ExtendedMasterSecret) {
  const Bytes session_hash = oracle::digest(md(), as_bytes("ClientHello..ClientKeyExchange"));
  const auto ks = KeySchedule12::from_premaster_extended(
      provider(), GetParam(), premaster, session_hash, client_random, server_random);
  EXPECT_EQ(to_hex(ks.master_secret()),
            to_hex(oracle::tls12_prf(md(), premaster, "extended master secret", session_hash, 48)));
  const auto plain = KeySchedule12::from_premaster(provider(), GetParam(), premaster, client_random,
                                                   server_random);
  EXPECT_NE(to_hex(ks.master_secret()), to_hex(plain.master_secret()));
}

// RFC 5246 6.3: key_block from server_random + client_random, split in order
// client key, server key, client IV, server IV (no MAC keys for AEAD).
TEST_P(KeySchedule12Test, KeyBlockForEveryTls12Suite) {
  const Bytes master = pattern(48, 9);
  const auto ks =
      KeySchedule12::from_master(provider(), GetParam(), master, client_random, server_random);
  for (const CipherSuiteInfo& suite : all_cipher_suites()) {
    if (suite.version != ProtocolVersion::kTls12 || suite.hash != GetParam()) continue;
    const Tls12KeyBlock block = ks.key_block(suite.key_size, suite.iv_size);
    const Bytes expected = oracle::tls12_prf(md(), master, "key expansion",
                                             oracle::concat(server_random, client_random),
                                             2 * (suite.key_size + suite.iv_size));
    const ByteView e(expected);
    const size_t k = suite.key_size, iv = suite.iv_size;
    EXPECT_EQ(to_hex(block.client_write_key), to_hex(e.subspan(0, k)));
    EXPECT_EQ(to_hex(block.server_write_key), to_hex(e.subspan(k, k)));
    EXPECT_EQ(to_hex(block.client_write_iv), to_hex(e.subspan(2 * k, iv)));
    EXPECT_EQ(to_hex(block.server_write_iv), to_hex(e.subspan(2 * k + iv, iv)));
  }
}

// RFC 5246 7.4.9: 12 bytes, distinct labels per side, constant-time check.
TEST_P(KeySchedule12Test, FinishedVerifyData) {
  const Bytes master = pattern(48, 4);
  const auto ks =
      KeySchedule12::from_master(provider(), GetParam(), master, client_random, server_random);
  const Bytes hash = oracle::digest(md(), as_bytes("handshake messages"));
  const Bytes client = ks.verify_data(FinishedSender::kClient, hash);
  const Bytes server = ks.verify_data(FinishedSender::kServer, hash);
  EXPECT_EQ(to_hex(client), to_hex(oracle::tls12_prf(md(), master, "client finished", hash, 12)));
  EXPECT_EQ(to_hex(server), to_hex(oracle::tls12_prf(md(), master, "server finished", hash, 12)));
  EXPECT_TRUE(ks.verify_finished(FinishedSender::kClient, hash, client));
  EXPECT_FALSE(ks.verify_finished(FinishedSender::kClient, hash, server));
  Bytes truncated = client;
  truncated.pop_back();
  EXPECT_FALSE(ks.verify_finished(FinishedSender::kClient, hash, truncated));
}

// RFC 5705 4.
TEST_P(KeySchedule12Test, Exporter) {
  const Bytes master = pattern(48, 6);
  const auto ks =
      KeySchedule12::from_master(provider(), GetParam(), master, client_random, server_random);
  const Bytes randoms = oracle::concat(client_random, server_random);
  auto no_context = ks.export_keying_material("EXPERIMENTAL x", std::nullopt, 20);
  ASSERT_TRUE(no_context.ok());
  EXPECT_EQ(to_hex(*no_context),
            to_hex(oracle::tls12_prf(md(), master, "EXPERIMENTAL x", randoms, 20)));
  const Bytes context = {1, 2, 3};
  auto with_context = ks.export_keying_material("EXPERIMENTAL x", ByteView(context), 20);
  ASSERT_TRUE(with_context.ok());
  Bytes seed = randoms;
  for (uint8_t b : Bytes{0, 3, 1, 2, 3}) seed.push_back(b);
  EXPECT_EQ(to_hex(*with_context),
            to_hex(oracle::tls12_prf(md(), master, "EXPERIMENTAL x", seed, 20)));
  EXPECT_FALSE(ks.export_keying_material("key expansion", std::nullopt, 20).ok());
}

// A published SHA-256 PRF vector (the "test label" vector used by several
// TLS implementations), as a check on the oracle itself.
TEST(Tls12PrfOracle, KnownSha256Vector) {
  const Bytes secret = from_hex("9bbe436ba940f017b17652849a71db35");
  const Bytes seed = from_hex("a0ba9f936cda311827a6f796ffd5198c");
  const Bytes expected = from_hex(
      "e3f229ba727be17b8d122620557cd453c2aab21d07c3d495329b52d4e61edb5a6b301791e90d35c9c9a46b4e14"
      "baf9af0fa022f7077def17abfd3797c0564bab4fbc91666e9def9b97fce34f796789baa48082d122ee42c5a72e"
      "5a5110fff70187347b66");
  EXPECT_EQ(to_hex(oracle::tls12_prf(EVP_sha256(), secret, "test label", seed, expected.size())),
            to_hex(expected));
  EXPECT_EQ(to_hex(crypto::tls12_prf(crypto::default_provider(), HashAlgorithm::kSha256, secret,
                                     "test label", seed, expected.size())),
            to_hex(expected));
}

TEST(CipherSuites, TableMatchesTheRfcs) {
  const CipherSuiteInfo* aes128 = find_cipher_suite(CipherSuite::kTlsAes128GcmSha256);
  ASSERT_NE(aes128, nullptr);
  EXPECT_EQ(aes128->version, ProtocolVersion::kTls13);
  EXPECT_EQ(aes128->hash, HashAlgorithm::kSha256);
  EXPECT_EQ(aes128->key_size, 16u);
  EXPECT_EQ(aes128->iv_size, 12u);
  const CipherSuiteInfo* aes256 = find_cipher_suite(CipherSuite::kTlsAes256GcmSha384);
  ASSERT_NE(aes256, nullptr);
  EXPECT_EQ(aes256->hash, HashAlgorithm::kSha384);
  EXPECT_EQ(aes256->key_size, 32u);
  const CipherSuiteInfo* ecdsa =
      find_cipher_suite(CipherSuite::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256);
  ASSERT_NE(ecdsa, nullptr);
  EXPECT_EQ(ecdsa->version, ProtocolVersion::kTls12);
  EXPECT_EQ(ecdsa->iv_size, 12u);  // RFC 7905 2
  EXPECT_EQ(ecdsa->key_exchange, KeyExchangeKind::kEcdhe);
  EXPECT_EQ(ecdsa->authentication, AuthenticationKind::kEcdsa);
  const CipherSuiteInfo* rsa = find_cipher_suite(CipherSuite::kTlsRsaWithAes256GcmSha384);
  ASSERT_NE(rsa, nullptr);
  EXPECT_EQ(rsa->iv_size, 4u);  // RFC 5288 3
  EXPECT_EQ(rsa->key_exchange, KeyExchangeKind::kRsa);
  EXPECT_EQ(find_cipher_suite(CipherSuite::kTlsFallbackScsv), nullptr);
  EXPECT_EQ(all_cipher_suites().size(), 14u);
}

}  // namespace
}  // namespace parley::handshake

#include <gtest/gtest.h>

#include "crypto/provider.h"
#include "handshake/kdf_oracle.h"
#include "handshake/rfc8448_trace.h"
#include "handshake/transcript.h"

namespace parley::handshake {
namespace {

using crypto::HashAlgorithm;
namespace oracle = testing;

const crypto::Provider& provider() {
  return crypto::default_provider();
}

// Messages added before the hash is known are hashed once it is set.
TEST(Transcript, BuffersUntilTheHashIsKnown) {
  Transcript t(provider());
  EXPECT_FALSE(t.has_hash());
  t.add(as_bytes("first"));
  t.add(as_bytes("second"));
  EXPECT_TRUE(t.current_hash().empty());
  EXPECT_EQ(t.messages().size(), 11u);
  ASSERT_TRUE(t.set_hash(HashAlgorithm::kSha384).ok());
  EXPECT_TRUE(t.messages().empty()) << "discarded by default";
  t.add(as_bytes("third"));
  EXPECT_EQ(to_hex(t.current_hash()),
            to_hex(oracle::digest(EVP_sha384(), as_bytes("firstsecondthird"))));
  EXPECT_FALSE(t.set_hash(HashAlgorithm::kSha256).ok()) << "set twice";
}

// TLS 1.2 client authentication signs all handshake messages (RFC 5246 7.4.8).
TEST(Transcript, KeepsMessagesWhenAsked) {
  Transcript t(provider());
  t.add(as_bytes("ab"));
  ASSERT_TRUE(t.set_hash(HashAlgorithm::kSha256, Transcript::Buffer::kKeep).ok());
  t.add(as_bytes("cd"));
  EXPECT_EQ(Bytes(t.messages().begin(), t.messages().end()),
            Bytes(as_bytes("abcd").begin(), as_bytes("abcd").end()));
  t.discard_messages();
  EXPECT_TRUE(t.messages().empty());
  t.add(as_bytes("e"));
  EXPECT_EQ(to_hex(t.current_hash()), to_hex(oracle::digest(EVP_sha256(), as_bytes("abcde"))));
}

// Peeking and forking leave the running hash alone.
TEST(Transcript, PeekForkAndHashWith) {
  Transcript t(provider());
  ASSERT_TRUE(t.set_hash(HashAlgorithm::kSha256).ok());
  EXPECT_EQ(to_hex(t.current_hash()), to_hex(oracle::digest(EVP_sha256(), {})));
  t.add(as_bytes("hello"));
  EXPECT_EQ(to_hex(t.hash_with(as_bytes(" world"))),
            to_hex(oracle::digest(EVP_sha256(), as_bytes("hello world"))));
  EXPECT_EQ(to_hex(t.current_hash()), to_hex(oracle::digest(EVP_sha256(), as_bytes("hello"))));
  Transcript fork = t;
  fork.add(as_bytes("!"));
  t.add(as_bytes("?"));
  EXPECT_EQ(to_hex(fork.current_hash()), to_hex(oracle::digest(EVP_sha256(), as_bytes("hello!"))));
  EXPECT_EQ(to_hex(t.current_hash()), to_hex(oracle::digest(EVP_sha256(), as_bytes("hello?"))));
}

// RFC 8446 4.4.1 with the RFC 8448 section 5 trace: message_hash(ClientHello1)
// || HelloRetryRequest || ClientHello2 || ServerHello hashes to the value the
// trace uses for the handshake traffic secrets.
TEST(Transcript, HelloRetryRequestUsesMessageHash) {
  auto trace = testing::Rfc8448Trace::load_default();
  ASSERT_TRUE(trace.has_value());
  const Bytes ch1 = trace->field(5, "client", "construct a ClientHello", "ClientHello", 0);
  const Bytes hrr = trace->field(5, "server", "construct a ServerHello", "ServerHello", 0);
  const Bytes ch2 = trace->field(5, "client", "construct a ClientHello", "ClientHello", 1);
  const Bytes sh = trace->field(5, "server", "construct a ServerHello", "ServerHello", 1);
  ASSERT_FALSE(ch1.empty() || hrr.empty() || ch2.empty() || sh.empty());

  Transcript t(provider());
  t.add(ch1);
  ASSERT_TRUE(t.set_hash(HashAlgorithm::kSha256).ok());
  ASSERT_TRUE(t.replace_with_message_hash().ok());
  Bytes synthetic = {254, 0, 0, 32};
  const Bytes ch1_hash = oracle::digest(EVP_sha256(), ch1);
  synthetic.insert(synthetic.end(), ch1_hash.begin(), ch1_hash.end());
  EXPECT_EQ(to_hex(t.current_hash()), to_hex(oracle::digest(EVP_sha256(), synthetic)));
  t.add(hrr);
  t.add(ch2);
  t.add(sh);
  EXPECT_EQ(to_hex(t.current_hash()),
            to_hex(trace->field(5, "server", "derive secret \"tls13 c hs traffic\"", "hash")));
  EXPECT_FALSE(t.replace_with_message_hash().ok()) << "only right after ClientHello1";
}

TEST(Transcript, MessageHashNeedsTheHash) {
  Transcript t(provider());
  t.add(as_bytes("ClientHello1"));
  EXPECT_FALSE(t.replace_with_message_hash().ok());
}

}  // namespace
}  // namespace parley::handshake

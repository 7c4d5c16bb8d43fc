// RFC 8879 certificate compression on in-memory connections: each built-in
// algorithm in both roles (the server's Certificate and a client's under
// client authentication), the choice between the two sides' lists, the
// per-certificate cache, and malformed CompressedCertificates (from
// compressors that misbehave on purpose), each with its alert.
#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "codec/messages.h"
#include "connection_pair.h"
#include "parley/compression.h"
#include "tls12_link.h"

namespace parley::testing {
namespace {

using Algorithm = CertificateCompressionAlgorithm;
using Compressors = std::vector<std::shared_ptr<const CertificateCompressor>>;

std::shared_ptr<const CertificateCompressor> builtin(Algorithm algorithm) {
  auto compressor = builtin_certificate_compressor(algorithm);
  EXPECT_NE(compressor, nullptr) << name_of(algorithm) << " is not built in";
  return compressor;
}

// A compressor whose output is whatever `produce` makes of the input, under
// `algorithm`'s code point: the peer decompresses it with the built-in one.
class ScriptedCompressor final : public CertificateCompressor {
 public:
  using Produce = std::function<Bytes(ByteView)>;
  ScriptedCompressor(Algorithm algorithm, Produce produce)
      : algorithm_(algorithm), produce_(std::move(produce)) {}
  Algorithm algorithm() const override { return algorithm_; }
  Result<Bytes> compress(ByteView message) const override {
    ++compressions;
    return produce_(message);
  }
  Result<Bytes> decompress(ByteView compressed, size_t length) const override {
    return builtin(algorithm_)->decompress(compressed, length);
  }
  mutable std::atomic<int> compressions{0};

 private:
  Algorithm algorithm_;
  Produce produce_;
};

// The built-in compressor's output for other bytes than it was given.
ScriptedCompressor::Produce compress_instead(Algorithm algorithm,
                                             std::function<Bytes(ByteView)> replace) {
  return [algorithm, replace](ByteView message) {
    return *builtin(algorithm)->compress(replace(message));
  };
}

std::shared_ptr<ClientConfig> client(const Compressors& compressors) {
  auto config = client_config(cached_pki(KeyKind::kP256));
  config->certificate_compressors = compressors;
  return config;
}
std::shared_ptr<ServerConfig> server(const Compressors& compressors) {
  auto config = server_config(cached_pki(KeyKind::kP256));
  config->certificate_compressors = compressors;
  return config;
}

// The client failed with `alert` and the server heard it.
void expect_client_refused(Pair& pair, AlertDescription alert, std::string_view message) {
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, alert) << pair.client().error()->to_string();
  EXPECT_NE(pair.client().error()->message.find(message), std::string::npos)
      << pair.client().error()->message;
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->kind, ErrorKind::kPeerAlert);
  EXPECT_EQ(pair.server().error()->alert, alert);
}

class EachAlgorithm : public ::testing::TestWithParam<Algorithm> {};

TEST_P(EachAlgorithm, ServerCertificateIsCompressed) {
  Pair pair(client({builtin(GetParam())}), server(builtin_certificate_compressors()));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done())
      << (pair.client().failed() ? pair.client().error()->message : std::string());
  EXPECT_EQ(pair.client().info().certificate_compression, GetParam());
  EXPECT_EQ(pair.server().info().certificate_compression, GetParam());
  EXPECT_EQ(pair.client().info().peer_certificates.size(), 2u);
  EXPECT_EQ(pair.client_to_server("over a compressed certificate"),
            "over a compressed certificate");
}

TEST_P(EachAlgorithm, ClientCertificateIsCompressed) {
  auto server_side = server({builtin(GetParam())});
  server_side->client_auth = ClientAuth::kRequired;
  server_side->client_trust_anchors = cached_pki(KeyKind::kP256).anchors;
  auto client_side = client(builtin_certificate_compressors());
  client_side->certificate = cached_pki(KeyKind::kP256).client;
  Pair pair(client_side, server_side);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done())
      << (pair.server().failed() ? pair.server().error()->message : std::string());
  EXPECT_EQ(pair.server().info().client_certificate_compression, GetParam());
  EXPECT_EQ(pair.client().info().client_certificate_compression, GetParam());
  EXPECT_FALSE(pair.server().info().peer_certificates.empty());
}

INSTANTIATE_TEST_SUITE_P(CertificateCompression, EachAlgorithm,
                         ::testing::Values(Algorithm::kZlib, Algorithm::kBrotli, Algorithm::kZstd),
                         [](const auto& info) { return std::string(name_of(info.param)); });

TEST(CertificateCompression, OnByDefaultWithBrotliFirst) {
  Pair pair(client_config(cached_pki(KeyKind::kP256)), server_config(cached_pki(KeyKind::kP256)));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().certificate_compression, Algorithm::kBrotli);
}

TEST(CertificateCompression, ServerPrefersItsOwnOrderAmongTheOffered) {
  Pair pair(
      client({builtin(Algorithm::kZlib), builtin(Algorithm::kBrotli)}),
      server({builtin(Algorithm::kZstd), builtin(Algorithm::kBrotli), builtin(Algorithm::kZlib)}));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().certificate_compression, Algorithm::kBrotli);
}

TEST(CertificateCompression, NoCommonAlgorithmSendsTheCertificateAsIs) {
  Pair pair(client({builtin(Algorithm::kZlib)}), server({builtin(Algorithm::kBrotli)}));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_FALSE(pair.client().info().certificate_compression.has_value());
  EXPECT_FALSE(pair.server().info().certificate_compression.has_value());
}

TEST(CertificateCompression, ClientOfferingNoneGetsItUncompressed) {
  Pair pair(client({}), server(builtin_certificate_compressors()));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_FALSE(pair.client().info().certificate_compression.has_value());
}

TEST(CertificateCompression, NotUsedInTls12) {
  auto client_side = client(builtin_certificate_compressors());
  client_side->versions = {ProtocolVersion::kTls12};
  Pair pair(client_side, server(builtin_certificate_compressors()));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().version, ProtocolVersion::kTls12);
  EXPECT_FALSE(pair.client().info().certificate_compression.has_value());
}

TEST(CertificateCompression, ServerCompressesEachCertificateOnce) {
  auto counting = std::make_shared<ScriptedCompressor>(
      Algorithm::kBrotli, [](ByteView m) { return *builtin(Algorithm::kBrotli)->compress(m); });
  // A fresh leaf, so that no other test's handshakes filled its cache.
  const TestPki& pki = cached_pki(KeyKind::kP256);
  auto server_side = server({counting});
  server_side->certificates = {issue_leaf(pki, KeyKind::kP256, "server.test")};
  auto client_side = client({builtin(Algorithm::kBrotli)});
  client_side->session_cache = nullptr;  // full handshakes only: each sends the certificate
  std::vector<std::thread> threads;
  std::atomic<int> done{0};
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&] {
      for (int j = 0; j < 2; ++j) {
        Pair pair(client_side, server_side);
        pair.pump();
        if (pair.handshake_done() &&
            pair.client().info().certificate_compression == Algorithm::kBrotli) {
          ++done;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(done.load(), 8);
  // Racing first handshakes may each compress; the rest use the cache.
  EXPECT_GE(counting->compressions.load(), 1);
  EXPECT_LE(counting->compressions.load(), 4);
  Pair later(client_side, server_side);
  const int before = counting->compressions.load();
  later.pump();
  ASSERT_TRUE(later.handshake_done());
  EXPECT_EQ(later.client().info().certificate_compression, Algorithm::kBrotli);
  EXPECT_EQ(counting->compressions.load(), before);
}

// --- malformed CompressedCertificates, seen by the client -------------------

void expect_refused_by_client(std::shared_ptr<const CertificateCompressor> lying,
                              AlertDescription alert, std::string_view message,
                              size_t client_limit = 64 * 1024) {
  auto client_side = client({builtin(lying->algorithm())});
  client_side->max_handshake_message_size = client_limit;
  Pair pair(client_side, server({std::move(lying)}));
  pair.pump();
  expect_client_refused(pair, alert, message);
}

TEST(CertificateCompression, TruncatedBrotliIsBadCertificate) {
  expect_refused_by_client(
      std::make_shared<ScriptedCompressor>(Algorithm::kBrotli,
                                           [](ByteView m) {
                                             Bytes out = *builtin(Algorithm::kBrotli)->compress(m);
                                             out.resize(out.size() / 2);
                                             return out;
                                           }),
      AlertDescription::kBadCertificate, "does not decompress");
}

TEST(CertificateCompression, LongerThanDeclaredIsBadCertificate) {
  expect_refused_by_client(std::make_shared<ScriptedCompressor>(
                               Algorithm::kZlib, compress_instead(Algorithm::kZlib,
                                                                  [](ByteView m) {
                                                                    Bytes more(m.begin(), m.end());
                                                                    more.push_back(0);
                                                                    return more;
                                                                  })),
                           AlertDescription::kBadCertificate, "does not decompress");
}

TEST(CertificateCompression, ShorterThanDeclaredIsBadCertificate) {
  expect_refused_by_client(
      std::make_shared<ScriptedCompressor>(
          Algorithm::kZstd,
          compress_instead(Algorithm::kZstd,
                           [](ByteView m) { return Bytes(m.begin(), m.end() - 1); })),
      AlertDescription::kBadCertificate, "does not decompress");
}

TEST(CertificateCompression, DecompressionBombIsBadCertificate) {
  // 16 MiB of zeros in a few KiB: decompressed only up to the declared
  // (real) length, then refused.
  expect_refused_by_client(
      std::make_shared<ScriptedCompressor>(
          Algorithm::kZlib,
          compress_instead(Algorithm::kZlib, [](ByteView) { return Bytes(16 << 20, 0); })),
      AlertDescription::kBadCertificate, "does not decompress");
}

TEST(CertificateCompression, UncompressedLengthOverTheLimitIsBadCertificate) {
  // A small compressed message standing for a Certificate larger than the
  // client accepts.
  expect_refused_by_client(
      std::make_shared<ScriptedCompressor>(
          Algorithm::kZlib, [](ByteView m) { return Bytes(m.begin(), m.begin() + 8); }),
      AlertDescription::kBadCertificate, "exceeds the limit", 256);
}

// Claims the offered algorithm until it has compressed, then another: its
// CompressedCertificate names an algorithm the client did not offer.
class RenamingCompressor final : public CertificateCompressor {
 public:
  Algorithm algorithm() const override {
    return compressed_ ? static_cast<Algorithm>(0xff07) : Algorithm::kZlib;
  }
  Result<Bytes> compress(ByteView message) const override {
    compressed_ = true;
    return builtin(Algorithm::kZlib)->compress(message);
  }
  Result<Bytes> decompress(ByteView, size_t) const override { return internal_error("unused"); }

 private:
  mutable std::atomic<bool> compressed_{false};
};

TEST(CertificateCompression, AlgorithmNotOfferedIsIllegalParameter) {
  Pair pair(client({builtin(Algorithm::kZlib)}), server({std::make_shared<RenamingCompressor>()}));
  pair.pump();
  expect_client_refused(pair, AlertDescription::kIllegalParameter, "did not offer: 0xff07");
}

TEST(CertificateCompression, MalformedClientCertificateIsBadCertificateAtTheServer) {
  auto server_side = server({builtin(Algorithm::kZstd)});
  server_side->client_auth = ClientAuth::kRequired;
  server_side->client_trust_anchors = cached_pki(KeyKind::kP256).anchors;
  auto client_side = client({std::make_shared<ScriptedCompressor>(Algorithm::kZstd, [](ByteView) {
    return Bytes{1, 2, 3, 4};
  })});
  client_side->certificate = cached_pki(KeyKind::kP256).client;
  Pair pair(client_side, server_side);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kBadCertificate);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kBadCertificate);
}

// --- the built-in compressors themselves ------------------------------------

class BuiltinCompressor : public ::testing::TestWithParam<Algorithm> {};

TEST_P(BuiltinCompressor, RoundTripsAndRefusesOtherLengths) {
  auto compressor = builtin(GetParam());
  Bytes message(3000);
  for (size_t i = 0; i < message.size(); ++i) message[i] = static_cast<uint8_t>(i % 7 * 31);
  auto compressed = compressor->compress(message);
  ASSERT_TRUE(compressed.ok());
  EXPECT_LT(compressed->size(), message.size());
  auto back = compressor->decompress(*compressed, message.size());
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, message);
  EXPECT_FALSE(compressor->decompress(*compressed, message.size() - 1).ok());
  EXPECT_FALSE(compressor->decompress(*compressed, message.size() + 1).ok());
  EXPECT_FALSE(compressor->decompress(Bytes{0xde, 0xad, 0xbe, 0xef}, 100).ok());
}

TEST_P(BuiltinCompressor, BombStopsAtTheDeclaredLength) {
  auto compressor = builtin(GetParam());
  auto bomb = compressor->compress(Bytes(4 << 20, 0));  // 4 MiB of zeros
  ASSERT_TRUE(bomb.ok());
  EXPECT_LT(bomb->size(), 1u << 20);
  EXPECT_FALSE(compressor->decompress(*bomb, 4096).ok());
}

INSTANTIATE_TEST_SUITE_P(CertificateCompression, BuiltinCompressor,
                         ::testing::Values(Algorithm::kZlib, Algorithm::kBrotli, Algorithm::kZstd),
                         [](const auto& info) { return std::string(name_of(info.param)); });

}  // namespace
}  // namespace parley::testing

namespace parley::testing {
namespace {

// RFC 8879 3: TLS 1.3 only. A TLS 1.2 server's Certificate swapped for a
// CompressedCertificate (the client offered compression for TLS 1.3) is a
// message TLS 1.2 does not have.
TEST(CertificateCompression, CompressedCertificateInTls12IsUnexpectedMessage) {
  auto server_side = server(builtin_certificate_compressors());
  server_side->versions = {ProtocolVersion::kTls12};
  Tls12Link link(client(builtin_certificate_compressors()), server_side);
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, codec::HandshakeType::kCertificate);
    if (index < 0) return;
    const ByteView body = message_body(records[static_cast<size_t>(index)]);
    codec::CompressedCertificate compressed{static_cast<uint16_t>(Algorithm::kZlib),
                                            static_cast<uint32_t>(body.size()),
                                            *builtin(Algorithm::kZlib)->compress(body)};
    records[static_cast<size_t>(index)] = handshake_record(compressed);
  };
  link.pump();
  ASSERT_TRUE(link.client().failed());
  EXPECT_EQ(link.client().error()->alert, AlertDescription::kUnexpectedMessage)
      << link.client().error()->message;
}

}  // namespace
}  // namespace parley::testing

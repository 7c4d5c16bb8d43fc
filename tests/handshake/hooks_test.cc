// The hooks of include/parley/hooks.h in memory, both versions: a Signer
// answering from another thread (server and client certificates, TLS 1.2
// static RSA decryption), failing Signers, late and repeated completions,
// certificate resolvers, and a verifier pinning an SPKI on top of the
// built-in one.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <map>
#include <thread>

#include "common/bytes.h"
#include "connection_pair.h"
#include "io/delayed_signer.h"
#include "x509/public_certificate.h"

namespace parley::testing {
namespace {

using namespace std::chrono_literals;
using test::DelayedSigner;
using test::ParkingSigner;
using test::with_signer;

// Waits (boundedly) for `connection`'s pending private-key operation and
// picks up its result.
void settle(Connection& connection) {
  const auto deadline = std::chrono::steady_clock::now() + 10s;
  while (connection.wants_private_key_operation() && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(1ms);
    (void)connection.poll_private_key_operation();
  }
}

// Moves bytes both ways, settling pending operations, keeping what a
// suspended connection did not take; counts the suspensions seen.
struct AsyncPump {
  std::vector<uint8_t> to_server, to_client;
  int suspensions = 0;

  bool move(Connection& from, Connection& to, std::vector<uint8_t>& queue) {
    auto pending = from.pending_tls();
    queue.insert(queue.end(), pending.begin(), pending.end());
    from.consume_tls(pending.size());
    if (queue.empty() || to.failed()) return false;
    auto taken = to.receive_tls(queue);
    const size_t n = taken.ok() ? *taken : queue.size();
    queue.erase(queue.begin(), queue.begin() + static_cast<std::ptrdiff_t>(n));
    return n > 0;
  }
  void run(Connection& client, Connection& server) {
    for (int round = 0; round < 64; ++round) {
      for (Connection* side : {&client, &server}) {
        if (side->wants_private_key_operation()) ++suspensions;
        settle(*side);
      }
      // Both directions every round: no short circuit.
      const bool sent_to_server = move(client, server, to_server);
      const bool sent_to_client = move(server, client, to_client);
      const bool moved = sent_to_server || sent_to_client;
      if (!moved && !client.wants_private_key_operation() &&
          !server.wants_private_key_operation() && client.pending_tls().empty() &&
          server.pending_tls().empty()) {
        return;
      }
    }
    ADD_FAILURE() << "connections kept talking for 64 rounds";
  }
};

class Hooks : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  static const TestPki& pki() { return cached_pki(KeyKind::kP256); }
  std::shared_ptr<ClientConfig> client() const {
    auto config = client_config(pki());
    config->versions = {GetParam()};
    return config;
  }
  // A server whose key is behind `signer`.
  static std::shared_ptr<ServerConfig> server_signing_with(std::shared_ptr<const Signer> signer) {
    auto config = server_config(pki());
    config->certificates = {with_signer(*pki().server, std::move(signer))};
    return config;
  }
  // Runs `pair` until its server waits on `signer`; the completion it got.
  static std::optional<PrivateKeyCompletion> park(Pair& pair, const ParkingSigner& signer) {
    pair.pump();
    EXPECT_TRUE(pair.server().wants_private_key_operation());
    EXPECT_TRUE(pair.server().is_handshaking());
    return signer.last();
  }
};

TEST_P(Hooks, ServerSignerCompletingOnAnotherThread) {
  auto signer = std::make_shared<DelayedSigner>(pki().server->signer(), 20ms);
  Pair pair(client(), server_signing_with(signer));
  std::atomic<int> wakeups{0};
  pair.server().set_private_key_wakeup([&wakeups] { ++wakeups; });
  AsyncPump pump;
  pump.run(pair.client(), pair.server());
  ASSERT_TRUE(pair.handshake_done())
      << (pair.server().failed() ? pair.server().error()->to_string() : "");
  EXPECT_EQ(pair.client().info().version, GetParam());
  EXPECT_EQ(signer->calls(), 1);
  EXPECT_GE(pump.suspensions, 1);
  EXPECT_EQ(wakeups, 1);
  EXPECT_EQ(pair.client_to_server("ping"), "ping");
  EXPECT_EQ(pair.server_to_client("pong"), "pong");
}

TEST_P(Hooks, ClientCertificateSignerCompletingOnAnotherThread) {
  auto signer = std::make_shared<DelayedSigner>(pki().client->signer(), 20ms);
  auto client_side = client();
  client_side->certificate = with_signer(*pki().client, signer);
  auto server = server_config(pki());
  server->client_auth = ClientAuth::kRequired;
  Pair pair(client_side, server);
  AsyncPump pump;
  pump.run(pair.client(), pair.server());
  ASSERT_TRUE(pair.handshake_done())
      << (pair.client().failed() ? pair.client().error()->to_string() : "");
  EXPECT_EQ(signer->calls(), 1);
  EXPECT_GE(pump.suspensions, 1);
  ASSERT_FALSE(pair.server().info().peer_certificates.empty());
  EXPECT_EQ(pair.server().info().peer_certificates.front(), pki().client->chain().front());
  EXPECT_EQ(pair.client_to_server("ping"), "ping");
}

TEST_P(Hooks, BothSidesAsynchronousAtOnce) {
  auto server_signer = std::make_shared<DelayedSigner>(pki().server->signer(), 10ms);
  auto client_signer = std::make_shared<DelayedSigner>(pki().client->signer(), 10ms);
  auto client_side = client();
  client_side->certificate = with_signer(*pki().client, client_signer);
  auto server = server_config(pki());
  server->certificates = {with_signer(*pki().server, server_signer)};
  server->client_auth = ClientAuth::kRequired;
  Pair pair(client_side, server);
  AsyncPump pump;
  pump.run(pair.client(), pair.server());
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(server_signer->calls(), 1);
  EXPECT_EQ(client_signer->calls(), 1);
}

TEST_P(Hooks, FailingSignerWithoutAlertIsInternalError) {
  Error failure;
  failure.kind = ErrorKind::kInternal;
  failure.message = "the HSM is unreachable";
  auto signer = std::make_shared<DelayedSigner>(pki().server->signer(), 5ms, failure);
  Pair pair(client(), server_signing_with(signer));
  AsyncPump pump;
  pump.run(pair.client(), pair.server());
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kInternalError);
  EXPECT_NE(pair.server().error()->message.find("the HSM is unreachable"), std::string::npos);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->kind, ErrorKind::kPeerAlert);
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kInternalError);
}

TEST_P(Hooks, FailingClientSignerSendsItsChosenAlert) {
  auto signer = std::make_shared<DelayedSigner>(
      pki().client->signer(), 5ms,
      make_error(ErrorKind::kInternal, AlertDescription::kAccessDenied, "token removed"));
  auto client_side = client();
  client_side->certificate = with_signer(*pki().client, signer);
  auto server = server_config(pki());
  server->client_auth = ClientAuth::kRequired;
  Pair pair(client_side, server);
  AsyncPump pump;
  pump.run(pair.client(), pair.server());
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kAccessDenied);
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kAccessDenied);
}

TEST_P(Hooks, SecondCompletionIsRefused) {
  auto signer = std::make_shared<ParkingSigner>();
  Pair pair(client(), server_signing_with(signer));
  auto completion = park(pair, *signer);
  ASSERT_TRUE(completion.has_value());
  // Nothing to pick up yet: polling is harmless.
  EXPECT_TRUE(pair.server().poll_private_key_operation().ok());
  EXPECT_TRUE(pair.server().wants_private_key_operation());

  // A signature that cannot verify: the client must refuse it.
  EXPECT_TRUE(completion->complete(std::vector<uint8_t>(64, 0x5a)));
  EXPECT_FALSE(completion->complete(std::vector<uint8_t>(64, 0x5a)));
  EXPECT_TRUE(pair.server().poll_private_key_operation().ok());
  EXPECT_FALSE(pair.server().wants_private_key_operation());
  pair.pump();
  ASSERT_TRUE(pair.client().failed());
  // RFC 8446 4.4.3, RFC 5246 7.4.3: a signature that does not verify.
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kDecryptError);
}

TEST_P(Hooks, CompletionAfterTheConnectionIsGoneIsRefused) {
  auto signer = std::make_shared<ParkingSigner>();
  std::optional<PrivateKeyCompletion> completion;
  {
    Pair pair(client(), server_signing_with(signer));
    completion = park(pair, *signer);
  }
  ASSERT_TRUE(completion.has_value());
  EXPECT_FALSE(completion->complete(std::vector<uint8_t>(64, 1)));
}

// RFC 5246 7.4.7.1 through a Signer: the decrypted premaster, and on a
// failure a random one (the handshake then fails at Finished, not with the
// decrypter's error).
class KeyDecrypter final : public Signer {
 public:
  KeyDecrypter(std::shared_ptr<const CertifiedKey> key, bool broken)
      : key_(std::move(key)), broken_(broken) {}
  PrivateKeyResult sign(const SignRequest& request,
                        const PrivateKeyCompletion& completion) const override {
    return key_->signer()->sign(request, completion);
  }
  PrivateKeyResult decrypt(std::span<const uint8_t> ciphertext,
                           const PrivateKeyCompletion& /*completion*/) const override {
    if (broken_) return Result<std::vector<uint8_t>>(decode_error("bad PKCS#1 padding"));
    auto premaster = x509::private_key(*key_).rsa_decrypt_premaster(ciphertext, 0x0303);
    if (!premaster.ok()) return Result<std::vector<uint8_t>>(premaster.error());
    return Result<std::vector<uint8_t>>(
        std::vector<uint8_t>(premaster->view().begin(), premaster->view().end()));
  }
  bool can_decrypt() const override { return true; }

 private:
  std::shared_ptr<const CertifiedKey> key_;
  bool broken_;
};

struct StaticRsa {
  std::shared_ptr<ClientConfig> client;
  std::shared_ptr<ServerConfig> server;
  std::shared_ptr<DelayedSigner> signer;
};
StaticRsa static_rsa(bool broken) {
  const TestPki& rsa = cached_pki(KeyKind::kRsa2048);
  StaticRsa out;
  out.signer =
      std::make_shared<DelayedSigner>(std::make_shared<KeyDecrypter>(rsa.server, broken), 10ms);
  out.client = client_config(rsa);
  out.client->versions = {ProtocolVersion::kTls12};
  out.client->cipher_suites = {CipherSuite::kTlsRsaWithAes128GcmSha256};
  out.server = server_config(rsa);
  out.server->cipher_suites = out.client->cipher_suites;
  out.server->certificates = {with_signer(*rsa.server, out.signer)};
  return out;
}

TEST(HooksTls12, StaticRsaDecryptionCompletingOnAnotherThread) {
  StaticRsa rsa = static_rsa(/*broken=*/false);
  Pair pair(rsa.client, rsa.server);
  AsyncPump pump;
  pump.run(pair.client(), pair.server());
  ASSERT_TRUE(pair.handshake_done())
      << (pair.server().failed() ? pair.server().error()->to_string() : "");
  EXPECT_EQ(pair.server().info().cipher_suite, CipherSuite::kTlsRsaWithAes128GcmSha256);
  EXPECT_EQ(rsa.signer->calls(), 1);
  EXPECT_GE(pump.suspensions, 1);
  EXPECT_EQ(pair.client_to_server("ping"), "ping");
}

TEST(HooksTls12, FailedDecryptionContinuesWithARandomPremaster) {
  StaticRsa rsa = static_rsa(/*broken=*/true);
  Pair pair(rsa.client, rsa.server);
  AsyncPump pump;
  pump.run(pair.client(), pair.server());
  ASSERT_TRUE(pair.server().failed());
  // The client's Finished does not open under the random premaster's keys:
  // the failure looks like any wrong key, never like the decrypter's error.
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kBadRecordMac);
  EXPECT_EQ(pair.server().error()->message.find("padding"), std::string::npos);
}

// Picks the leaf whose name is the SNI; refuses unknown names.
class SniResolver final : public CertificateResolver {
 public:
  explicit SniResolver(std::map<std::string, std::shared_ptr<const CertifiedKey>> by_name)
      : by_name_(std::move(by_name)) {}
  Result<std::shared_ptr<const CertifiedKey>> resolve(const ClientHelloInfo& hello) const override {
    seen_ = hello;
    auto found = by_name_.find(hello.server_name);
    if (found == by_name_.end()) {
      return make_error(ErrorKind::kProtocol, AlertDescription::kUnrecognizedName,
                        "no certificate for '" + hello.server_name + "'");
    }
    return found->second;
  }
  mutable ClientHelloInfo seen_;

 private:
  std::map<std::string, std::shared_ptr<const CertifiedKey>> by_name_;
};

TEST_P(Hooks, ResolverChoosesBySni) {
  auto a = issue_leaf(pki(), KeyKind::kP256, "a.test");
  auto b = issue_leaf(pki(), KeyKind::kP256, "b.test");
  auto resolver = std::make_shared<SniResolver>(
      std::map<std::string, std::shared_ptr<const CertifiedKey>>{{"a.test", a}, {"b.test", b}});
  auto server = server_config(pki());
  server->certificates.clear();
  server->certificate_resolver = resolver;
  auto client_side = client();
  client_side->alpn_protocols = {"h2"};
  Pair pair(client_side, server, "b.test");
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().peer_certificates.front(), b->chain().front());
  EXPECT_EQ(resolver->seen_.server_name, "b.test");
  EXPECT_EQ(resolver->seen_.version, GetParam());
  EXPECT_EQ(resolver->seen_.alpn_protocols, std::vector<std::string>{"h2"});
  EXPECT_FALSE(resolver->seen_.signature_schemes.empty());
  EXPECT_FALSE(resolver->seen_.groups.empty());
  EXPECT_FALSE(resolver->seen_.cipher_suites.empty());
}

TEST_P(Hooks, ResolverRefusesWithItsAlert) {
  auto server = server_config(pki());
  server->certificate_resolver =
      std::make_shared<SniResolver>(std::map<std::string, std::shared_ptr<const CertifiedKey>>{});
  Pair pair(client(), server);
  pair.pump();
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kUnrecognizedName);
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kUnrecognizedName);
}

// A resolver falling back to parley's own choice.
class FallbackResolver final : public CertificateResolver {
 public:
  explicit FallbackResolver(std::shared_ptr<const ServerConfig> config) : config_(config) {}
  Result<std::shared_ptr<const CertifiedKey>> resolve(const ClientHelloInfo& hello) const override {
    ++calls_;
    return default_certificate_choice(*config_, hello);
  }
  mutable int calls_ = 0;

 private:
  std::shared_ptr<const ServerConfig> config_;
};

TEST_P(Hooks, ResolverCallsTheBuiltInChoice) {
  auto rsa_leaf = issue_leaf(pki(), KeyKind::kRsa2048, "server.test");
  auto defaults = server_config(pki());
  defaults->certificates = {rsa_leaf, pki().server};
  auto client_side = client();
  client_side->signature_schemes = {SignatureScheme::kEcdsaSecp256r1Sha256};
  auto resolver = std::make_shared<FallbackResolver>(defaults);
  auto server = server_config(pki());
  server->certificates.clear();
  server->certificate_resolver = resolver;
  Pair pair(client_side, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  // The RSA leaf comes first but cannot serve an ECDSA-only client.
  EXPECT_EQ(pair.client().info().peer_certificates.front(), pki().server->chain().front());
  EXPECT_EQ(resolver->calls_, 1);
}

// Verifies as parley does, then requires the leaf's SPKI to be `pin`.
class PinningVerifier final : public CertificateVerifier {
 public:
  PinningVerifier(std::shared_ptr<const TrustAnchors> anchors, std::vector<uint8_t> pin)
      : webpki_(make_webpki_verifier(std::move(anchors))), pin_(std::move(pin)) {}
  Result<std::vector<std::vector<uint8_t>>> verify(
      const CertificateVerificationInput& input) const override {
    PARLEY_ASSIGN_OR_RETURN(auto path, webpki_->verify(input));
    PARLEY_ASSIGN_OR_RETURN(auto spki, subject_public_key_info(input.chain.front()));
    if (spki != pin_) {
      return make_error(ErrorKind::kCertificate, AlertDescription::kBadCertificate,
                        "the leaf's key is not the pinned one");
    }
    return path;
  }

 private:
  std::shared_ptr<const CertificateVerifier> webpki_;
  std::vector<uint8_t> pin_;
};

std::vector<uint8_t> spki_of(const CertifiedKey& key) {
  auto spki = subject_public_key_info(key.chain().front());
  EXPECT_TRUE(spki.ok());
  return spki.ok() ? *spki : std::vector<uint8_t>{};
}

TEST_P(Hooks, ClientPinAcceptedAndVerifiedChainExposed) {
  auto client_side = client();
  client_side->verifier = std::make_shared<PinningVerifier>(pki().anchors, spki_of(*pki().server));
  Pair pair(client_side, server_config(pki()));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  const auto& chain = pair.client().info().verified_chain;
  ASSERT_GE(chain.size(), 2u);
  EXPECT_EQ(chain.front(), pki().server->chain().front());
  EXPECT_EQ(chain.back(), pki().ca.der);
}

TEST_P(Hooks, ClientPinMismatchIsBadCertificate) {
  auto client_side = client();
  // Test leaves of one kind share a key: another kind's is another key.
  client_side->verifier =
      std::make_shared<PinningVerifier>(pki().anchors, spki_of(*cached_pki(KeyKind::kP384).server));
  Pair pair(client_side, server_config(pki()));
  pair.pump();
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kBadCertificate);
  EXPECT_EQ(pair.client().error()->kind, ErrorKind::kCertificate);
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, AlertDescription::kBadCertificate);
}

TEST_P(Hooks, ClientPinStillNeedsAValidChain) {
  const TestPki other = make_pki(KeyKind::kP256, "server.test", "an untrusted CA");
  auto client_side = client();
  // The pin matches, but the chain leads to no trusted anchor.
  client_side->verifier = std::make_shared<PinningVerifier>(pki().anchors, spki_of(*other.server));
  Pair pair(client_side, server_config(other));
  pair.pump();
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, AlertDescription::kUnknownCa);
}

TEST_P(Hooks, ServerPinOnClientCertificates) {
  for (bool match : {true, false}) {
    auto client_side = client();
    client_side->certificate = pki().client;
    auto server = server_config(pki());
    server->client_auth = ClientAuth::kRequired;
    server->client_trust_anchors = nullptr;
    server->client_verifier = std::make_shared<PinningVerifier>(
        pki().anchors, spki_of(match ? *pki().client : *cached_pki(KeyKind::kP384).server));
    Pair pair(client_side, server);
    pair.pump();
    if (match) {
      ASSERT_TRUE(pair.handshake_done());
      ASSERT_FALSE(pair.server().info().verified_chain.empty());
      EXPECT_EQ(pair.server().info().verified_chain.front(), pki().client->chain().front());
    } else {
      ASSERT_TRUE(pair.server().failed());
      EXPECT_EQ(pair.server().error()->alert, AlertDescription::kBadCertificate);
      ASSERT_TRUE(pair.client().failed());
      EXPECT_EQ(pair.client().error()->alert, AlertDescription::kBadCertificate);
    }
  }
}

TEST_P(Hooks, BuiltInVerifierFillsTheVerifiedChain) {
  Pair pair(client(), server_config(pki()));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  ASSERT_EQ(pair.client().info().verified_chain.size(), 2u);
  EXPECT_EQ(pair.client().info().verified_chain.back(), pki().ca.der);
}

INSTANTIATE_TEST_SUITE_P(Versions, Hooks,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace parley::testing

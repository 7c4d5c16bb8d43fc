// In-memory TLS 1.2 client <-> server handshakes: every suite x certificate
// type x client-auth mode, key exchange groups (ECDHE curves, RFC 7919 and
// custom DH groups), extended master secret, ALPN, version negotiation
// between TLS 1.2 and 1.3 with the downgrade sentinel, the key log and the
// trace of the whole flow.
#include <gtest/gtest.h>
#include <openssl/core_names.h>
#include <openssl/evp.h>

#include <functional>
#include <map>
#include <ostream>
#include <tuple>

#include "codec/enums.h"
#include "codec/hello.h"
#include "connection_pair.h"
#include "handshake/tls12_common.h"

namespace parley::testing {
namespace {

constexpr auto kTls12 = ProtocolVersion::kTls12;
constexpr auto kTls13 = ProtocolVersion::kTls13;

// The client certificate, by key kind, issued by the same CA as `pki`.
std::shared_ptr<const CertifiedKey> client_leaf(const TestPki& pki, KeyKind kind) {
  static std::map<std::pair<const TestPki*, KeyKind>, std::shared_ptr<const CertifiedKey>> cache;
  auto& slot = cache[{&pki, kind}];
  if (!slot) slot = issue_leaf(pki, kind, "client.test");
  return slot;
}

struct SuiteCase {
  CipherSuite suite;
  std::vector<KeyKind> certificates;
};

const std::vector<KeyKind> kEcdsaKeys = {KeyKind::kP256, KeyKind::kP384, KeyKind::kP521,
                                         KeyKind::kEd25519};
const std::vector<KeyKind> kRsaKeys = {KeyKind::kRsa2048};

const SuiteCase kSuites[] = {
    {CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256, kEcdsaKeys},
    {CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384, kEcdsaKeys},
    {CipherSuite::kTlsEcdheEcdsaWithChaCha20Poly1305Sha256, kEcdsaKeys},
    {CipherSuite::kTlsEcdheRsaWithAes128GcmSha256, kRsaKeys},
    {CipherSuite::kTlsEcdheRsaWithAes256GcmSha384, kRsaKeys},
    {CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256, kRsaKeys},
    {CipherSuite::kTlsDheRsaWithAes128GcmSha256, kRsaKeys},
    {CipherSuite::kTlsDheRsaWithAes256GcmSha384, kRsaKeys},
    {CipherSuite::kTlsDheRsaWithChaCha20Poly1305Sha256, kRsaKeys},
    {CipherSuite::kTlsRsaWithAes128GcmSha256, kRsaKeys},
    {CipherSuite::kTlsRsaWithAes256GcmSha384, kRsaKeys},
};

enum class AuthMode { kNone, kOptionalWithout, kRequiredEcdsa, kRequiredRsa };

std::string auth_name(AuthMode mode) {
  switch (mode) {
    case AuthMode::kNone:
      return "NoClientAuth";
    case AuthMode::kOptionalWithout:
      return "OptionalNoCert";
    case AuthMode::kRequiredEcdsa:
      return "RequiredEcdsa";
    case AuthMode::kRequiredRsa:
      return "RequiredRsa";
  }
  return "?";
}

std::string key_name(KeyKind kind) {
  switch (kind) {
    case KeyKind::kP256:
      return "P256";
    case KeyKind::kP384:
      return "P384";
    case KeyKind::kP521:
      return "P521";
    case KeyKind::kEd25519:
      return "Ed25519";
    case KeyKind::kRsa2048:
      return "Rsa2048";
    default:
      return "Other";
  }
}

// The scheme our server signs ServerKeyExchange with, given parley's default
// preference order (TLS 1.2 lets ECDSA schemes sign with any curve).
SignatureScheme expected_scheme(KeyKind kind) {
  switch (kind) {
    case KeyKind::kEd25519:
      return SignatureScheme::kEd25519;
    case KeyKind::kRsa2048:
      return SignatureScheme::kRsaPssRsaeSha256;
    default:
      return SignatureScheme::kEcdsaSecp256r1Sha256;
  }
}

using Adjust = std::function<void(ClientConfig&, ServerConfig&)>;

// A client offering only TLS 1.2 and a server, both trusting `pki`, with the
// configs as `adjust` leaves them.
Pair tls12_pair(const TestPki& pki, const Adjust& adjust = {}) {
  auto client = client_config(pki);
  client->versions = {kTls12};
  auto server = server_config(pki);
  if (adjust) adjust(*client, *server);
  return Pair(client, server);
}

// The same, after the handshake has run.
Pair tls12_handshake(const TestPki& pki, const Adjust& adjust = {}) {
  Pair pair = tls12_pair(pki, adjust);
  pair.pump();
  return pair;
}

// Both sides offer only `suite`.
Adjust only_suite(CipherSuite suite) {
  return [suite](ClientConfig& client, ServerConfig& server) {
    client.cipher_suites = {suite};
    server.cipher_suites = {suite};
  };
}

// The handshake failed on both sides with `alert`.
void expect_both_failed(const Pair& pair, AlertDescription alert) {
  ASSERT_TRUE(pair.server().failed());
  EXPECT_EQ(pair.server().error()->alert, alert) << pair.server().error()->to_string();
  ASSERT_TRUE(pair.client().failed());
  EXPECT_EQ(pair.client().error()->alert, alert) << pair.client().error()->to_string();
}

// Why the handshake stopped, for a failed ASSERT_TRUE(pair.handshake_done()).
std::string failure_of(const Pair& pair) {
  if (pair.client().failed()) return "client: " + pair.client().error()->to_string();
  if (pair.server().failed()) return "server: " + pair.server().error()->to_string();
  return "";
}

using MatrixParam = std::tuple<CipherSuite, KeyKind, AuthMode>;

std::vector<MatrixParam> matrix() {
  std::vector<MatrixParam> out;
  for (const SuiteCase& c : kSuites) {
    for (KeyKind key : c.certificates) {
      for (AuthMode mode : {AuthMode::kNone, AuthMode::kOptionalWithout, AuthMode::kRequiredEcdsa,
                            AuthMode::kRequiredRsa}) {
        out.emplace_back(c.suite, key, mode);
      }
    }
  }
  return out;
}

class Tls12Matrix : public ::testing::TestWithParam<MatrixParam> {};

TEST_P(Tls12Matrix, HandshakeAndDataBothWays) {
  const CipherSuite suite = std::get<0>(GetParam());
  const KeyKind key = std::get<1>(GetParam());
  const AuthMode mode = std::get<2>(GetParam());
  const bool client_certificate =
      mode == AuthMode::kRequiredEcdsa || mode == AuthMode::kRequiredRsa;
  const TestPki& pki = cached_pki(key);
  const handshake::CipherSuiteInfo* info = handshake::find_cipher_suite(suite);
  ASSERT_NE(info, nullptr);
  Pair pair = tls12_handshake(pki, [&](ClientConfig& client, ServerConfig& server) {
    only_suite(suite)(client, server);
    if (mode == AuthMode::kOptionalWithout) server.client_auth = ClientAuth::kOptional;
    if (client_certificate) {
      server.client_auth = ClientAuth::kRequired;
      client.certificate =
          client_leaf(pki, mode == AuthMode::kRequiredEcdsa ? KeyKind::kP256 : KeyKind::kRsa2048);
    }
  });
  ASSERT_FALSE(pair.client().failed()) << pair.client().error()->to_string();
  ASSERT_FALSE(pair.server().failed()) << pair.server().error()->to_string();
  ASSERT_TRUE(pair.handshake_done());
  for (const SessionInfo* s : {&pair.client().info(), &pair.server().info()}) {
    EXPECT_EQ(s->version, kTls12);
    EXPECT_EQ(s->cipher_suite, suite);
    EXPECT_TRUE(s->extended_master_secret);
    switch (info->key_exchange) {
      case handshake::KeyExchangeKind::kEcdhe:
        EXPECT_EQ(s->group, NamedGroup::kX25519);
        EXPECT_EQ(s->signature_scheme, expected_scheme(key));
        break;
      case handshake::KeyExchangeKind::kDhe:
        EXPECT_EQ(s->group, NamedGroup::kFfdhe2048);
        EXPECT_EQ(s->signature_scheme, expected_scheme(key));
        break;
      default:
        EXPECT_FALSE(s->group.has_value());
        EXPECT_FALSE(s->signature_scheme.has_value());
    }
  }
  EXPECT_EQ(pair.client().info().peer_certificate_subject, "CN=server.test");
  if (client_certificate) {
    EXPECT_EQ(pair.server().info().peer_certificate_subject, "CN=client.test");
  } else {
    EXPECT_TRUE(pair.server().info().peer_certificates.empty());
  }
  EXPECT_EQ(pair.client_to_server("ping"), "ping");
  EXPECT_EQ(pair.server_to_client("pong"), "pong");
  const std::string big(40000, 'x');  // several records
  EXPECT_EQ(pair.client_to_server(big), big);
}

INSTANTIATE_TEST_SUITE_P(AllSuitesCertsAuth, Tls12Matrix, ::testing::ValuesIn(matrix()),
                         [](const ::testing::TestParamInfo<MatrixParam>& p) {
                           std::string name(name_of(std::get<0>(p.param)));
                           std::erase(name, '_');
                           return name + "_" + key_name(std::get<1>(p.param)) + "_" +
                                  auth_name(std::get<2>(p.param));
                         });

// --- groups ----------------------------------------------------------------

class Tls12EcdheGroups : public ::testing::TestWithParam<NamedGroup> {};

TEST_P(Tls12EcdheGroups, ServerUsesTheClientsCurve) {
  const NamedGroup group = GetParam();
  // An RSA certificate: an ECDSA one would also have to be on the client's
  // curve (RFC 8422 5.1).
  Pair pair =
      tls12_handshake(cached_pki(KeyKind::kRsa2048), [group](ClientConfig& c, ServerConfig& s) {
        c.groups = {group};
        s.cipher_suites = {CipherSuite::kTlsEcdheRsaWithAes128GcmSha256};
      });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().group, group);
  EXPECT_EQ(pair.server().info().group, group);
  EXPECT_EQ(pair.client_to_server("curve"), "curve");
}

INSTANTIATE_TEST_SUITE_P(Curves, Tls12EcdheGroups,
                         ::testing::Values(NamedGroup::kX25519, NamedGroup::kSecp256r1,
                                           NamedGroup::kSecp384r1, NamedGroup::kSecp521r1));

// A DHE handshake (RSA certificate), the client naming `client_groups`;
// `adjust_server` may change the server's DH settings.
Pair dhe_handshake(std::vector<NamedGroup> client_groups,
                   const std::function<void(ServerConfig&)>& adjust_server = {}) {
  return tls12_handshake(cached_pki(KeyKind::kRsa2048), [&](ClientConfig& c, ServerConfig& s) {
    only_suite(CipherSuite::kTlsDheRsaWithAes128GcmSha256)(c, s);
    c.groups = client_groups;
    if (adjust_server) adjust_server(s);
  });
}

TEST(Tls12Dhe, Ffdhe3072WhenTheClientNamesOnlyIt) {
  Pair pair = dhe_handshake({NamedGroup::kX25519, NamedGroup::kFfdhe3072});
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().group, NamedGroup::kFfdhe3072);
  EXPECT_EQ(pair.client_to_server("3072"), "3072");
}

TEST(Tls12Dhe, ServerConfiguredGroupForAClientNamingNoFfdheGroup) {
  Pair pair = dhe_handshake({NamedGroup::kX25519},  // no ffdhe group named
                            [](ServerConfig& s) { s.dh_group = NamedGroup::kFfdhe3072; });
  ASSERT_TRUE(pair.handshake_done());
  // The client recognises the RFC 7919 parameters.
  EXPECT_EQ(pair.client().info().group, NamedGroup::kFfdhe3072);
  EXPECT_EQ(pair.server().info().group, NamedGroup::kFfdhe3072);
}

TEST(Tls12Dhe, CustomServerParameters) {
  Pair pair = dhe_handshake({NamedGroup::kX25519}, [](ServerConfig& s) {
    // RFC 3526 group 14 (2048-bit MODP): a well-known safe prime that is not
    // an RFC 7919 group.
    s.dh_prime = from_hex(
        "FFFFFFFFFFFFFFFFC90FDAA22168C234C4C6628B80DC1CD129024E088A67CC74020BBEA63B139B22514A0879"
        "8E3404DDEF9519B3CD3A431B302B0A6DF25F14374FE1356D6D51C245E485B576625E7EC6F44C42E9A637ED6B"
        "0BFF5CB6F406B7EDEE386BFB5A899FA5AE9F24117C4B1FE649286651ECE45B3DC2007CB8A163BF0598DA4836"
        "1C55D39A69163FA8FD24CF5F83655D23DCA3AD961C62F356208552BB9ED529077096966D670C354E4ABC9804"
        "F1746C08CA18217C32905E462E36CE3BE39E772C180E86039B2783A2EC07A28FB5C55DF06F4C52C9DE2BCBF6"
        "955817183995497CEA956AE515D2261898FA051015728E5A8AACAA68FFFFFFFFFFFFFFFF");
    s.dh_generator = {2};
  });
  ASSERT_TRUE(pair.handshake_done()) << failure_of(pair);
  EXPECT_FALSE(pair.client().info().group.has_value());
  EXPECT_FALSE(pair.server().info().group.has_value());
  EXPECT_EQ(pair.client_to_server("modp"), "modp");
}

TEST(Tls12Dhe, ClientNamingOnlyUnknownFfdheGroupsGetsNoDheSuite) {
  // RFC 7919 4: a client that names ffdhe groups, none of them ours, must
  // not get a DHE suite; with nothing else in common that is a failure.
  Pair pair = dhe_handshake({NamedGroup::kFfdhe3072}, [](ServerConfig& s) {
    s.groups = {NamedGroup::kX25519, NamedGroup::kFfdhe2048};
  });
  expect_both_failed(pair, AlertDescription::kHandshakeFailure);
}

// p of libcrypto's own copy of a named group, big-endian.
Bytes libcrypto_prime(const char* name) {
  EVP_PKEY_CTX* ctx = EVP_PKEY_CTX_new_from_name(nullptr, "DH", nullptr);
  EVP_PKEY* params = nullptr;
  BIGNUM* p = nullptr;
  Bytes out;
  if (ctx != nullptr && EVP_PKEY_paramgen_init(ctx) == 1 &&
      EVP_PKEY_CTX_set_group_name(ctx, name) == 1 && EVP_PKEY_paramgen(ctx, &params) == 1 &&
      EVP_PKEY_get_bn_param(params, OSSL_PKEY_PARAM_FFC_P, &p) == 1) {
    out.resize(static_cast<size_t>(BN_num_bytes(p)));
    BN_bn2bin(p, out.data());
  }
  BN_free(p);
  EVP_PKEY_free(params);
  EVP_PKEY_CTX_free(ctx);
  return out;
}

TEST(Tls12Dhe, Rfc7919ParametersMatchLibcrypto) {
  // The constants are RFC 7919's (libcrypto is the oracle); recognising them
  // is what lets a client report the group and use named-group key
  // generation.
  for (auto [group, name] : {std::pair{NamedGroup::kFfdhe2048, "ffdhe2048"},
                             std::pair{NamedGroup::kFfdhe3072, "ffdhe3072"}}) {
    const handshake::FfdheParameters* parameters = handshake::ffdhe_parameters(group);
    ASSERT_NE(parameters, nullptr);
    EXPECT_EQ(parameters->p, libcrypto_prime(name));
    EXPECT_EQ(parameters->g, Bytes{2});
    EXPECT_EQ(handshake::ffdhe_group_of(parameters->p, parameters->g), group);
    Bytes padded = parameters->p;
    padded.insert(padded.begin(), 0);
    EXPECT_EQ(handshake::ffdhe_group_of(padded, parameters->g), group);
    Bytes other = parameters->p;
    other[100] ^= 1;
    EXPECT_FALSE(handshake::ffdhe_group_of(other, parameters->g).has_value());
    EXPECT_FALSE(handshake::ffdhe_group_of(parameters->p, Bytes{5}).has_value());
  }
  EXPECT_EQ(handshake::ffdhe_parameters(NamedGroup::kX25519), nullptr);
}

// --- extended master secret, suites, ALPN -----------------------------------

TEST(Tls12Handshake, StaticRsaAndDheSuitesAreOffByDefault) {
  Pair pair = tls12_handshake(cached_pki(KeyKind::kRsa2048), [](ClientConfig& c, ServerConfig&) {
    c.cipher_suites = {CipherSuite::kTlsRsaWithAes128GcmSha256,
                       CipherSuite::kTlsDheRsaWithAes128GcmSha256};
  });  // server defaults
  expect_both_failed(pair, AlertDescription::kHandshakeFailure);
}

TEST(Tls12Handshake, ServerPrefersItsOwnSuiteOrder) {
  Pair pair = tls12_handshake(cached_pki(KeyKind::kRsa2048), [](ClientConfig& c, ServerConfig& s) {
    c.cipher_suites = {CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256,
                       CipherSuite::kTlsEcdheRsaWithAes256GcmSha384};
    s.cipher_suites = {CipherSuite::kTlsEcdheRsaWithAes256GcmSha384,
                       CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256};
  });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().cipher_suite, CipherSuite::kTlsEcdheRsaWithAes256GcmSha384);
}

TEST(Tls12Handshake, ServerSkipsSuitesNoCertificateServes) {
  // An ECDSA certificate cannot serve ECDHE_RSA: the server moves on to the
  // next suite the client offers.
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256), [](ClientConfig& c, ServerConfig&) {
    c.cipher_suites = {CipherSuite::kTlsEcdheRsaWithAes128GcmSha256,
                       CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256};
  });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().cipher_suite, CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256);
}

TEST(Tls12Handshake, ServerPicksTheCertificateThatFitsTheSuite) {
  TestPki pki = make_pki(KeyKind::kP256, "server.test");
  auto rsa = issue_leaf(pki, KeyKind::kRsa2048, "server.test");
  Pair pair = tls12_handshake(pki, [&](ClientConfig& c, ServerConfig& s) {
    only_suite(CipherSuite::kTlsRsaWithAes128GcmSha256)(c, s);
    s.certificates = {pki.server, rsa};
  });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().cipher_suite, CipherSuite::kTlsRsaWithAes128GcmSha256);
  EXPECT_EQ(pair.client().info().peer_certificates.front(), rsa->chain().front());
}

TEST(Tls12Handshake, ClientAuthOptionalWithCertificate) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Pair pair = tls12_handshake(pki, [&](ClientConfig& c, ServerConfig& s) {
    c.certificate = pki.client;
    s.client_auth = ClientAuth::kOptional;
  });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.server().info().peer_certificate_subject, "CN=client.test");
}

TEST(Tls12Handshake, ClientAuthRequiredWithoutCertificateIsHandshakeFailure) {
  // RFC 5246 7.4.6 (certificate_required exists only in TLS 1.3).
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256), [](ClientConfig&, ServerConfig& s) {
    s.client_auth = ClientAuth::kRequired;
  });
  expect_both_failed(pair, AlertDescription::kHandshakeFailure);
}

TEST(Tls12Handshake, ClientWithoutAFittingCertificateSendsNone) {
  // The server asks for RSA-PSS signatures only; the client's P-256
  // certificate cannot make one, so it sends an empty Certificate and
  // optional client authentication goes on without it.
  const TestPki& pki = cached_pki(KeyKind::kRsa2048);
  Pair pair = tls12_handshake(pki, [&](ClientConfig& c, ServerConfig& s) {
    c.certificate = client_leaf(pki, KeyKind::kP256);
    s.client_auth = ClientAuth::kOptional;
    s.signature_schemes = {SignatureScheme::kRsaPssRsaeSha256};
  });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_TRUE(pair.server().info().peer_certificates.empty());
}

TEST(Tls12Handshake, RequireExtendedMasterSecretBothSides) {
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256), [](ClientConfig& c, ServerConfig& s) {
    c.require_extended_master_secret = true;
    s.require_extended_master_secret = true;
  });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_TRUE(pair.client().info().extended_master_secret);
}

TEST(Tls12Handshake, KeyUpdateIsRefusedWithoutClosing) {
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256));
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_FALSE(pair.client().update_keys(false).ok());
  EXPECT_FALSE(pair.client().failed());
  EXPECT_EQ(pair.client_to_server("still open"), "still open");
}

// --- version negotiation -----------------------------------------------------

// The versions each side enables.
Adjust versions(std::vector<ProtocolVersion> client, std::vector<ProtocolVersion> server) {
  return [client, server](ClientConfig& c, ServerConfig& s) {
    c.versions = client;
    s.versions = server;
  };
}

struct VersionCase {
  std::vector<ProtocolVersion> client;
  std::vector<ProtocolVersion> server;
  ProtocolVersion expected;
};

// "1312" for {TLS 1.3, TLS 1.2}.
std::string version_list(const std::vector<ProtocolVersion>& versions) {
  std::string out;
  for (ProtocolVersion v : versions) out += v == kTls13 ? "13" : v == kTls12 ? "12" : "?";
  return out;
}

void PrintTo(const VersionCase& c, std::ostream* out) {
  *out << "client " << version_list(c.client) << ", server " << version_list(c.server);
}

class VersionNegotiation : public ::testing::TestWithParam<VersionCase> {};

TEST_P(VersionNegotiation, BothSidesAgree) {
  const VersionCase& c = GetParam();
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256), versions(c.client, c.server));
  ASSERT_TRUE(pair.handshake_done()) << failure_of(pair);
  EXPECT_EQ(pair.client().info().version, c.expected);
  EXPECT_EQ(pair.server().info().version, c.expected);
  EXPECT_EQ(pair.client_to_server("v"), "v");
}

INSTANTIATE_TEST_SUITE_P(Cases, VersionNegotiation,
                         ::testing::Values(VersionCase{{kTls13, kTls12}, {kTls13, kTls12}, kTls13},
                                           VersionCase{{kTls12, kTls13}, {kTls12}, kTls12},
                                           VersionCase{{kTls13, kTls12}, {kTls12}, kTls12},
                                           VersionCase{{kTls12}, {kTls13, kTls12}, kTls12},
                                           VersionCase{{kTls12}, {kTls12}, kTls12},
                                           VersionCase{{kTls13}, {kTls13, kTls12}, kTls13}),
                         [](const ::testing::TestParamInfo<VersionCase>& p) {
                           return "Client" + version_list(p.param.client) + "Server" +
                                  version_list(p.param.server);
                         });

TEST(Tls12Versions, ClientOnlyTls13AgainstServerOnlyTls12IsProtocolVersion) {
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256), versions({kTls13}, {kTls12}));
  expect_both_failed(pair, AlertDescription::kProtocolVersion);
}

// Offset of ServerHello.random in the server's first record: record header,
// handshake header, legacy_version.
constexpr size_t kServerRandomOffset = 5 + 4 + 2;

// Runs the handshake, `tamper` (if set) changing the server's first flight on
// its way; returns the downgrade sentinel in the ServerHello.random the client
// received.
codec::DowngradeSentinel sentinel_sent(
    Pair& pair, const std::function<void(std::vector<uint8_t>&)>& tamper = {}) {
  std::vector<uint8_t> first_flight;
  pair.pump([&](std::vector<uint8_t>& chunk) {
    if (!first_flight.empty()) return;
    if (tamper) tamper(chunk);
    first_flight = chunk;
  });
  codec::Random random{};
  EXPECT_GT(first_flight.size(), kServerRandomOffset + random.size());
  if (first_flight.size() < kServerRandomOffset + random.size()) return {};
  std::copy_n(first_flight.begin() + kServerRandomOffset, random.size(), random.begin());
  return codec::downgrade_sentinel(random);
}

TEST(Tls12Versions, ServerSupportingTls13MarksATls12ServerHello) {
  Pair pair = tls12_pair(cached_pki(KeyKind::kP256));  // server: 1.3 and 1.2
  const codec::DowngradeSentinel sentinel = sentinel_sent(pair);
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(sentinel, codec::DowngradeSentinel::kTls12);
}

TEST(Tls12Versions, Tls12OnlyServerDoesNotMarkItsRandom) {
  Pair pair = tls12_pair(cached_pki(KeyKind::kP256), versions({kTls13, kTls12}, {kTls12}));
  const codec::DowngradeSentinel sentinel = sentinel_sent(pair);
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(sentinel, codec::DowngradeSentinel::kNone);
}

TEST(Tls12Versions, ClientOfferingTls13RejectsADowngradeSentinel) {
  // RFC 8446 4.1.3: an attacker who strips TLS 1.3 from the ClientHello of a
  // client and server that both support it gets a TLS 1.2 ServerHello whose
  // random says so. Here a 1.2-only server's random is overwritten with the
  // sentinel in transit.
  Pair pair = tls12_pair(cached_pki(KeyKind::kP256), versions({kTls13, kTls12}, {kTls12}));
  EXPECT_EQ(sentinel_sent(pair,
                          [](std::vector<uint8_t>& chunk) {
                            std::copy(codec::kDowngradeTls12Sentinel.begin(),
                                      codec::kDowngradeTls12Sentinel.end(),
                                      chunk.begin() + kServerRandomOffset + 24);
                          }),
            codec::DowngradeSentinel::kTls12);
  expect_both_failed(pair, AlertDescription::kIllegalParameter);
}

TEST(Tls12Versions, Tls12OnlyClientAcceptsTheSentinel) {
  // A client that does not support TLS 1.3 has nothing to be downgraded from.
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256));  // server: 1.3 and 1.2
  ASSERT_TRUE(pair.handshake_done());
}

// --- key log and trace ---------------------------------------------------------

TEST(Tls12Handshake, KeyLogHasClientRandomAndMasterSecret) {
  std::vector<std::tuple<std::string, Bytes, Bytes>> client_lines, server_lines;
  auto logger = [](auto& lines) {
    return [&lines](std::string_view label, std::span<const uint8_t> random,
                    std::span<const uint8_t> secret) {
      lines.emplace_back(std::string(label), Bytes(random.begin(), random.end()),
                         Bytes(secret.begin(), secret.end()));
    };
  };
  Pair pair = tls12_handshake(cached_pki(KeyKind::kP256), [&](ClientConfig& c, ServerConfig& s) {
    c.key_log = logger(client_lines);
    s.key_log = logger(server_lines);
  });
  ASSERT_TRUE(pair.handshake_done());
  ASSERT_EQ(client_lines.size(), 1u);
  EXPECT_EQ(std::get<0>(client_lines[0]), "CLIENT_RANDOM");
  EXPECT_EQ(std::get<1>(client_lines[0]).size(), 32u);
  EXPECT_EQ(std::get<2>(client_lines[0]).size(), 48u);
  EXPECT_EQ(client_lines, server_lines);
}

// The messages of a TLS 1.2 handshake as the client traced them, "> " sent
// and "< " received. The client's default session cache asks for a ticket.
std::vector<std::string> traced_flow(const TestPki& pki, const Adjust& adjust) {
  std::vector<std::string> lines;
  Pair pair = tls12_handshake(pki, [&](ClientConfig& c, ServerConfig& s) {
    adjust(c, s);
    c.trace = [&lines](const TraceEvent& e) {
      if (e.local) return;  // the messages only (trace_test.cc has the steps)
      lines.push_back(std::string(e.outgoing ? "> " : "< ") + e.message);
    };
  });
  EXPECT_TRUE(pair.handshake_done());
  return lines;
}

TEST(Tls12Handshake, TraceShowsTheFullFlowInOrder) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  EXPECT_EQ(traced_flow(pki,
                        [&](ClientConfig& c, ServerConfig& s) {
                          c.certificate = pki.client;
                          s.client_auth = ClientAuth::kRequired;
                        }),
            (std::vector<std::string>{"> ClientHello", "< ServerHello", "< Certificate",
                                      "< ServerKeyExchange", "< CertificateRequest",
                                      "< ServerHelloDone", "> Certificate", "> ClientKeyExchange",
                                      "> CertificateVerify", "> ChangeCipherSpec", "> Finished",
                                      "< NewSessionTicket", "< ChangeCipherSpec", "< Finished"}));
}

TEST(Tls12Handshake, TraceOfStaticRsaHasNoServerKeyExchange) {
  EXPECT_EQ(traced_flow(cached_pki(KeyKind::kRsa2048),
                        only_suite(CipherSuite::kTlsRsaWithAes256GcmSha384)),
            (std::vector<std::string>{"> ClientHello", "< ServerHello", "< Certificate",
                                      "< ServerHelloDone", "> ClientKeyExchange",
                                      "> ChangeCipherSpec", "> Finished", "< NewSessionTicket",
                                      "< ChangeCipherSpec", "< Finished"}));
}

}  // namespace
}  // namespace parley::testing

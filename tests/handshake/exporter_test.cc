// Keying material exporters on established in-memory connections: RFC 8446
// 7.5 in TLS 1.3 (checked against an independent HKDF over the key-logged
// exporter_master_secret), RFC 5705 in TLS 1.2 with extended_master_secret,
// the tls-exporter channel binding (RFC 9266), and the refusals: before the
// handshake, after a failure, reserved TLS 1.2 labels, over-long outputs.
#include <gtest/gtest.h>
#include <openssl/evp.h>

#include "common/bytes.h"
#include "connection_pair.h"
#include "handshake/kdf_oracle.h"

namespace parley::testing {
namespace {

namespace oracle = handshake::testing;

constexpr size_t kLength = 32;

Bytes material(const Connection& connection, std::string_view label,
               std::optional<ByteView> context, size_t length = kLength) {
  auto out = connection.export_keying_material(label, context, length);
  EXPECT_TRUE(out.ok()) << out.error().to_string();
  return out.ok() ? Bytes(out->begin(), out->end()) : Bytes{};
}

class Exporter : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  Pair connected(const std::function<void(ClientConfig&)>& adjust = {}) {
    auto client = client_config(cached_pki(KeyKind::kP256));
    client->versions = {GetParam()};
    if (adjust) adjust(*client);
    Pair pair(client, server_config(cached_pki(KeyKind::kP256)));
    pair.pump();
    EXPECT_TRUE(pair.handshake_done());
    return pair;
  }
};

TEST_P(Exporter, BothSidesExportTheSameValuesAndLabelsAndContextsSeparateThem) {
  Pair pair = connected();
  const ByteView context = as_bytes("context");
  const Bytes client = material(pair.client(), "EXPERIMENTAL a", context);
  EXPECT_EQ(client.size(), kLength);
  EXPECT_EQ(client, material(pair.server(), "EXPERIMENTAL a", context));
  EXPECT_NE(client, material(pair.client(), "EXPERIMENTAL b", context));
  EXPECT_NE(client, material(pair.client(), "EXPERIMENTAL a", as_bytes("other")));
  // TLS 1.3 binds the length into HkdfLabel; TLS 1.2's PRF just runs longer,
  // so there a shorter output is a prefix of a longer one.
  const Bytes longer = material(pair.client(), "EXPERIMENTAL a", context, 2 * kLength);
  EXPECT_EQ(Bytes(longer.begin(), longer.begin() + kLength) == client,
            GetParam() == ProtocolVersion::kTls12);
}

TEST_P(Exporter, AbsentAndEmptyContextDifferOnlyInTls12) {
  Pair pair = connected();
  const Bytes absent = material(pair.client(), "EXPERIMENTAL a", std::nullopt);
  const Bytes empty = material(pair.client(), "EXPERIMENTAL a", ByteView());
  // RFC 8446 7.5 vs RFC 5705 4.
  EXPECT_EQ(absent == empty, GetParam() == ProtocolVersion::kTls13);
  EXPECT_EQ(absent, material(pair.server(), "EXPERIMENTAL a", std::nullopt));
  EXPECT_EQ(empty, material(pair.server(), "EXPERIMENTAL a", ByteView()));
}

TEST_P(Exporter, ChannelBindingIsTheTlsExporterValueAndDiffersPerConnection) {
  Pair first = connected();
  auto binding = first.client().channel_binding();
  ASSERT_TRUE(binding.ok()) << binding.error().to_string();
  EXPECT_EQ(Bytes(binding->begin(), binding->end()),
            material(first.client(), "EXPORTER-Channel-Binding", ByteView()));
  // RFC 9266 2: a zero-length context, which in TLS 1.2 is not the same as
  // none (the interop test against gnutls-serv caught this).
  if (GetParam() == ProtocolVersion::kTls12) {
    EXPECT_NE(Bytes(binding->begin(), binding->end()),
              material(first.client(), "EXPORTER-Channel-Binding", std::nullopt));
  }
  auto server_binding = first.server().channel_binding();
  ASSERT_TRUE(server_binding.ok());
  EXPECT_EQ(*binding, *server_binding);
  Pair second = connected();
  EXPECT_NE(*binding, *second.client().channel_binding());
}

TEST_P(Exporter, NothingBeforeTheHandshakeCompletes) {
  auto client = client_config(cached_pki(KeyKind::kP256));
  client->versions = {GetParam()};
  Pair pair(client, server_config(cached_pki(KeyKind::kP256)));
  auto early = pair.client().export_keying_material("EXPERIMENTAL a", std::nullopt, kLength);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().kind, ErrorKind::kConfig);
  EXPECT_FALSE(pair.server().channel_binding().ok());
}

TEST_P(Exporter, NothingAfterTheConnectionFailed) {
  Pair pair = connected();
  // A record of garbage is a fatal error on the server.
  const uint8_t garbage[] = {23, 3,  3,  0,  20, 1,  2,  3,  4,  5,  6,  7, 8,
                             9,  10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20};
  EXPECT_FALSE(pair.server().receive_tls(garbage).ok());
  auto after = pair.server().export_keying_material("EXPERIMENTAL a", std::nullopt, kLength);
  ASSERT_FALSE(after.ok());
  EXPECT_EQ(after.error().kind, ErrorKind::kClosed);
}

INSTANTIATE_TEST_SUITE_P(Versions, Exporter,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

// RFC 8446 7.5 computed independently from the key-logged
// exporter_master_secret: HKDF-Expand-Label(Derive-Secret(secret, label, ""),
// "exporter", Hash(context), length).
TEST(Tls13Exporter, MatchesAnIndependentHkdfOverTheLoggedExporterSecret) {
  Bytes exporter_secret;
  auto client = client_config(cached_pki(KeyKind::kP256));
  client->versions = {ProtocolVersion::kTls13};
  client->cipher_suites = {CipherSuite::kTlsAes256GcmSha384};
  client->key_log = [&](std::string_view label, std::span<const uint8_t>,
                        std::span<const uint8_t> secret) {
    if (label == "EXPORTER_SECRET") exporter_secret.assign(secret.begin(), secret.end());
  };
  Pair pair(client, server_config(cached_pki(KeyKind::kP256)));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  ASSERT_EQ(exporter_secret.size(), 48u);
  const EVP_MD* sha384 = EVP_sha384();
  const ByteView context = as_bytes("some context");
  const Bytes derived = oracle::hkdf_expand_label(sha384, exporter_secret, "EXPERIMENTAL x",
                                                  oracle::digest(sha384, {}), 48);
  const Bytes expected =
      oracle::hkdf_expand_label(sha384, derived, "exporter", oracle::digest(sha384, context), 40);
  EXPECT_EQ(to_hex(material(pair.client(), "EXPERIMENTAL x", context, 40)), to_hex(expected));
  EXPECT_EQ(to_hex(material(pair.server(), "EXPERIMENTAL x", context, 40)), to_hex(expected));
  // HKDF-Expand's limit: 255 hash lengths.
  EXPECT_FALSE(pair.client().export_keying_material("EXPERIMENTAL x", context, 255 * 48 + 1).ok());
}

// RFC 5705 4: labels TLS 1.2 itself uses are refused.
TEST(Tls12Exporter, ReservedLabelsAreRefused) {
  auto client = client_config(cached_pki(KeyKind::kP256));
  client->versions = {ProtocolVersion::kTls12};
  Pair pair(client, server_config(cached_pki(KeyKind::kP256)));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  ASSERT_TRUE(pair.client().info().extended_master_secret);
  for (const char* label : {"client finished", "server finished", "master secret", "key expansion",
                            "extended master secret"}) {
    EXPECT_FALSE(pair.client().export_keying_material(label, std::nullopt, kLength).ok()) << label;
  }
}

}  // namespace
}  // namespace parley::testing

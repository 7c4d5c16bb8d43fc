#include "handshake/key_schedule13.h"

#include <gtest/gtest.h>

#include <type_traits>

#include "crypto/provider.h"
#include "handshake/kdf_oracle.h"

namespace parley::handshake {
namespace {

using crypto::HashAlgorithm;
namespace oracle = testing;

// The stages are typed: none can be built except from its predecessor, and
// moving on needs an rvalue (the previous stage is consumed).
static_assert(!std::is_default_constructible_v<EarlySecret>);
static_assert(!std::is_constructible_v<HandshakeSecret, const Tls13Hkdf&, Secret>);
static_assert(!std::is_constructible_v<MasterSecret, const Tls13Hkdf&, Secret>);
static_assert(!std::is_default_constructible_v<HandshakeSecret>);
static_assert(!std::is_default_constructible_v<MasterSecret>);
template <typename T>
concept HandshakeFromLvalue = requires(T& t) {
  t.into_handshake(ByteView{});
};
template <typename T>
concept HandshakeFromRvalue = requires(T t) {
  std::move(t).into_handshake(ByteView{});
};
template <typename T>
concept MasterFromLvalue = requires(T& t) {
  t.into_master();
};
template <typename T>
concept MasterFromRvalue = requires(T t) {
  std::move(t).into_master();
};
static_assert(!HandshakeFromLvalue<EarlySecret> && HandshakeFromRvalue<EarlySecret>);
static_assert(!MasterFromLvalue<HandshakeSecret> && MasterFromRvalue<HandshakeSecret>);
// No skipping: the early stage cannot go straight to master, nor back.
static_assert(!MasterFromRvalue<EarlySecret> && !HandshakeFromRvalue<MasterSecret>);

Bytes bytes_of(ByteView v) {
  return Bytes(v.begin(), v.end());
}

Bytes pattern(size_t size, uint8_t seed) {
  Bytes out(size);
  for (size_t i = 0; i < size; ++i) out[i] = static_cast<uint8_t>(seed + 3 * i);
  return out;
}

class Tls13HkdfTest : public ::testing::TestWithParam<HashAlgorithm> {
 protected:
  Tls13Hkdf hkdf() const { return Tls13Hkdf(crypto::default_provider(), GetParam()); }
  const EVP_MD* md() const {
    return GetParam() == HashAlgorithm::kSha384 ? EVP_sha384() : EVP_sha256();
  }
};

INSTANTIATE_TEST_SUITE_P(Sha256AndSha384, Tls13HkdfTest,
                         ::testing::Values(HashAlgorithm::kSha256, HashAlgorithm::kSha384));

TEST_P(Tls13HkdfTest, ExpandLabelMatchesOracle) {
  const Bytes secret = pattern(hkdf().hash_size(), 7);
  const Bytes context = pattern(20, 1);
  for (size_t length : {size_t{12}, size_t{16}, size_t{32}, size_t{48}, size_t{100}}) {
    EXPECT_EQ(to_hex(hkdf().expand_label(secret, "some label", context, length)),
              to_hex(oracle::hkdf_expand_label(md(), secret, "some label", context, length)));
  }
  EXPECT_EQ(to_hex(hkdf().derive_secret_empty(secret, "derived")),
            to_hex(oracle::hkdf_expand_label(md(), secret, "derived", oracle::digest(md(), {}),
                                             hkdf().hash_size())));
}

// RFC 8446 7.2: application_traffic_secret_N+1 =
// HKDF-Expand-Label(application_traffic_secret_N, "traffic upd", "", Hash.length).
TEST_P(Tls13HkdfTest, KeyUpdateChainsTrafficSecrets) {
  Secret secret(pattern(hkdf().hash_size(), 9));
  for (int generation = 0; generation < 3; ++generation) {
    Secret next = hkdf().next_traffic_secret(secret);
    EXPECT_EQ(to_hex(next), to_hex(oracle::hkdf_expand_label(md(), secret, "traffic upd", {},
                                                             hkdf().hash_size())));
    EXPECT_NE(to_hex(next), to_hex(secret));
    secret = std::move(next);
  }
}

// RFC 8446 7.5 TLS-Exporter.
TEST_P(Tls13HkdfTest, ExporterMatchesOracle) {
  const Bytes exporter_secret = pattern(hkdf().hash_size(), 3);
  const Bytes context = {'c', 't', 'x'};
  auto out = hkdf().export_keying_material(exporter_secret, "EXPERIMENTAL test", context, 40);
  ASSERT_TRUE(out.ok());
  const Bytes derived = oracle::hkdf_expand_label(md(), exporter_secret, "EXPERIMENTAL test",
                                                  oracle::digest(md(), {}), hkdf().hash_size());
  EXPECT_EQ(to_hex(*out), to_hex(oracle::hkdf_expand_label(md(), derived, "exporter",
                                                           oracle::digest(md(), context), 40)));
  // An empty context hashes the empty string, which differs from no call.
  auto empty = hkdf().export_keying_material(exporter_secret, "EXPERIMENTAL test", {}, 40);
  ASSERT_TRUE(empty.ok());
  EXPECT_NE(to_hex(*empty), to_hex(*out));
  EXPECT_FALSE(
      hkdf().export_keying_material(exporter_secret, std::string(250, 'x'), context, 32).ok());
}

TEST_P(Tls13HkdfTest, TrafficKeySizesFollowTheAead) {
  const Bytes secret = pattern(hkdf().hash_size(), 5);
  for (auto [aead, key_size] : {std::pair{crypto::AeadAlgorithm::kAes128Gcm, size_t{16}},
                                std::pair{crypto::AeadAlgorithm::kAes256Gcm, size_t{32}},
                                std::pair{crypto::AeadAlgorithm::kChaCha20Poly1305, size_t{32}}}) {
    const TrafficKeys keys = hkdf().traffic_keys(secret, aead);
    EXPECT_EQ(to_hex(keys.key),
              to_hex(oracle::hkdf_expand_label(md(), secret, "key", {}, key_size)));
    EXPECT_EQ(to_hex(keys.iv), to_hex(oracle::hkdf_expand_label(md(), secret, "iv", {}, 12)));
  }
}

// The full schedule with PSK and (EC)DHE against the oracle, stage by stage.
TEST_P(Tls13HkdfTest, FullScheduleMatchesOracle) {
  const size_t n = hkdf().hash_size();
  const Bytes psk = pattern(n, 0x21);
  const Bytes ecdhe = pattern(32, 0x42);
  const Bytes ch_hash = oracle::digest(md(), as_bytes("ClientHello"));
  const Bytes sh_hash = oracle::digest(md(), as_bytes("ClientHello..ServerHello"));
  const Bytes sf_hash = oracle::digest(md(), as_bytes("..server Finished"));
  const Bytes cf_hash = oracle::digest(md(), as_bytes("..client Finished"));
  const Bytes empty = oracle::digest(md(), {});
  // RFC 5869 2.2: HKDF-Extract(salt, IKM) = HMAC-Hash(salt, IKM).
  auto extract = [&](ByteView salt, ByteView ikm) { return oracle::hmac(md(), salt, ikm); };
  auto derive = [&](ByteView secret, std::string_view label, ByteView hash) {
    return oracle::hkdf_expand_label(md(), secret, label, hash, n);
  };

  const Bytes early = extract(Bytes(n, 0), psk);
  const Bytes handshake = extract(derive(early, "derived", empty), ecdhe);
  const Bytes master = extract(derive(handshake, "derived", empty), Bytes(n, 0));

  EarlySecret early_stage = EarlySecret::with_psk(hkdf(), psk);
  EXPECT_EQ(to_hex(early_stage.secret()), to_hex(early));
  EXPECT_EQ(to_hex(early_stage.binder_key(PskKind::kExternal)),
            to_hex(derive(early, "ext binder", empty)));
  EXPECT_EQ(to_hex(early_stage.binder_key(PskKind::kResumption)),
            to_hex(derive(early, "res binder", empty)));
  EXPECT_EQ(to_hex(early_stage.client_early_traffic_secret(ch_hash)),
            to_hex(derive(early, "c e traffic", ch_hash)));
  EXPECT_EQ(to_hex(early_stage.early_exporter_master_secret(ch_hash)),
            to_hex(derive(early, "e exp master", ch_hash)));
  // Binder = HMAC(finished_key(binder_key), truncated hello hash).
  const Bytes binder_finished_key =
      oracle::hkdf_expand_label(md(), derive(early, "res binder", empty), "finished", {}, n);
  const Bytes binder = oracle::hmac(md(), binder_finished_key, ch_hash);
  EXPECT_EQ(to_hex(early_stage.psk_binder(PskKind::kResumption, ch_hash)), to_hex(binder));
  EXPECT_TRUE(early_stage.verify_psk_binder(PskKind::kResumption, ch_hash, binder));
  EXPECT_FALSE(early_stage.verify_psk_binder(PskKind::kExternal, ch_hash, binder));

  HandshakeSecret hs_stage = std::move(early_stage).into_handshake(ecdhe);
  EXPECT_EQ(to_hex(hs_stage.secret()), to_hex(handshake));
  EXPECT_EQ(to_hex(hs_stage.client_handshake_traffic_secret(sh_hash)),
            to_hex(derive(handshake, "c hs traffic", sh_hash)));
  EXPECT_EQ(to_hex(hs_stage.server_handshake_traffic_secret(sh_hash)),
            to_hex(derive(handshake, "s hs traffic", sh_hash)));

  MasterSecret ms_stage = std::move(hs_stage).into_master();
  EXPECT_EQ(to_hex(ms_stage.secret()), to_hex(master));
  EXPECT_EQ(to_hex(ms_stage.client_application_traffic_secret(sf_hash)),
            to_hex(derive(master, "c ap traffic", sf_hash)));
  EXPECT_EQ(to_hex(ms_stage.server_application_traffic_secret(sf_hash)),
            to_hex(derive(master, "s ap traffic", sf_hash)));
  EXPECT_EQ(to_hex(ms_stage.exporter_master_secret(sf_hash)),
            to_hex(derive(master, "exp master", sf_hash)));
  const Bytes resumption = derive(master, "res master", cf_hash);
  EXPECT_EQ(to_hex(ms_stage.resumption_master_secret(cf_hash)), to_hex(resumption));
  const Bytes nonce = {0, 1};
  EXPECT_EQ(to_hex(hkdf().resumption_psk(resumption, nonce)),
            to_hex(oracle::hkdf_expand_label(md(), resumption, "resumption", nonce, n)));
}

// psk_ke (no (EC)DHE) uses zeros as the handshake IKM, like no input at all.
TEST_P(Tls13HkdfTest, PskOnlyHandshakeUsesZeroIkm) {
  const Bytes psk = pattern(hkdf().hash_size(), 1);
  HandshakeSecret a = EarlySecret::with_psk(hkdf(), psk).into_handshake({});
  HandshakeSecret b =
      EarlySecret::with_psk(hkdf(), psk).into_handshake(Bytes(hkdf().hash_size(), 0));
  EXPECT_EQ(to_hex(a.secret()), to_hex(b.secret()));
}

// Record protection made from a traffic secret round-trips with the keys of
// the same secret and fails with the next generation's (KeyUpdate).
TEST_P(Tls13HkdfTest, RecordProtectionFromTrafficSecret) {
  const Bytes secret = pattern(hkdf().hash_size(), 8);
  auto enc = make_tls13_encrypter(hkdf(), crypto::AeadAlgorithm::kAes128Gcm, secret);
  auto same = make_tls13_decrypter(hkdf(), crypto::AeadAlgorithm::kAes128Gcm, secret);
  auto updated = make_tls13_decrypter(hkdf(), crypto::AeadAlgorithm::kAes128Gcm,
                                      hkdf().next_traffic_secret(secret));
  ASSERT_TRUE(enc.ok() && same.ok() && updated.ok());
  Bytes wire;
  ASSERT_TRUE((*enc)->seal(record::ContentType::kApplicationData, as_bytes("hello"), wire).ok());
  Bytes copy = wire;
  auto wrong = (*updated)->open(
      {record::ContentType::kApplicationData, 0x0303, std::span<uint8_t>(copy).subspan(5)});
  EXPECT_FALSE(wrong.ok());
  auto opened = (*same)->open(
      {record::ContentType::kApplicationData, 0x0303, std::span<uint8_t>(wire).subspan(5)});
  ASSERT_TRUE(opened.ok());
  EXPECT_EQ(bytes_of(opened->data), bytes_of(as_bytes("hello")));
}

}  // namespace
}  // namespace parley::handshake

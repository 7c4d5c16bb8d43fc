#include "crypto/key_exchange.h"

#include <gtest/gtest.h>

#include "crypto/oracle.h"
#include "crypto/provider.h"

namespace parley::crypto {
namespace {

const Provider& provider() {
  return default_provider();
}

std::unique_ptr<KeyExchange> generate(KeyExchangeGroup group) {
  auto kx = provider().make_key_exchange(group);
  EXPECT_TRUE(kx.ok()) << (kx.ok() ? "" : kx.error().to_string());
  return std::move(kx).value();
}

std::unique_ptr<KeyExchange> from_private(KeyExchangeGroup group, std::string_view hex) {
  auto kx = provider().make_key_exchange_from_private(group, from_hex(hex));
  EXPECT_TRUE(kx.ok()) << (kx.ok() ? "" : kx.error().to_string());
  return std::move(kx).value();
}

std::string agree_hex(KeyExchange& kx, ByteView peer) {
  auto secret = kx.agree(peer);
  EXPECT_TRUE(secret.ok()) << (secret.ok() ? "" : secret.error().to_string());
  return secret.ok() ? to_hex(secret->view()) : "";
}

void expect_illegal_parameter(KeyExchange& kx, ByteView peer, const std::string& what) {
  auto secret = kx.agree(peer);
  ASSERT_FALSE(secret.ok()) << what;
  EXPECT_EQ(secret.error().alert, AlertDescription::kIllegalParameter) << what;
}

// RFC 7748 5.2: the X25519 function on given scalars and u-coordinates.
TEST(X25519, Rfc7748FunctionVectors) {
  struct {
    const char* scalar;
    const char* u;
    const char* out;
  } const cases[] = {
      {"a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4",
       "e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c",
       "c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552"},
      // The top bit of this u must be masked (RFC 7748 5).
      {"4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d",
       "e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493",
       "95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957"},
  };
  for (const auto& c : cases) {
    auto kx = from_private(KeyExchangeGroup::kX25519, c.scalar);
    EXPECT_EQ(agree_hex(*kx, from_hex(c.u)), c.out);
  }
}

// RFC 7748 5.2 iterated: k = u = 9; then k, u = X25519(k, u), k.
TEST(X25519, Rfc7748Iterated) {
  Bytes k = from_hex("0900000000000000000000000000000000000000000000000000000000000000");
  Bytes u = k;
  for (int i = 1; i <= 1000; ++i) {
    auto kx = provider().make_key_exchange_from_private(KeyExchangeGroup::kX25519, k);
    ASSERT_TRUE(kx.ok());
    auto out = (*kx)->agree(u);
    ASSERT_TRUE(out.ok());
    u = k;
    k.assign(out->view().begin(), out->view().end());
    if (i == 1) {
      EXPECT_EQ(to_hex(k), "422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079");
    }
  }
  EXPECT_EQ(to_hex(k), "684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51");
}

// RFC 7748 6.1.
TEST(X25519, Rfc7748DiffieHellman) {
  auto alice = from_private(KeyExchangeGroup::kX25519,
                            "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
  auto bob = from_private(KeyExchangeGroup::kX25519,
                          "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb");
  EXPECT_EQ(alice->group(), KeyExchangeGroup::kX25519);
  EXPECT_EQ(to_hex(alice->public_key()),
            "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a");
  EXPECT_EQ(to_hex(bob->public_key()),
            "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f");
  const char* shared = "4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742";
  EXPECT_EQ(agree_hex(*alice, bob->public_key()), shared);
  EXPECT_EQ(agree_hex(*bob, alice->public_key()), shared);
}

TEST(X25519, FreshKeysAgree) {
  auto a = generate(KeyExchangeGroup::kX25519);
  auto b = generate(KeyExchangeGroup::kX25519);
  ASSERT_EQ(a->public_key().size(), 32u);
  EXPECT_NE(to_hex(a->public_key()), to_hex(b->public_key()));
  std::string ab = agree_hex(*a, b->public_key());
  EXPECT_EQ(ab.size(), 64u);
  EXPECT_EQ(ab, agree_hex(*b, a->public_key()));
}

// Points of small order give an all-zero shared secret (RFC 7748 6.1), which
// must be refused.
TEST(X25519, LowOrderPointsRejected) {
  auto kx = generate(KeyExchangeGroup::kX25519);
  for (const char* point : {
           "0000000000000000000000000000000000000000000000000000000000000000",  // 0
           "0100000000000000000000000000000000000000000000000000000000000000",  // 1
           "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",  // order 8
           "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",  // order 8
           "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p - 1
           "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p
           "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",  // p + 1
       }) {
    expect_illegal_parameter(*kx, from_hex(point), point);
  }
  // Still usable afterwards.
  auto peer = generate(KeyExchangeGroup::kX25519);
  EXPECT_EQ(agree_hex(*kx, peer->public_key()), agree_hex(*peer, kx->public_key()));
}

TEST(X25519, WrongLengthsRejected) {
  auto kx = generate(KeyExchangeGroup::kX25519);
  Bytes good(kx->public_key().begin(), kx->public_key().end());
  expect_illegal_parameter(*kx, {}, "empty");
  expect_illegal_parameter(*kx, ByteView(good).first(31), "31 bytes");
  Bytes longer = good;
  longer.push_back(0);
  expect_illegal_parameter(*kx, longer, "33 bytes");
  EXPECT_FALSE(
      provider().make_key_exchange_from_private(KeyExchangeGroup::kX25519, Bytes(31)).ok());
}

// RFC 5903 8.1 and 8.2: ECDH on P-256 and P-384 with given private keys.
struct EcVector {
  KeyExchangeGroup group;
  const char *i, *gix, *giy, *r, *grx, *gry, *girx;
};

const EcVector kRfc5903[] = {
    {KeyExchangeGroup::kSecp256r1,
     "c88f01f510d9ac3f70a292daa2316de544e9aab8afe84049c62a9c57862d1433",
     "dad0b65394221cf9b051e1feca5787d098dfe637fc90b9ef945d0c3772581180",
     "5271a0461cdb8252d61f1c456fa3e59ab1f45b33accf5f58389e0577b8990bb3",
     "c6ef9c5d78ae012a011164acb397ce2088685d8f06bf9be0b283ab46476bee53",
     "d12dfb5289c8d4f81208b70270398c342296970a0bccb74c736fc7554494bf63",
     "56fbf3ca366cc23e8157854c13c58d6aac23f046ada30f8353e74f33039872ab",
     "d6840f6b42f6edafd13116e0e12565202fef8e9ece7dce03812464d04b9442de"},
    {KeyExchangeGroup::kSecp384r1,
     "099f3c7034d4a2c699884d73a375a67f7624ef7c6b3c0f160647b67414dce655e35b538041e649ee3faef896783ab"
     "194",
     "667842d7d180ac2cde6f74f37551f55755c7645c20ef73e31634fe72b4c55ee6de3ac808acb4bdb4c88732aee95f4"
     "1aa",
     "9482ed1fc0eeb9cafc4984625ccfc23f65032149e0e144ada024181535a0f38eeb9fcff3c2c947dae69b4c634573a"
     "81c",
     "41cb0779b4bdb85d47846725fbec3c9430fab46cc8dc5060855cc9bda0aa2942e0308312916b8ed2960e4bd55a744"
     "8fc",
     "e558dbef53eecde3d3fccfc1aea08a89a987475d12fd950d83cfa41732bc509d0d1ac43a0336def96fda41d0774a3"
     "571",
     "dcfbec7aacf3196472169e838430367f66eebe3c6e70c416dd5f0c68759dd1fff83fa40142209dff5eaad96db9e63"
     "86c",
     "11187331c279962d93d604243fd592cb9d0a926f422e47187521287e7156c5c4d603135569b9e9d09cf5d4a270f59"
     "746"},
};

TEST(Ecdh, Rfc5903Vectors) {
  for (const EcVector& v : kRfc5903) {
    auto initiator = from_private(v.group, v.i);
    auto responder = from_private(v.group, v.r);
    EXPECT_EQ(initiator->group(), v.group);
    EXPECT_EQ(to_hex(initiator->public_key()), std::string("04") + v.gix + v.giy);
    EXPECT_EQ(to_hex(responder->public_key()), std::string("04") + v.grx + v.gry);
    EXPECT_EQ(agree_hex(*initiator, responder->public_key()), v.girx);
    EXPECT_EQ(agree_hex(*responder, initiator->public_key()), v.girx);
  }
}

TEST(Ecdh, FreshKeysAgree) {
  for (auto [group, size] :
       {std::pair{KeyExchangeGroup::kSecp256r1, 32u}, std::pair{KeyExchangeGroup::kSecp384r1, 48u},
        std::pair{KeyExchangeGroup::kSecp521r1, 66u}}) {
    auto a = generate(group);
    auto b = generate(group);
    ASSERT_EQ(a->public_key().size(), 1 + 2 * size);
    EXPECT_EQ(a->public_key()[0], 0x04);
    std::string ab = agree_hex(*a, b->public_key());
    EXPECT_EQ(ab.size(), 2 * size);
    EXPECT_EQ(ab, agree_hex(*b, a->public_key()));
  }
}

TEST(Ecdh, InvalidPointsRejected) {
  for (const EcVector& v : kRfc5903) {
    auto kx = generate(v.group);
    const Bytes good = from_hex(std::string("04") + v.grx + v.gry);
    Bytes off_curve = good;
    off_curve.back() ^= 0x01;
    expect_illegal_parameter(*kx, off_curve, "off curve");
    Bytes off_curve_x = good;
    off_curve_x[1] ^= 0x80;
    expect_illegal_parameter(*kx, off_curve_x, "off curve (x)");
    Bytes wrong_format = good;
    wrong_format[0] = 0x05;
    expect_illegal_parameter(*kx, wrong_format, "format byte 05");
    Bytes compressed = from_hex(std::string("02") + v.grx);
    compressed[0] = (good.back() & 1) ? 0x03 : 0x02;
    expect_illegal_parameter(*kx, compressed, "compressed point");
    expect_illegal_parameter(*kx, from_hex("00"), "point at infinity");
    expect_illegal_parameter(*kx, Bytes(good.size(), 0), "all zeros");
    expect_illegal_parameter(*kx, ByteView(good).first(good.size() - 1), "short");
    Bytes longer = good;
    longer.push_back(0);
    expect_illegal_parameter(*kx, longer, "long");
    expect_illegal_parameter(*kx, {}, "empty");
    // Coordinates above the field prime.
    Bytes x_is_p(good.size(), 0xff);
    x_is_p[0] = 0x04;
    expect_illegal_parameter(*kx, x_is_p, "coordinates all ones");
    // Still works with the valid point.
    EXPECT_FALSE(agree_hex(*kx, good).empty());
  }
}

TEST(Ecdh, PrivateKeyOutOfRangeRejected) {
  EXPECT_FALSE(
      provider().make_key_exchange_from_private(KeyExchangeGroup::kSecp256r1, Bytes(32)).ok());
  EXPECT_FALSE(provider()
                   .make_key_exchange_from_private(KeyExchangeGroup::kSecp256r1, Bytes(32, 0xff))
                   .ok());
  EXPECT_FALSE(
      provider().make_key_exchange_from_private(KeyExchangeGroup::kSecp384r1, Bytes(32, 1)).ok());
}

// --- Finite-field DH -------------------------------------------------------

Bytes minus(Bytes value, uint8_t k) {  // value - k, big-endian, no underflow past byte 0
  for (size_t i = value.size(); i-- > 0;) {
    int v = value[i] - k;
    value[i] = static_cast<uint8_t>(v & 0xff);
    if (v >= 0) break;
    k = 1;
  }
  return value;
}

Bytes left_pad(ByteView value, size_t size) {
  Bytes out(size - value.size(), 0);
  out.insert(out.end(), value.begin(), value.end());
  return out;
}

TEST(Ffdhe, NamedGroupsAgree) {
  for (auto [group, name, size] : {std::tuple{KeyExchangeGroup::kFfdhe2048, "ffdhe2048", 256u},
                                   std::tuple{KeyExchangeGroup::kFfdhe3072, "ffdhe3072", 384u}}) {
    SCOPED_TRACE(name);
    auto a = generate(group);
    auto b = generate(group);
    EXPECT_EQ(a->group(), group);
    // RFC 8446 4.2.8.1: Y left-padded to the length of p.
    ASSERT_EQ(a->public_key().size(), size);
    ASSERT_EQ(b->public_key().size(), size);
    std::string ab = agree_hex(*a, b->public_key());
    EXPECT_EQ(ab.size(), 2 * size);  // secret padded to the length of p
    EXPECT_EQ(ab, agree_hex(*b, a->public_key()));
    Bytes p = testing::named_dh_prime(name);
    EXPECT_EQ(p.size(), size);
    EXPECT_TRUE(std::lexicographical_compare(a->public_key().begin(), a->public_key().end(),
                                             p.begin(), p.end()));
  }
}

TEST(Ffdhe, PublicValuesOutOfRangeRejected) {
  for (auto [group, name] : {std::pair{KeyExchangeGroup::kFfdhe2048, "ffdhe2048"},
                             std::pair{KeyExchangeGroup::kFfdhe3072, "ffdhe3072"}}) {
    SCOPED_TRACE(name);
    auto kx = generate(group);
    Bytes p = testing::named_dh_prime(name);
    Bytes one(p.size(), 0);
    one.back() = 1;
    expect_illegal_parameter(*kx, Bytes(p.size(), 0), "Y = 0");
    expect_illegal_parameter(*kx, one, "Y = 1");
    expect_illegal_parameter(*kx, from_hex("01"), "Y = 1, unpadded");
    expect_illegal_parameter(*kx, minus(p, 1), "Y = p - 1");
    expect_illegal_parameter(*kx, p, "Y = p");
    expect_illegal_parameter(*kx, Bytes(p.size(), 0xff), "Y > p");
    Bytes longer = left_pad(kx->public_key(), p.size() + 1);
    expect_illegal_parameter(*kx, longer, "longer than p");
    expect_illegal_parameter(*kx, {}, "empty");
    // RFC 7919 5.1 asks only for 1 < Y < p-1: with a safe prime the only
    // small subgroup is {1, p-1}. So p - 2 and 2 are accepted.
    EXPECT_TRUE(kx->agree(minus(p, 2)).ok());
    EXPECT_TRUE(kx->agree(from_hex("02")).ok());
  }
}

TEST(Ffdhe, UnpaddedPeerValueEqualsPadded) {
  // TLS 1.2 peers may strip leading zeros from Y (RFC 5246 8.1.2 style); 2
  // is the generator, so a valid Y, whether sent as "02" or padded.
  auto kx = generate(KeyExchangeGroup::kFfdhe2048);
  Bytes two = from_hex("02");
  EXPECT_EQ(agree_hex(*kx, two), agree_hex(*kx, left_pad(two, 256)));
}

TEST(CustomDh, AgreesOnAServerChosenGroup) {
  Bytes p = testing::modp_prime(2048);  // RFC 3526 group 14
  auto a = provider().make_dh(p, from_hex("02"), 2048);
  auto b = provider().make_dh(p, from_hex("02"), 2048);
  ASSERT_TRUE(a.ok()) << a.error().to_string();
  ASSERT_TRUE(b.ok());
  EXPECT_EQ((*a)->group(), KeyExchangeGroup::kCustomDh);
  ASSERT_EQ((*a)->public_key().size(), p.size());
  std::string ab = agree_hex(**a, (*b)->public_key());
  EXPECT_EQ(ab.size(), 2 * p.size());
  EXPECT_EQ(ab, agree_hex(**b, (*a)->public_key()));
  expect_illegal_parameter(**a, minus(p, 1), "Y = p - 1");
  expect_illegal_parameter(**a, from_hex("01"), "Y = 1");
}

TEST(CustomDh, RejectsSmallAndMalformedGroups) {
  auto small = provider().make_dh(testing::modp_prime(1024), from_hex("02"), 2048);
  ASSERT_FALSE(small.ok());
  EXPECT_EQ(small.error().alert, AlertDescription::kInsufficientSecurity);
  // The same group is accepted when the caller's minimum allows it.
  EXPECT_TRUE(provider().make_dh(testing::modp_prime(1024), from_hex("02"), 1024).ok());

  Bytes p = testing::modp_prime(2048);
  for (const Bytes& g : {from_hex("00"), from_hex("01"), minus(p, 1), p, Bytes{}}) {
    auto r = provider().make_dh(p, g, 2048);
    ASSERT_FALSE(r.ok()) << to_hex(g);
    EXPECT_EQ(r.error().alert, AlertDescription::kIllegalParameter);
  }
  Bytes even = p;
  even.back() &= 0xfe;
  EXPECT_FALSE(provider().make_dh(even, from_hex("02"), 2048).ok());
  Bytes huge(8192 / 8 + 8, 0xff);
  EXPECT_FALSE(provider().make_dh(huge, from_hex("02"), 2048).ok());
  EXPECT_FALSE(provider().make_dh({}, from_hex("02"), 2048).ok());
}

TEST(KeyExchange, CustomGroupNeedsMakeDh) {
  EXPECT_FALSE(provider().make_key_exchange(KeyExchangeGroup::kCustomDh).ok());
}

}  // namespace
}  // namespace parley::crypto

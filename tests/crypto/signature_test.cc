#include "crypto/signature.h"

#include <gtest/gtest.h>

#include <atomic>
#include <random>
#include <thread>

#include "crypto/oracle.h"
#include "crypto/provider.h"

namespace parley::crypto {
namespace {

using testing::generated_key;
using testing::GeneratedKey;

const Provider& provider() {
  return default_provider();
}

struct AlgorithmCase {
  SignatureAlgorithm alg;
  const char* scheme;  // for the libcrypto oracle
  const char* digest;
  bool can_sign;
};

const AlgorithmCase kAlgorithms[] = {
    {SignatureAlgorithm::kRsaPkcs1Sha1, "pkcs1", "SHA1", false},
    {SignatureAlgorithm::kRsaPkcs1Sha256, "pkcs1", "SHA256", true},
    {SignatureAlgorithm::kRsaPkcs1Sha384, "pkcs1", "SHA384", true},
    {SignatureAlgorithm::kRsaPkcs1Sha512, "pkcs1", "SHA512", true},
    {SignatureAlgorithm::kRsaPssSha256, "pss", "SHA256", true},
    {SignatureAlgorithm::kRsaPssSha384, "pss", "SHA384", true},
    {SignatureAlgorithm::kRsaPssSha512, "pss", "SHA512", true},
    {SignatureAlgorithm::kEcdsaSha1, "ecdsa", "SHA1", false},
    {SignatureAlgorithm::kEcdsaSha256, "ecdsa", "SHA256", true},
    {SignatureAlgorithm::kEcdsaSha384, "ecdsa", "SHA384", true},
    {SignatureAlgorithm::kEcdsaSha512, "ecdsa", "SHA512", true},
    {SignatureAlgorithm::kEd25519, "ed25519", "", true},
};

struct KeyCase {
  const char* spec;
  KeyType type;
  size_t bits;
};

const KeyCase kKeys[] = {
    {"RSA:2048", KeyType::kRsa, 2048},
    {"RSA-PSS:2048", KeyType::kRsaPss, 2048},
    {"RSA-PSS-SHA256:2048", KeyType::kRsaPss, 2048},
    {"EC:P-256", KeyType::kEcP256, 256},
    {"EC:P-384", KeyType::kEcP384, 384},
    {"EC:P-521", KeyType::kEcP521, 521},
    {"ED25519", KeyType::kEd25519, 256},
};

// Which algorithm a key may use: PKCS#1 v1.5 only with rsaEncryption keys,
// PSS with both RSA kinds (and a restricted id-RSASSA-PSS key only with its
// hash), ECDSA with any supported curve, Ed25519 with Ed25519.
bool compatible(const KeyCase& key, const AlgorithmCase& alg) {
  std::string scheme = alg.scheme;
  if (std::string(key.spec) == "RSA-PSS-SHA256:2048") {
    return alg.alg == SignatureAlgorithm::kRsaPssSha256;
  }
  switch (key.type) {
    case KeyType::kRsa:
      return scheme == "pkcs1" || scheme == "pss";
    case KeyType::kRsaPss:
      return scheme == "pss";
    case KeyType::kEcP256:
    case KeyType::kEcP384:
    case KeyType::kEcP521:
      return scheme == "ecdsa";
    case KeyType::kEd25519:
      return scheme == "ed25519";
  }
  return false;
}

std::unique_ptr<PublicKey> parse_public(ByteView spki) {
  auto key = provider().parse_public_key(spki);
  EXPECT_TRUE(key.ok()) << (key.ok() ? "" : key.error().to_string());
  return key.ok() ? std::move(key).value() : nullptr;
}

std::unique_ptr<PrivateKey> parse_private(ByteView der, PrivateKeyFormat format) {
  auto key = provider().parse_private_key(der, format);
  EXPECT_TRUE(key.ok()) << (key.ok() ? "" : key.error().to_string());
  return key.ok() ? std::move(key).value() : nullptr;
}

const Bytes kMessage =
    from_hex("20202020202020202020202020202020544c5320312e332c207365727665722043");

TEST(Keys, ParseReportsTypeBitsAndSpki) {
  for (const KeyCase& k : kKeys) {
    SCOPED_TRACE(k.spec);
    const GeneratedKey& g = generated_key(k.spec);
    auto pub = parse_public(g.spki);
    ASSERT_TRUE(pub);
    EXPECT_EQ(pub->type(), k.type);
    EXPECT_EQ(pub->bits(), k.bits);
    EXPECT_EQ(pub->spki_der(), g.spki);

    auto priv = parse_private(g.pkcs8, PrivateKeyFormat::kPkcs8);
    ASSERT_TRUE(priv);
    EXPECT_EQ(priv->type(), k.type);
    EXPECT_EQ(priv->bits(), k.bits);
    auto derived = priv->public_key();
    EXPECT_EQ(derived->type(), k.type);
    EXPECT_EQ(derived->bits(), k.bits);
    EXPECT_EQ(to_hex(derived->spki_der()), to_hex(g.spki));
  }
}

TEST(Keys, TypeSpecificFormats) {
  for (const char* spec : {"RSA:2048", "EC:P-256", "EC:P-384"}) {
    SCOPED_TRACE(spec);
    const GeneratedKey& g = generated_key(spec);
    bool rsa = std::string(spec).rfind("RSA", 0) == 0;
    PrivateKeyFormat right = rsa ? PrivateKeyFormat::kPkcs1 : PrivateKeyFormat::kSec1;
    PrivateKeyFormat wrong = rsa ? PrivateKeyFormat::kSec1 : PrivateKeyFormat::kPkcs1;
    auto key = parse_private(g.type_specific, right);
    ASSERT_TRUE(key);
    EXPECT_EQ(key->public_key()->spki_der(), g.spki);
    // Sign with the type-specific parse, verify with the SPKI parse.
    auto alg = rsa ? SignatureAlgorithm::kRsaPssSha256 : SignatureAlgorithm::kEcdsaSha256;
    auto sig = key->sign(alg, kMessage);
    ASSERT_TRUE(sig.ok());
    EXPECT_TRUE(parse_public(g.spki)->verify(alg, kMessage, *sig));
    // Mislabelled formats are errors, not guesses.
    EXPECT_FALSE(provider().parse_private_key(g.type_specific, wrong).ok());
    EXPECT_FALSE(provider().parse_private_key(g.type_specific, PrivateKeyFormat::kPkcs8).ok());
    EXPECT_FALSE(provider().parse_private_key(g.pkcs8, right).ok());
  }
}

// Every algorithm against every key kind: parley signs and both parley and
// libcrypto verify; libcrypto signs and parley verifies; incompatible pairs
// and verify-only algorithms refuse.
TEST(Signatures, EveryAlgorithmWithEveryKeyKind) {
  for (const KeyCase& k : kKeys) {
    const GeneratedKey& g = generated_key(k.spec);
    auto priv = parse_private(g.pkcs8, PrivateKeyFormat::kPkcs8);
    auto pub = parse_public(g.spki);
    ASSERT_TRUE(priv && pub);
    auto derived_pub = priv->public_key();
    for (const AlgorithmCase& a : kAlgorithms) {
      SCOPED_TRACE(std::string(k.spec) + " " + a.scheme + " " + a.digest);
      if (!compatible(k, a)) {
        EXPECT_FALSE(priv->sign(a.alg, kMessage).ok());
        EXPECT_FALSE(pub->verify(a.alg, kMessage, Bytes(256, 0x5a)));
        continue;
      }
      Bytes theirs = testing::oracle_sign(g, a.scheme, a.digest, kMessage);
      EXPECT_TRUE(pub->verify(a.alg, kMessage, theirs));
      EXPECT_TRUE(derived_pub->verify(a.alg, kMessage, theirs));
      if (!a.can_sign) {
        EXPECT_FALSE(priv->sign(a.alg, kMessage).ok());
        continue;
      }
      auto ours = priv->sign(a.alg, kMessage);
      ASSERT_TRUE(ours.ok()) << ours.error().to_string();
      EXPECT_TRUE(pub->verify(a.alg, kMessage, *ours));
      EXPECT_TRUE(testing::oracle_verify(g, a.scheme, a.digest, kMessage, *ours));
      // A second signature with the pooled context works as well.
      auto again = priv->sign(a.alg, as_bytes("another message"));
      ASSERT_TRUE(again.ok());
      EXPECT_TRUE(pub->verify(a.alg, as_bytes("another message"), *again));
      EXPECT_FALSE(pub->verify(a.alg, kMessage, *again));
    }
  }
}

TEST(Signatures, TamperedSignaturesAndMessagesFail) {
  for (const KeyCase& k : kKeys) {
    const GeneratedKey& g = generated_key(k.spec);
    auto priv = parse_private(g.pkcs8, PrivateKeyFormat::kPkcs8);
    auto pub = parse_public(g.spki);
    for (const AlgorithmCase& a : kAlgorithms) {
      if (!compatible(k, a) || !a.can_sign) continue;
      SCOPED_TRACE(std::string(k.spec) + " " + a.scheme + " " + a.digest);
      Bytes sig = *priv->sign(a.alg, kMessage);
      for (size_t i : {size_t{0}, sig.size() / 2, sig.size() - 1}) {
        Bytes bad = sig;
        bad[i] ^= 0x04;
        EXPECT_FALSE(pub->verify(a.alg, kMessage, bad)) << "byte " << i;
      }
      EXPECT_FALSE(pub->verify(a.alg, kMessage, ByteView(sig).first(sig.size() - 1)));
      Bytes longer = sig;
      longer.push_back(0);
      EXPECT_FALSE(pub->verify(a.alg, kMessage, longer));
      EXPECT_FALSE(pub->verify(a.alg, kMessage, {}));
      Bytes message = kMessage;
      message[3] ^= 1;
      EXPECT_FALSE(pub->verify(a.alg, message, sig));
      // Never valid under any other algorithm.
      for (const AlgorithmCase& other : kAlgorithms) {
        if (other.alg != a.alg) {
          EXPECT_FALSE(pub->verify(other.alg, kMessage, sig));
        }
      }
    }
  }
}

// A PSS key whose parameters fix MGF1 to SHA-1 while the hash is SHA-256
// cannot make the signatures TLS uses (MGF1 with the same hash, RFC 8446
// 4.2.3): parley neither signs with it nor accepts its signatures.
TEST(Signatures, PssKeyWithDifferentMgf1HashIsUnusable) {
  const GeneratedKey& g = generated_key("RSA-PSS-SHA256-MGF1-SHA1:2048");
  auto priv = parse_private(g.pkcs8, PrivateKeyFormat::kPkcs8);
  auto pub = parse_public(g.spki);
  ASSERT_TRUE(priv && pub);
  EXPECT_EQ(pub->type(), KeyType::kRsaPss);
  Bytes theirs = testing::oracle_sign(g, "pss", "SHA256", kMessage);
  EXPECT_TRUE(testing::oracle_verify(g, "pss", "SHA256", kMessage, theirs));
  EXPECT_FALSE(pub->verify(SignatureAlgorithm::kRsaPssSha256, kMessage, theirs));
  EXPECT_FALSE(priv->sign(SignatureAlgorithm::kRsaPssSha256, kMessage).ok());
}

TEST(Signatures, OtherKeyOfTheSameKindFails) {
  for (auto [spec, alg] : {std::pair{"EC:P-256", SignatureAlgorithm::kEcdsaSha256},
                           std::pair{"RSA:2048", SignatureAlgorithm::kRsaPssSha256},
                           std::pair{"ED25519", SignatureAlgorithm::kEd25519}}) {
    const GeneratedKey& g = generated_key(spec);
    const GeneratedKey& other = generated_key(std::string(spec) + "#2");
    Bytes sig = *parse_private(g.pkcs8, PrivateKeyFormat::kPkcs8)->sign(alg, kMessage);
    EXPECT_TRUE(parse_public(g.spki)->verify(alg, kMessage, sig)) << spec;
    EXPECT_FALSE(parse_public(other.spki)->verify(alg, kMessage, sig)) << spec;
  }
}

TEST(Signatures, Ed25519Rfc8032Test1) {
  // RFC 8032 7.1 TEST 1 (empty message), via a PKCS#8 wrapper (RFC 8410 7).
  Bytes pkcs8 = from_hex(
      "302e020100300506032b657004220420"
      "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  auto key = parse_private(pkcs8, PrivateKeyFormat::kPkcs8);
  ASSERT_TRUE(key);
  auto sig = key->sign(SignatureAlgorithm::kEd25519, {});
  ASSERT_TRUE(sig.ok());
  EXPECT_EQ(to_hex(*sig),
            "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b");
  EXPECT_EQ(to_hex(key->public_key()->spki_der()),
            "302a300506032b6570032100"
            "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
}

TEST(Signatures, ConcurrentSigningWithOneKey) {
  auto key = parse_private(generated_key("EC:P-256").pkcs8, PrivateKeyFormat::kPkcs8);
  auto pub = key->public_key();
  std::vector<std::thread> threads;
  std::atomic<int> verified{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        Bytes message = {static_cast<uint8_t>(t), static_cast<uint8_t>(i)};
        auto sig = key->sign(SignatureAlgorithm::kEcdsaSha256, message);
        if (sig.ok() && pub->verify(SignatureAlgorithm::kEcdsaSha256, message, *sig)) ++verified;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(verified.load(), 100);
}

// Parsing, verifying, key agreement and HMAC from several threads at once:
// the per-process algorithm objects, the per-thread key generation contexts
// and the per-key context pools must all be safe to share.
TEST(Provider, ConcurrentUseFromManyThreads) {
  const GeneratedKey& ec = generated_key("EC:P-384");
  const GeneratedKey& ed = generated_key("ED25519");
  Bytes ec_sig = testing::oracle_sign(ec, "ecdsa", "SHA384", kMessage);
  Bytes ed_sig = testing::oracle_sign(ed, "ed25519", "", kMessage);
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 20; ++i) {
        auto ec_key = provider().parse_public_key(ec.spki);
        auto ed_key = provider().parse_public_key(ed.spki);
        bool ok = ec_key.ok() && ed_key.ok() &&
                  (*ec_key)->verify(SignatureAlgorithm::kEcdsaSha384, kMessage, ec_sig) &&
                  (*ed_key)->verify(SignatureAlgorithm::kEd25519, kMessage, ed_sig);
        auto a = provider().make_key_exchange(KeyExchangeGroup::kSecp256r1);
        auto b = provider().make_key_exchange(KeyExchangeGroup::kX25519);
        ok = ok && a.ok() && b.ok() && (*a)->agree((*a)->public_key()).ok() &&
             (*b)->agree((*b)->public_key()).ok();
        auto hmac = provider().make_hmac(HashAlgorithm::kSha256, as_bytes("Jefe"));
        hmac->update(as_bytes("what do ya want for nothing?"));
        Bytes mac(32);
        hmac->finish(mac);
        ok =
            ok && to_hex(mac) == "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843";
        if (!ok) ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
}

// --- Malformed and unsupported keys -----------------------------------------

// Minimal DER construction for hand-made keys.
Bytes der(uint8_t tag, ByteView content) {
  Bytes out = {tag};
  size_t n = content.size();
  if (n < 128) {
    out.push_back(static_cast<uint8_t>(n));
  } else if (n < 256) {
    out.insert(out.end(), {0x81, static_cast<uint8_t>(n)});
  } else {
    out.insert(out.end(), {0x82, static_cast<uint8_t>(n >> 8), static_cast<uint8_t>(n)});
  }
  out.insert(out.end(), content.begin(), content.end());
  return out;
}
Bytes cat(std::initializer_list<Bytes> parts) {
  Bytes out;
  for (const Bytes& p : parts) out.insert(out.end(), p.begin(), p.end());
  return out;
}
Bytes rsa_spki(ByteView n, ByteView e) {
  Bytes algorithm = der(0x30, cat({from_hex("06092a864886f70d010101"), from_hex("0500")}));
  Bytes key = cat({Bytes{0x00}, der(0x30, cat({der(0x02, n), der(0x02, e)}))});
  return der(0x30, cat({algorithm, der(0x03, key)}));
}

void expect_rejected(ByteView spki, const std::string& what) {
  auto key = provider().parse_public_key(spki);
  ASSERT_FALSE(key.ok()) << what;
  EXPECT_TRUE(key.error().alert.has_value()) << what;
}

TEST(Keys, HandMadeRsaSpki) {
  Bytes n(256, 0xc5);  // odd, top bit set: needs a leading zero as an INTEGER
  n.insert(n.begin(), 0x00);
  auto good = provider().parse_public_key(rsa_spki(n, from_hex("010001")));
  ASSERT_TRUE(good.ok()) << good.error().to_string();
  EXPECT_EQ((*good)->type(), KeyType::kRsa);
  EXPECT_EQ((*good)->bits(), 2048u);
  expect_rejected(rsa_spki(n, from_hex("01")), "e = 1");
  expect_rejected(rsa_spki(n, from_hex("010000")), "even e");
  expect_rejected(rsa_spki(n, from_hex("0200000001")), "e of 34 bits");
  EXPECT_TRUE(provider().parse_public_key(rsa_spki(n, from_hex("0100000001"))).ok()) << "33 bits";
  Bytes even_n = n;
  even_n.back() = 0xc4;
  expect_rejected(rsa_spki(even_n, from_hex("010001")), "even n");
  Bytes negative_n(n.begin() + 1, n.end());  // top bit set without the 00: negative
  expect_rejected(rsa_spki(negative_n, from_hex("010001")), "negative n");
}

TEST(Keys, MalformedSpkiRejected) {
  const Bytes spki = generated_key("EC:P-256").spki;
  expect_rejected({}, "empty");
  expect_rejected(from_hex("3000"), "empty sequence");
  expect_rejected(from_hex("0500"), "NULL");
  expect_rejected(ByteView(spki).first(spki.size() - 1), "truncated");
  Bytes trailing = spki;
  trailing.push_back(0);
  expect_rejected(trailing, "trailing byte");
  Bytes unused_bits = spki;
  ASSERT_EQ(unused_bits[spki.size() - 66], 0x00);  // BIT STRING unused-bits octet
  unused_bits[spki.size() - 66] = 0x01;
  expect_rejected(unused_bits, "unused bits");
  Bytes off_curve = spki;
  off_curve.back() ^= 0x01;
  expect_rejected(off_curve, "point off the curve");
  Bytes garbage(100);
  std::mt19937 rng(7);
  for (auto& b : garbage) b = static_cast<uint8_t>(rng());
  expect_rejected(garbage, "random bytes");
}

TEST(Keys, UnsupportedKeyKindsRejected) {
  for (const char* spec : {"X25519", "ED448", "EC:secp256k1", "EC:brainpoolP256r1"}) {
    const GeneratedKey& g = generated_key(spec);
    auto pub = provider().parse_public_key(g.spki);
    ASSERT_FALSE(pub.ok()) << spec;
    EXPECT_EQ(pub.error().alert, AlertDescription::kUnsupportedCertificate) << spec;
    auto priv = provider().parse_private_key(g.pkcs8, PrivateKeyFormat::kPkcs8);
    ASSERT_FALSE(priv.ok()) << spec;
  }
  auto explicit_curve =
      provider().parse_public_key(testing::explicit_curve_spki(generated_key("EC:P-256")));
  ASSERT_FALSE(explicit_curve.ok());
  EXPECT_EQ(explicit_curve.error().alert, AlertDescription::kUnsupportedCertificate);
}

TEST(Keys, MalformedPrivateKeysRejected) {
  for (PrivateKeyFormat format :
       {PrivateKeyFormat::kPkcs8, PrivateKeyFormat::kSec1, PrivateKeyFormat::kPkcs1}) {
    EXPECT_FALSE(provider().parse_private_key({}, format).ok());
    EXPECT_FALSE(provider().parse_private_key(from_hex("3000"), format).ok());
    EXPECT_FALSE(provider().parse_private_key(from_hex("deadbeef"), format).ok());
  }
  const Bytes pkcs8 = generated_key("EC:P-256").pkcs8;
  EXPECT_FALSE(
      provider()
          .parse_private_key(ByteView(pkcs8).first(pkcs8.size() - 1), PrivateKeyFormat::kPkcs8)
          .ok());
  Bytes trailing = pkcs8;
  trailing.push_back(0);
  EXPECT_FALSE(provider().parse_private_key(trailing, PrivateKeyFormat::kPkcs8).ok());
}

// Random corruption of valid encodings: never a crash (this runs under the
// sanitizers too); whatever parses must still be a coherent key.
TEST(Keys, CorruptedEncodingsNeverCrash) {
  std::mt19937 rng(1234);
  for (const char* spec : {"RSA:2048", "EC:P-384", "ED25519", "RSA-PSS-SHA256:2048"}) {
    const GeneratedKey& g = generated_key(spec);
    for (int i = 0; i < 150; ++i) {
      Bytes spki = g.spki;
      Bytes pkcs8 = g.pkcs8;
      spki[rng() % spki.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
      pkcs8[rng() % pkcs8.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
      if (i % 3 == 0) spki.resize(rng() % spki.size());
      if (auto pub = provider().parse_public_key(spki); pub.ok()) {
        (void)(*pub)->verify(SignatureAlgorithm::kEcdsaSha384, kMessage, Bytes(64, 1));
        (void)(*pub)->bits();
      }
      if (auto priv = provider().parse_private_key(pkcs8, PrivateKeyFormat::kPkcs8); priv.ok()) {
        (void)(*priv)->public_key()->spki_der();
      }
    }
  }
}

}  // namespace
}  // namespace parley::crypto

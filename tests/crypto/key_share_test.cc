// TLS 1.3 key shares in the hybrid groups (draft-ietf-tls-ecdhe-mlkem): the
// share layouts and secret order, and every malformed share refused with
// illegal_parameter, at the crypto layer.
#include "crypto/key_share.h"

#include <gtest/gtest.h>

namespace parley::crypto {
namespace {

const Provider& provider() {
  return default_provider();
}

struct HybridCase {
  const char* name;
  KeyExchangeGroup group;
  KeyExchangeGroup classical;
  size_t classical_share_size;
  bool kem_first;
};

void PrintTo(const HybridCase& c, std::ostream* out) {
  *out << c.name;
}

const HybridCase kHybrids[] = {
    {"X25519MLKEM768", KeyExchangeGroup::kX25519MlKem768, KeyExchangeGroup::kX25519, 32, true},
    {"SecP256r1MLKEM768", KeyExchangeGroup::kSecp256r1MlKem768, KeyExchangeGroup::kSecp256r1, 65,
     false},
};

class HybridKeyShare : public ::testing::TestWithParam<HybridCase> {
 protected:
  size_t client_share_size() const {
    return kMlKem768EncapsulationKeySize + GetParam().classical_share_size;
  }
  size_t server_share_size() const {
    return kMlKem768CiphertextSize + GetParam().classical_share_size;
  }
  // The ML-KEM part of a share of the given total size.
  ByteView kem_part(ByteView share, size_t kem_size) const {
    return GetParam().kem_first ? share.first(kem_size) : share.last(kem_size);
  }
  ByteView classical_part(ByteView share) const {
    const size_t n = GetParam().classical_share_size;
    return GetParam().kem_first ? share.last(n) : share.first(n);
  }
  std::unique_ptr<KeyExchange> client() const {
    auto share = make_client_key_share(provider(), GetParam().group);
    EXPECT_TRUE(share.ok()) << share.error().to_string();
    return std::move(share).value();
  }
};

void expect_illegal_parameter(const Error& error, const std::string& what) {
  EXPECT_EQ(error.alert, AlertDescription::kIllegalParameter) << what << ": " << error.to_string();
}

TEST_P(HybridKeyShare, BothSidesAgreeOnTheConcatenatedSecret) {
  auto client_share = client();
  ASSERT_EQ(client_share->public_key().size(), client_share_size());
  EXPECT_EQ(client_share->group(), GetParam().group);
  auto answer = answer_key_share(provider(), GetParam().group, client_share->public_key());
  ASSERT_TRUE(answer.ok()) << answer.error().to_string();
  ASSERT_EQ(answer->share.size(), server_share_size());
  auto secret = client_share->agree(answer->share);
  ASSERT_TRUE(secret.ok()) << secret.error().to_string();
  EXPECT_EQ(secret->size(), 64u);  // 32 bytes of ML-KEM, 32 of X25519 or the P-256 x
  EXPECT_TRUE(*secret == answer->shared_secret);
}

// The secret is the two component secrets in the draft's order: recompute
// them from the parts of the shares with the plain primitives.
TEST_P(HybridKeyShare, SecretIsTheComponentsInTheDraftsOrder) {
  auto kem_key = generate_kem_key(provider(), KemAlgorithm::kMlKem768);
  auto ecdh = provider().make_key_exchange(GetParam().classical);
  ASSERT_TRUE(kem_key.ok() && ecdh.ok());
  const ByteView ek = (*kem_key)->encapsulation_key();
  const ByteView point = (*ecdh)->public_key();
  Bytes client_share;
  for (ByteView part : GetParam().kem_first ? std::array{ek, point} : std::array{point, ek}) {
    client_share.insert(client_share.end(), part.begin(), part.end());
  }
  auto answer = answer_key_share(provider(), GetParam().group, client_share);
  ASSERT_TRUE(answer.ok()) << answer.error().to_string();
  auto kem_secret = (*kem_key)->decapsulate(kem_part(answer->share, kMlKem768CiphertextSize));
  auto ecdh_secret = (*ecdh)->agree(classical_part(answer->share));
  ASSERT_TRUE(kem_secret.ok() && ecdh_secret.ok());
  Bytes expected;
  for (ByteView part : GetParam().kem_first ? std::array{kem_secret->view(), ecdh_secret->view()}
                                            : std::array{ecdh_secret->view(), kem_secret->view()}) {
    expected.insert(expected.end(), part.begin(), part.end());
  }
  EXPECT_EQ(to_hex(answer->shared_secret.view()), to_hex(expected));
}

TEST_P(HybridKeyShare, ClientShareOfEveryWrongLengthIsIllegalParameter) {
  auto valid = client();
  Bytes share(valid->public_key().begin(), valid->public_key().end());
  share.resize(client_share_size() + 80, 0x42);
  for (size_t size = 0; size <= share.size(); ++size) {
    if (size == client_share_size()) continue;
    auto answer = answer_key_share(provider(), GetParam().group, ByteView(share).first(size));
    ASSERT_FALSE(answer.ok()) << size;
    expect_illegal_parameter(answer.error(), "client share of " + std::to_string(size));
  }
}

TEST_P(HybridKeyShare, ServerShareOfEveryWrongLengthIsIllegalParameter) {
  auto client_share = client();
  auto answer = answer_key_share(provider(), GetParam().group, client_share->public_key());
  ASSERT_TRUE(answer.ok());
  Bytes share = answer->share;
  share.resize(server_share_size() + 80, 0x42);
  for (size_t size = 0; size <= share.size(); ++size) {
    if (size == server_share_size()) continue;
    auto secret = client_share->agree(ByteView(share).first(size));
    ASSERT_FALSE(secret.ok()) << size;
    expect_illegal_parameter(secret.error(), "server share of " + std::to_string(size));
  }
}

// FIPS 203 7.2: an encapsulation key with a coefficient of q or more.
TEST_P(HybridKeyShare, EncapsulationKeyFailingTheModulusCheckIsIllegalParameter) {
  auto valid = client();
  Bytes share(valid->public_key().begin(), valid->public_key().end());
  const size_t kem_offset = GetParam().kem_first ? 0 : GetParam().classical_share_size;
  share[kem_offset] = 0xff;  // the first 12-bit coefficient becomes 0x?ff | 0xf00
  share[kem_offset + 1] |= 0x0f;
  auto answer = answer_key_share(provider(), GetParam().group, share);
  ASSERT_FALSE(answer.ok());
  expect_illegal_parameter(answer.error(), "modulus check");
}

// An invalid ECDH part: the all-zero X25519 point (small order, zero
// secret), or a P-256 point off the curve.
TEST_P(HybridKeyShare, InvalidEcdhPartIsIllegalParameter) {
  auto valid = client();
  Bytes share(valid->public_key().begin(), valid->public_key().end());
  const size_t ecdh_offset = GetParam().kem_first ? kMlKem768EncapsulationKeySize : 0;
  std::fill(share.begin() + static_cast<ptrdiff_t>(ecdh_offset) + 1,
            share.begin() + static_cast<ptrdiff_t>(ecdh_offset + GetParam().classical_share_size),
            0);
  if (GetParam().kem_first) share[ecdh_offset] = 0;
  auto answer = answer_key_share(provider(), GetParam().group, share);
  ASSERT_FALSE(answer.ok());
  expect_illegal_parameter(answer.error(), "ECDH part");

  auto answer_ok = answer_key_share(provider(), GetParam().group, valid->public_key());
  ASSERT_TRUE(answer_ok.ok());
  Bytes server_share = answer_ok->share;
  const size_t server_ecdh_offset = GetParam().kem_first ? kMlKem768CiphertextSize : 0;
  std::fill(server_share.begin() + static_cast<ptrdiff_t>(server_ecdh_offset) + 1,
            server_share.begin() +
                static_cast<ptrdiff_t>(server_ecdh_offset + GetParam().classical_share_size),
            0);
  if (GetParam().kem_first) server_share[server_ecdh_offset] = 0;
  auto secret = valid->agree(server_share);
  ASSERT_FALSE(secret.ok());
  expect_illegal_parameter(secret.error(), "server ECDH part");
}

// A changed ciphertext is no error (implicit rejection): the secrets differ.
TEST_P(HybridKeyShare, TamperedCiphertextGivesAnotherSecret) {
  auto client_share = client();
  auto answer = answer_key_share(provider(), GetParam().group, client_share->public_key());
  ASSERT_TRUE(answer.ok());
  Bytes share = answer->share;
  share[GetParam().kem_first ? 0 : GetParam().classical_share_size] ^= 1;
  auto secret = client_share->agree(share);
  ASSERT_TRUE(secret.ok());
  EXPECT_FALSE(*secret == answer->shared_secret);
}

INSTANTIATE_TEST_SUITE_P(Groups, HybridKeyShare, ::testing::ValuesIn(kHybrids),
                         [](const auto& info) { return std::string(info.param.name); });

TEST(KeyShare, ClassicalGroupsAnswerWithTheirPublicValue) {
  for (KeyExchangeGroup group : {KeyExchangeGroup::kX25519, KeyExchangeGroup::kSecp256r1}) {
    auto client_share = make_client_key_share(provider(), group);
    ASSERT_TRUE(client_share.ok());
    auto answer = answer_key_share(provider(), group, (*client_share)->public_key());
    ASSERT_TRUE(answer.ok());
    auto secret = (*client_share)->agree(answer->share);
    ASSERT_TRUE(secret.ok());
    EXPECT_TRUE(*secret == answer->shared_secret);
  }
}

TEST(KeyShare, HybridGroupsAreNotPlainKeyExchanges) {
  // TLS 1.2's ECDHE goes through make_key_exchange, which refuses them.
  for (KeyExchangeGroup group :
       {KeyExchangeGroup::kX25519MlKem768, KeyExchangeGroup::kSecp256r1MlKem768}) {
    EXPECT_FALSE(provider().make_key_exchange(group).ok());
  }
}

}  // namespace
}  // namespace parley::crypto

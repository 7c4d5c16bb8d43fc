#include "crypto/key_share.h"

#include <string>

namespace parley::crypto {
namespace {

// draft-ietf-tls-ecdhe-mlkem 4.1 and 4.3: the shares and the shared secret
// are the concatenation of the two components, X25519MLKEM768 with ML-KEM
// first, SecP256r1MLKEM768 with ECDH first.
struct HybridLayout {
  const char* name;
  KeyExchangeGroup classical;
  size_t classical_share_size;  // X25519 32 bytes; P-256 an uncompressed point
  bool kem_first;
};

HybridLayout hybrid_layout(KeyExchangeGroup group) {
  if (group == KeyExchangeGroup::kX25519MlKem768) {
    return {"X25519MLKEM768", KeyExchangeGroup::kX25519, 32, true};
  }
  return {"SecP256r1MLKEM768", KeyExchangeGroup::kSecp256r1, 65, false};
}

constexpr KemAlgorithm kKem = KemAlgorithm::kMlKem768;

Bytes concatenate(const HybridLayout& layout, ByteView kem_part, ByteView classical_part) {
  const ByteView first = layout.kem_first ? kem_part : classical_part;
  const ByteView second = layout.kem_first ? classical_part : kem_part;
  Bytes out(first.begin(), first.end());
  out.insert(out.end(), second.begin(), second.end());
  return out;
}

// The two components of a share, after checking its total length.
struct Split {
  ByteView kem;
  ByteView classical;
};

Result<Split> split(const HybridLayout& layout, ByteView share, size_t kem_size, const char* what) {
  if (share.size() != kem_size + layout.classical_share_size) {
    return illegal_parameter(std::string(layout.name) + " " + what + " of " +
                             std::to_string(share.size()) + " bytes, not " +
                             std::to_string(kem_size + layout.classical_share_size));
  }
  const size_t kem_offset = layout.kem_first ? 0 : layout.classical_share_size;
  const size_t classical_offset = layout.kem_first ? kem_size : 0;
  return Split{share.subspan(kem_offset, kem_size),
               share.subspan(classical_offset, layout.classical_share_size)};
}

Secret combine(const HybridLayout& layout, const Secret& kem_secret, const Secret& classical) {
  Bytes joined = concatenate(layout, kem_secret.view(), classical.view());
  Secret out(joined);
  secure_wipe(joined.data(), joined.size());
  return out;
}

class HybridClientShare final : public KeyExchange {
 public:
  HybridClientShare(KeyExchangeGroup group, std::unique_ptr<KemDecapsulationKey> kem,
                    std::unique_ptr<KeyExchange> classical)
      : group_(group),
        layout_(hybrid_layout(group)),
        kem_(std::move(kem)),
        classical_(std::move(classical)),
        share_(concatenate(layout_, kem_->encapsulation_key(), classical_->public_key())) {}

  KeyExchangeGroup group() const override { return group_; }
  ByteView public_key() const override { return share_; }

  Result<Secret> agree(ByteView server_share) override {
    PARLEY_ASSIGN_OR_RETURN(Split parts,
                            split(layout_, server_share, kMlKem768CiphertextSize, "server share"));
    PARLEY_ASSIGN_OR_RETURN(Secret kem_secret, kem_->decapsulate(parts.kem));
    PARLEY_ASSIGN_OR_RETURN(Secret classical_secret, classical_->agree(parts.classical));
    return combine(layout_, kem_secret, classical_secret);
  }

 private:
  KeyExchangeGroup group_;
  HybridLayout layout_;
  std::unique_ptr<KemDecapsulationKey> kem_;
  std::unique_ptr<KeyExchange> classical_;
  Bytes share_;
};

}  // namespace

Result<std::unique_ptr<KeyExchange>> make_client_key_share(const Provider& provider,
                                                           KeyExchangeGroup group) {
  if (!is_hybrid(group)) return provider.make_key_exchange(group);
  PARLEY_ASSIGN_OR_RETURN(auto kem, generate_kem_key(provider, kKem));
  PARLEY_ASSIGN_OR_RETURN(auto classical,
                          provider.make_key_exchange(hybrid_layout(group).classical));
  return std::unique_ptr<KeyExchange>(
      std::make_unique<HybridClientShare>(group, std::move(kem), std::move(classical)));
}

Result<ServerKeyShare> answer_key_share(const Provider& provider, KeyExchangeGroup group,
                                        ByteView client_share) {
  if (!is_hybrid(group)) {
    PARLEY_ASSIGN_OR_RETURN(auto key_exchange, provider.make_key_exchange(group));
    PARLEY_ASSIGN_OR_RETURN(Secret shared, key_exchange->agree(client_share));
    const ByteView share = key_exchange->public_key();
    return ServerKeyShare{Bytes(share.begin(), share.end()), std::move(shared)};
  }
  const HybridLayout layout = hybrid_layout(group);
  PARLEY_ASSIGN_OR_RETURN(
      Split parts, split(layout, client_share, kMlKem768EncapsulationKeySize, "client share"));
  // FIPS 203 7.2's checks fail as illegal_parameter (draft-ietf-tls-ecdhe-mlkem 4.1).
  PARLEY_ASSIGN_OR_RETURN(KemEncapsulation encapsulation, encapsulate(provider, kKem, parts.kem));
  PARLEY_ASSIGN_OR_RETURN(auto classical, provider.make_key_exchange(layout.classical));
  PARLEY_ASSIGN_OR_RETURN(Secret classical_secret, classical->agree(parts.classical));
  return ServerKeyShare{concatenate(layout, encapsulation.ciphertext, classical->public_key()),
                        combine(layout, encapsulation.shared_secret, classical_secret)};
}

}  // namespace parley::crypto

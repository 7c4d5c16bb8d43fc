// Hashes and HMAC on EVP_MD, with the digest objects fetched once per
// process.
#include <openssl/evp.h>

#include <algorithm>
#include <array>

#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {
namespace {

class EvpHash final : public Hash {
 public:
  EvpHash(HashAlgorithm alg, MdCtxPtr ctx) : alg_(alg), ctx_(std::move(ctx)) {}

  HashAlgorithm algorithm() const override { return alg_; }

  void update(ByteView data) override {
    check_or_abort(EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1, "digest update");
  }

  std::unique_ptr<Hash> clone() const override {
    MdCtxPtr copy(EVP_MD_CTX_new());
    check_or_abort(copy && EVP_MD_CTX_copy_ex(copy.get(), ctx_.get()) == 1, "digest copy");
    return std::make_unique<EvpHash>(alg_, std::move(copy));
  }

  void finish(std::span<uint8_t> out) override {
    check_or_abort(out.size() >= size(), "digest output too small");
    check_or_abort(EVP_DigestFinal_ex(ctx_.get(), out.data(), nullptr) == 1, "digest final");
  }

 private:
  HashAlgorithm alg_;
  MdCtxPtr ctx_;
};

// HMAC (RFC 2104) built on one EVP_MD_CTX: H((K ^ opad) | H((K ^ ipad) | m)).
// libcrypto's EVP_MAC object costs about 2.5x as much per keyed MAC (a
// context duplicate, three digest contexts and their copies), and TLS keys
// nearly every HMAC afresh (HKDF, Finished), so that cost dominates.
class EvpHmac final : public Hmac {
 public:
  EvpHmac(HashAlgorithm alg, MdCtxPtr ctx) : alg_(alg), ctx_(std::move(ctx)) {}
  ~EvpHmac() override { secure_wipe(key_block_.data(), key_block_.size()); }
  EvpHmac(const EvpHmac&) = delete;
  EvpHmac& operator=(const EvpHmac&) = delete;

  HashAlgorithm algorithm() const override { return alg_; }

  void update(ByteView data) override {
    if (!inner_started_) start_inner();
    check_or_abort(EVP_DigestUpdate(ctx_.get(), data.data(), data.size()) == 1, "HMAC update");
  }

  void finish(std::span<uint8_t> out) override {
    check_or_abort(out.size() >= size(), "HMAC output too small");
    if (!inner_started_) start_inner();
    std::array<uint8_t, kMaxHashSize> inner{};
    check_or_abort(EVP_DigestFinal_ex(ctx_.get(), inner.data(), nullptr) == 1, "HMAC inner");
    absorb_padded_key(kOuterPad);
    check_or_abort(EVP_DigestUpdate(ctx_.get(), inner.data(), size()) == 1 &&
                       EVP_DigestFinal_ex(ctx_.get(), out.data(), nullptr) == 1,
                   "HMAC outer");
    secure_wipe(inner.data(), inner.size());
    // The next update starts a new MAC under the same key.
    inner_started_ = false;
  }

  void rekey(ByteView key) override {
    secure_wipe(key_block_.data(), key_block_.size());
    block_size_ = static_cast<size_t>(EVP_MD_get_block_size(digest(alg_)));
    check_or_abort(block_size_ <= key_block_.size(), "HMAC block size");
    if (key.size() > block_size_) {
      // RFC 2104 2: keys longer than a block are hashed first.
      unsigned int written = 0;
      check_or_abort(EVP_Digest(key.data(), key.size(), key_block_.data(), &written, digest(alg_),
                                nullptr) == 1,
                     "HMAC key hash");
    } else {
      std::copy(key.begin(), key.end(), key_block_.begin());
    }
    inner_started_ = false;
  }

 private:
  static constexpr uint8_t kInnerPad = 0x36;
  static constexpr uint8_t kOuterPad = 0x5c;
  static constexpr size_t kMaxBlockSize = 128;  // SHA-384 and SHA-512

  void start_inner() {
    absorb_padded_key(kInnerPad);
    inner_started_ = true;
  }

  // Restarts the digest with the zero-padded key XORed with `pad`.
  void absorb_padded_key(uint8_t pad) {
    std::array<uint8_t, kMaxBlockSize> block;
    for (size_t i = 0; i < block_size_; ++i) block[i] = key_block_[i] ^ pad;
    check_or_abort(EVP_DigestInit_ex2(ctx_.get(), digest(alg_), nullptr) == 1 &&
                       EVP_DigestUpdate(ctx_.get(), block.data(), block_size_) == 1,
                   "HMAC pad");
    secure_wipe(block.data(), block.size());
  }

  HashAlgorithm alg_;
  MdCtxPtr ctx_;
  std::array<uint8_t, kMaxBlockSize> key_block_{};
  size_t block_size_ = 0;
  bool inner_started_ = false;
};

}  // namespace

std::unique_ptr<Hash> new_hash(HashAlgorithm alg) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  check_or_abort(ctx && EVP_DigestInit_ex2(ctx.get(), digest(alg), nullptr) == 1, "digest init");
  return std::make_unique<EvpHash>(alg, std::move(ctx));
}

std::unique_ptr<Hmac> new_hmac(HashAlgorithm alg, ByteView key) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  check_or_abort(ctx != nullptr, "HMAC context");
  auto hmac = std::make_unique<EvpHmac>(alg, std::move(ctx));
  hmac->rekey(key);
  return hmac;
}

}  // namespace parley::crypto::openssl

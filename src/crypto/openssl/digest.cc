// SHA-1 and SHA-2 hashes and HMAC on libcrypto's low-level SHA functions
// (deprecated since OpenSSL 3 in favour of EVP; see ShaHmac for why).
#define OPENSSL_SUPPRESS_DEPRECATED
#include <openssl/sha.h>

#include <algorithm>
#include <array>

#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {
namespace {

// HMAC (RFC 2104): H((K ^ opad) | H((K ^ ipad) | m)), on libcrypto's
// low-level SHA functions. TLS keys nearly every HMAC afresh and MACs a few
// dozen bytes under it (the TLS 1.2 PRF, HKDF, Finished), so per-MAC overhead
// is the cost: EVP_MAC costs about 2.5x an EVP_MD_CTX HMAC, which in turn
// pays the EVP dispatch and hashes both padded keys again for every MAC.
// Here the two padded-key states are computed once per key and copied (a
// plain struct) at the start of each MAC. These functions are deprecated in
// OpenSSL 3 in favour of EVP but remain part of its API, and they are the
// same code the default provider runs.
template <typename Traits>
class ShaHmac final : public Hmac {
  using Ctx = typename Traits::Ctx;

 public:
  explicit ShaHmac(ByteView key) { rekey(key); }
  ~ShaHmac() override { wipe_states(); }
  ShaHmac(const ShaHmac&) = delete;
  ShaHmac& operator=(const ShaHmac&) = delete;

  HashAlgorithm algorithm() const override { return Traits::kAlgorithm; }

  void update(ByteView data) override {
    if (!started_) start();
    Traits::update(&work_, data.data(), data.size());
  }

  void finish(std::span<uint8_t> out) override {
    check_or_abort(out.size() >= Traits::kSize, "HMAC output too small");
    if (!started_) start();
    std::array<uint8_t, Traits::kSize> inner;
    Traits::final(inner.data(), &work_);
    work_ = outer_;
    Traits::update(&work_, inner.data(), inner.size());
    Traits::final(out.data(), &work_);
    secure_wipe(inner.data(), inner.size());
    // The next update starts a new MAC under the same key.
    started_ = false;
  }

  void rekey(ByteView key) override {
    std::array<uint8_t, Traits::kBlockSize> block{};
    if (key.size() > block.size()) {
      // RFC 2104 2: keys longer than a block are hashed first.
      Ctx hashed;
      Traits::init(&hashed);
      Traits::update(&hashed, key.data(), key.size());
      Traits::final(block.data(), &hashed);
      secure_wipe(&hashed, sizeof hashed);
    } else {
      std::copy(key.begin(), key.end(), block.begin());
    }
    absorb_padded(inner_, block, kInnerPad);
    absorb_padded(outer_, block, kOuterPad);
    secure_wipe(block.data(), block.size());
    started_ = false;
  }

 private:
  static constexpr uint8_t kInnerPad = 0x36;
  static constexpr uint8_t kOuterPad = 0x5c;

  static void absorb_padded(Ctx& state, std::array<uint8_t, Traits::kBlockSize>& key_block,
                            uint8_t pad) {
    for (uint8_t& byte : key_block) byte ^= pad;
    Traits::init(&state);
    Traits::update(&state, key_block.data(), key_block.size());
    for (uint8_t& byte : key_block) byte ^= pad;  // back to the plain key
  }

  void start() {
    work_ = inner_;
    started_ = true;
  }

  void wipe_states() {
    secure_wipe(&inner_, sizeof inner_);
    secure_wipe(&outer_, sizeof outer_);
    secure_wipe(&work_, sizeof work_);
  }

  Ctx inner_;  // after the key XOR ipad block
  Ctx outer_;  // after the key XOR opad block
  Ctx work_;
  bool started_ = false;
};

template <HashAlgorithm kAlg, typename C, size_t kBlock, size_t kOut, int (*Init)(C*),
          int (*Update)(C*, const void*, size_t), int (*Final)(unsigned char*, C*)>
struct ShaTraits {
  using Ctx = C;
  static constexpr HashAlgorithm kAlgorithm = kAlg;
  static constexpr size_t kBlockSize = kBlock;
  static constexpr size_t kSize = kOut;
  static_assert(kOut == hash_size(kAlg));
  // The low-level functions fail only on null arguments.
  static void init(C* ctx) { (void)Init(ctx); }
  static void update(C* ctx, const void* data, size_t size) { (void)Update(ctx, data, size); }
  static void final(unsigned char* out, C* ctx) { (void)Final(out, ctx); }
};

using Sha1Traits =
    ShaTraits<HashAlgorithm::kSha1, SHA_CTX, 64, 20, SHA1_Init, SHA1_Update, SHA1_Final>;
using Sha256Traits =
    ShaTraits<HashAlgorithm::kSha256, SHA256_CTX, 64, 32, SHA256_Init, SHA256_Update, SHA256_Final>;
using Sha384Traits = ShaTraits<HashAlgorithm::kSha384, SHA512_CTX, 128, 48, SHA384_Init,
                               SHA384_Update, SHA384_Final>;
using Sha512Traits = ShaTraits<HashAlgorithm::kSha512, SHA512_CTX, 128, 64, SHA512_Init,
                               SHA512_Update, SHA512_Final>;

// A running hash (the transcript), on the same low-level functions: a clone
// or a peek at the digest so far is a struct copy, not an EVP context
// duplicate.
template <typename Traits>
class ShaHash final : public Hash {
 public:
  ShaHash() { Traits::init(&ctx_); }

  HashAlgorithm algorithm() const override { return Traits::kAlgorithm; }
  void update(ByteView data) override { Traits::update(&ctx_, data.data(), data.size()); }
  std::unique_ptr<Hash> clone() const override { return std::make_unique<ShaHash>(*this); }
  void finish(std::span<uint8_t> out) override {
    check_or_abort(out.size() >= Traits::kSize, "digest output too small");
    Traits::final(out.data(), &ctx_);
  }
  Bytes peek() const override {
    auto copy = ctx_;
    Bytes out(Traits::kSize);
    Traits::final(out.data(), &copy);
    return out;
  }

 private:
  typename Traits::Ctx ctx_;
};

// One of the four SHA algorithms' `Template<Traits>`, made with `args`.
template <typename Base, template <typename> class Template, typename... Args>
std::unique_ptr<Base> make_for(HashAlgorithm alg, Args&&... args) {
  switch (alg) {
    case HashAlgorithm::kSha1:
      return std::make_unique<Template<Sha1Traits>>(std::forward<Args>(args)...);
    case HashAlgorithm::kSha256:
      return std::make_unique<Template<Sha256Traits>>(std::forward<Args>(args)...);
    case HashAlgorithm::kSha384:
      return std::make_unique<Template<Sha384Traits>>(std::forward<Args>(args)...);
    case HashAlgorithm::kSha512:
      return std::make_unique<Template<Sha512Traits>>(std::forward<Args>(args)...);
  }
  check_or_abort(false, "unknown hash algorithm");
  return nullptr;
}

}  // namespace

std::unique_ptr<Hash> new_hash(HashAlgorithm alg) {
  return make_for<Hash, ShaHash>(alg);
}

std::unique_ptr<Hmac> new_hmac(HashAlgorithm alg, ByteView key) {
  return make_for<Hmac, ShaHmac>(alg, key);
}

}  // namespace parley::crypto::openssl

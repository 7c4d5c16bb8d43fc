// Hashes on EVP_MD and HMAC on EVP_MAC, with the algorithm objects fetched
// once per process.
#include <openssl/evp.h>

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

class EvpHmac final : public Hmac {
 public:
  EvpHmac(HashAlgorithm alg, MacCtxPtr ctx) : alg_(alg), ctx_(std::move(ctx)) {}

  HashAlgorithm algorithm() const override { return alg_; }

  void update(ByteView data) override {
    check_or_abort(EVP_MAC_update(ctx_.get(), data.data(), data.size()) == 1, "HMAC update");
  }

  void finish(std::span<uint8_t> out) override {
    size_t written = 0;
    check_or_abort(
        EVP_MAC_final(ctx_.get(), out.data(), &written, out.size()) == 1 && written == size(),
        "HMAC final");
    // A null key restarts under the current key (the pads are kept).
    check_or_abort(EVP_MAC_init(ctx_.get(), nullptr, 0, nullptr) == 1, "HMAC restart");
  }

  void rekey(ByteView key) override {
    // A null key would mean "keep the old one", so an empty key needs a
    // non-null pointer.
    check_or_abort(EVP_MAC_init(ctx_.get(), non_null_data(key), key.size(), nullptr) == 1,
                   "HMAC key");
  }

 private:
  HashAlgorithm alg_;
  MacCtxPtr ctx_;
};

}  // namespace

std::unique_ptr<Hash> new_hash(HashAlgorithm alg) {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  check_or_abort(ctx && EVP_DigestInit_ex2(ctx.get(), digest(alg), nullptr) == 1, "digest init");
  return std::make_unique<EvpHash>(alg, std::move(ctx));
}

std::unique_ptr<Hmac> new_hmac(HashAlgorithm alg, ByteView key) {
  // Duplicating a template that already names its digest avoids a digest
  // fetch per HMAC object.
  MacCtxPtr ctx(EVP_MAC_CTX_dup(hmac_template(alg)));
  check_or_abort(ctx != nullptr, "HMAC context");
  auto hmac = std::make_unique<EvpHmac>(alg, std::move(ctx));
  hmac->rekey(key);
  return hmac;
}

}  // namespace parley::crypto::openssl

// AEAD on EVP_CIPHER: the context is keyed once, and each record only sets
// the nonce, so sealing or opening a record allocates nothing and looks
// nothing up.
#include <openssl/err.h>
#include <openssl/evp.h>

#include <array>
#include <climits>

#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {
namespace {

bool fits_int(size_t n) {
  return n <= static_cast<size_t>(INT_MAX);
}

class EvpAead final : public Aead {
 public:
  EvpAead(AeadAlgorithm alg, CipherCtxPtr ctx) : alg_(alg), ctx_(std::move(ctx)) {}

  AeadAlgorithm algorithm() const override { return alg_; }

  bool seal(ByteView nonce, ByteView aad, std::span<uint8_t> in_out,
            std::span<uint8_t> tag) override {
    if (tag.size() != kAeadTagSize) return false;
    bool ok = start(/*encrypt=*/1, nonce, aad) && transform(in_out) &&
              EVP_EncryptFinal_ex(ctx_.get(), final_block_.data(), &final_len_) == 1 &&
              EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_GET_TAG, kAeadTagSize, tag.data()) == 1;
    return finish(ok);
  }

  bool open(ByteView nonce, ByteView aad, std::span<uint8_t> in_out, ByteView tag) override {
    if (tag.size() != kAeadTagSize) return false;
    // EVP takes the expected tag through a non-const pointer but only reads it.
    bool ok = start(/*encrypt=*/0, nonce, aad) &&
              EVP_CIPHER_CTX_ctrl(ctx_.get(), EVP_CTRL_AEAD_SET_TAG, kAeadTagSize,
                                  const_cast<uint8_t*>(tag.data())) == 1 &&
              transform(in_out) &&
              EVP_DecryptFinal_ex(ctx_.get(), final_block_.data(), &final_len_) == 1;
    return finish(ok);
  }

 private:
  // Re-initialises for one record: only the nonce changes; the key schedule
  // set up by new_aead is kept.
  bool start(int encrypt, ByteView nonce, ByteView aad) {
    if (nonce.size() != kAeadNonceSize || !fits_int(aad.size())) return false;
    if (EVP_CipherInit_ex(ctx_.get(), nullptr, nullptr, nullptr, nonce.data(), encrypt) != 1) {
      return false;
    }
    int len = 0;
    return aad.empty() || EVP_CipherUpdate(ctx_.get(), nullptr, &len, aad.data(),
                                           static_cast<int>(aad.size())) == 1;
  }

  bool transform(std::span<uint8_t> in_out) {
    if (in_out.empty()) return true;
    if (!fits_int(in_out.size())) return false;
    int len = 0;
    return EVP_CipherUpdate(ctx_.get(), in_out.data(), &len, in_out.data(),
                            static_cast<int>(in_out.size())) == 1 &&
           static_cast<size_t>(len) == in_out.size();
  }

  // A failed open leaves a libcrypto error behind; do not let it leak into
  // unrelated code on this thread.
  static bool finish(bool ok) {
    if (!ok) ERR_clear_error();
    return ok;
  }

  AeadAlgorithm alg_;
  CipherCtxPtr ctx_;
  // Stream-mode AEADs emit nothing at Final; EVP still wants somewhere to write.
  std::array<uint8_t, EVP_MAX_BLOCK_LENGTH> final_block_{};
  int final_len_ = 0;
};

}  // namespace

Result<std::unique_ptr<Aead>> new_aead(AeadAlgorithm alg, ByteView key) {
  if (key.size() != aead_key_size(alg)) return internal_error("AEAD key has the wrong length");
  CipherCtxPtr ctx(EVP_CIPHER_CTX_new());
  if (!ctx) return openssl_error("EVP_CIPHER_CTX_new");
  // Keyed for encryption here; open() switches direction per record without
  // touching the key.
  if (EVP_CipherInit_ex(ctx.get(), cipher(alg), nullptr, key.data(), nullptr, 1) != 1) {
    return openssl_error("AEAD key setup");
  }
  return std::unique_ptr<Aead>(std::make_unique<EvpAead>(alg, std::move(ctx)));
}

}  // namespace parley::crypto::openssl

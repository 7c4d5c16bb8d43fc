// crypto::Sha3 on EVP_MD: one digest context, re-initialised per call with
// the algorithm objects fetched once per process (util.h).
#include <openssl/evp.h>

#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto::openssl {
namespace {

bool is_xof(Sha3Function function) {
  return function == Sha3Function::kShake128 || function == Sha3Function::kShake256;
}

class EvpSha3 final : public Sha3 {
 public:
  explicit EvpSha3(MdCtxPtr ctx) : ctx_(std::move(ctx)) {}

  void digest(Sha3Function function, std::initializer_list<ByteView> input,
              std::span<uint8_t> out) override {
    EVP_MD_CTX* ctx = ctx_.get();
    check_or_abort(EVP_DigestInit_ex2(ctx, sha3_digest(function), nullptr) == 1, "SHA-3 init");
    for (ByteView part : input) {
      check_or_abort(EVP_DigestUpdate(ctx, part.data(), part.size()) == 1, "SHA-3 update");
    }
    if (is_xof(function)) {
      check_or_abort(EVP_DigestFinalXOF(ctx, out.data(), out.size()) == 1, "SHAKE squeeze");
    } else {
      check_or_abort(out.size() == static_cast<size_t>(EVP_MD_get_size(sha3_digest(function))),
                     "SHA-3 output size");
      check_or_abort(EVP_DigestFinal_ex(ctx, out.data(), nullptr) == 1, "SHA-3 final");
    }
  }

 private:
  MdCtxPtr ctx_;
};

}  // namespace

std::unique_ptr<Sha3> new_sha3() {
  MdCtxPtr ctx(EVP_MD_CTX_new());
  check_or_abort(ctx != nullptr, "SHA-3 context");
  return std::make_unique<EvpSha3>(std::move(ctx));
}

}  // namespace parley::crypto::openssl

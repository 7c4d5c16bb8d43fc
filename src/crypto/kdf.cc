#include "crypto/kdf.h"

#include <algorithm>
#include <array>
#include <cstdio>
#include <cstdlib>

namespace parley::crypto {
namespace {

// A fixed-size scratch block for one HMAC output, wiped when done.
class Block {
 public:
  explicit Block(size_t size) : size_(size) {}
  ~Block() { secure_wipe(bytes_.data(), bytes_.size()); }
  Block(const Block&) = delete;
  Block& operator=(const Block&) = delete;

  std::span<uint8_t> span() { return {bytes_.data(), size_}; }
  ByteView view() const { return {bytes_.data(), size_}; }

 private:
  std::array<uint8_t, kMaxHashSize> bytes_{};
  size_t size_;
};

// Copies as much of `block` as still fits into `out` at `offset`, advancing it.
void append(Secret& out, size_t& offset, ByteView block) {
  size_t n = std::min(block.size(), out.size() - offset);
  std::copy_n(block.begin(), n, out.data() + offset);
  offset += n;
}

}  // namespace

Secret hkdf_extract(const Provider& provider, HashAlgorithm alg, ByteView salt, ByteView ikm) {
  // RFC 5869 2.2: "if not provided, [salt] is set to a string of HashLen zeros".
  const std::array<uint8_t, kMaxHashSize> zeros{};
  ByteView key = salt.empty() ? ByteView(zeros.data(), hash_size(alg)) : salt;
  auto hmac = provider.make_hmac(alg, key);
  hmac->update(ikm);
  Secret prk(hmac->size());
  hmac->finish(prk.span());
  return prk;
}

Secret hkdf_expand(const Provider& provider, HashAlgorithm alg, ByteView prk, ByteView info,
                   size_t length) {
  // RFC 5869 2.3: L <= 255*HashLen. Callers pass lengths fixed by the cipher
  // suite, so exceeding this is a programming error, not a peer's doing.
  if (length > 255 * hash_size(alg)) {
    std::fprintf(stderr, "parley: hkdf_expand length %zu too large\n", length);
    std::abort();
  }
  auto hmac = provider.make_hmac(alg, prk);
  Secret okm(length);
  Block t(hmac->size());
  size_t offset = 0;
  // T(i) = HMAC(PRK, T(i-1) | info | i), T(0) empty.
  for (uint8_t i = 1; offset < length; ++i) {
    if (i > 1) hmac->update(t.view());
    hmac->update(info);
    hmac->update(ByteView(&i, 1));
    hmac->finish(t.span());
    append(okm, offset, t.view());
  }
  return okm;
}

Secret tls12_prf(const Provider& provider, HashAlgorithm alg, ByteView secret,
                 std::string_view label, ByteView seed, size_t length) {
  return tls12_prf(*provider.make_hmac(alg, secret), label, seed, length);
}

Secret tls12_prf(Hmac& keyed, std::string_view label, ByteView seed, size_t length) {
  // RFC 5246 5: P_hash(secret, seed') with seed' = label + seed;
  // A(0) = seed', A(i) = HMAC(secret, A(i-1)),
  // output = HMAC(secret, A(1) + seed') | HMAC(secret, A(2) + seed') | ...
  auto absorb_seed = [&] {
    keyed.update(as_bytes(label));
    keyed.update(seed);
  };
  Secret out(length);
  Block a(keyed.size());
  Block block(keyed.size());
  absorb_seed();
  keyed.finish(a.span());  // A(1)
  size_t offset = 0;
  while (offset < length) {
    keyed.update(a.view());
    absorb_seed();
    keyed.finish(block.span());
    append(out, offset, block.view());
    if (offset < length) {
      keyed.update(a.view());
      keyed.finish(a.span());  // A(i+1)
    }
  }
  return out;
}

}  // namespace parley::crypto

// crypto::Provider on OpenSSL libcrypto 3.x.
#include "crypto/provider.h"

#include <openssl/rand.h>
#include <pthread.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <climits>

#include "crypto/openssl/factories.h"
#include "crypto/openssl/util.h"

namespace parley::crypto {
namespace openssl {

void random_bytes(std::span<uint8_t> out) {
  while (!out.empty()) {
    size_t chunk = std::min<size_t>(out.size(), INT_MAX);
    check_or_abort(RAND_bytes(out.data(), static_cast<int>(chunk)) == 1, "RAND_bytes");
    out = out.subspan(chunk);
  }
}

namespace {

// Public random values come from a per-thread pool refilled by RAND_bytes a
// kilobyte at a time: one RAND_bytes call costs about a microsecond (locks,
// the fork check, a CTR-DRBG key update) whatever its length, and a resumed
// TLS 1.2 handshake needs little else. A forked child must not repeat its
// parent's values, so fork() moves every pool to a new generation.
class PublicRandomPool {
 public:
  static constexpr size_t kSize = 1024;
  // Requests above this go straight to RAND_bytes.
  static constexpr size_t kLargest = 64;

  ~PublicRandomPool() { secure_wipe(bytes_.data(), bytes_.size()); }

  void take(std::span<uint8_t> out) {
    const uint64_t now = generation().load(std::memory_order_acquire);
    if (generation_ != now || kSize - used_ < out.size()) refill(now);
    std::copy_n(bytes_.begin() + static_cast<ptrdiff_t>(used_), out.size(), out.begin());
    // Served values are not kept.
    std::fill_n(bytes_.begin() + static_cast<ptrdiff_t>(used_), out.size(), uint8_t{0});
    used_ += out.size();
  }

 private:
  static std::atomic<uint64_t>& generation() {
    static std::atomic<uint64_t> counter{0};
    static const bool registered = [] {
      return pthread_atfork(nullptr, nullptr,
                            [] { counter.fetch_add(1, std::memory_order_acq_rel); }) == 0;
    }();
    check_or_abort(registered, "pthread_atfork");
    return counter;
  }

  void refill(uint64_t now) {
    random_bytes(bytes_);
    used_ = 0;
    generation_ = now;
  }

  std::array<uint8_t, kSize> bytes_{};
  size_t used_ = kSize;
  uint64_t generation_ = 0;
};

class OpenSslProvider final : public Provider {
 public:
  Result<std::unique_ptr<Aead>> make_aead(AeadAlgorithm alg, ByteView key) const override {
    return new_aead(alg, key);
  }
  std::unique_ptr<Hash> make_hash(HashAlgorithm alg) const override { return new_hash(alg); }
  std::unique_ptr<Hmac> make_hmac(HashAlgorithm alg, ByteView key) const override {
    return new_hmac(alg, key);
  }
  std::unique_ptr<Sha3> make_sha3() const override { return new_sha3(); }
  Result<std::unique_ptr<KemDecapsulationKey>> make_kem_key(KemAlgorithm alg,
                                                            ByteView seed) const override {
    return new_kem_key(alg, seed);
  }
  Result<std::unique_ptr<KemDecapsulationKey>> parse_kem_key(KemAlgorithm alg,
                                                             ByteView dk) const override {
    return openssl::parse_kem_key(alg, dk);
  }
  Result<KemEncapsulation> kem_encapsulate(KemAlgorithm alg, ByteView encapsulation_key,
                                           ByteView m) const override {
    return openssl::kem_encapsulate(alg, encapsulation_key, m);
  }
  std::string_view kem_implementation(KemAlgorithm alg) const override {
    return libcrypto_has_kem(alg) ? "libcrypto" : "parley";
  }
  Result<std::unique_ptr<KeyExchange>> make_key_exchange(KeyExchangeGroup group) const override {
    return new_key_exchange(group);
  }
  Result<std::unique_ptr<KeyExchange>> make_key_exchange_from_private(
      KeyExchangeGroup group, ByteView private_key) const override {
    return new_key_exchange_from_private(group, private_key);
  }
  Result<std::unique_ptr<KeyExchange>> make_dh(ByteView p, ByteView g,
                                               size_t min_bits) const override {
    return new_custom_dh(p, g, min_bits);
  }
  Result<std::unique_ptr<PublicKey>> parse_public_key(ByteView spki_der) const override {
    return parse_spki(spki_der);
  }
  Result<std::unique_ptr<PrivateKey>> parse_private_key(ByteView der,
                                                        PrivateKeyFormat format) const override {
    return parse_private(der, format);
  }
  void random(std::span<uint8_t> out) const override { random_bytes(out); }
  void public_random(std::span<uint8_t> out) const override {
    if (out.size() > PublicRandomPool::kLargest) return random_bytes(out);
    thread_local PublicRandomPool pool;
    pool.take(out);
  }
};

}  // namespace
}  // namespace openssl

const Provider& default_provider() {
  static const openssl::OpenSslProvider provider;
  return provider;
}

}  // namespace parley::crypto

// The raw-AEAD floor of bulk transfer: what sealing and opening the bytes of
// one write costs with nothing but libcrypto, keyed once and reused like a
// TLS stack's per-direction contexts. Per record it seals (new nonce, the
// 5-byte header as additional data, the TLS 1.3 inner plaintext: content
// plus its type byte, then the tag) and opens the result, so a TLS stack's
// bulk rate over this one is the share of its time spent in the AEAD.
#pragma once

#include <openssl/evp.h>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <stdexcept>
#include <vector>

namespace bench {

class AeadFloor {
 public:
  // `chacha`: ChaCha20-Poly1305, else AES-128-GCM. `write_size` bytes are
  // split into records of at most 2^14 bytes, as TLS does.
  AeadFloor(bool chacha, size_t write_size)
      : cipher_(chacha ? EVP_chacha20_poly1305() : EVP_aes_128_gcm()),
        key_(chacha ? 32 : 16, 0x42),
        write_size_(write_size),
        record_(kHeader + std::min(write_size, kMaxPlaintext) + 1 + kTag) {
    for (EVP_CIPHER_CTX* ctx : {seal_.get(), open_.get()}) {
      if (ctx == nullptr) throw std::runtime_error("EVP_CIPHER_CTX_new");
    }
    if (EVP_EncryptInit_ex(seal_.get(), cipher_, nullptr, key_.data(), nullptr) != 1 ||
        EVP_DecryptInit_ex(open_.get(), cipher_, nullptr, key_.data(), nullptr) != 1) {
      throw std::runtime_error("AEAD init");
    }
  }

  // Seals and opens every record of one write; false if anything failed.
  bool run(const uint8_t* data) {
    for (size_t done = 0; done < write_size_;) {
      const size_t n = std::min(write_size_ - done, kMaxPlaintext);
      if (!seal_and_open(data + done, n)) return false;
      done += n;
    }
    return true;
  }

 private:
  static constexpr size_t kHeader = 5;
  static constexpr size_t kTag = 16;
  static constexpr size_t kMaxPlaintext = 16384;

  struct CtxFree {
    void operator()(EVP_CIPHER_CTX* ctx) const { EVP_CIPHER_CTX_free(ctx); }
  };
  using Ctx = std::unique_ptr<EVP_CIPHER_CTX, CtxFree>;

  bool seal_and_open(const uint8_t* content, size_t n) {
    ++sequence_;
    nonce_[11] = static_cast<uint8_t>(sequence_);
    const int inner = static_cast<int>(n + 1);
    uint8_t* header = record_.data();
    uint8_t* body = header + kHeader;
    header[0] = 23;
    header[1] = 3;
    header[2] = 3;
    header[3] = static_cast<uint8_t>((inner + kTag) >> 8);
    header[4] = static_cast<uint8_t>(inner + kTag);
    std::copy(content, content + n, body);  // a stack copies the write in once
    body[n] = 23;
    int length = 0;
    bool ok = EVP_EncryptInit_ex(seal_.get(), nullptr, nullptr, nullptr, nonce_.data()) == 1 &&
              EVP_EncryptUpdate(seal_.get(), nullptr, &length, header, kHeader) == 1 &&
              EVP_EncryptUpdate(seal_.get(), body, &length, body, inner) == 1 &&
              EVP_EncryptFinal_ex(seal_.get(), body + length, &length) == 1 &&
              EVP_CIPHER_CTX_ctrl(seal_.get(), EVP_CTRL_AEAD_GET_TAG, kTag, body + inner) == 1;
    ok = ok && EVP_DecryptInit_ex(open_.get(), nullptr, nullptr, nullptr, nonce_.data()) == 1 &&
         EVP_DecryptUpdate(open_.get(), nullptr, &length, header, kHeader) == 1 &&
         EVP_DecryptUpdate(open_.get(), body, &length, body, inner) == 1 &&
         EVP_CIPHER_CTX_ctrl(open_.get(), EVP_CTRL_AEAD_SET_TAG, kTag, body + inner) == 1 &&
         EVP_DecryptFinal_ex(open_.get(), body + length, &length) == 1;
    return ok;
  }

  const EVP_CIPHER* cipher_;
  std::vector<uint8_t> key_;
  size_t write_size_;
  std::vector<uint8_t> record_;
  std::array<uint8_t, 12> nonce_{};
  uint64_t sequence_ = 0;
  Ctx seal_{EVP_CIPHER_CTX_new()};
  Ctx open_{EVP_CIPHER_CTX_new()};
};

}  // namespace bench

// Test Signers on the public API (include/parley/hooks.h): one that answers
// from another thread after a delay (or fails there), and one that keeps its
// completion for the test to call.
#pragma once

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

#include "parley/certificate.h"
#include "parley/hooks.h"

namespace parley::test {

// Signs (and decrypts) with `inner` on a thread of its own, `delay` later;
// with `failure` set, completes with that error instead.
class DelayedSigner final : public Signer {
 public:
  DelayedSigner(std::shared_ptr<const Signer> inner, std::chrono::milliseconds delay,
                std::optional<Error> failure = std::nullopt)
      : inner_(std::move(inner)), delay_(delay), failure_(std::move(failure)) {}
  ~DelayedSigner() override {
    std::lock_guard lock(mutex_);
    for (std::thread& thread : threads_) thread.join();
  }

  PrivateKeyResult sign(const SignRequest& request,
                        const PrivateKeyCompletion& completion) const override {
    std::vector<uint8_t> message(request.message.begin(), request.message.end());
    SignRequest copy = request;
    later(completion, [inner = inner_, copy, message = std::move(message)]() mutable {
      copy.message = message;
      return *inner->sign(copy, PrivateKeyCompletion(nullptr));
    });
    return std::nullopt;
  }

  PrivateKeyResult decrypt(std::span<const uint8_t> ciphertext,
                           const PrivateKeyCompletion& completion) const override {
    std::vector<uint8_t> copy(ciphertext.begin(), ciphertext.end());
    later(completion, [inner = inner_, copy = std::move(copy)] {
      return *inner->decrypt(copy, PrivateKeyCompletion(nullptr));
    });
    return std::nullopt;
  }
  bool can_decrypt() const override { return inner_->can_decrypt(); }

  int calls() const { return calls_; }
  // How many completions the connection accepted (complete() returned true).
  int accepted() const { return accepted_; }

 private:
  template <typename Operation>
  void later(const PrivateKeyCompletion& completion, Operation operation) const {
    ++calls_;
    std::lock_guard lock(mutex_);
    threads_.emplace_back([this, completion, operation = std::move(operation)]() mutable {
      std::this_thread::sleep_for(delay_);
      Result<std::vector<uint8_t>> result =
          failure_ ? Result<std::vector<uint8_t>>(*failure_) : operation();
      if (completion.complete(std::move(result))) ++accepted_;
    });
  }

  std::shared_ptr<const Signer> inner_;
  std::chrono::milliseconds delay_;
  std::optional<Error> failure_;
  mutable std::mutex mutex_;
  mutable std::vector<std::thread> threads_;
  mutable std::atomic<int> calls_{0};
  mutable std::atomic<int> accepted_{0};
};

// Leaves every operation pending and keeps its completion.
class ParkingSigner final : public Signer {
 public:
  PrivateKeyResult sign(const SignRequest& /*request*/,
                        const PrivateKeyCompletion& completion) const override {
    std::lock_guard lock(mutex_);
    completions_.push_back(completion);
    return std::nullopt;
  }
  std::optional<PrivateKeyCompletion> last() const {
    std::lock_guard lock(mutex_);
    if (completions_.empty()) return std::nullopt;
    return completions_.back();
  }

 private:
  mutable std::mutex mutex_;
  mutable std::vector<PrivateKeyCompletion> completions_;
};

// `key`'s chain with `signer` in place of its key.
inline std::shared_ptr<const CertifiedKey> with_signer(const CertifiedKey& key,
                                                       std::shared_ptr<const Signer> signer) {
  auto made = CertifiedKey::from_signer(key.chain(), std::move(signer));
  return made.ok() ? *made : nullptr;
}

}  // namespace parley::test

// The state a pending private-key operation shares between the connection
// (its owning thread) and the PrivateKeyCompletion (any thread), and the
// connection's side of it. include/parley/hooks.h states the thread rules.
#pragma once

#include <functional>
#include <mutex>
#include <optional>
#include <vector>

#include "parley/hooks.h"

namespace parley {

struct PrivateKeyCompletion::State {
  std::mutex mutex;  // guards everything below
  std::optional<Result<std::vector<uint8_t>>> result;
  bool closed = false;  // completed once, or the connection is gone
  std::function<void()> wakeup;

  // Connection side: the result, if it has come (taken once).
  std::optional<Result<std::vector<uint8_t>>> take() {
    std::lock_guard lock(mutex);
    return std::exchange(result, std::nullopt);
  }
  // Connection side: no result is wanted any more.
  void abandon() {
    std::lock_guard lock(mutex);
    closed = true;
    result.reset();
  }
};

}  // namespace parley

// Drives one connection with the fuzzer's bytes as everything the peer sends:
// the first input byte sets the size of the chunks they arrive in, the rest
// is the byte stream. Whatever the connection sends is taken and dropped;
// plaintext is read; once established it also writes and updates keys, so
// the post-handshake paths run on hostile input too. The invariants checked
// are the ones an application relies on: a failed connection has an error
// with a message and an alert to send, and takes no more bytes.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <span>

#include "parley/connection.h"

namespace parley::fuzz {

inline void check(bool invariant) {
  if (!invariant) __builtin_trap();
}

inline void drain(Connection& connection) {
  for (auto pending = connection.pending_tls(); !pending.empty();
       pending = connection.pending_tls()) {
    connection.consume_tls(pending.size());
  }
  std::array<uint8_t, 4096> plaintext;
  while (connection.read(plaintext) > 0) {
  }
}

inline void use_established(Connection& connection) {
  if (connection.failed() || connection.is_handshaking()) return;
  static constexpr uint8_t kHello[] = {'h', 'i'};
  (void)connection.write(kHello);
  (void)connection.update_keys(true);
}

inline void drive(Connection& connection, std::span<const uint8_t> input) {
  if (input.empty()) return;
  const size_t chunk = 1 + input[0] % 64 * 64;  // 1, 65, ... 4033 bytes
  input = input.subspan(1);
  drain(connection);
  while (!input.empty() && !connection.failed()) {
    const auto piece = input.first(std::min(chunk, input.size()));
    auto taken = connection.receive_tls(piece);
    if (!taken.ok()) {
      check(connection.failed() && connection.error().has_value() &&
            !connection.error()->message.empty());
      break;
    }
    // Less than offered only when the plaintext buffer is full.
    check(*taken <= piece.size());
    input = input.subspan(*taken);
    use_established(connection);
    drain(connection);
    if (*taken == 0) break;
  }
  if (connection.failed()) {
    check(connection.error().has_value());
    static constexpr uint8_t kMore[] = {22, 3, 3, 0, 0};
    check(!connection.receive_tls(kMore).ok());
  }
  connection.close();
  drain(connection);
}

}  // namespace parley::fuzz

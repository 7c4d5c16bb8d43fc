// Helpers shared by the TLS 1.2 and TLS 1.3 record protection tests.
#pragma once

#include <gtest/gtest.h>

#include <array>
#include <cstdint>
#include <initializer_list>
#include <memory>
#include <span>
#include <utility>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "parley/error.h"
#include "record/protection.h"
#include "record/record.h"
#include "record/test_util.h"

namespace parley::record::testing {

inline const crypto::Provider& provider() {
  return crypto::default_provider();
}

// The AEADs both TLS versions protect records with, as test parameters.
inline constexpr std::array kAllAeads = {crypto::AeadAlgorithm::kAes128Gcm,
                                         crypto::AeadAlgorithm::kAes256Gcm,
                                         crypto::AeadAlgorithm::kChaCha20Poly1305};

// What a create() call made; a test failure and nullptr if it failed.
template <typename T>
std::unique_ptr<T> created(Result<std::unique_ptr<T>> result) {
  EXPECT_TRUE(result.ok());
  return result.ok() ? std::move(*result) : nullptr;
}

// Splits a whole record into the Record view the deframer would give.
inline Record as_record(Bytes& wire) {
  return {static_cast<ContentType>(wire[0]), static_cast<uint16_t>(wire[1] << 8 | wire[2]),
          std::span<uint8_t>(wire).subspan(kHeaderSize)};
}

// `decrypter` refuses `record` with `alert`.
inline void expect_open_fails(RecordDecrypter& decrypter, Record record, AlertDescription alert) {
  auto opened = decrypter.open(record);
  ASSERT_FALSE(opened.ok());
  expect_alert(opened.error(), alert);
}

// `original` with `mask` XORed into any one byte at `positions` is a
// bad_record_mac for a fresh decrypter from `make_decrypter`, and the failed
// record does not advance its sequence number.
template <typename MakeDecrypter>
void expect_tampering_is_bad_record_mac(ByteView original, std::initializer_list<size_t> positions,
                                        uint8_t mask, MakeDecrypter&& make_decrypter) {
  for (size_t at : positions) {
    auto decrypter = make_decrypter();
    Bytes wire(original.begin(), original.end());
    wire[at] ^= mask;
    auto opened = decrypter->open(as_record(wire));
    ASSERT_FALSE(opened.ok()) << "byte " << at;
    expect_alert(opened.error(), AlertDescription::kBadRecordMac);
    EXPECT_EQ(decrypter->sequence().value(), 0u) << "failed records do not advance the sequence";
  }
}

}  // namespace parley::record::testing

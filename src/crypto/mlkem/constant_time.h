// Constant-time helpers for ML-KEM, and the declassification hook of the
// constant-time test.
//
// The test (tests/crypto/mlkem_ctgrind.cc, the ctgrind technique) builds this
// code with PARLEY_CTGRIND, marks the secret inputs undefined for valgrind
// memcheck and fails on any branch or memory address that depends on them.
// Values that are public by design although computed from secrets (rho, which
// is part of the encapsulation key) are declassified where they are made.
#pragma once

#include <cstddef>
#include <cstdint>

#ifdef PARLEY_CTGRIND
#include <valgrind/memcheck.h>
#define PARLEY_DECLASSIFY(data, size) VALGRIND_MAKE_MEM_DEFINED(data, size)
#else
#define PARLEY_DECLASSIFY(data, size) ((void)(data), (void)(size))
#endif

namespace parley::crypto::mlkem {

// Hides a value from the optimiser, so that mask arithmetic on it is not
// turned back into a branch.
inline uint32_t value_barrier(uint32_t value) {
#if defined(__GNUC__) || defined(__clang__)
  __asm__("" : "+r"(value));
#endif
  return value;
}

// All ones when `value` is non-zero, else zero; no branch.
inline uint32_t mask_if_nonzero(uint32_t value) {
  value = value_barrier(value);
  return 0u - ((value | (0u - value)) >> 31);
}

}  // namespace parley::crypto::mlkem

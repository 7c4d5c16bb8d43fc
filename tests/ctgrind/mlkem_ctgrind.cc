// The constant-time check of parley's ML-KEM-768 (the ctgrind technique):
// run under valgrind memcheck with the secret inputs (the KeyGen seed d || z
// and the Encaps randomness m) marked undefined. Memcheck then reports any
// conditional jump, and any memory address, that depends on them; the values
// that are public by design (the encapsulation key, the ciphertext) are
// declassified where they are made or here, and the shared secrets only
// after the last operation. The ctest runs it with --error-exitcode, so one
// report fails the test.
//
// With --leak-on-purpose it adds one secret-dependent branch, to show that
// the harness catches one (a ctest that must fail).
#include <valgrind/memcheck.h>

#include <array>
#include <cstdio>
#include <cstring>
#include <random>

#include "crypto/mlkem/mlkem768.h"
#include "crypto/openssl/factories.h"

namespace {

using namespace parley;
using namespace parley::crypto;

template <typename T>
void mark_secret(T& value) {
  VALGRIND_MAKE_MEM_UNDEFINED(&value, sizeof value);
}
void declassify(const void* data, size_t size) {
  VALGRIND_MAKE_MEM_DEFINED(data, size);
}

int run(bool leak_on_purpose) {
  std::array<uint8_t, kMlKem768SeedSize> seed;
  std::array<uint8_t, kMlKem768EncapsulationRandomSize> m;
  std::random_device random;
  for (uint8_t& byte : seed) byte = static_cast<uint8_t>(random());
  for (uint8_t& byte : m) byte = static_cast<uint8_t>(random());
  mark_secret(seed);
  mark_secret(m);
  if (leak_on_purpose && seed[0] == 0x42) std::puts("a branch on the secret seed");

  auto key = mlkem::key_from_seed(openssl::new_sha3(), seed);  // KeyGen on a secret seed
  if (!key.ok()) return 2;
  const ByteView ek = (*key)->encapsulation_key();
  declassify(ek.data(), ek.size());  // public by design

  auto sha3 = openssl::new_sha3();
  auto encapsulation = mlkem::encapsulate(*sha3, ek, m);  // Encaps with secret m
  if (!encapsulation.ok()) return 2;
  Bytes ciphertext = encapsulation->ciphertext;
  declassify(ciphertext.data(), ciphertext.size());  // public by design

  auto shared = (*key)->decapsulate(ciphertext);  // Decaps, the valid path
  ciphertext[17] ^= 1;
  auto rejected = (*key)->decapsulate(ciphertext);  // Decaps, implicit rejection
  if (!shared.ok() || !rejected.ok()) return 2;

  // Only the outputs, and only now.
  declassify(shared->data(), shared->size());
  declassify(rejected->data(), rejected->size());
  declassify(encapsulation->shared_secret.data(), encapsulation->shared_secret.size());
  const bool agree = *shared == encapsulation->shared_secret;
  const bool rejects = !(*rejected == encapsulation->shared_secret);
  std::printf(
      "ML-KEM-768 under memcheck: KeyGen, Encaps, Decaps (valid and implicit rejection): "
      "%s\n",
      agree && rejects ? "secrets agree, the tampered ciphertext is rejected" : "WRONG");
  return agree && rejects ? 0 : 1;
}

}  // namespace

int main(int argc, char** argv) {
  const bool leak = argc > 1 && std::strcmp(argv[1], "--leak-on-purpose") == 0;
  if (!RUNNING_ON_VALGRIND) std::puts("note: not under valgrind, so nothing is checked");
  return run(leak);
}

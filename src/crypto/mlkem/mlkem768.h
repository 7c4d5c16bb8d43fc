// parley's own ML-KEM-768 (FIPS 203, final), for libcrypto builds that lack
// one (OpenSSL before 3.5). Portable C++; the hash functions come from the
// provider (crypto::Sha3). See poly.h for how it stays constant time.
#pragma once

#include <memory>

#include "common/bytes.h"
#include "crypto/kem.h"
#include "crypto/sha3.h"
#include "parley/error.h"

namespace parley::crypto::mlkem {

// FIPS 203 Algorithm 16 ML-KEM.KeyGen_internal(d, z), `seed` = d || z.
// The key keeps `sha3` for its decapsulations.
Result<std::unique_ptr<KemDecapsulationKey>> key_from_seed(std::unique_ptr<Sha3> sha3,
                                                           ByteView seed);

// A 2400-byte decapsulation key, after the input checks of FIPS 203 7.3
// (length, and H(ek) matching the hash stored in dk).
Result<std::unique_ptr<KemDecapsulationKey>> parse_decapsulation_key(std::unique_ptr<Sha3> sha3,
                                                                     ByteView dk);

// FIPS 203 Algorithm 17 ML-KEM.Encaps_internal(ek, m), after the input checks
// of 7.2 on ek (length, and the modulus check); a failed check is
// illegal_parameter.
Result<KemEncapsulation> encapsulate(Sha3& sha3, ByteView encapsulation_key, ByteView m);

}  // namespace parley::crypto::mlkem

// ServerHello and HelloRetryRequest: the first bytes a client parses.
#include <cstddef>
#include <cstdint>

#include "codec_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  parley::codec::fuzz::check_round_trip<parley::codec::ServerHello>(parley::ByteView(data, size));
  return 0;
}

// ClientHello: the first bytes a server parses from an unauthenticated peer.
#include <cstddef>
#include <cstdint>

#include "codec_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley::codec;
  const parley::ByteView input(data, size);
  fuzz::check_round_trip<ClientHello>(input);
  // The binder prefix of a decoded hello lies inside the message.
  if (auto hello = ClientHello::decode(input); hello.ok()) {
    if (hello->binders_prefix(input).size() + hello->binders_length() != size) {
      fuzz::fail("binders_length does not match the decoded input");
    }
  }
  return 0;
}

// Every other handshake message decoder, plus the handshake framing and the
// Alert / ChangeCipherSpec payloads. The first input byte picks the decoder,
// the rest is the body.
#include <cstddef>
#include <cstdint>

#include "codec_round_trip.h"

namespace {

using namespace parley::codec;
using parley::ByteView;

void check_framing(ByteView input) {
  auto view = split_handshake_message(input);
  if (!view.ok()) return;
  auto again = encode_handshake(view->type, view->body);
  if (!again.ok() || !std::equal(again->begin(), again->end(), input.begin(), input.end())) {
    fuzz::fail("handshake framing does not round-trip");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const ByteView body(data + 1, size - 1);
  switch (data[0] % 22) {
    case 0:
      fuzz::check_round_trip<EncryptedExtensions>(body);
      break;
    case 1:
      fuzz::check_round_trip<Certificate13>(body);
      break;
    case 2:
      fuzz::check_round_trip<CertificateRequest13>(body);
      break;
    case 3:
      fuzz::check_round_trip<NewSessionTicket13>(body);
      break;
    case 4:
      fuzz::check_round_trip<KeyUpdate>(body);
      break;
    case 5:
      fuzz::check_round_trip<EndOfEarlyData>(body);
      break;
    case 6:
      fuzz::check_round_trip<CertificateVerify>(body);
      break;
    case 7: {
      // Finished lengths in use: 12 (TLS 1.2), 32 and 48 (TLS 1.3).
      const size_t length = data[0] / 22 % 3 == 0 ? 12 : data[0] / 22 % 3 == 1 ? 32 : 48;
      fuzz::check_round_trip<Finished>(
          body, [length](ByteView b) { return Finished::decode(b, length); });
      break;
    }
    case 8:
      fuzz::check_round_trip<HelloRequest>(body);
      break;
    case 9:
      fuzz::check_round_trip<Certificate12>(body);
      break;
    case 10:
      fuzz::check_round_trip<CertificateRequest12>(body);
      break;
    case 11:
      fuzz::check_round_trip<ServerKeyExchangeEcdhe>(body);
      break;
    case 12:
      fuzz::check_round_trip<ServerKeyExchangeDhe>(body);
      break;
    case 13:
      fuzz::check_round_trip<ServerHelloDone>(body);
      break;
    case 14:
      fuzz::check_round_trip<ClientKeyExchangeRsa>(body);
      break;
    case 15:
      fuzz::check_round_trip<ClientKeyExchangeEcdhe>(body);
      break;
    case 16:
      fuzz::check_round_trip<ClientKeyExchangeDhe>(body);
      break;
    case 17:
      fuzz::check_round_trip<NewSessionTicket12>(body);
      break;
    case 18:
      fuzz::check_round_trip<CertificateStatus>(body);
      break;
    case 19:
      fuzz::check_round_trip<Alert>(body);
      break;
    case 20:
      fuzz::check_round_trip<ChangeCipherSpec>(body);
      break;
    case 21:
      check_framing(body);
      break;
  }
  return 0;
}

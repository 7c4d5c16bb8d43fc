// Every typed extension body decoder. The first input byte picks the
// decoder, the rest is the extension_data.
#include <cstddef>
#include <cstdint>

#include "codec_round_trip.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace parley::codec;
  if (size == 0) return 0;
  const parley::ByteView body(data + 1, size - 1);
  switch (data[0] % 22) {
    case 0:
      fuzz::check_round_trip<EmptyExtension>(body);
      break;
    case 1:
      fuzz::check_round_trip<ServerNameList>(body);
      break;
    case 2:
      fuzz::check_round_trip<SupportedGroups>(body);
      break;
    case 3:
      fuzz::check_round_trip<EcPointFormats>(body);
      break;
    case 4:
      fuzz::check_round_trip<SignatureSchemeList>(body);
      break;
    case 5:
      fuzz::check_round_trip<ProtocolNameList>(body);
      break;
    case 6:
      fuzz::check_round_trip<SelectedProtocol>(body);
      break;
    case 7:
      fuzz::check_round_trip<SupportedVersionsClientHello>(body);
      break;
    case 8:
      fuzz::check_round_trip<SupportedVersionsServerHello>(body);
      break;
    case 9:
      fuzz::check_round_trip<KeyShareClientHello>(body);
      break;
    case 10:
      fuzz::check_round_trip<KeyShareServerHello>(body);
      break;
    case 11:
      fuzz::check_round_trip<KeyShareHelloRetryRequest>(body);
      break;
    case 12:
      fuzz::check_round_trip<PskKeyExchangeModes>(body);
      break;
    case 13:
      fuzz::check_round_trip<OfferedPsks>(body);
      break;
    case 14:
      fuzz::check_round_trip<PreSharedKeyServerHello>(body);
      break;
    case 15:
      fuzz::check_round_trip<Cookie>(body);
      break;
    case 16:
      fuzz::check_round_trip<EarlyDataNewSessionTicket>(body);
      break;
    case 17:
      fuzz::check_round_trip<RenegotiationInfo>(body);
      break;
    case 18:
      fuzz::check_round_trip<SessionTicket>(body);
      break;
    case 19:
      fuzz::check_round_trip<StatusRequest>(body);
      break;
    case 20:
      fuzz::check_round_trip<CertificateAuthorities>(body);
      break;
    case 21:
      fuzz::check_round_trip<RecordSizeLimit>(body);
      break;
  }
  return 0;
}

// The hybrid key shares (draft-ietf-tls-ecdhe-mlkem) from untrusted bytes:
// the server answering a client share, the client agreeing on a server share,
// and ML-KEM-768 Encaps on an encapsulation key. The first byte picks the
// group and the side. Every input either works with the exact share length
// or fails with illegal_parameter; nothing else is allowed.
#include <cstdint>
#include <cstdlib>
#include <memory>

#include "crypto/key_share.h"
#include "crypto/provider.h"

namespace {

using namespace parley;
using namespace parley::crypto;

void require(bool condition) {
  if (!condition) std::abort();
}

void expect_illegal_parameter(const Error& error) {
  require(error.alert == AlertDescription::kIllegalParameter);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  const Provider& provider = default_provider();
  const KeyExchangeGroup group =
      data[0] & 1 ? KeyExchangeGroup::kSecp256r1MlKem768 : KeyExchangeGroup::kX25519MlKem768;
  const size_t classical = group == KeyExchangeGroup::kX25519MlKem768 ? 32 : 65;
  const ByteView share(data + 1, size - 1);
  switch ((data[0] >> 1) % 3) {
    case 0: {  // the server's side
      auto answer = answer_key_share(provider, group, share);
      if (answer.ok()) {
        require(share.size() == kMlKem768EncapsulationKeySize + classical);
        require(answer->share.size() == kMlKem768CiphertextSize + classical);
      } else {
        expect_illegal_parameter(answer.error());
      }
      break;
    }
    case 1: {  // the client's side, with one key per process and group
      static std::unique_ptr<KeyExchange> clients[2];
      auto& client = clients[data[0] & 1];
      if (!client) client = std::move(make_client_key_share(provider, group)).value();
      auto secret = client->agree(share);
      if (secret.ok()) {
        require(share.size() == kMlKem768CiphertextSize + classical);
      } else {
        expect_illegal_parameter(secret.error());
      }
      break;
    }
    default: {  // Encaps and its FIPS 203 7.2 checks
      auto encapsulation = encapsulate(provider, KemAlgorithm::kMlKem768, share);
      if (encapsulation.ok()) {
        require(share.size() == kMlKem768EncapsulationKeySize);
      } else {
        expect_illegal_parameter(encapsulation.error());
      }
    }
  }
  return 0;
}

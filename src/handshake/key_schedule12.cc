#include "handshake/key_schedule12.h"

#include "codec/writer.h"
#include "crypto/kdf.h"

namespace parley::handshake {
namespace {

Bytes concat(ByteView a, ByteView b) {
  Bytes out(a.begin(), a.end());
  out.insert(out.end(), b.begin(), b.end());
  return out;
}

}  // namespace

KeySchedule12::KeySchedule12(const crypto::Provider& provider, crypto::HashAlgorithm prf,
                             crypto::Secret master, ByteView client_random, ByteView server_random)
    : provider_(&provider),
      prf_(prf),
      master_secret_(std::move(master)),
      client_random_(client_random.begin(), client_random.end()),
      server_random_(server_random.begin(), server_random.end()),
      handshake_hmac_(provider.make_hmac(prf, master_secret_)) {}

KeySchedule12 KeySchedule12::from_premaster(const crypto::Provider& provider,
                                            crypto::HashAlgorithm prf, ByteView premaster,
                                            ByteView client_random, ByteView server_random) {
  crypto::Secret master =
      crypto::tls12_prf(provider, prf, premaster, "master secret",
                        concat(client_random, server_random), kTls12MasterSecretSize);
  return KeySchedule12(provider, prf, std::move(master), client_random, server_random);
}

KeySchedule12 KeySchedule12::from_premaster_extended(const crypto::Provider& provider,
                                                     crypto::HashAlgorithm prf, ByteView premaster,
                                                     ByteView session_hash, ByteView client_random,
                                                     ByteView server_random) {
  crypto::Secret master = crypto::tls12_prf(provider, prf, premaster, "extended master secret",
                                            session_hash, kTls12MasterSecretSize);
  return KeySchedule12(provider, prf, std::move(master), client_random, server_random);
}

KeySchedule12 KeySchedule12::from_master(const crypto::Provider& provider,
                                         crypto::HashAlgorithm prf, ByteView master_secret,
                                         ByteView client_random, ByteView server_random) {
  return KeySchedule12(provider, prf, crypto::Secret(master_secret), client_random, server_random);
}

Tls12KeyBlock KeySchedule12::key_block(size_t key_size, size_t iv_size) const {
  const crypto::Secret block =
      crypto::tls12_prf(*handshake_hmac_, "key expansion", concat(server_random_, client_random_),
                        2 * (key_size + iv_size));
  const ByteView all = block.view();
  return {crypto::Secret(all.subspan(0, key_size)), crypto::Secret(all.subspan(key_size, key_size)),
          crypto::Secret(all.subspan(2 * key_size, iv_size)),
          crypto::Secret(all.subspan(2 * key_size + iv_size, iv_size))};
}

Bytes KeySchedule12::verify_data(FinishedSender sender, ByteView handshake_hash) const {
  const std::string_view label =
      sender == FinishedSender::kClient ? "client finished" : "server finished";
  const crypto::Secret out =
      crypto::tls12_prf(*handshake_hmac_, label, handshake_hash, kTls12VerifyDataSize);
  return Bytes(out.view().begin(), out.view().end());
}

bool KeySchedule12::verify_finished(FinishedSender sender, ByteView handshake_hash,
                                    ByteView received) const {
  return constant_time_equal(verify_data(sender, handshake_hash), received);
}

Result<crypto::Secret> KeySchedule12::export_keying_material(std::string_view label,
                                                             std::optional<ByteView> context,
                                                             size_t length) const {
  // RFC 5705 4: labels reserved by TLS itself must not be used.
  for (std::string_view reserved : {"client finished", "server finished", "master secret",
                                    "key expansion", "extended master secret"}) {
    if (label == reserved) return illegal_parameter("reserved exporter label");
  }
  codec::Writer seed;
  seed.bytes(client_random_);
  seed.bytes(server_random_);
  if (context) {
    if (context->size() > 0xffff) return illegal_parameter("exporter context too long");
    seed.vector_bytes(2, *context);
  }
  return crypto::tls12_prf(*provider_, prf_, master_secret_, label, seed.data(), length);
}

}  // namespace parley::handshake

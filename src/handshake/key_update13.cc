#include "handshake/key_update13.h"

#include "codec/describe.h"
#include "codec/handshake.h"

namespace parley::handshake {

Status Tls13TrafficKeys::install_read(ConnectionCore& core) const {
  PARLEY_ASSIGN_OR_RETURN(auto decrypter, make_tls13_decrypter(hkdf_, aead_, read_secret_));
  return core.set_decrypter(std::move(decrypter));
}

Status Tls13TrafficKeys::install_write(ConnectionCore& core) const {
  PARLEY_ASSIGN_OR_RETURN(auto encrypter, make_tls13_encrypter(hkdf_, aead_, write_secret_));
  core.set_encrypter(std::move(encrypter));
  return {};
}

Status Tls13TrafficKeys::on_key_update(ConnectionCore& core,
                                       const record::HandshakeMessage& message) {
  PARLEY_ASSIGN_OR_RETURN(auto update, codec::KeyUpdate::decode(message.body));
  if (core.tracing()) core.trace(false, "KeyUpdate", codec::describe(update));
  read_secret_ = hkdf_.next_traffic_secret(read_secret_);
  PARLEY_TRY(install_read(core));
  if (update.request_update != codec::KeyUpdateRequest::kUpdateRequested) return {};
  // RFC 8446 4.6.3: several requests while we send nothing get one update.
  if (writes_at_last_update_ == core.application_writes()) return {};
  return send_key_update(core, codec::KeyUpdateRequest::kUpdateNotRequested);
}

Status Tls13TrafficKeys::send_key_update(ConnectionCore& core, codec::KeyUpdateRequest request) {
  const codec::KeyUpdate update{request};
  PARLEY_ASSIGN_OR_RETURN(Bytes raw, codec::encode_handshake(update));
  if (core.tracing()) core.trace(true, "KeyUpdate", codec::describe(update));
  PARLEY_TRY(core.send_handshake(raw));
  write_secret_ = hkdf_.next_traffic_secret(write_secret_);
  writes_at_last_update_ = core.application_writes();
  return install_write(core);
}

}  // namespace parley::handshake

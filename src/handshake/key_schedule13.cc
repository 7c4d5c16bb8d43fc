#include "handshake/key_schedule13.h"

#include <string>

#include "codec/writer.h"
#include "crypto/kdf.h"

namespace parley::handshake {
namespace {

constexpr std::string_view kLabelPrefix = "tls13 ";
constexpr size_t kMaxLabelSize = 255 - kLabelPrefix.size();

}  // namespace

Tls13Hkdf::Tls13Hkdf(const crypto::Provider& provider, crypto::HashAlgorithm hash)
    : provider_(&provider), hash_(hash), empty_hash_(crypto::hash(provider, hash, {})) {}

Secret Tls13Hkdf::extract(ByteView salt, ByteView ikm) const {
  return crypto::hkdf_extract(*provider_, hash_, salt, ikm);
}

Secret Tls13Hkdf::expand_label(ByteView secret, std::string_view label, ByteView context,
                               size_t length) const {
  // struct { uint16 length; opaque label<7..255>; opaque context<0..255>; }
  codec::Writer info;
  info.u16(static_cast<uint16_t>(length));
  info.vector(1, [&] {
    info.bytes(as_bytes(kLabelPrefix));
    info.bytes(as_bytes(label));
  });
  info.vector_bytes(1, context);
  return crypto::hkdf_expand(*provider_, hash_, secret, info.data(), length);
}

Secret Tls13Hkdf::derive_secret(ByteView secret, std::string_view label,
                                ByteView transcript_hash) const {
  return expand_label(secret, label, transcript_hash, hash_size());
}

Secret Tls13Hkdf::derive_secret_empty(ByteView secret, std::string_view label) const {
  return derive_secret(secret, label, empty_hash_);
}

TrafficKeys Tls13Hkdf::traffic_keys(ByteView traffic_secret, crypto::AeadAlgorithm aead) const {
  return {expand_label(traffic_secret, "key", {}, crypto::aead_key_size(aead)),
          expand_label(traffic_secret, "iv", {}, crypto::kAeadNonceSize)};
}

Secret Tls13Hkdf::next_traffic_secret(ByteView traffic_secret) const {
  return expand_label(traffic_secret, "traffic upd", {}, hash_size());
}

Secret Tls13Hkdf::finished_key(ByteView base_key) const {
  return expand_label(base_key, "finished", {}, hash_size());
}

Bytes Tls13Hkdf::finished_verify_data(ByteView base_key, ByteView transcript_hash) const {
  const Secret key = finished_key(base_key);
  std::unique_ptr<crypto::Hmac> hmac = provider_->make_hmac(hash_, key);
  hmac->update(transcript_hash);
  Bytes out(hash_size());
  hmac->finish(out);
  return out;
}

bool Tls13Hkdf::verify_finished(ByteView base_key, ByteView transcript_hash,
                                ByteView received) const {
  return constant_time_equal(finished_verify_data(base_key, transcript_hash), received);
}

Secret Tls13Hkdf::resumption_psk(ByteView resumption_master_secret, ByteView ticket_nonce) const {
  return expand_label(resumption_master_secret, "resumption", ticket_nonce, hash_size());
}

Result<Secret> Tls13Hkdf::export_keying_material(ByteView exporter_master_secret,
                                                 std::string_view label, ByteView context,
                                                 size_t length) const {
  if (label.size() > kMaxLabelSize) return illegal_parameter("exporter label too long");
  if (length > 255 * hash_size() || length > 0xffff) {
    return illegal_parameter("exporter output too long");
  }
  const Secret derived = derive_secret_empty(exporter_master_secret, label);
  return expand_label(derived, "exporter", crypto::hash(*provider_, hash_, context), length);
}

Result<std::unique_ptr<record::Tls13Encrypter>> make_tls13_encrypter(const Tls13Hkdf& hkdf,
                                                                     crypto::AeadAlgorithm aead,
                                                                     ByteView traffic_secret) {
  const TrafficKeys keys = hkdf.traffic_keys(traffic_secret, aead);
  return record::Tls13Encrypter::create(hkdf.provider(), aead, keys.key, keys.iv);
}

Result<std::unique_ptr<record::Tls13Decrypter>> make_tls13_decrypter(const Tls13Hkdf& hkdf,
                                                                     crypto::AeadAlgorithm aead,
                                                                     ByteView traffic_secret) {
  const TrafficKeys keys = hkdf.traffic_keys(traffic_secret, aead);
  return record::Tls13Decrypter::create(hkdf.provider(), aead, keys.key, keys.iv);
}

EarlySecret EarlySecret::with_psk(const Tls13Hkdf& hkdf, ByteView psk) {
  return EarlySecret(hkdf, hkdf.extract({}, psk));
}

EarlySecret EarlySecret::without_psk(const Tls13Hkdf& hkdf) {
  return with_psk(hkdf, Bytes(hkdf.hash_size(), 0));
}

Secret EarlySecret::binder_key(PskKind kind) const {
  return hkdf_.derive_secret_empty(secret_,
                                   kind == PskKind::kExternal ? "ext binder" : "res binder");
}

Bytes EarlySecret::psk_binder(PskKind kind, ByteView truncated_hello_hash) const {
  return hkdf_.finished_verify_data(binder_key(kind), truncated_hello_hash);
}

bool EarlySecret::verify_psk_binder(PskKind kind, ByteView truncated_hello_hash,
                                    ByteView binder) const {
  return hkdf_.verify_finished(binder_key(kind), truncated_hello_hash, binder);
}

Secret EarlySecret::client_early_traffic_secret(ByteView client_hello_hash) const {
  return hkdf_.derive_secret(secret_, "c e traffic", client_hello_hash);
}

Secret EarlySecret::early_exporter_master_secret(ByteView client_hello_hash) const {
  return hkdf_.derive_secret(secret_, "e exp master", client_hello_hash);
}

HandshakeSecret EarlySecret::into_handshake(ByteView shared_secret) && {
  const Secret salt = hkdf_.derive_secret_empty(secret_, "derived");
  const Bytes zeros(hkdf_.hash_size(), 0);
  Secret next = hkdf_.extract(salt, shared_secret.empty() ? ByteView(zeros) : shared_secret);
  secret_ = Secret();
  return HandshakeSecret(hkdf_, std::move(next));
}

Secret HandshakeSecret::client_handshake_traffic_secret(ByteView hello_hash) const {
  return hkdf_.derive_secret(secret_, "c hs traffic", hello_hash);
}

Secret HandshakeSecret::server_handshake_traffic_secret(ByteView hello_hash) const {
  return hkdf_.derive_secret(secret_, "s hs traffic", hello_hash);
}

MasterSecret HandshakeSecret::into_master() && {
  const Secret salt = hkdf_.derive_secret_empty(secret_, "derived");
  Secret next = hkdf_.extract(salt, Bytes(hkdf_.hash_size(), 0));
  secret_ = Secret();
  return MasterSecret(hkdf_, std::move(next));
}

Secret MasterSecret::client_application_traffic_secret(ByteView server_finished_hash) const {
  return hkdf_.derive_secret(secret_, "c ap traffic", server_finished_hash);
}

Secret MasterSecret::server_application_traffic_secret(ByteView server_finished_hash) const {
  return hkdf_.derive_secret(secret_, "s ap traffic", server_finished_hash);
}

Secret MasterSecret::exporter_master_secret(ByteView server_finished_hash) const {
  return hkdf_.derive_secret(secret_, "exp master", server_finished_hash);
}

Secret MasterSecret::resumption_master_secret(ByteView client_finished_hash) const {
  return hkdf_.derive_secret(secret_, "res master", client_finished_hash);
}

}  // namespace parley::handshake

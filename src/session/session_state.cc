#include "session/session_state.h"

#include "codec/reader.h"
#include "codec/writer.h"

namespace parley::session {

namespace {

// The first byte of every encoding; a new layout gets a new value, and an
// old ticket then simply fails to decode (a full handshake follows).
constexpr uint8_t kFormat = 1;

std::string as_string(ByteView bytes) {
  return {bytes.begin(), bytes.end()};
}

}  // namespace

crypto::Secret SessionState::encode() const {
  // Reserved up front so that no reallocation leaves a copy of the secret
  // behind in freed memory.
  size_t size = 128 + secret.size() + server_name.size() + alpn.size() + ticket.size();
  for (const Bytes& der : peer_certificates) size += 3 + der.size();
  Bytes buffer;
  buffer.reserve(size);
  codec::Writer w(std::move(buffer));
  w.u8(kFormat);
  w.u16(static_cast<uint16_t>(version));
  w.u16(static_cast<uint16_t>(cipher_suite));
  w.vector_bytes(1, secret.view());
  w.u64(static_cast<uint64_t>(issued_at));
  w.u32(lifetime);
  w.u32(age_add);
  w.u32(max_early_data);
  w.u8(extended_master_secret ? 1 : 0);
  w.vector_bytes(1, as_bytes(server_name));
  w.vector_bytes(1, as_bytes(alpn));
  w.vector(3, [&] {
    for (const Bytes& der : peer_certificates) w.vector_bytes(3, der);
  });
  w.vector_bytes(2, ticket);
  w.vector_bytes(1, session_id);
  Bytes out = w.take();
  crypto::Secret encoded(out);
  secure_wipe(out.data(), out.size());
  return encoded;
}

Result<SessionState> SessionState::decode(ByteView encoded) {
  codec::Reader r(encoded);
  PARLEY_ASSIGN_OR_RETURN(uint8_t format, r.u8());
  if (format != kFormat) return decode_error("session state of an unknown format");
  SessionState s;
  PARLEY_ASSIGN_OR_RETURN(uint16_t version, r.u16());
  s.version = static_cast<ProtocolVersion>(version);
  if (s.version != ProtocolVersion::kTls13 && s.version != ProtocolVersion::kTls12) {
    return decode_error("session state of an unsupported version");
  }
  PARLEY_ASSIGN_OR_RETURN(uint16_t suite, r.u16());
  s.cipher_suite = static_cast<CipherSuite>(suite);
  PARLEY_ASSIGN_OR_RETURN(ByteView secret, r.vector(1, 32, 64));
  s.secret = crypto::Secret(secret);
  PARLEY_ASSIGN_OR_RETURN(uint64_t issued_at, r.u64());
  s.issued_at = static_cast<int64_t>(issued_at);
  PARLEY_ASSIGN_OR_RETURN(s.lifetime, r.u32());
  PARLEY_ASSIGN_OR_RETURN(s.age_add, r.u32());
  PARLEY_ASSIGN_OR_RETURN(s.max_early_data, r.u32());
  PARLEY_ASSIGN_OR_RETURN(uint8_t ems, r.u8());
  if (ems > 1) return decode_error("session state with a bad flag");
  s.extended_master_secret = ems == 1;
  PARLEY_ASSIGN_OR_RETURN(ByteView server_name, r.vector(1, 0, 255));
  s.server_name = as_string(server_name);
  PARLEY_ASSIGN_OR_RETURN(ByteView alpn, r.vector(1, 0, 255));
  s.alpn = as_string(alpn);
  PARLEY_ASSIGN_OR_RETURN(codec::Reader chain, r.sub_reader(3, 0, 0xffffff));
  while (!chain.empty()) {
    if (s.peer_certificates.size() == kMaxPeerCertificates) {
      return decode_error("session state with too many certificates");
    }
    PARLEY_ASSIGN_OR_RETURN(ByteView der, chain.vector(3, 1, 0xffffff));
    s.peer_certificates.emplace_back(der.begin(), der.end());
  }
  PARLEY_ASSIGN_OR_RETURN(ByteView ticket, r.vector(2, 0, 0xffff));
  s.ticket.assign(ticket.begin(), ticket.end());
  PARLEY_ASSIGN_OR_RETURN(ByteView session_id, r.vector(1, 0, 32));
  s.session_id.assign(session_id.begin(), session_id.end());
  PARLEY_TRY(r.expect_end("session state"));
  return s;
}

}  // namespace parley::session

// Fuzzes the receive path: arbitrary bytes, fed in chunks whose sizes come
// from the input, go through the deframer; every record is opened with a
// fixed TLS 1.3 key (most fail authentication, which must be a clean
// bad_record_mac) or taken as plaintext, and handshake content goes through
// the reassembler.
#include <algorithm>
#include <cstddef>
#include <cstdint>

#include "codec/reader.h"
#include "crypto/provider.h"
#include "record/deframer.h"
#include "record/handshake_reassembler.h"
#include "record/tls13_protection.h"

namespace {

using namespace parley;

record::Tls13Decrypter& fixed_decrypter() {
  static const Bytes key(16, 0x5a);
  static const Bytes iv(12, 0xa5);
  static auto decrypter = std::move(*record::Tls13Decrypter::create(
      crypto::default_provider(), crypto::AeadAlgorithm::kAes128Gcm, key, iv));
  return *decrypter;
}

// Records that authenticate under the fixed key, so the fuzzer also reaches
// the inner-plaintext parsing: the first input byte selects, per record,
// whether to seal the fragment (as if the peer had) before opening it.
record::Tls13Encrypter& fixed_encrypter() {
  static const Bytes key(16, 0x5a);
  static const Bytes iv(12, 0xa5);
  static auto encrypter = std::move(*record::Tls13Encrypter::create(
      crypto::default_provider(), crypto::AeadAlgorithm::kAes128Gcm, key, iv));
  return *encrypter;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  codec::Reader input(ByteView(data, size));
  auto control = input.u16();
  if (!control.ok()) return 0;
  const size_t chunk = 1 + (*control & 0x3ff);
  const bool encrypted = *control & 0x8000;
  const auto mode = static_cast<record::DeframerMode>((*control >> 12) % 3);

  record::Deframer deframer(0);
  deframer.set_mode(mode);
  record::HandshakeReassembler reassembler(4096);
  record::NullDecrypter null_decrypter;
  record::Tls13Decrypter& decrypter = fixed_decrypter();
  decrypter.sequence().set_for_testing(0);
  fixed_encrypter().sequence().set_for_testing(0);

  // Application data is kept where it lies, as a connection keeps it until
  // read; `kept` is what it must still be after later feeds, each of which
  // first consumes half of it.
  Bytes kept;
  ByteView stream = input.rest();
  while (true) {
    auto next = deframer.next();
    if (!next.ok()) return 0;
    if (!next->has_value()) {
      if (stream.empty()) break;
      const ByteView still = deframer.kept();
      if (!std::equal(still.begin(), still.end(), kept.begin(), kept.end())) __builtin_trap();
      const size_t consumed = (kept.size() + 1) / 2;
      deframer.consume_kept(consumed);
      kept.erase(kept.begin(), kept.begin() + static_cast<std::ptrdiff_t>(consumed));
      const size_t taken = deframer.feed(stream.first(std::min(chunk, stream.size())));
      if (taken == 0) __builtin_trap();  // the buffer always has room after draining
      stream = stream.subspan(taken);
      continue;
    }
    record::Record rec = **next;
    Result<record::Plaintext> plain = null_decrypter.open(rec);
    if (encrypted) {
      // Half the records: re-seal the fragment so that it authenticates.
      if (!rec.fragment.empty() && (rec.fragment[0] & 1) && rec.fragment.size() <= 2000) {
        Bytes sealed;
        if (!fixed_encrypter().seal(record::ContentType::kHandshake, rec.fragment, sealed).ok()) {
          continue;
        }
        record::Record resealed{record::ContentType::kApplicationData, 0x0303,
                                std::span<uint8_t>(sealed).subspan(record::kHeaderSize)};
        plain = decrypter.open(resealed);
        if (plain.ok()) {
          if (!reassembler.add_record(plain->data).ok()) return 0;
          while (reassembler.next()) {
          }
        }
        continue;
      }
      plain = decrypter.open(rec);
    }
    if (!plain.ok()) continue;
    if (plain->type == record::ContentType::kHandshake) {
      if (!reassembler.add_record(plain->data).ok()) return 0;
      while (auto message = reassembler.next()) {
        if (message->raw.size() != message->body.size() + record::kHandshakeHeaderSize) {
          __builtin_trap();
        }
      }
    } else if (!reassembler.expect_message_boundary("another record type").ok()) {
      return 0;
    } else if (plain->type == record::ContentType::kApplicationData && kept.empty()) {
      deframer.keep(plain->data);
      kept.assign(plain->data.begin(), plain->data.end());
    }
  }
  return 0;
}

// Deframer: turns a byte stream, arriving in chunks of any size, into records.
// It checks what can be checked before decryption: the content type, the
// legacy record version and the record length. Sans-I/O: the caller feeds the
// bytes it read and pulls records out.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <span>

#include "common/bytes.h"
#include "parley/error.h"
#include "record/record.h"

namespace parley::record {

// How much the deframer knows about the protocol version, which decides the
// version check and the largest acceptable record.
enum class DeframerMode {
  kUnnegotiated,  // any 3.x legacy version, records up to 2^14 + 2048
  kTls12,         // exactly 0x0303, records up to 2^14 + 2048 (RFC 5246 6.2.3)
  kTls13,         // version ignored (RFC 8446 5.1), records up to 2^14 + 256
};

class Deframer {
 public:
  // Room for two of the largest records, so that a full record never has to
  // wait for the previous one's bytes to be moved out of the way.
  static constexpr size_t kDefaultCapacity = 2 * kMaxRecordSize;

  // `capacity` is raised to kMaxRecordSize if smaller. The buffer is
  // allocated when bytes arrive and freed once every byte has been returned
  // (and nothing is kept), so an idle connection holds none.
  explicit Deframer(size_t capacity = kDefaultCapacity);

  void set_mode(DeframerMode mode) { mode_ = mode; }
  DeframerMode mode() const { return mode_; }

  // Copies as much of `data` as fits into the buffer and returns how many
  // bytes were taken; the caller keeps the rest for a later call. Invalidates
  // the record last returned by next().
  size_t feed(ByteView data);

  // The next complete record, std::nullopt if more bytes are needed, or the
  // error that the stream is broken (unexpected_message, record_overflow,
  // protocol_version); after an error every later call returns it again.
  // The record's fragment points into the buffer and stays valid until the
  // next feed() or next().
  Result<std::optional<Record>> next();

  // The record at the start of `bytes` (a buffer the caller owns), checked
  // as next() checks its own: std::nullopt if incomplete, or the error. The
  // fragment points into `bytes`. Changes nothing here.
  Result<std::optional<Record>> parse(std::span<uint8_t> bytes) const;

  // Bytes buffered but not yet returned as records (a partial record at end
  // of stream means the peer's data was truncated).
  size_t buffered() const { return end_ - begin_; }
  // How many more bytes feed() would take right now.
  size_t free_space() const { return capacity_ - buffered() - kept_size_; }

  // Keeps `part` (inside the fragment of the record next() returned last,
  // typically its decrypted content) readable across later feed() and next()
  // calls until consume_kept() has taken all of it, so that plaintext can be
  // read from where it was decrypted instead of being copied out first. One
  // part at a time: a second keep() replaces the first.
  void keep(std::span<uint8_t> part);
  // What is kept and not yet consumed.
  ByteView kept() const {
    // No pointer arithmetic on a released (null) buffer.
    return kept_size_ == 0 ? ByteView() : ByteView(buffer_.get() + kept_begin_, kept_size_);
  }
  void consume_kept(size_t n);

  // Whether the record buffer is allocated right now.
  bool holds_buffer() const { return buffer_ != nullptr; }

 private:
  // `header` is the record header's 5 bytes, for telling plaintext HTTP from TLS.
  Status check_header(ByteView header, uint8_t type, uint16_t version, size_t length) const;
  size_t max_fragment_length() const;

  std::span<uint8_t> storage() { return {buffer_.get(), capacity_}; }
  // Frees the buffer once nothing in it is needed.
  void release_if_empty();

  size_t capacity_;
  // Left uninitialised: zeroing 34 KiB per connection showed up in the
  // handshake profile, and only bytes below end_ are ever read.
  std::unique_ptr<uint8_t[]> buffer_;
  size_t begin_ = 0;       // first byte not yet returned as a record
  size_t end_ = 0;         // one past the last buffered byte
  size_t kept_begin_ = 0;  // keep(): before begin_ when kept_size_ > 0
  size_t kept_size_ = 0;
  DeframerMode mode_ = DeframerMode::kUnnegotiated;
  std::optional<Error> error_;
};

}  // namespace parley::record

// ConnectionCore: everything a connection does except the handshake logic.
// It turns TLS bytes into records (deframer, record protection, handshake
// reassembly), hands handshake messages to the state machine, buffers
// plaintext both ways with limits, and sends exactly one alert on a fatal
// error, after which the connection stays closed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "handshake/machine.h"
#include "parley/config.h"
#include "parley/connection.h"
#include "parley/error.h"
#include "parley/hooks.h"
#include "record/deframer.h"
#include "record/fragmenter.h"
#include "record/handshake_reassembler.h"
#include "record/protection.h"

namespace parley::handshake {

class ConnectionCore {
 public:
  ConnectionCore(std::shared_ptr<const CommonConfig> config, bool is_client);
  ~ConnectionCore();

  void set_machine(std::unique_ptr<HandshakeMachine> machine) { machine_ = std::move(machine); }
  Status start();

  // --- the public Connection API
  Result<size_t> receive_tls(ByteView data);
  ByteView pending_tls() const { return ByteView(output_).subspan(output_sent_); }
  void consume_tls(size_t n);
  size_t read(std::span<uint8_t> out);
  size_t readable() const {
    return deframer_.kept().size() + plaintext_in_.size() - plaintext_in_read_;
  }
  Status write(ByteView data);
  Result<size_t> write_some(ByteView data);
  size_t writable() const;
  void close();
  Status update_keys(bool request_peer_update);
  bool is_handshaking() const { return !failed() && !(machine_ && machine_->is_complete()); }
  bool wants_read() const { return !failed() && !peer_closed_; }
  bool peer_closed() const { return peer_closed_; }
  bool failed() const { return error_.has_value(); }
  const std::optional<Error>& error() const { return error_; }
  const SessionInfo& info() const { return info_; }
  Result<crypto::Secret> export_keying_material(std::string_view label,
                                                std::optional<ByteView> context,
                                                size_t length) const;

  // --- low-copy I/O into and out of the caller's buffers (Connection::seal_into,
  // Connection::open_in_place)
  size_t sealed_size(size_t size) const;
  Result<size_t> seal_into(ByteView data, std::span<uint8_t> out);
  Result<size_t> open_in_place(std::span<uint8_t> in, std::vector<std::span<const uint8_t>>& data);

  // --- services for the state machine
  SessionInfo& mutable_info() { return info_; }
  const CommonConfig& config() const { return *config_; }
  const crypto::Provider& provider() const { return *provider_; }
  bool is_client() const { return is_client_; }
  int64_t now() const;

  // Sends one complete handshake message (header included) under the
  // current write protection.
  Status send_handshake(ByteView message);
  // How many times application data has been sealed so far.
  uint64_t application_writes() const { return application_writes_; }
  Status send_change_cipher_spec();
  Status send_warning_alert(AlertDescription alert);
  // Installs new record protection. A read key change is refused while a
  // handshake message is half received (RFC 8446 5.1).
  Status set_decrypter(std::unique_ptr<record::RecordDecrypter> decrypter);
  void set_encrypter(std::unique_ptr<record::RecordEncrypter> encrypter);
  // RFC 8446 5.1: only a client's first ClientHello may carry record
  // version 0x0301; every later plaintext record says 0x0303.
  void use_tls12_record_version();
  // The negotiated version decides record version checks and limits.
  void set_version(ProtocolVersion version);
  // Limits records we send (RFC 8449 record_size_limit).
  Status set_max_fragment_length(size_t length) {
    return fragmenter_.set_max_fragment_length(length);
  }
  // The end of a peer's flight: no more of its handshake messages may be
  // buffered (an unexpected_message otherwise).
  Status expect_end_of_flight(std::string_view what) const;
  // RFC 8449 4: records decrypted with keys installed from now on (and, if
  // `including_current`, with the current ones) may carry at most `limit`
  // bytes of plaintext (in TLS 1.3, of TLSInnerPlaintext): record_overflow
  // otherwise.
  void limit_received_records(size_t limit, bool including_current);
  // Called by the machine once application data may flow: sends what the
  // application wrote early.
  Status on_handshake_complete();

  // --- 0-RTT (RFC 8446 4.2.10)
  // Client: from now on write() seals up to `budget` bytes as early data
  // under the current (early) write keys, keeping a copy until the server
  // answers.
  void open_early_data(size_t budget);
  // Client: how many more bytes write() sends as early data now.
  size_t early_data_capacity() const { return early_budget_; }
  // Client: the server took the early data; write() buffers again until the
  // handshake completes.
  void close_early_data();
  // Client: the server declined it; the copy is kept for
  // take_rejected_early_data() or resend_rejected_early_data().
  void reject_early_data();
  Bytes take_rejected_early_data() { return std::exchange(early_rejected_, Bytes()); }
  // Client: the rejected early data goes out once the handshake completes,
  // ahead of anything written since.
  void resend_rejected_early_data();
  // Server: application data is accepted (and counted against `limit`)
  // before the handshake completes, until end_early_data().
  void accept_early_data(size_t limit);
  void end_early_data();
  // Server that does not accept the client's early data: drops up to
  // `limit` bytes of records that fail to deprotect (no HelloRetryRequest)
  // or of application_data records before the second ClientHello (after
  // one), until a record is processed normally.
  enum class EarlyDataSkip { kNone, kUndecryptable, kUntilClientHello };
  void skip_early_data(EarlyDataSkip mode, size_t limit);

  // --- asynchronous private-key operations (include/parley/hooks.h)
  using KeyOperation = std::function<PrivateKeyResult(const PrivateKeyCompletion&)>;
  using KeyOperationDone = std::function<Status(Result<Bytes> result)>;
  // Starts `operation`; `done` continues the handshake with its result, at
  // once or, when it is pending, from poll_private_key_operation(): until
  // then no record is processed (received bytes wait in the deframer).
  Status run_private_key_operation(const KeyOperation& operation, KeyOperationDone done);
  bool wants_private_key_operation() const { return key_operation_ != nullptr; }
  Status poll_private_key_operation();
  void set_private_key_wakeup(std::function<void()> wakeup) { key_wakeup_ = std::move(wakeup); }

  bool tracing() const { return static_cast<bool>(config_->trace); }
  void trace(bool outgoing, std::string_view message, std::string details) const;
  // A local step (chain verification, key schedule) for the trace.
  void trace_step(std::string_view step, std::string details) const;
  void key_log(std::string_view label, ByteView client_random, ByteView secret) const;

 private:
  Status process_buffered_records();
  Status process_record(record::Record record);
  // Whether `record` is early data this server skips (RFC 8446 4.2.10).
  Result<bool> skipped_early_data(const record::Record& record);
  Status count_early_data(size_t size);
  Status process_handshake(ByteView content);
  // The handshake messages reassembled so far, until one suspends the machine.
  Status process_handshake_messages();
  void abandon_private_key_operation();
  Status process_alert(ByteView content);
  // `content` lies in the deframer's buffer, where it was decrypted.
  Status process_application_data(std::span<uint8_t> content);
  // Counts one more record or message without application data.
  Status count_without_data(unsigned& counter, std::string_view what);
  Status seal_application_data(ByteView data);
  // The error write() and write_some() return once writing is over.
  Status check_writing() const;
  // Buffers (before the handshake completes) or seals `data`.
  Status queue_plaintext(ByteView data);
  // Client: seals the first early_budget_ bytes of `data` as early data;
  // returns what is left.
  Result<ByteView> write_early_data(ByteView data);
  // Records a fatal error and queues its alert, exactly once.
  Error fail(Error error);
  void queue_alert(AlertLevel level, AlertDescription alert);
  void compact_plaintext_in();
  // Why seal_into()/open_in_place() cannot run now, if they cannot.
  Status check_low_copy(bool receiving) const;

  std::shared_ptr<const CommonConfig> config_;
  const crypto::Provider* provider_;
  bool is_client_;
  std::unique_ptr<HandshakeMachine> machine_;

  record::Deframer deframer_;
  record::HandshakeReassembler reassembler_;
  record::Fragmenter fragmenter_;
  std::unique_ptr<record::RecordDecrypter> decrypter_;
  std::unique_ptr<record::RecordEncrypter> encrypter_;
  std::optional<ProtocolVersion> version_;
  size_t received_record_limit_ = 0;  // 0: the protocol's

  Bytes output_;  // TLS bytes to send
  size_t output_sent_ = 0;
  // Decrypted application data not yet read: first what the deframer keeps
  // where it was decrypted, then plaintext_in_ (records that arrived while
  // the kept one was unread).
  Bytes plaintext_in_;
  size_t plaintext_in_read_ = 0;
  // Set during open_in_place(): application data goes here, as views.
  std::vector<std::span<const uint8_t>>* in_place_data_ = nullptr;
  Bytes early_writes_;  // application data written before the handshake completed

  // 0-RTT on the client: what write() may still send as early data, what it
  // sent (until the server answers) and what the server declined.
  size_t early_budget_ = 0;
  Bytes early_sent_;
  Bytes early_rejected_;

  // 0-RTT on the server: accepted (counted) or skipped (up to a limit).
  bool early_data_open_ = false;
  EarlyDataSkip early_data_skip_ = EarlyDataSkip::kNone;
  size_t early_data_limit_ = 0;
  size_t early_data_seen_ = 0;

  SessionInfo info_;
  std::optional<Error> error_;
  bool close_sent_ = false;
  bool peer_closed_ = false;
  unsigned consecutive_warnings_ = 0;
  bool compatibility_ccs_seen_ = false;  // TLS 1.3: one change_cipher_spec at most
  unsigned empty_records_ = 0;           // consecutive, after the handshake
  unsigned messages_without_data_ = 0;   // the same, post-handshake messages
  uint64_t application_writes_ = 0;

  std::shared_ptr<PrivateKeyCompletion::State> key_operation_;  // pending, if any
  KeyOperationDone key_operation_done_;
  std::function<void()> key_wakeup_;
};

}  // namespace parley::handshake

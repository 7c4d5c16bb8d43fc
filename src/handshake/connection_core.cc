#include "handshake/connection_core.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <utility>

#include "codec/messages.h"
#include "codec/writer.h"
#include "handshake/private_key_operation.h"

namespace parley::handshake {

using codec::ContentType;

namespace {
// RFC 5246 7.2.1 lets TLS 1.2 peers send warnings; a stream of them with no
// progress in between is a denial of service, as rustls and BoringSSL judge.
constexpr unsigned kMaxConsecutiveWarnings = 4;
// After the handshake, empty application_data records and post-handshake
// messages (KeyUpdate, NewSessionTicket) cost us work but carry no data; a
// peer may send a few of each in a row, not an endless stream (BoringSSL
// allows 32 of each).
constexpr unsigned kMaxWithoutData = 32;
}  // namespace

ConnectionCore::ConnectionCore(std::shared_ptr<const CommonConfig> config, bool is_client)
    : config_(std::move(config)),
      provider_(crypto::provider_for(config_->provider)),
      is_client_(is_client),
      reassembler_(config_->max_handshake_message_size),
      decrypter_(std::make_unique<record::NullDecrypter>()),
      // RFC 8446 5.1: a client's first ClientHello may carry 0x0301 for
      // compatibility; we use it like most TLS 1.3 clients do.
      encrypter_(std::make_unique<record::NullEncrypter>(is_client ? record::kRecordVersionTls10
                                                                   : record::kRecordVersionTls12)) {
}

ConnectionCore::~ConnectionCore() {
  abandon_private_key_operation();
}

Status ConnectionCore::start() {
  if (!machine_) return internal_error("connection has no handshake");
  Status started = machine_->start();
  if (!started.ok()) return fail(std::move(started).error());
  return {};
}

int64_t ConnectionCore::now() const {
  if (config_->clock) return config_->clock();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// ---------------------------------------------------------------------------
// Incoming bytes

Result<size_t> ConnectionCore::receive_tls(ByteView data) {
  if (error_) return *error_;
  PARLEY_TRY(poll_private_key_operation());
  size_t taken = 0;
  while (taken < data.size()) {
    // Bounded memory: stop taking bytes while the application has not read
    // what we already decrypted.
    if (readable() >= config_->max_buffered_plaintext) break;
    const size_t n = deframer_.feed(data.subspan(taken));
    taken += n;
    PARLEY_TRY(process_buffered_records());
    if (n == 0) break;
    if (peer_closed_) break;
  }
  // A final pass for records completed by the last feed.
  PARLEY_TRY(process_buffered_records());
  return taken;
}

Status ConnectionCore::process_buffered_records() {
  while (!error_ && !peer_closed_ && !key_operation_) {
    if (readable() >= config_->max_buffered_plaintext) return {};
    auto next = deframer_.next();
    if (!next.ok()) return fail(std::move(next).error());
    if (!next->has_value()) return {};
    Status processed = process_record(**next);
    if (!processed.ok()) return fail(std::move(processed).error());
  }
  if (error_) return *error_;
  return {};
}

Status ConnectionCore::process_record(record::Record record) {
  // RFC 8446 5: in TLS 1.3 a change_cipher_spec record is never protected;
  // it is handled before decryption.
  const bool tls13 = version_ == ProtocolVersion::kTls13;
  if (record.type == ContentType::kChangeCipherSpec && (tls13 || !decrypter_->decrypts())) {
    PARLEY_TRY(codec::ChangeCipherSpec::decode(record.fragment));
    PARLEY_TRY(reassembler_.expect_message_boundary("change_cipher_spec"));
    if (version_ != ProtocolVersion::kTls12) {
      // RFC 8446 5 (and D.4): a TLS 1.3 peer sends at most one compatibility
      // change_cipher_spec; dropping any number would let a peer keep us busy
      // for free (CVE-2020-25648).
      if (compatibility_ccs_seen_) return unexpected_message("a second change_cipher_spec");
      compatibility_ccs_seen_ = true;
    }
    if (tracing()) trace(false, "ChangeCipherSpec", tls13 ? "compatibility, ignored" : "");
    return machine_->on_change_cipher_spec();
  }
  if (early_data_skip_ == EarlyDataSkip::kUntilClientHello) {
    PARLEY_ASSIGN_OR_RETURN(bool skipped, skipped_early_data(record));
    if (skipped) return {};
  }
  Result<record::Plaintext> opened = decrypter_->open(record);
  if (!opened.ok()) {
    // RFC 8446 4.2.10: early data we declined fails to deprotect under the
    // handshake keys; it is dropped, up to the limit.
    if (early_data_skip_ != EarlyDataSkip::kUndecryptable ||
        record.type != ContentType::kApplicationData) {
      return std::move(opened).error();
    }
    return count_early_data(record.fragment.size());
  }
  early_data_skip_ = EarlyDataSkip::kNone;
  record::Plaintext plaintext = *std::move(opened);
  if (plaintext.type != ContentType::kAlert) consecutive_warnings_ = 0;
  switch (plaintext.type) {
    case ContentType::kHandshake:
      return process_handshake(plaintext.data);
    case ContentType::kAlert:
      PARLEY_TRY(reassembler_.expect_message_boundary("alert"));
      return process_alert(plaintext.data);
    case ContentType::kApplicationData:
      PARLEY_TRY(reassembler_.expect_message_boundary("application data"));
      return process_application_data(plaintext.data);
    case ContentType::kChangeCipherSpec:
      // An encrypted change_cipher_spec (TLS 1.2 after the first one).
      return unexpected_message("change_cipher_spec after keys were changed");
    default:
      return unexpected_message("record of unknown content type");
  }
}

Status ConnectionCore::count_without_data(unsigned& counter, std::string_view what) {
  if (++counter > kMaxWithoutData) {
    return unexpected_message("too many consecutive " + std::string(what) +
                              " without application data");
  }
  return {};
}

Result<bool> ConnectionCore::skipped_early_data(const record::Record& record) {
  // RFC 8446 4.2.10: after HelloRetryRequest, the client's early data
  // arrives as application_data records before its second ClientHello.
  if (record.type != ContentType::kApplicationData) {
    early_data_skip_ = EarlyDataSkip::kNone;
    return false;
  }
  PARLEY_TRY(count_early_data(record.fragment.size()));
  return true;
}

Status ConnectionCore::count_early_data(size_t size) {
  // The record's overhead (type byte and tag) does not count.
  const size_t overhead = 1 + crypto::kAeadTagSize;
  early_data_seen_ += size > overhead ? size - overhead : 0;
  if (early_data_seen_ > early_data_limit_) {
    // RFC 8446 4.2.10: more than max_early_data_size.
    return unexpected_message("more early data than max_early_data_size");
  }
  return {};
}

void ConnectionCore::accept_early_data(size_t limit) {
  early_data_open_ = true;
  early_data_limit_ = limit;
  early_data_seen_ = 0;
}

void ConnectionCore::end_early_data() {
  early_data_open_ = false;
}

void ConnectionCore::skip_early_data(EarlyDataSkip mode, size_t limit) {
  early_data_skip_ = mode;
  early_data_limit_ = limit;
  early_data_seen_ = 0;
}

Status ConnectionCore::process_handshake(ByteView content) {
  PARLEY_TRY(reassembler_.add_record(content));
  return process_handshake_messages();
}

Status ConnectionCore::process_handshake_messages() {
  while (!error_ && !key_operation_) {
    std::optional<record::HandshakeMessage> message = reassembler_.next();
    if (!message) break;
    // After the handshake each message counts, not each record: RFC 8446 5.1
    // lets a peer split one over any number of records, and every fragment
    // moves a message of bounded size forward.
    if (machine_->is_complete())
      PARLEY_TRY(count_without_data(messages_without_data_, "post-handshake messages"));
    PARLEY_TRY(machine_->on_handshake_message(*message));
  }
  reassembler_.release_if_drained();
  return {};
}

Status ConnectionCore::run_private_key_operation(const KeyOperation& operation,
                                                 KeyOperationDone done) {
  auto state = std::make_shared<PrivateKeyCompletion::State>();
  state->wakeup = key_wakeup_;
  PrivateKeyResult answer = operation(PrivateKeyCompletion(state));
  if (!answer) answer = state->take();  // completed before it returned
  if (answer) {
    state->abandon();
    return done(std::move(*answer));
  }
  if (tracing()) trace_step("PrivateKey", "operation pending: the handshake waits for it");
  key_operation_ = std::move(state);
  key_operation_done_ = std::move(done);
  return {};
}

Status ConnectionCore::poll_private_key_operation() {
  if (error_) return *error_;
  if (!key_operation_) return {};
  std::optional<Result<Bytes>> result = key_operation_->take();
  if (!result) return {};
  key_operation_.reset();
  if (tracing()) trace_step("PrivateKey", "operation completed: the handshake goes on");
  const KeyOperationDone done = std::exchange(key_operation_done_, nullptr);
  Status resumed = done(std::move(*result));
  if (!resumed.ok()) return fail(std::move(resumed).error());
  // What arrived meanwhile: messages already reassembled, then records.
  Status drained = process_handshake_messages();
  if (!drained.ok()) return fail(std::move(drained).error());
  return process_buffered_records();
}

void ConnectionCore::abandon_private_key_operation() {
  if (key_operation_) key_operation_->abandon();
  key_operation_.reset();
  key_operation_done_ = nullptr;
}

Status ConnectionCore::expect_end_of_flight(std::string_view what) const {
  return reassembler_.expect_message_boundary(what);
}

Status ConnectionCore::process_alert(ByteView content) {
  PARLEY_ASSIGN_OR_RETURN(codec::Alert alert, codec::Alert::decode(content));
  if (tracing()) {
    trace(false, "Alert",
          std::string(alert.level == AlertLevel::kWarning ? "warning " : "fatal ") +
              std::string(alert_name(alert.description)));
  }
  if (alert.description == AlertDescription::kCloseNotify) {
    // RFC 8446 6.1: the peer will send nothing more.
    peer_closed_ = true;
    return {};
  }
  // RFC 8446 6: in TLS 1.3 every alert but close_notify and user_canceled is
  // fatal whatever its level. TLS 1.2 warnings are tolerated, within limits.
  const bool tolerated_warning =
      alert.level == AlertLevel::kWarning &&
      (version_ != ProtocolVersion::kTls13 || alert.description == AlertDescription::kUserCanceled);
  if (tolerated_warning) {
    if (++consecutive_warnings_ > kMaxConsecutiveWarnings) {
      return unexpected_message("too many consecutive warning alerts");
    }
    return {};
  }
  Error received{ErrorKind::kPeerAlert, alert.description,
                 "peer sent fatal alert " + std::string(alert_name(alert.description))};
  // A received fatal alert is answered with nothing (RFC 8446 6.2).
  close_sent_ = true;
  error_ = received;
  return received;
}

Status ConnectionCore::process_application_data(std::span<uint8_t> content) {
  if (early_data_open_) {
    PARLEY_TRY(count_early_data(content.size() + 1 + crypto::kAeadTagSize));
    info_.early_data_bytes += content.size();
  } else if (!machine_->is_complete()) {
    return unexpected_message("application data before the handshake completed");
  }
  if (content.empty()) return count_without_data(empty_records_, "empty records");
  empty_records_ = 0;
  messages_without_data_ = 0;
  // Read from where it was decrypted when nothing older waits; copied only
  // behind unread data.
  if (in_place_data_ != nullptr) {
    in_place_data_->push_back(content);
  } else if (readable() == 0) {
    deframer_.keep(content);
  } else {
    plaintext_in_.insert(plaintext_in_.end(), content.begin(), content.end());
  }
  return {};
}

// ---------------------------------------------------------------------------
// Outgoing bytes

void ConnectionCore::consume_tls(size_t n) {
  output_sent_ = std::min(output_.size(), output_sent_ + n);
  if (output_sent_ == output_.size()) {
    output_ = Bytes();  // nothing held while idle
    output_sent_ = 0;
  }
}

Status ConnectionCore::send_handshake(ByteView message) {
  return fragmenter_.seal(*encrypter_, ContentType::kHandshake, message, output_);
}

Status ConnectionCore::send_change_cipher_spec() {
  const uint8_t payload[] = {codec::ChangeCipherSpec::kValue};
  if (tracing()) trace(true, "ChangeCipherSpec", "");
  return encrypter_->seal(ContentType::kChangeCipherSpec, payload, output_);
}

Status ConnectionCore::send_warning_alert(AlertDescription alert) {
  queue_alert(AlertLevel::kWarning, alert);
  return {};
}

void ConnectionCore::queue_alert(AlertLevel level, AlertDescription alert) {
  const uint8_t payload[] = {static_cast<uint8_t>(level), static_cast<uint8_t>(alert)};
  if (tracing()) {
    trace(true, "Alert",
          std::string(level == AlertLevel::kWarning ? "warning " : "fatal ") +
              std::string(alert_name(alert)));
  }
  // Best effort: if sealing fails there is nothing better to send.
  (void)encrypter_->seal(ContentType::kAlert, payload, output_);
}

Status ConnectionCore::set_decrypter(std::unique_ptr<record::RecordDecrypter> decrypter) {
  PARLEY_TRY(reassembler_.expect_message_boundary("a key change"));
  decrypter_ = std::move(decrypter);
  if (received_record_limit_ != 0) decrypter_->set_size_limit(received_record_limit_);
  return {};
}

void ConnectionCore::limit_received_records(size_t limit, bool including_current) {
  received_record_limit_ = limit;
  if (including_current && decrypter_) decrypter_->set_size_limit(limit);
}

void ConnectionCore::set_encrypter(std::unique_ptr<record::RecordEncrypter> encrypter) {
  encrypter_ = std::move(encrypter);
}

void ConnectionCore::use_tls12_record_version() {
  if (!encrypter_->encrypts()) {
    encrypter_ = std::make_unique<record::NullEncrypter>(record::kRecordVersionTls12);
  }
}

void ConnectionCore::set_version(ProtocolVersion version) {
  version_ = version;
  deframer_.set_mode(version == ProtocolVersion::kTls13 ? record::DeframerMode::kTls13
                                                        : record::DeframerMode::kTls12);
}

Result<crypto::Secret> ConnectionCore::export_keying_material(std::string_view label,
                                                              std::optional<ByteView> context,
                                                              size_t length) const {
  if (failed())
    return make_error(ErrorKind::kClosed, AlertDescription::kInternalError,
                      "the connection failed: no keying material to export");
  return machine_->export_keying_material(label, context, length);
}

Status ConnectionCore::on_handshake_complete() {
  if (early_writes_.empty()) return {};
  Bytes pending = std::move(early_writes_);
  early_writes_.clear();
  return seal_application_data(pending);
}

void ConnectionCore::open_early_data(size_t budget) {
  early_budget_ = budget;
}

void ConnectionCore::close_early_data() {
  early_budget_ = 0;
  early_sent_.clear();
}

void ConnectionCore::reject_early_data() {
  early_budget_ = 0;
  early_rejected_ = std::move(early_sent_);
  early_sent_.clear();
  info_.early_data_rejected_bytes = early_rejected_.size();
}

void ConnectionCore::resend_rejected_early_data() {
  early_writes_.insert(early_writes_.begin(), early_rejected_.begin(), early_rejected_.end());
  early_rejected_.clear();
}

Result<ByteView> ConnectionCore::write_early_data(ByteView data) {
  const size_t n = std::min(data.size(), early_budget_);
  if (n == 0) return data;
  early_budget_ -= n;
  early_sent_.insert(early_sent_.end(), data.begin(),
                     data.begin() + static_cast<std::ptrdiff_t>(n));
  info_.early_data_bytes += n;
  if (tracing()) trace(true, "EarlyData", std::to_string(n) + " bytes");
  PARLEY_TRY(seal_application_data(data.first(n)));
  return data.subspan(n);
}

// ---------------------------------------------------------------------------
// Plaintext

size_t ConnectionCore::read(std::span<uint8_t> out) {
  const ByteView kept = deframer_.kept();
  const size_t from_kept = std::min(out.size(), kept.size());
  if (from_kept > 0) std::memcpy(out.data(), kept.data(), from_kept);
  deframer_.consume_kept(from_kept);
  const size_t n = std::min(out.size() - from_kept, plaintext_in_.size() - plaintext_in_read_);
  if (n == 0) return from_kept;
  std::memcpy(out.data() + from_kept, plaintext_in_.data() + plaintext_in_read_, n);
  plaintext_in_read_ += n;
  compact_plaintext_in();
  return from_kept + n;
}

void ConnectionCore::compact_plaintext_in() {
  if (plaintext_in_read_ == plaintext_in_.size()) {
    plaintext_in_ = Bytes();  // nothing held while idle
    plaintext_in_read_ = 0;
  } else if (plaintext_in_read_ > plaintext_in_.size() / 2) {
    plaintext_in_.erase(plaintext_in_.begin(),
                        plaintext_in_.begin() + static_cast<std::ptrdiff_t>(plaintext_in_read_));
    plaintext_in_read_ = 0;
  }
}

Status ConnectionCore::check_writing() const {
  if (error_) return *error_;
  if (close_sent_) {
    return make_error(ErrorKind::kClosed, AlertDescription::kCloseNotify, "write after close");
  }
  return {};
}

size_t ConnectionCore::writable() const {
  if (!check_writing().ok()) return 0;
  if (!machine_->is_complete()) {
    return config_->max_buffered_plaintext -
           std::min(early_writes_.size(), config_->max_buffered_plaintext);
  }
  // Back-pressure: whole records fit in what is left of max_unsent_tls, each
  // costing its content plus at most max_overhead(). At least one full
  // record is always allowed, so a tiny limit cannot stall the connection.
  const size_t fragment = fragmenter_.max_fragment_length();
  const size_t overhead = encrypter_->max_overhead();
  const size_t record = fragment + overhead;
  const size_t limit = std::max(config_->max_unsent_tls, record);
  const size_t unsent = pending_tls().size();
  if (unsent >= limit) return 0;
  const size_t room = limit - unsent;
  const size_t last = room % record;
  return room / record * fragment + (last > overhead ? last - overhead : 0);
}

Result<size_t> ConnectionCore::write_some(ByteView data) {
  PARLEY_TRY(check_writing());
  const size_t n = std::min(data.size(), writable());
  if (n > 0) PARLEY_TRY(queue_plaintext(data.first(n)));
  return n;
}

Status ConnectionCore::write(ByteView data) {
  PARLEY_TRY(check_writing());
  // All or nothing. After the handshake, a write that does not fit in
  // max_unsent_tls is refused while earlier records are still unsent, so a
  // peer that stops reading bounds what we hold (to the larger of the limit
  // and one write); the connection goes on.
  if (machine_->is_complete() && data.size() > writable() && !pending_tls().empty()) {
    Error not_now;
    not_now.kind = ErrorKind::kIo;
    not_now.message = "the peer is not reading: send pending_tls() first (max_unsent_tls)";
    return not_now;
  }
  if (!machine_->is_complete() && data.size() > writable()) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "too much data written before the handshake completed");
  }
  return queue_plaintext(data);
}

Status ConnectionCore::queue_plaintext(ByteView data) {
  if (!machine_->is_complete()) {
    // 0-RTT first, as far as the ticket allows; write() and writable()
    // bound the rest by max_buffered_plaintext.
    PARLEY_ASSIGN_OR_RETURN(data, write_early_data(data));
    if (data.empty()) return {};
    early_writes_.insert(early_writes_.end(), data.begin(), data.end());
    return {};
  }
  return seal_application_data(data);
}

Status ConnectionCore::seal_application_data(ByteView data) {
  ++application_writes_;
  Status sealed = fragmenter_.seal(*encrypter_, ContentType::kApplicationData, data, output_);
  if (!sealed.ok()) return fail(std::move(sealed).error());
  return {};
}

// ---------------------------------------------------------------------------
// Low-copy I/O: records sealed into and opened in the caller's buffers

Status ConnectionCore::check_low_copy(bool receiving) const {
  if (error_) return *error_;
  if (!receiving) PARLEY_TRY(check_writing());
  if (!machine_->is_complete()) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "low-copy I/O before the handshake completed");
  }
  // Records must reach the peer in the order they were sealed, and data in
  // the order it arrived.
  if (!receiving && !pending_tls().empty()) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "seal_into() while pending_tls() is not empty: send it first");
  }
  if (receiving && (deframer_.buffered() > 0 || readable() > 0)) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "open_in_place() while bytes given to receive_tls() are not all read");
  }
  return {};
}

size_t ConnectionCore::sealed_size(size_t size) const {
  const size_t fragment = fragmenter_.max_fragment_length();
  const size_t last = size % fragment;
  return size / fragment * encrypter_->sealed_size(fragment) +
         (last > 0 ? encrypter_->sealed_size(last) : 0);
}

Result<size_t> ConnectionCore::seal_into(ByteView data, std::span<uint8_t> out) {
  PARLEY_TRY(check_low_copy(/*receiving=*/false));
  if (out.size() < sealed_size(data.size())) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "seal_into() needs sealed_size() bytes of room");
  }
  ++application_writes_;
  size_t written = 0;
  Status status;
  fragmenter_.split(data, [&](ByteView piece) {
    if (!status.ok()) return;
    auto sealed = encrypter_->seal_into(ContentType::kApplicationData, piece, out.subspan(written));
    if (sealed.ok()) {
      written += *sealed;
    } else {
      status = std::move(sealed).error();
    }
  });
  if (!status.ok()) return fail(std::move(status).error());
  return written;
}

Result<size_t> ConnectionCore::open_in_place(std::span<uint8_t> in,
                                             std::vector<std::span<const uint8_t>>& data) {
  PARLEY_TRY(check_low_copy(/*receiving=*/true));
  size_t consumed = 0;
  in_place_data_ = &data;
  while (!error_ && !peer_closed_) {
    auto next = deframer_.parse(in.subspan(consumed));
    if (!next.ok()) {
      fail(std::move(next).error());
      break;
    }
    if (!next->has_value()) break;
    consumed += record::kHeaderSize + (*next)->fragment.size();
    Status processed = process_record(**next);
    if (!processed.ok()) fail(std::move(processed).error());
  }
  in_place_data_ = nullptr;
  if (error_) return *error_;
  return consumed;
}

void ConnectionCore::close() {
  if (close_sent_ || error_) return;
  close_sent_ = true;
  queue_alert(AlertLevel::kWarning, AlertDescription::kCloseNotify);
}

Status ConnectionCore::update_keys(bool request_peer_update) {
  if (error_) return *error_;
  if (!machine_->is_complete()) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "key update before the handshake completed");
  }
  if (version_ != ProtocolVersion::kTls13) {
    // Not the peer's fault: the connection goes on.
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "KeyUpdate exists only in TLS 1.3");
  }
  Status updated = machine_->update_keys(request_peer_update);
  if (!updated.ok()) return fail(std::move(updated).error());
  return {};
}

// ---------------------------------------------------------------------------
// Errors, tracing, key log

Error ConnectionCore::fail(Error error) {
  if (error_) return *error_;
  error_ = error;
  abandon_private_key_operation();  // a late completion finds it gone
  if (!close_sent_ && error.alert && error.kind != ErrorKind::kPeerAlert) {
    close_sent_ = true;
    queue_alert(AlertLevel::kFatal, *error.alert);
  }
  return error;
}

void ConnectionCore::trace(bool outgoing, std::string_view message, std::string details) const {
  if (!config_->trace) return;
  // codec::describe() lines start with the message name; the event carries
  // the name separately.
  if (details.starts_with(message)) {
    details.erase(0, details.find_first_not_of(' ', message.size()) == std::string::npos
                         ? details.size()
                         : details.find_first_not_of(' ', message.size()));
  }
  config_->trace(TraceEvent{outgoing, is_client_, std::string(message), std::move(details)});
}

void ConnectionCore::trace_step(std::string_view step, std::string details) const {
  if (!config_->trace) return;
  TraceEvent event{false, is_client_, std::string(step), std::move(details)};
  event.local = true;
  config_->trace(event);
}

namespace {

// What each NSS key log label is in the key schedule (RFC 8446 7.1, RFC
// 5246 8.1), for the trace: where the secret comes from and what it keys.
std::string_view key_schedule_step(std::string_view label) {
  struct Step {
    std::string_view label;
    std::string_view description;
  };
  static constexpr Step kSteps[] = {
      {"CLIENT_EARLY_TRAFFIC_SECRET",
       "early secret = HKDF-Extract(0, PSK) -> client_early_traffic_secret "
       "(over ClientHello): keys the 0-RTT data"},
      {"CLIENT_HANDSHAKE_TRAFFIC_SECRET",
       "handshake secret = HKDF-Extract(early secret, (EC)DHE shared secret) -> "
       "client_handshake_traffic_secret (over ClientHello..ServerHello)"},
      {"SERVER_HANDSHAKE_TRAFFIC_SECRET",
       "handshake secret -> server_handshake_traffic_secret (over ClientHello..ServerHello): "
       "everything after ServerHello is encrypted"},
      {"CLIENT_TRAFFIC_SECRET_0",
       "master secret = HKDF-Extract(handshake secret, 0) -> client_application_traffic_secret_0 "
       "(over ClientHello..server Finished)"},
      {"SERVER_TRAFFIC_SECRET_0",
       "master secret -> server_application_traffic_secret_0 (over ClientHello..server "
       "Finished): keys application data"},
      {"EXPORTER_SECRET", "master secret -> exporter_master_secret"},
      {"CLIENT_RANDOM",
       "TLS 1.2 master secret = PRF(premaster secret, randoms or session hash) -> key block"},
  };
  for (const Step& step : kSteps) {
    if (step.label == label) return step.description;
  }
  return label;
}

}  // namespace

void ConnectionCore::key_log(std::string_view label, ByteView client_random,
                             ByteView secret) const {
  if (tracing()) trace_step("KeySchedule", std::string(key_schedule_step(label)));
  if (config_->key_log) config_->key_log(label, client_random, secret);
}

}  // namespace parley::handshake

#include "trace.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "common/bytes.h"
#include "io/socket.h"

namespace parley::cli {

std::string format_trace_line(const TraceEvent& event) {
  const bool client_sent = event.outgoing == event.is_client;
  // Local steps are indented under the side that takes them, in the
  // message column.
  std::string line = event.local   ? (event.is_client ? "client            " : "server            ")
                     : client_sent ? "client -> server  "
                                   : "client <- server  ";
  line += event.message;
  if (!event.details.empty()) {
    line += "  ";
    line += event.details;
  }
  return line;
}

TraceCallback make_stderr_trace() {
  return [](const TraceEvent& event) {
    std::fprintf(stderr, "%s\n", format_trace_line(event).c_str());
  };
}

TraceCallback make_verification_report() {
  return [](const TraceEvent& event) {
    if (event.local && event.message == "VerifyChain") {
      std::fprintf(stderr, "parley: verify: %s\n", event.details.c_str());
    }
  };
}

std::string pem_certificate(std::span<const uint8_t> der) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string base64;
  for (size_t i = 0; i < der.size(); i += 3) {
    const size_t n = std::min<size_t>(3, der.size() - i);
    uint32_t group = uint32_t(der[i]) << 16;
    if (n > 1) group |= uint32_t(der[i + 1]) << 8;
    if (n > 2) group |= der[i + 2];
    for (size_t j = 0; j < 4; ++j) {
      base64 += j <= n ? kAlphabet[(group >> (18 - 6 * j)) & 63] : '=';
    }
  }
  std::string pem = "-----BEGIN CERTIFICATE-----\n";
  for (size_t i = 0; i < base64.size(); i += 64) pem += base64.substr(i, 64) + "\n";  // RFC 7468 2
  return pem + "-----END CERTIFICATE-----\n";
}

std::string format_key_log_line(std::string_view label, std::span<const uint8_t> client_random,
                                std::span<const uint8_t> secret) {
  std::string line(label);
  line += ' ';
  line += to_hex(client_random);
  line += ' ';
  line += to_hex(secret);
  return line;
}

std::string key_log_path(const std::string& keylog_option) {
  if (!keylog_option.empty()) return keylog_option;
  const char* environment = std::getenv("SSLKEYLOGFILE");
  return environment != nullptr ? environment : "";
}

Result<KeyLogCallback> open_key_log(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
  if (fd < 0) return io::errno_error("key log " + path);
  auto file = std::make_shared<io::UniqueFd>(fd);
  return KeyLogCallback([file](std::string_view label, std::span<const uint8_t> client_random,
                               std::span<const uint8_t> secret) {
    // One write per line, so lines from concurrent writers do not interleave.
    const std::string line = format_key_log_line(label, client_random, secret) + "\n";
    if (!io::write_all(file->get(), as_bytes(line)).ok()) {
      std::fprintf(stderr, "parley: cannot write to the key log\n");
    }
  });
}

namespace {
template <typename T>
std::string name_or_none(const std::optional<T>& value) {
  return value ? std::string(name_of(*value)) : "none";
}
}  // namespace

std::vector<std::pair<std::string, std::string>> session_fields(const SessionInfo& info) {
  return {
      {"version", name_or_none(info.version)},
      {"suite", name_or_none(info.cipher_suite)},
      {"group", name_or_none(info.group)},
      {"sigalg", name_or_none(info.signature_scheme)},
      {"alpn", info.alpn_protocol.empty() ? "none" : info.alpn_protocol},
  };
}

std::string describe_session(const SessionInfo& info) {
  std::string line;
  for (const auto& [key, value] : session_fields(info)) {
    if (!line.empty()) line += ' ';
    line += key + "=" + value;
  }
  // Only when there is something to say, so full handshakes read as before.
  if (info.psk_offered || info.resumed) line += info.resumed ? " resumed=yes" : " resumed=no";
  if (info.early_data_offered) {
    line += info.early_data_accepted ? " early_data=accepted" : " early_data=rejected";
  }
  if (!info.ocsp_response.empty())
    line += " ocsp_staple=" + std::to_string(info.ocsp_response.size());
  if (!info.signed_certificate_timestamps.empty()) {
    line += " scts=" + std::to_string(info.signed_certificate_timestamps.size());
  }
  // RFC 8449: the largest record the peer takes from us.
  if (info.peer_record_size_limit != 0) {
    line += " peer_record_size_limit=" + std::to_string(info.peer_record_size_limit);
  }
  // RFC 8879: the server's Certificate came compressed.
  if (info.certificate_compression) {
    line += " cert_compression=" + std::string(name_of(*info.certificate_compression));
  }
  return line;
}

void report_error(std::string_view context, const Error& error) {
  std::string line = "parley: ";
  if (!context.empty()) line += std::string(context) + ": ";
  line += error.to_string();
  std::fprintf(stderr, "%s\n", line.c_str());
}

}  // namespace parley::cli

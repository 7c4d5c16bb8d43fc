#include "interop/observation.h"

#include <cstdlib>
#include <vector>

#include "interop/identifiers.h"

namespace parley::interop {
namespace {

std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  while (!text.empty()) {
    const size_t end = std::min(text.find('\n'), text.size());
    std::string_view line = text.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    text.remove_prefix(std::min(end + 1, text.size()));
  }
  return lines;
}

std::string_view trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

bool starts_with(std::string_view text, std::string_view prefix) {
  return text.substr(0, prefix.size()) == prefix;
}

// The text after `prefix` on the first line that starts with it (after
// indentation), or nullopt.
std::optional<std::string_view> value_after(const std::vector<std::string_view>& lines,
                                            std::string_view prefix) {
  for (auto line : lines) {
    line = trim(line);
    if (starts_with(line, prefix)) return trim(line.substr(prefix.size()));
  }
  return std::nullopt;
}

// "... (29)", "... (0x0804)", "TLS 1.3 (772)" -> the number in the last parentheses.
std::optional<uint16_t> last_parenthesized_number(std::string_view line) {
  const size_t open = line.rfind('(');
  const size_t close = line.rfind(')');
  if (open == std::string_view::npos || close == std::string_view::npos || close < open + 2) {
    return std::nullopt;
  }
  const std::string number(line.substr(open + 1, close - open - 1));
  char* end = nullptr;
  const unsigned long value = std::strtoul(number.c_str(), &end, 0);
  if (*end != '\0' || value > 0xffff) return std::nullopt;
  return static_cast<uint16_t>(value);
}

// One handshake message in an `openssl -trace` listing: "Sent Record" or
// "Received Record" headers, then "    Name, Length=N" and indented fields.
struct TraceMessage {
  bool sent = false;
  std::string_view name;
  std::vector<std::string_view> fields;
  size_t line_index = 0;  // of the "Name, Length=" line
};

std::vector<TraceMessage> trace_messages(const std::vector<std::string_view>& lines) {
  std::vector<TraceMessage> messages;
  bool sent = false;
  TraceMessage* current = nullptr;
  for (size_t i = 0; i < lines.size(); ++i) {
    const auto line = lines[i];
    if (line == "Sent Record") sent = true;
    if (line == "Received Record") sent = false;
    const size_t comma = line.find(", Length=");
    if (line.size() > 4 && starts_with(line, "    ") && line[4] != ' ' &&
        comma != std::string_view::npos) {
      messages.push_back({sent, line.substr(4, comma - 4), {}, i});
      current = &messages.back();
    } else if (current != nullptr && starts_with(line, "      ")) {
      current->fields.push_back(line);
    } else {
      current = nullptr;
    }
  }
  return messages;
}

void read_server_hello(const TraceMessage& message, Observation& seen) {
  for (size_t i = 0; i < message.fields.size(); ++i) {
    const auto field = trim(message.fields[i]);
    if (starts_with(field, "server_version=")) {
      seen.version = static_cast<ProtocolVersion>(
          std::strtoul(std::string(field.substr(15)).c_str(), nullptr, 0));
    } else if (starts_with(field, "extension_type=supported_versions") &&
               i + 1 < message.fields.size()) {
      if (auto v = last_parenthesized_number(message.fields[i + 1])) {
        seen.version = static_cast<ProtocolVersion>(*v);
      }
    } else if (starts_with(field, "cipher_suite {")) {
      // cipher_suite {0x13, 0x01} TLS_AES_128_GCM_SHA256
      const std::string bytes(field.substr(14, 10));
      char* end = nullptr;
      const unsigned long high = std::strtoul(bytes.c_str(), &end, 16);
      const unsigned long low = std::strtoul(end + 1, nullptr, 16);
      seen.suite = static_cast<CipherSuite>((high << 8) | low);
    } else if (starts_with(field, "NamedGroup:")) {
      if (auto g = last_parenthesized_number(field)) seen.group = static_cast<NamedGroup>(*g);
    }
  }
}

// The trace prints each certificate of a Certificate message in full after
// the message itself, up to the next record.
std::optional<std::string> first_certificate_subject(const std::vector<std::string_view>& lines,
                                                     const TraceMessage& message) {
  for (size_t i = message.line_index + 1; i < lines.size(); ++i) {
    if (lines[i] == "Sent Record" || lines[i] == "Received Record") break;
    const auto line = trim(lines[i]);
    if (starts_with(line, "Subject:")) return std::string(trim(line.substr(8)));
  }
  return std::nullopt;
}

void read_server_signature(const TraceMessage& message, Observation& seen) {
  for (auto field : message.fields) {
    field = trim(field);
    if (starts_with(field, "named_curve:")) {
      if (auto g = last_parenthesized_number(field)) seen.group = static_cast<NamedGroup>(*g);
    } else if (starts_with(field, "Signature Algorithm:") &&
               field.find("(0x") != std::string_view::npos) {
      if (auto s = last_parenthesized_number(field)) {
        seen.server_signature = static_cast<SignatureScheme>(*s);
      }
    }
  }
}

}  // namespace

std::string Observation::to_string() const {
  std::string text;
  auto add = [&](std::string_view label, const std::string& value) {
    text += (text.empty() ? "" : ", ") + std::string(label) + "=" + value;
  };
  if (version) add("version", describe(*version));
  if (suite) add("suite", describe(*suite));
  if (group) add("group", describe(*group));
  if (server_signature) add("server_signature", describe(*server_signature));
  if (alpn) add("alpn", "\"" + *alpn + "\"");
  if (hello_retry_request) add("hello_retry_request", *hello_retry_request ? "yes" : "no");
  if (client_certificate_subject) add("client_certificate", *client_certificate_subject);
  return "{" + text + "}";
}

Observation parse_openssl_trace(std::string_view output, bool is_server) {
  const auto lines = split_lines(output);
  Observation seen;
  int client_hellos = 0;
  for (const auto& message : trace_messages(lines)) {
    const bool from_server = message.sent == is_server;
    if (message.name == "ClientHello" && !from_server) ++client_hellos;
    if (message.name == "Certificate" && !from_server && is_server) {
      seen.client_certificate_subject = first_certificate_subject(lines, message);
    }
    if (!from_server) continue;
    if (message.name == "ServerHello") read_server_hello(message, seen);
    if (message.name == "ServerKeyExchange" || message.name == "CertificateVerify") {
      read_server_signature(message, seen);
    }
  }
  if (client_hellos > 0) seen.hello_retry_request = client_hellos > 1;

  if (is_server) {
    // Printed only when the server configured ALPN and picked a protocol.
    if (auto alpn = value_after(lines, "ALPN protocols selected:")) seen.alpn = std::string(*alpn);
  } else {
    if (auto alpn = value_after(lines, "ALPN protocol:")) seen.alpn = std::string(*alpn);
    if (value_after(lines, "No ALPN negotiated")) seen.alpn = "";
  }
  return seen;
}

Observation parse_gnutls(std::string_view output, bool is_server) {
  const auto lines = split_lines(output);
  Observation seen;
  // (TLS1.3-X.509)-(ECDHE-X25519)-(ECDSA-SECP256R1-SHA256)-(AES-256-GCM), or
  // (TLS1.2-X.509)-(RSA)-(AES-128-GCM) for a key exchange without signature.
  if (auto description = value_after(lines, "- Description:")) {
    std::vector<std::string_view> parts;
    std::string_view rest = *description;
    if (starts_with(rest, "(") && rest.back() == ')') rest = rest.substr(1, rest.size() - 2);
    while (true) {
      const size_t separator = rest.find(")-(");
      parts.push_back(rest.substr(0, separator));
      if (separator == std::string_view::npos) break;
      rest.remove_prefix(separator + 3);
    }
    if (parts.size() >= 3) {
      const auto version_name = parts[0].substr(0, parts[0].find('-'));
      if (version_name == "TLS1.3") seen.version = ProtocolVersion::kTls13;
      if (version_name == "TLS1.2") seen.version = ProtocolVersion::kTls12;
      const auto kx = parts[1];
      const auto cipher = parts.back();
      const auto signature = parts.size() == 4 ? parts[2] : std::string_view();
      const size_t dash = kx.find('-');
      const auto kx_method = kx.substr(0, dash);  // ECDHE, DHE or RSA
      if (dash != std::string_view::npos) seen.group = group_from_gnutls_name(kx.substr(dash + 1));
      if (!signature.empty()) seen.server_signature = scheme_from_gnutls_name(signature);
      std::string suite_kx(kx_method);
      if (kx_method != "RSA") suite_kx += starts_with(signature, "ECDSA") ? "-ECDSA" : "-RSA";
      if (seen.version) seen.suite = suite_from_gnutls(*seen.version, suite_kx, cipher);
    }
  }
  if (auto alpn = value_after(lines, "- Application protocol:")) seen.alpn = std::string(*alpn);
  if (is_server) {
    if (auto subject = value_after(lines, "Subject:")) {
      seen.client_certificate_subject = std::string(*subject);
    }
  }
  return seen;
}

Observation parse_curl_verbose(std::string_view output) {
  const auto lines = split_lines(output);
  Observation seen;
  // "* SSL connection using TLSv1.3 / TLS_AES_128_GCM_SHA256"
  if (auto connection = value_after(lines, "* SSL connection using")) {
    const size_t slash = connection->find(" / ");
    if (slash != std::string_view::npos) {
      seen.version = version_from_openssl_name(connection->substr(0, slash));
      seen.suite = suite_from_name(trim(connection->substr(slash + 3)));
    }
  }
  int client_hellos = 0;
  for (auto line : lines) {
    if (line.find("(OUT), TLS handshake, Client hello") != std::string_view::npos) ++client_hellos;
  }
  if (client_hellos > 0) seen.hello_retry_request = client_hellos > 1;
  if (auto alpn = value_after(lines, "* ALPN: server accepted")) seen.alpn = std::string(*alpn);
  if (value_after(lines, "* ALPN: server did not agree")) seen.alpn = "";
  return seen;
}

}  // namespace parley::interop

namespace parley::interop {
namespace {

// The value of `key` in "k1=v1 k2=two words k3=v3": up to the next " k=" of a
// key describe_session() prints (values may contain spaces, as in
// "version=TLS 1.3").
std::optional<std::string_view> session_field(std::string_view line, std::string_view key) {
  static constexpr std::string_view kKeys[] = {
      "version",          "suite",      "group",       "sigalg", "alpn",
      "resumed",          "early_data", "ocsp_staple", "scts",   "peer_record_size_limit",
      "cert_compression", "client"};
  const std::string marker = std::string(key) + "=";
  size_t start = line.find(" " + marker);
  if (start == std::string_view::npos) return std::nullopt;
  start += marker.size() + 1;
  size_t end = line.size();
  for (auto other : kKeys) {
    const size_t next = line.find(" " + std::string(other) + "=", start);
    end = std::min(end, next);
  }
  return line.substr(start, end - start);
}

template <typename T>
std::optional<T> unless_none(std::string_view value, std::optional<T> (*parse)(std::string_view)) {
  return value == "none" ? std::nullopt : parse(value);
}

// The session fields parley prints on its session line and on its --www
// page, by key; `client_key` names the client certificate's field.
template <typename Field>
void read_parley_fields(Field field, std::string_view client_key, Observation& seen) {
  if (auto v = field("version")) seen.version = version_from_description(*v);
  if (auto v = field("suite")) seen.suite = unless_none(*v, suite_from_name);
  if (auto v = field("group")) seen.group = unless_none(*v, group_from_iana_name);
  if (auto v = field("sigalg")) seen.server_signature = unless_none(*v, scheme_from_iana_name);
  if (auto v = field("alpn")) seen.alpn = *v == "none" ? "" : std::string(*v);
  if (auto v = field(client_key); v && *v != "none") {
    seen.client_certificate_subject = std::string(*v);
  }
}

}  // namespace

Observation parse_parley(std::string_view output, bool is_server) {
  const auto lines = split_lines(output);
  Observation seen;
  for (auto line : lines) {
    if (!starts_with(line, "parley: ") || line.find(" version=") == std::string_view::npos) {
      continue;
    }
    read_parley_fields([line](std::string_view key) { return session_field(line, key); },
                       is_server ? "client" : "", seen);
  }
  // --trace: "client -> server  ClientHello ..."
  int client_hellos = 0;
  for (auto line : lines) {
    if (starts_with(line, "client -> server  ClientHello")) ++client_hellos;
  }
  if (client_hellos > 0) seen.hello_retry_request = client_hellos > 1;
  return seen;
}

Observation parse_parley_page(std::string_view page) {
  Observation seen;
  // <tr><th>suite</th><td>TLS_AES_128_GCM_SHA256</td></tr>
  auto row = [page](std::string_view key) -> std::optional<std::string_view> {
    if (key.empty()) return std::nullopt;
    const std::string head = "<tr><th>" + std::string(key) + "</th><td>";
    const size_t start = page.find(head);
    if (start == std::string_view::npos) return std::nullopt;
    const size_t value = start + head.size();
    const size_t end = page.find("</td>", value);
    if (end == std::string_view::npos) return std::nullopt;
    return page.substr(value, end - value);
  };
  read_parley_fields(row, "client certificate", seen);
  return seen;
}

}  // namespace parley::interop

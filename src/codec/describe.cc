#include "codec/describe.h"

#include <cstdio>
#include <string>
#include <vector>

namespace parley::codec {

namespace {

// Builds "Name key=value key=value".
class Line {
 public:
  explicit Line(std::string_view name) : out_(name) {}

  Line& add(std::string_view key, std::string_view value) {
    out_ += ' ';
    out_ += key;
    out_ += '=';
    out_ += value;
    return *this;
  }
  Line& add(std::string_view key, size_t value) { return add(key, std::to_string(value)); }
  template <typename T, typename Label>
  Line& add_list(std::string_view key, const std::vector<T>& values, Label&& label) {
    std::string joined = "[";
    for (size_t i = 0; i < values.size(); ++i) {
      if (i != 0) joined += ", ";
      joined += label(values[i]);
    }
    joined += ']';
    return add(key, joined);
  }
  // Optional fields print only when present.
  template <typename T, typename Format>
  Line& add_if(std::string_view key, const std::optional<T>& value, Format&& format) {
    if (value) add(key, format(*value));
    return *this;
  }
  template <typename Set>
  Line& add_extensions(const Set& set) {
    if (set.order.types.empty()) return *this;
    return add_list("ext", set.order.types, extension_label);
  }

  std::string take() { return std::move(out_); }

 private:
  std::string out_;
};

std::string hex_byte(unsigned value) {
  char buffer[8];
  std::snprintf(buffer, sizeof(buffer), "0x%02x", value);
  return buffer;
}

std::string bytes_label(const Bytes& data) {
  return std::to_string(data.size()) + " bytes";
}

std::string quoted(std::string_view text) {
  return '"' + escape_for_trace(text) + '"';
}

std::string key_share_label(const KeyShareEntry& entry) {
  return named_group_label(entry.group) + "(" + std::to_string(entry.key_exchange.size()) + ")";
}

std::string psk_mode_label(PskKeyExchangeMode mode) {
  switch (mode) {
    case PskKeyExchangeMode::kPskKe:
      return "psk_ke";
    case PskKeyExchangeMode::kPskDheKe:
      return "psk_dhe_ke";
  }
  return hex_byte(static_cast<uint8_t>(mode));
}

std::string client_certificate_type_label(ClientCertificateType type) {
  switch (type) {
    case ClientCertificateType::kRsaSign:
      return "rsa_sign";
    case ClientCertificateType::kDssSign:
      return "dss_sign";
    case ClientCertificateType::kEcdsaSign:
      return "ecdsa_sign";
  }
  return hex_byte(static_cast<uint8_t>(type));
}

// "[a, b, c]" of each value's label.
template <typename T, typename Label>
std::string bracketed(const std::vector<T>& values, Label&& label) {
  std::string out = "[";
  for (size_t i = 0; i < values.size(); ++i) {
    if (i != 0) out += ", ";
    out += label(values[i]);
  }
  return out + "]";
}

std::string scheme_list(const SignatureSchemeList& list) {
  return bracketed(list.schemes, signature_scheme_label);
}

std::string yes(const EmptyExtension&) {
  return "yes";
}

std::string limit_label(const RecordSizeLimit& limit) {
  return std::to_string(limit.limit);
}

std::string compression_list(const CertificateCompressionAlgorithms& list) {
  return bracketed(list.algorithms, certificate_compression_label);
}

std::string groups_label(const SupportedGroups& groups) {
  return bracketed(groups.groups, named_group_label);
}

}  // namespace

std::string escape_for_trace(std::string_view text) {
  std::string out;
  for (char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte >= 0x20 && byte < 0x7f && c != '\\' && c != '"') {
      out += c;
    } else {
      char buffer[8];
      std::snprintf(buffer, sizeof(buffer), "\\x%02x", byte);
      out += buffer;
    }
  }
  return out;
}

std::string describe(const ClientHello& m) {
  const ClientHelloExtensions& ext = m.extensions;
  Line line("ClientHello");
  line.add("version", protocol_version_label(m.legacy_version));
  if (ext.supported_versions) {
    line.add_list("versions", ext.supported_versions->versions, protocol_version_label);
  }
  line.add_list("suites", m.cipher_suites, cipher_suite_label);
  line.add_if("groups", ext.supported_groups, groups_label);
  if (ext.key_share) line.add_list("key_shares", ext.key_share->client_shares, key_share_label);
  line.add_if("sig_schemes", ext.signature_algorithms, scheme_list);
  line.add_if("cert_sig_schemes", ext.signature_algorithms_cert, scheme_list);
  if (ext.alpn) line.add_list("alpn", ext.alpn->protocols, quoted);
  line.add_if("sni", ext.server_name,
              [](const ServerNameList& sni) { return quoted(sni.host_name); });
  if (ext.psk_key_exchange_modes) {
    line.add_list("psk_modes", ext.psk_key_exchange_modes->modes, psk_mode_label);
  }
  line.add_if("psk_identities", ext.pre_shared_key,
              [](const OfferedPsks& psk) { return std::to_string(psk.identities.size()); });
  line.add_if("early_data", ext.early_data, yes);
  line.add_if("cookie", ext.cookie, [](const Cookie& c) { return bytes_label(c.cookie); });
  line.add_if("ems", ext.extended_master_secret, yes);
  line.add_if("record_size_limit", ext.record_size_limit, limit_label);
  line.add_if("compress_certificate", ext.compress_certificate, compression_list);
  if (!m.legacy_session_id.empty()) line.add("session_id", bytes_label(m.legacy_session_id));
  return line.add_extensions(ext).take();
}

std::string describe(const ServerHello& m) {
  const ServerHelloExtensions& ext = m.extensions;
  if (m.is_hello_retry_request()) {
    Line line("HelloRetryRequest");
    line.add("suite", cipher_suite_label(m.cipher_suite));
    line.add_if("version", ext.supported_versions, [](const SupportedVersionsServerHello& v) {
      return protocol_version_label(v.selected_version);
    });
    line.add_if("group", ext.retry_key_share, [](const KeyShareHelloRetryRequest& k) {
      return named_group_label(k.selected_group);
    });
    line.add_if("cookie", ext.cookie, [](const Cookie& c) { return bytes_label(c.cookie); });
    return line.add_extensions(ext).take();
  }
  Line line("ServerHello");
  line.add("version", ext.supported_versions
                          ? protocol_version_label(ext.supported_versions->selected_version)
                          : protocol_version_label(m.legacy_version));
  line.add("suite", cipher_suite_label(m.cipher_suite));
  line.add_if("key_share", ext.key_share,
              [](const KeyShareServerHello& k) { return key_share_label(k.server_share); });
  line.add_if("psk", ext.pre_shared_key,
              [](const PreSharedKeyServerHello& p) { return std::to_string(p.selected_identity); });
  line.add_if("alpn", ext.alpn, [](const SelectedProtocol& p) { return quoted(p.protocol); });
  line.add_if("ems", ext.extended_master_secret, yes);
  line.add_if("renegotiation_info", ext.renegotiation_info,
              [](const RenegotiationInfo& r) { return bytes_label(r.renegotiated_connection); });
  line.add_if("record_size_limit", ext.record_size_limit, limit_label);
  switch (downgrade_sentinel(m.random)) {
    case DowngradeSentinel::kNone:
      break;
    case DowngradeSentinel::kTls12:
      line.add("downgrade_sentinel", "TLS 1.2");
      break;
    case DowngradeSentinel::kTls11OrBelow:
      line.add("downgrade_sentinel", "TLS 1.1");
      break;
  }
  return line.add_extensions(ext).take();
}

std::string describe(const EncryptedExtensions& m) {
  const EncryptedExtensionsSet& ext = m.extensions;
  Line line("EncryptedExtensions");
  line.add_if("alpn", ext.alpn, [](const SelectedProtocol& p) { return quoted(p.protocol); });
  line.add_if("groups", ext.supported_groups, groups_label);
  line.add_if("sni", ext.server_name, yes);
  line.add_if("early_data", ext.early_data, yes);
  line.add_if("record_size_limit", ext.record_size_limit, limit_label);
  return line.add_extensions(ext).take();
}

std::string describe(const Certificate13& m) {
  Line line("Certificate");
  line.add("certificates", m.certificate_list.size());
  if (!m.certificate_list.empty()) {
    line.add("leaf", bytes_label(m.certificate_list.front().cert_data));
  }
  if (!m.certificate_request_context.empty()) {
    line.add("context", bytes_label(m.certificate_request_context));
  }
  return line.take();
}

std::string describe(const CertificateRequest13& m) {
  const CertificateRequestSet& ext = m.extensions;
  Line line("CertificateRequest");
  line.add_if("sig_schemes", ext.signature_algorithms, scheme_list);
  line.add_if("cert_sig_schemes", ext.signature_algorithms_cert, scheme_list);
  line.add_if("authorities", ext.certificate_authorities, [](const CertificateAuthorities& ca) {
    return std::to_string(ca.authorities.size());
  });
  line.add_if("compress_certificate", ext.compress_certificate, compression_list);
  return line.add_extensions(ext).take();
}

std::string describe(const CompressedCertificate& m) {
  Line line("CompressedCertificate");
  line.add("algorithm", certificate_compression_label(m.algorithm));
  line.add("uncompressed_length", m.uncompressed_length);
  line.add("compressed_length", m.compressed_certificate_message.size());
  return line.take();
}

std::string describe(const NewSessionTicket13& m) {
  Line line("NewSessionTicket");
  line.add("lifetime", std::to_string(m.ticket_lifetime));
  line.add("ticket", bytes_label(m.ticket));
  line.add_if("max_early_data", m.extensions.early_data, [](const EarlyDataNewSessionTicket& e) {
    return std::to_string(e.max_early_data_size);
  });
  return line.add_extensions(m.extensions).take();
}

std::string describe(const KeyUpdate& m) {
  return Line("KeyUpdate")
      .add("request_update", m.request_update == KeyUpdateRequest::kUpdateRequested
                                 ? "update_requested"
                                 : "update_not_requested")
      .take();
}

std::string describe(const EndOfEarlyData&) {
  return "EndOfEarlyData";
}

std::string describe(const CertificateVerify& m) {
  return Line("CertificateVerify")
      .add("scheme", signature_scheme_label(m.scheme))
      .add("signature", bytes_label(m.signature))
      .take();
}

std::string describe(const Finished& m) {
  return Line("Finished").add("verify_data", bytes_label(m.verify_data)).take();
}

std::string describe(const HelloRequest&) {
  return "HelloRequest";
}

std::string describe(const Certificate12& m) {
  Line line("Certificate");
  line.add("certificates", m.certificate_list.size());
  if (!m.certificate_list.empty()) line.add("leaf", bytes_label(m.certificate_list.front()));
  return line.take();
}

std::string describe(const CertificateRequest12& m) {
  return Line("CertificateRequest")
      .add_list("types", m.certificate_types, client_certificate_type_label)
      .add_list("sig_schemes", m.supported_signature_algorithms, signature_scheme_label)
      .add("authorities", m.certificate_authorities.size())
      .take();
}

std::string describe(const ServerKeyExchangeEcdhe& m) {
  return Line("ServerKeyExchange")
      .add("group", named_group_label(m.group))
      .add("public_key", bytes_label(m.public_key))
      .add("scheme", signature_scheme_label(m.scheme))
      .take();
}

std::string describe(const ServerKeyExchangeDhe& m) {
  return Line("ServerKeyExchange")
      .add("dh_p_bits", m.dh_p.size() * 8)
      .add("scheme", signature_scheme_label(m.scheme))
      .take();
}

std::string describe(const ServerHelloDone&) {
  return "ServerHelloDone";
}

std::string describe(const ClientKeyExchangeRsa& m) {
  return Line("ClientKeyExchange")
      .add("encrypted_pre_master_secret", bytes_label(m.encrypted_pre_master_secret))
      .take();
}

std::string describe(const ClientKeyExchangeEcdhe& m) {
  return Line("ClientKeyExchange").add("public_key", bytes_label(m.public_key)).take();
}

std::string describe(const ClientKeyExchangeDhe& m) {
  return Line("ClientKeyExchange").add("dh_yc", bytes_label(m.dh_yc)).take();
}

std::string describe(const NewSessionTicket12& m) {
  return Line("NewSessionTicket")
      .add("lifetime_hint", std::to_string(m.ticket_lifetime_hint))
      .add("ticket", bytes_label(m.ticket))
      .take();
}

std::string describe(const CertificateStatus& m) {
  return Line("CertificateStatus").add("ocsp_response", bytes_label(m.ocsp_response)).take();
}

std::string describe(const Alert& m) {
  const char* level = m.level == AlertLevel::kWarning ? "warning"
                      : m.level == AlertLevel::kFatal ? "fatal"
                                                      : nullptr;
  return Line("Alert")
      .add("level", level ? std::string(level) : hex_byte(static_cast<uint8_t>(m.level)))
      .add("description", alert_name(m.description))
      .take();
}

std::string describe(const ChangeCipherSpec&) {
  return "ChangeCipherSpec";
}

}  // namespace parley::codec

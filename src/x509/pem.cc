#include "x509/pem.h"

#include <array>
#include <fstream>
#include <sstream>

namespace parley::x509 {

namespace {

constexpr std::string_view kBegin = "-----BEGIN ";
constexpr std::string_view kEnd = "-----END ";
constexpr std::string_view kDashes = "-----";
// Bounds a single file read (a large CA bundle is a few hundred KB).
constexpr size_t kMaxFileSize = 16 * 1024 * 1024;

int base64_value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

bool is_space(char c) {
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// RFC 7468 3 / RFC 4648 4: whitespace is skipped; padding only at the end.
Result<Bytes> decode_base64(std::string_view text) {
  Bytes out;
  uint32_t accumulator = 0;
  int bits = 0;
  size_t symbols = 0;
  size_t padding = 0;
  for (char c : text) {
    if (is_space(c)) continue;
    if (c == '=') {
      ++padding;
      continue;
    }
    const int value = base64_value(c);
    if (value < 0 || padding > 0) return decode_error("PEM: invalid base64");
    ++symbols;
    accumulator = accumulator << 6 | static_cast<uint32_t>(value);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<uint8_t>(accumulator >> bits));
    }
  }
  if ((symbols + padding) % 4 != 0 || padding > 2 || (symbols % 4 == 1)) {
    return decode_error("PEM: truncated base64");
  }
  if ((accumulator & ((1u << bits) - 1)) != 0) return decode_error("PEM: non-canonical base64");
  return out;
}

Result<std::unique_ptr<crypto::PrivateKey>> parse_key_block(const PemBlock& block,
                                                            std::string_view body,
                                                            const crypto::Provider& provider) {
  if (block.label == "ENCRYPTED PRIVATE KEY" || body.find("Proc-Type:") != body.npos) {
    return config_error("encrypted private keys are not supported; decrypt it first (" +
                        block.label + ")");
  }
  crypto::PrivateKeyFormat format;
  if (block.label == "PRIVATE KEY") {
    format = crypto::PrivateKeyFormat::kPkcs8;
  } else if (block.label == "EC PRIVATE KEY") {
    format = crypto::PrivateKeyFormat::kSec1;
  } else if (block.label == "RSA PRIVATE KEY") {
    format = crypto::PrivateKeyFormat::kPkcs1;
  } else {
    return config_error("unsupported private key type \"" + block.label + "\"");
  }
  auto key = provider.parse_private_key(block.der, format);
  if (!key.ok()) return config_error("malformed " + block.label + ": " + key.error().message);
  return key;
}

struct RawBlock {
  std::string label;
  std::string_view body;
};

// Splits `text` into labelled blocks without decoding them.
Result<std::vector<RawBlock>> split_blocks(std::string_view text) {
  std::vector<RawBlock> blocks;
  size_t pos = 0;
  while ((pos = text.find(kBegin, pos)) != std::string_view::npos) {
    const size_t label_start = pos + kBegin.size();
    const size_t label_end = text.find(kDashes, label_start);
    if (label_end == std::string_view::npos) return decode_error("PEM: malformed BEGIN line");
    const std::string label(text.substr(label_start, label_end - label_start));
    const std::string end_line = std::string(kEnd) + label + std::string(kDashes);
    const size_t body_start = label_end + kDashes.size();
    const size_t body_end = text.find(end_line, body_start);
    if (body_end == std::string_view::npos) {
      return decode_error("PEM: no \"" + end_line + "\" line");
    }
    blocks.push_back({label, text.substr(body_start, body_end - body_start)});
    pos = body_end + end_line.size();
  }
  return blocks;
}

}  // namespace

Result<std::vector<PemBlock>> parse_pem(std::string_view text) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<RawBlock> raw, split_blocks(text));
  std::vector<PemBlock> blocks;
  for (const RawBlock& block : raw) {
    // Legacy encrypted keys carry RFC 1421 headers; leave them undecoded so
    // that the key loader can say why they are refused.
    if (block.body.find(':') != std::string_view::npos) {
      blocks.push_back({block.label, {}});
      continue;
    }
    PARLEY_ASSIGN_OR_RETURN(Bytes der, decode_base64(block.body));
    blocks.push_back({block.label, std::move(der)});
  }
  return blocks;
}

Result<std::vector<Certificate>> parse_pem_certificates(std::string_view text) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<PemBlock> blocks, parse_pem(text));
  std::vector<Certificate> certificates;
  for (PemBlock& block : blocks) {
    if (block.label != "CERTIFICATE") continue;
    auto cert = Certificate::parse(std::move(block.der));
    if (!cert.ok()) {
      Error error = std::move(cert).error();
      error.message =
          "PEM certificate " + std::to_string(certificates.size() + 1) + ": " + error.message;
      return error;
    }
    certificates.push_back(std::move(*cert));
  }
  if (certificates.empty()) return decode_error("PEM: no CERTIFICATE block");
  return certificates;
}

Result<std::string> read_text_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return config_error("cannot open " + path);
  std::string text;
  std::array<char, 65536> buffer;
  while (file.read(buffer.data(), buffer.size()) || file.gcount() > 0) {
    text.append(buffer.data(), static_cast<size_t>(file.gcount()));
    if (text.size() > kMaxFileSize) return config_error(path + " is too large");
  }
  if (file.bad()) return config_error("cannot read " + path);
  return text;
}

Result<std::vector<Certificate>> load_certificate_chain_file(const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(std::string text, read_text_file(path));
  auto chain = parse_pem_certificates(text);
  if (!chain.ok()) return config_error(path + ": " + chain.error().message);
  return chain;
}

Result<std::unique_ptr<crypto::PrivateKey>> parse_private_key_pem(
    std::string_view text, const crypto::Provider& provider) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<RawBlock> raw, split_blocks(text));
  for (const RawBlock& block : raw) {
    if (block.label.find("PRIVATE KEY") == std::string::npos) continue;
    PemBlock decoded{block.label, {}};
    if (block.body.find(':') == std::string_view::npos) {
      auto der = decode_base64(block.body);
      if (!der.ok()) return config_error(block.label + ": " + der.error().message);
      decoded.der = std::move(*der);
    }
    auto key = parse_key_block(decoded, block.body, provider);
    secure_wipe(decoded.der.data(), decoded.der.size());
    return key;
  }
  return config_error("no PRIVATE KEY block in the PEM text");
}

Result<std::unique_ptr<crypto::PrivateKey>> load_private_key_file(
    const std::string& path, const crypto::Provider& provider) {
  PARLEY_ASSIGN_OR_RETURN(std::string text, read_text_file(path));
  auto key = parse_private_key_pem(text, provider);
  secure_wipe(text.data(), text.size());
  if (!key.ok()) return config_error(path + ": " + key.error().message);
  return key;
}

Status check_key_matches_certificate(const crypto::PrivateKey& key, const Certificate& cert,
                                     const crypto::Provider& provider) {
  auto cert_key = cert.public_key(provider);
  if (!cert_key.ok()) {
    return config_error("certificate '" + cert.subject_string() +
                        "' has an unusable public key: " + cert_key.error().message);
  }
  // Both sides re-encoded by the provider, so encodings compare exactly.
  const Bytes expected = (*cert_key)->spki_der();
  const Bytes actual = key.public_key()->spki_der();
  if (expected != actual) {
    return config_error("the private key does not match certificate '" + cert.subject_string() +
                        "'");
  }
  return {};
}

}  // namespace parley::x509

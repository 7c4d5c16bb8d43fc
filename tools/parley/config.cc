#include "config.h"

#include <fstream>
#include <iterator>
#include <string_view>
#include <utility>

#include "trace.h"

namespace parley::cli {
namespace {

// The same error with "<context>: " in front, so it names the option or
// file it came from.
template <typename T>
Result<T> in_context(Result<T> result, std::string_view context) {
  if (result.ok()) return result;
  Error error = std::move(result).error();
  error.message = std::string(context) + ": " + error.message;
  return error;
}

template <typename T>
Status parse_list(const std::string& list, std::string_view option,
                  Result<std::vector<T>> (*parse)(std::string_view), std::vector<T>& out) {
  if (list.empty()) return Status();  // library defaults
  PARLEY_ASSIGN_OR_RETURN(out, in_context(parse(list), option));
  return Status();
}

Status apply_common_options(const Options& options, CommonConfig& config) {
  if (options.only_version) config.versions = {*options.only_version};
  PARLEY_TRY(
      parse_list(options.cipher_suites, "--ciphers", parse_cipher_suites, config.cipher_suites));
  PARLEY_TRY(parse_list(options.groups, "--groups", parse_groups, config.groups));
  PARLEY_TRY(parse_list(options.signature_schemes, "--sigalgs", parse_signature_schemes,
                        config.signature_schemes));
  config.alpn_protocols = options.alpn_protocols;
  config.strict_trust_anchors = !options.lenient_anchors;
  config.record_size_limit = static_cast<uint16_t>(options.record_size_limit);  // <= 16385
  if (options.trace) {
    config.trace = make_stderr_trace();
  } else if (options.mode == Mode::kClient && !options.quiet) {
    config.trace = make_verification_report();
  }
  if (const std::string path = key_log_path(options.keylog_file); !path.empty()) {
    PARLEY_ASSIGN_OR_RETURN(config.key_log, open_key_log(path));
  }
  return Status();
}

Result<std::shared_ptr<const CertifiedKey>> load_certified_key(const CertKeyFiles& files) {
  return in_context(CertifiedKey::from_pem_files(files.cert, files.key),
                    "--cert " + files.cert + " --key " + files.key);
}

Result<std::shared_ptr<const TrustAnchors>> load_trust_anchors(const std::string& path) {
  return in_context(TrustAnchors::from_path(path), "--cafile " + path);
}

// A session holds a ticket (at most 2^16) and the peer's chain.
constexpr size_t kMaxSessionFile = 1 << 20;
// An OCSP response goes in one handshake message (RFC 6066 8: < 2^24).
constexpr size_t kMaxOcspFile = 1 << 20;

}  // namespace

Result<std::shared_ptr<const ClientConfig>> build_client_config(const Options& options) {
  auto config = std::make_shared<ClientConfig>();
  PARLEY_TRY(apply_common_options(options, *config));
  if (options.insecure) {
    config->insecure_skip_verification = true;
  } else if (!options.ca_file.empty()) {
    PARLEY_ASSIGN_OR_RETURN(config->trust_anchors, load_trust_anchors(options.ca_file));
  } else {
    PARLEY_ASSIGN_OR_RETURN(config->trust_anchors,
                            in_context(TrustAnchors::system(), "system trust store"));
  }
  if (!options.certificates.empty()) {
    PARLEY_ASSIGN_OR_RETURN(config->certificate, load_certified_key(options.certificates[0]));
  }
  config->verify_ocsp_staple = options.verify_ocsp;
  config->session_cache = make_client_session_cache();
  if (!options.session_in.empty()) {
    PARLEY_ASSIGN_OR_RETURN(auto session, read_small_file(options.session_in, kMaxSessionFile));
    config->session_cache->put(options.server_name, std::move(session));
  }
  return std::shared_ptr<const ClientConfig>(std::move(config));
}

Result<std::shared_ptr<const ServerConfig>> build_server_config(const Options& options) {
  auto config = std::make_shared<ServerConfig>();
  PARLEY_TRY(apply_common_options(options, *config));
  for (const CertKeyFiles& files : options.certificates) {
    PARLEY_ASSIGN_OR_RETURN(auto certified_key, load_certified_key(files));
    config->certificates.push_back(std::move(certified_key));
  }
  for (size_t i = 0; i < options.ocsp_files.size(); ++i) {
    // The --ocsp file is read once, at start-up; an application reloads it
    // with CertificateStaples::set_ocsp_response.
    PARLEY_ASSIGN_OR_RETURN(auto response, read_small_file(options.ocsp_files[i], kMaxOcspFile));
    config->certificates[i]->staples().set_ocsp_response(std::move(response));
  }
  config->client_auth = options.client_auth;
  if (!options.ca_file.empty()) {
    PARLEY_ASSIGN_OR_RETURN(config->client_trust_anchors, load_trust_anchors(options.ca_file));
  }
  if (options.no_tickets) config->session_tickets = 0;
  config->early_data = options.accept_early_data;
  if (!options.ticket_keys_file.empty()) {
    PARLEY_ASSIGN_OR_RETURN(auto bytes, read_small_file(options.ticket_keys_file, 64));
    if (bytes.size() != TicketKey::kNameSize + TicketKey::kSecretSize) {
      return config_error("--ticket-keys " + options.ticket_keys_file + ": must hold 48 bytes");
    }
    TicketKey key;
    std::copy(bytes.begin(), bytes.begin() + TicketKey::kNameSize, key.name.begin());
    std::copy(bytes.begin() + TicketKey::kNameSize, bytes.end(), key.secret.begin());
    std::fill(bytes.begin(), bytes.end(), 0);
    config->ticketer = make_ticketer(std::make_shared<TicketKeys>(std::vector{key}));
  }
  return std::shared_ptr<const ServerConfig>(std::move(config));
}

Result<std::vector<uint8_t>> read_small_file(const std::string& path, size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return config_error("cannot read " + path);
  std::vector<uint8_t> data;
  char c;
  while (in.get(c)) {
    if (data.size() == limit) return config_error(path + " is larger than expected");
    data.push_back(static_cast<uint8_t>(c));
  }
  return data;
}

Status write_file(const std::string& path, std::span<const uint8_t> data) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char*>(data.data()), static_cast<std::streamsize>(data.size()));
  if (!out) return config_error("cannot write " + path);
  return Status();
}

}  // namespace parley::cli

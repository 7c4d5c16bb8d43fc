#include "x509/trust_store.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>

#include "x509/pem.h"

namespace parley::x509 {

namespace {

std::string_view key_of(const Name& name) {
  return {reinterpret_cast<const char*>(name.der.data()), name.der.size()};
}

bool has_certificate_extension(const std::filesystem::path& path) {
  const std::string extension = path.extension().string();
  return extension == ".pem" || extension == ".crt" || extension == ".cer";
}

}  // namespace

Status TrustStore::add(const Certificate& certificate) {
  for (const TrustAnchor* existing : find_by_subject(certificate.subject())) {
    if (std::ranges::equal(existing->certificate.der(), certificate.der())) return {};
  }
  TrustAnchor anchor{certificate, nullptr};
  auto key = certificate.public_key(*provider_);
  if (key.ok()) anchor.key = std::move(*key);
  by_subject_.emplace(std::string(key_of(certificate.subject())), anchors_.size());
  anchors_.push_back(std::move(anchor));
  return {};
}

Status TrustStore::add_der(ByteView der) {
  PARLEY_ASSIGN_OR_RETURN(Certificate certificate, Certificate::parse(der));
  return add(certificate);
}

Result<size_t> TrustStore::add_pem(std::string_view pem) {
  PARLEY_ASSIGN_OR_RETURN(std::vector<PemBlock> blocks, parse_pem(pem));
  size_t found = 0;
  size_t added = 0;
  for (PemBlock& block : blocks) {
    if (block.label != "CERTIFICATE") continue;
    ++found;
    auto certificate = Certificate::parse(std::move(block.der));
    if (!certificate.ok()) {
      ++skipped_;
      continue;
    }
    const size_t before = anchors_.size();
    PARLEY_TRY(add(*certificate));
    added += anchors_.size() - before;
  }
  if (found == 0) return config_error("no CERTIFICATE block in the trust anchor PEM");
  return added;
}

Result<size_t> TrustStore::add_pem_file(const std::string& path) {
  PARLEY_ASSIGN_OR_RETURN(std::string text, read_text_file(path));
  auto added = add_pem(text);
  if (!added.ok()) return config_error(path + ": " + added.error().message);
  return added;
}

Result<size_t> TrustStore::add_directory(const std::string& directory) {
  std::error_code error;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(directory, error)) {
    if (entry.is_regular_file(error) && has_certificate_extension(entry.path())) {
      files.push_back(entry.path());
    }
  }
  if (error) return config_error("cannot list " + directory + ": " + error.message());
  std::sort(files.begin(), files.end());  // a stable order for a stable store
  size_t added = 0;
  for (const auto& file : files) {
    auto count = add_pem_file(file.string());
    if (count.ok()) added += *count;  // files without certificates are skipped
  }
  if (added == 0 && empty()) return config_error("no certificates in " + directory);
  return added;
}

Result<size_t> TrustStore::add_path(const std::string& path) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) return add_directory(path);
  return add_pem_file(path);
}

Result<TrustStore> TrustStore::system() {
  TrustStore store;
  if (const char* file = std::getenv("SSL_CERT_FILE"); file != nullptr && *file != '\0') {
    PARLEY_TRY(store.add_pem_file(file));
    return store;
  }
  for (const char* path : kSystemBundlePaths) {
    std::error_code error;
    if (!std::filesystem::is_regular_file(path, error)) continue;
    PARLEY_TRY(store.add_pem_file(path));
    return store;
  }
  return config_error(
      "no system CA bundle found (tried /etc/ssl/certs/ca-certificates.crt and "
      "others; set SSL_CERT_FILE)");
}

std::vector<const TrustAnchor*> TrustStore::find_by_subject(const Name& name) const {
  std::vector<const TrustAnchor*> out;
  auto [begin, end] = by_subject_.equal_range(key_of(name));
  for (auto it = begin; it != end; ++it) out.push_back(&anchors_[it->second]);
  std::sort(out.begin(), out.end());  // insertion order (anchors_ is contiguous)
  return out;
}

}  // namespace parley::x509

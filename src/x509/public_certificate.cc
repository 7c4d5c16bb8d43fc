// The public certificate types of include/parley/certificate.h, on top of
// x509's PEM loading, key matching and trust stores.
#include "x509/public_certificate.h"

#include <utility>

#include "codec/extensions.h"
#include "parley/certificate.h"
#include "x509/pem.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace parley {

namespace {

Result<std::shared_ptr<const CertifiedKey>> make_certified_key(
    const std::vector<x509::Certificate>& chain, std::unique_ptr<crypto::PrivateKey> key) {
  PARLEY_TRY(x509::check_key_matches_certificate(*key, chain.front()));
  auto impl = std::make_shared<CertifiedKey::Impl>();
  impl->chain.reserve(chain.size());
  for (const x509::Certificate& cert : chain)
    impl->chain.emplace_back(cert.der().begin(), cert.der().end());
  impl->key_type = key->type();
  impl->key = std::move(key);
  // Read once here, not per handshake.
  impl->allows_signing = x509::key_usage_allows(chain.front(), x509::LeafKeyUse::kSignature);
  impl->allows_key_encipherment =
      x509::key_usage_allows(chain.front(), x509::LeafKeyUse::kKeyEncipherment);
  return std::make_shared<const CertifiedKey>(std::move(impl));
}

}  // namespace

CertifiedKey::CertifiedKey(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

namespace {
std::shared_ptr<const std::vector<uint8_t>> shared_or_null(std::vector<uint8_t> bytes) {
  if (bytes.empty()) return nullptr;
  return std::make_shared<const std::vector<uint8_t>>(std::move(bytes));
}
}  // namespace

void CertificateStaples::set_ocsp_response(std::vector<uint8_t> der) {
  auto value = shared_or_null(std::move(der));
  std::lock_guard lock(mutex_);
  ocsp_response_ = std::move(value);
}

std::shared_ptr<const std::vector<uint8_t>> CertificateStaples::ocsp_response() const {
  std::lock_guard lock(mutex_);
  return ocsp_response_;
}

Status CertificateStaples::set_signed_certificate_timestamps(std::vector<uint8_t> list) {
  if (!list.empty()) {
    auto checked = codec::SignedCertificateTimestampList::decode(list);
    if (!checked.ok()) return config_error("invalid SCT list: " + checked.error().message);
  }
  auto value = shared_or_null(std::move(list));
  std::lock_guard lock(mutex_);
  scts_ = std::move(value);
  return {};
}

std::shared_ptr<const std::vector<uint8_t>> CertificateStaples::signed_certificate_timestamps()
    const {
  std::lock_guard lock(mutex_);
  return scts_;
}

const CertifiedKey::Impl& impl_of(const CertifiedKey& key) {
  return *key.impl_;
}

const std::vector<std::vector<uint8_t>>& CertifiedKey::chain() const {
  return impl_->chain;
}
bool CertifiedKey::allows_signing() const {
  return impl_->allows_signing;
}
bool CertifiedKey::allows_key_encipherment() const {
  return impl_->allows_key_encipherment;
}

Result<std::shared_ptr<const CertifiedKey>> CertifiedKey::from_pem(std::string_view chain_pem,
                                                                   std::string_view key_pem) {
  auto chain = x509::parse_pem_certificates(chain_pem);
  if (!chain.ok()) return config_error("certificate chain: " + chain.error().message);
  PARLEY_ASSIGN_OR_RETURN(auto key, x509::parse_private_key_pem(key_pem));
  return make_certified_key(*chain, std::move(key));
}

Result<std::shared_ptr<const CertifiedKey>> CertifiedKey::from_pem_files(
    const std::string& chain_path, const std::string& key_path) {
  PARLEY_ASSIGN_OR_RETURN(auto chain, x509::load_certificate_chain_file(chain_path));
  PARLEY_ASSIGN_OR_RETURN(auto key, x509::load_private_key_file(key_path));
  auto certified = make_certified_key(chain, std::move(key));
  if (!certified.ok()) {
    return config_error(key_path + " and " + chain_path + ": " + certified.error().message);
  }
  return certified;
}

TrustAnchors::TrustAnchors(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

const TrustAnchors::Impl& impl_of(const TrustAnchors& anchors) {
  return *anchors.impl_;
}

size_t TrustAnchors::size() const {
  return impl_->store.size();
}

namespace {
Result<std::shared_ptr<const TrustAnchors>> wrap(x509::TrustStore store) {
  if (store.empty()) return config_error("no usable trust anchors");
  return std::make_shared<const TrustAnchors>(
      std::make_shared<const TrustAnchors::Impl>(TrustAnchors::Impl{std::move(store)}));
}
}  // namespace

Result<std::shared_ptr<const TrustAnchors>> TrustAnchors::from_pem(std::string_view pem) {
  x509::TrustStore store;
  PARLEY_TRY(store.add_pem(pem));
  return wrap(std::move(store));
}

Result<std::shared_ptr<const TrustAnchors>> TrustAnchors::from_path(const std::string& path) {
  x509::TrustStore store;
  PARLEY_TRY(store.add_path(path));
  return wrap(std::move(store));
}

Result<std::shared_ptr<const TrustAnchors>> TrustAnchors::system() {
  PARLEY_ASSIGN_OR_RETURN(x509::TrustStore store, x509::TrustStore::system());
  return wrap(std::move(store));
}

}  // namespace parley

// The hooks of include/parley/hooks.h: the completion handle of asynchronous
// private-key operations, Signer-backed certificates, parley's own Signer
// for a loaded key, and the web-PKI verifier applications can call.
#include "parley/hooks.h"

#include <utility>

#include "crypto/provider.h"
#include "handshake/negotiation.h"
#include "handshake/private_key_operation.h"
#include "parley/certificate.h"
#include "x509/certificate.h"
#include "x509/public_certificate.h"
#include "x509/verify.h"

namespace parley {

CertificateResolver::~CertificateResolver() = default;
CertificateVerifier::~CertificateVerifier() = default;
Signer::~Signer() = default;

PrivateKeyResult Signer::decrypt(std::span<const uint8_t> /*ciphertext*/,
                                 const PrivateKeyCompletion& /*completion*/) const {
  return Result<std::vector<uint8_t>>(internal_error("this Signer does not decrypt"));
}

PrivateKeyCompletion::PrivateKeyCompletion(std::shared_ptr<State> state)
    : state_(std::move(state)) {}

bool PrivateKeyCompletion::complete(Result<std::vector<uint8_t>> result) const {
  std::function<void()> wakeup;
  {
    std::lock_guard lock(state_->mutex);
    if (state_->closed) return false;
    state_->closed = true;
    state_->result = std::move(result);
    wakeup = state_->wakeup;
  }
  // Outside the lock: the callback may post to a loop that polls at once.
  if (wakeup) wakeup();
  return true;
}

namespace {

// parley's Signer for a key it loaded: answers at once.
class KeySigner final : public Signer {
 public:
  explicit KeySigner(std::shared_ptr<const crypto::PrivateKey> key) : key_(std::move(key)) {}

  PrivateKeyResult sign(const SignRequest& request,
                        const PrivateKeyCompletion& /*completion*/) const override {
    const auto info = handshake::signature_scheme_info(request.scheme);
    if (!info) return Result<std::vector<uint8_t>>(internal_error("unknown signature scheme"));
    auto signature = key_->sign(info->algorithm, request.message);
    if (!signature.ok()) return Result<std::vector<uint8_t>>(std::move(signature).error());
    return Result<std::vector<uint8_t>>(std::move(signature).value());
  }

 private:
  std::shared_ptr<const crypto::PrivateKey> key_;
};

class WebPkiVerifier final : public CertificateVerifier {
 public:
  WebPkiVerifier(std::shared_ptr<const TrustAnchors> anchors, bool strict,
                 const CryptoProvider* provider)
      : anchors_(std::move(anchors)), strict_(strict), provider_(crypto::provider_for(provider)) {}

  Result<std::vector<std::vector<uint8_t>>> verify(
      const CertificateVerificationInput& input) const override {
    if (input.chain.empty()) {
      return x509::certificate_error(CertificateFailure::kNoCertificate,
                                     AlertDescription::kBadCertificate,
                                     "the peer sent no certificate");
    }
    x509::VerifyOptions options;
    options.time = input.now;
    if (input.peer_is_server) {
      options.peer_name = x509::PeerName::parse(input.server_name);
      if (!options.peer_name)
        return config_error("invalid server name '" + input.server_name + "'");
    }
    options.purpose =
        input.peer_is_server ? x509::KeyPurpose::kServerAuth : x509::KeyPurpose::kClientAuth;
    options.leaf_key_use =
        input.key_encipherment ? x509::LeafKeyUse::kKeyEncipherment : x509::LeafKeyUse::kSignature;
    options.anchor_profile = strict_;
    options.provider = provider_;
    std::vector<ByteView> intermediates(input.chain.begin() + 1, input.chain.end());
    PARLEY_ASSIGN_OR_RETURN(auto path, x509::verify_chain(input.chain.front(), intermediates,
                                                          x509::trust_store(*anchors_), options));
    std::vector<std::vector<uint8_t>> out;
    for (const x509::Certificate& certificate : path.certificates) {
      out.emplace_back(certificate.der().begin(), certificate.der().end());
    }
    return out;
  }

 private:
  std::shared_ptr<const TrustAnchors> anchors_;
  bool strict_;
  const crypto::Provider* provider_;
};

}  // namespace

std::shared_ptr<const CertificateVerifier> make_webpki_verifier(
    std::shared_ptr<const TrustAnchors> anchors, bool strict_trust_anchors,
    const CryptoProvider* provider) {
  return std::make_shared<WebPkiVerifier>(std::move(anchors), strict_trust_anchors, provider);
}

Result<std::vector<uint8_t>> subject_public_key_info(std::span<const uint8_t> certificate_der) {
  PARLEY_ASSIGN_OR_RETURN(x509::Certificate certificate, x509::Certificate::parse(certificate_der));
  const ByteView spki = certificate.public_key_info().der;
  return std::vector<uint8_t>(spki.begin(), spki.end());
}

std::shared_ptr<const Signer> CertifiedKey::signer() const {
  if (impl_->signer) return impl_->signer;
  return std::make_shared<KeySigner>(impl_->key);
}

Result<std::shared_ptr<const CertifiedKey>> CertifiedKey::from_signer(
    std::vector<std::vector<uint8_t>> chain, std::shared_ptr<const Signer> signer) {
  if (chain.empty()) return config_error("from_signer: an empty certificate chain");
  if (!signer) return config_error("from_signer: no Signer");
  auto leaf = x509::Certificate::parse(chain.front());
  if (!leaf.ok()) return config_error("from_signer: leaf certificate: " + leaf.error().message);
  auto key = leaf->public_key();
  if (!key.ok()) return config_error("from_signer: leaf key: " + key.error().message);
  auto impl = std::make_shared<CertifiedKey::Impl>();
  impl->key_type = (*key)->type();
  impl->signer_key_bits = (*key)->bits();
  impl->allows_signing = x509::key_usage_allows(*leaf, x509::LeafKeyUse::kSignature);
  impl->allows_key_encipherment = signer->can_decrypt() &&
                                  impl->key_type == crypto::KeyType::kRsa &&
                                  x509::key_usage_allows(*leaf, x509::LeafKeyUse::kKeyEncipherment);
  impl->chain = std::move(chain);
  impl->signer = std::move(signer);
  return std::make_shared<const CertifiedKey>(std::move(impl));
}

}  // namespace parley

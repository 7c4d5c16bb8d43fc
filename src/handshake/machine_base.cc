#include "handshake/machine_base.h"

#include <algorithm>

#include "handshake/negotiation.h"
#include "x509/certificate.h"
#include "x509/public_certificate.h"

namespace parley::handshake {

std::string MachineBase::message_name(codec::HandshakeType type) {
  std::string_view name = codec::handshake_type_name(type);
  // IANA names are snake_case ("client_hello"); traces use the RFC's
  // message names ("ClientHello").
  std::string out;
  bool upper = true;
  for (char c : name) {
    if (c == '_') {
      upper = true;
      continue;
    }
    out.push_back(upper ? static_cast<char>(c >= 'a' && c <= 'z' ? c - 32 : c) : c);
    upper = false;
  }
  return out;
}

uint16_t MachineBase::our_record_size_limit(bool tls13) const {
  const size_t maximum = tls13 ? record::kMaxInnerPlaintext13 : record::kMaxPlaintext;
  const size_t configured = core_.config().record_size_limit;
  return static_cast<uint16_t>(configured == 0 ? maximum : std::min(configured, maximum));
}

Status MachineBase::use_record_size_limits(const codec::RecordSizeLimit& peer, bool tls13,
                                           bool counts_type_byte, bool including_current) {
  core_.mutable_info().peer_record_size_limit = peer.limit;
  // The fragmenter counts content only; one byte less is always safe.
  const size_t content =
      std::min<size_t>(peer.limit - (counts_type_byte ? 1 : 0), record::kMaxPlaintext);
  PARLEY_TRY(core_.set_max_fragment_length(content));
  core_.limit_received_records(our_record_size_limit(tls13), including_current);
  return {};
}

void MachineBase::keep_exporter_secret(const MasterSecret& master, ByteView client_random,
                                       ByteView server_finished_hash) {
  exporter_master_secret_ = master.exporter_master_secret(server_finished_hash);
  exporter_hkdf_.emplace(master.hkdf());
  core_.key_log("EXPORTER_SECRET", client_random, exporter_master_secret_);
}

Result<crypto::Secret> MachineBase::export_keying_material13(std::string_view label,
                                                             std::optional<ByteView> context,
                                                             size_t length) const {
  if (!exporter_hkdf_) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "keying material can be exported only once the handshake is complete");
  }
  // RFC 8446 7.5: no context and an empty context are the same.
  return exporter_hkdf_->export_keying_material(exporter_master_secret_, label,
                                                context.value_or(ByteView()), length);
}

void MachineBase::trace_certificate(const std::string& details,
                                    const std::vector<Bytes>& chain) const {
  if (!core_.tracing()) return;
  std::string line = details;
  if (!chain.empty()) line += " subject=\"" + subject_for_trace(chain.front()) + "\"";
  core_.trace(false, "Certificate", std::move(line));
}

std::string MachineBase::subject_for_trace(ByteView der) {
  auto certificate = x509::Certificate::parse(der);
  return certificate.ok() ? certificate->subject_string() : "(unparsable certificate)";
}

void MachineBase::trace_chain_result(const std::vector<Bytes>& chain,
                                     const x509::VerifiedPath* path, const Error* error) const {
  if (!core_.tracing()) return;
  // The path as built (leaf to trust anchor), or else the chain as sent.
  std::string names;
  auto add = [&names](const std::string& subject) {
    names += names.empty() ? "\"" : " issued by \"";
    names += subject + "\"";
  };
  if (path != nullptr) {
    for (const auto& certificate : path->certificates) add(certificate.subject_string());
    names += " (trust anchor)";
  } else {
    for (const Bytes& der : chain) add(subject_for_trace(der));
  }
  core_.trace_step("VerifyChain",
                   names + (error == nullptr ? ": ok" : ": failed: " + error->message));
}

Error MachineBase::unexpected(codec::HandshakeType type, std::string_view state) {
  return unexpected_message(message_name(type) + " is not expected while " + std::string(state));
}

Bytes MachineBase::tls13_signed_content(bool server, ByteView transcript_hash) {
  static constexpr std::string_view kServer = "TLS 1.3, server CertificateVerify";
  static constexpr std::string_view kClient = "TLS 1.3, client CertificateVerify";
  const std::string_view context = server ? kServer : kClient;
  constexpr size_t kPadding = 64;
  Bytes content(kPadding + context.size() + 1 + transcript_hash.size(), 0x20);
  auto out = std::copy(context.begin(), context.end(), content.begin() + kPadding);
  *out++ = 0;
  std::copy(transcript_hash.begin(), transcript_hash.end(), out);
  return content;
}

Result<std::unique_ptr<crypto::PublicKey>> MachineBase::verify_peer_chain(
    const std::vector<Bytes>& chain, const TrustAnchors* anchors, bool skip_validation,
    x509::KeyPurpose purpose, std::optional<x509::PeerName> peer_name, x509::LeafKeyUse key_use,
    const CertificateVerifier* verifier) {
  if (chain.empty()) {
    return x509::certificate_error(CertificateFailure::kNoCertificate,
                                   AlertDescription::kBadCertificate,
                                   "the peer sent no certificate");
  }
  SessionInfo& info = core_.mutable_info();
  info.peer_certificates = chain;
  PARLEY_ASSIGN_OR_RETURN(x509::Certificate leaf, x509::Certificate::parse(chain.front()));
  info.peer_certificate_subject = leaf.subject_string();
  if (skip_validation) {
    if (core_.tracing()) core_.trace_step("VerifyChain", "skipped (insecure: not validated)");
    // Skipping validation trusts the chain, not a key used for what its
    // certificate forbids (RFC 5246 7.4.2, RFC 5280 4.2.1.3).
    PARLEY_TRY(x509::check_leaf_key_usage(leaf, key_use));
  } else if (verifier != nullptr) {
    PARLEY_TRY(run_custom_verifier(*verifier, chain, purpose, key_use));
    PARLEY_TRY(x509::check_leaf_key_usage(leaf, key_use));
  } else {
    if (anchors == nullptr) {
      return x509::certificate_error(CertificateFailure::kUnknownIssuer,
                                     AlertDescription::kUnknownCa,
                                     "no trust anchors configured to validate the peer");
    }
    x509::VerifyOptions options;
    options.time = core_.now();
    options.peer_name = std::move(peer_name);
    options.purpose = purpose;
    options.leaf_key_use = key_use;
    options.anchor_profile = core_.config().strict_trust_anchors;
    options.provider = &core_.provider();
    std::vector<ByteView> intermediates(chain.begin() + 1, chain.end());
    auto path =
        x509::verify_chain(chain.front(), intermediates, x509::trust_store(*anchors), options);
    trace_chain_result(chain, path.ok() ? &*path : nullptr, path.ok() ? nullptr : &path.error());
    if (!path.ok()) return std::move(path).error();
    info.verified_chain.clear();
    for (const x509::Certificate& certificate : path->certificates) {
      info.verified_chain.emplace_back(certificate.der().begin(), certificate.der().end());
    }
  }
  auto key = leaf.public_key(core_.provider());
  if (!key.ok()) {
    return x509::certificate_error(
        CertificateFailure::kUnsupportedAlgorithm, AlertDescription::kUnsupportedCertificate,
        "unsupported public key in the peer certificate: " + key.error().message);
  }
  return std::move(key).value();
}

Status MachineBase::run_custom_verifier(const CertificateVerifier& verifier,
                                        const std::vector<Bytes>& chain, x509::KeyPurpose purpose,
                                        x509::LeafKeyUse key_use) {
  CertificateVerificationInput input;
  input.chain = chain;
  input.peer_is_server = purpose == x509::KeyPurpose::kServerAuth;
  input.server_name = core_.info().server_name;
  input.now = core_.now();
  input.ocsp_response = core_.info().ocsp_response;
  input.key_encipherment = key_use == x509::LeafKeyUse::kKeyEncipherment;
  auto verified = verifier.verify(input);
  if (!verified.ok()) {
    Error error = std::move(verified).error();
    if (!error.alert) error.alert = AlertDescription::kBadCertificate;
    if (error.kind != ErrorKind::kCertificate) {
      error.kind = ErrorKind::kCertificate;
      error.message = "the CertificateVerifier refused the chain: " + error.message;
    }
    if (core_.tracing()) core_.trace_step("VerifyChain", "custom verifier: " + error.message);
    return error;
  }
  if (core_.tracing()) core_.trace_step("VerifyChain", "custom verifier: ok");
  core_.mutable_info().verified_chain = std::move(verified).value();
  return {};
}

Status MachineBase::sign_then(const CertifiedKey& key, SignatureScheme scheme,
                              ProtocolVersion version, ByteView content, SignatureDone then) {
  const auto info = signature_scheme_info(scheme);
  if (!info) return internal_error("signing with an unknown signature scheme");
  const CertifiedKey::Impl& impl = impl_of(key);
  if (impl.key) {
    PARLEY_ASSIGN_OR_RETURN(Bytes signature, impl.key->sign(info->algorithm, content));
    return then(std::move(signature));
  }
  const SignRequest request{scheme, content, version, !core_.is_client()};
  const std::shared_ptr<const Signer> signer = impl.signer;
  return core_.run_private_key_operation(
      [&](const PrivateKeyCompletion& completion) { return signer->sign(request, completion); },
      [then = std::move(then)](Result<Bytes> signature) -> Status {
        if (!signature.ok()) {
          Error error = std::move(signature).error();
          if (!error.alert) error.alert = AlertDescription::kInternalError;
          error.message = "the Signer failed: " + error.message;
          return error;
        }
        return then(std::move(signature).value());
      });
}

Status MachineBase::verify_peer_signature(const crypto::PublicKey& key, SignatureScheme scheme,
                                          ByteView content, ByteView signature,
                                          ProtocolVersion version, std::string_view what) const {
  const std::vector<SignatureScheme> offered = configured_signature_schemes(core_.config());
  // RFC 8446 4.4.3: the scheme must be one we offered, and fit the key.
  if (std::find(offered.begin(), offered.end(), scheme) == offered.end() ||
      !scheme_fits_key(scheme, key.type(), version)) {
    return illegal_parameter(std::string(what) + " uses signature scheme " +
                             std::string(codec::signature_scheme_name(scheme)) +
                             ", which was not offered or does not fit the key");
  }
  const auto info = signature_scheme_info(scheme);
  if (!key.verify(info->algorithm, content, signature)) {
    return make_error(ErrorKind::kCrypto, AlertDescription::kDecryptError,
                      std::string(what) + " signature does not verify");
  }
  return {};
}

}  // namespace parley::handshake

#include "handshake/tls12_common.h"

#include <algorithm>
#include <array>

#include "handshake/negotiation.h"
#include "record/tls12_protection.h"

namespace parley::handshake {

using crypto::KeyType;

namespace {

// RFC 7919 Appendix A.1 and A.2 (generator 2).
constexpr std::string_view kFfdhe2048Prime =
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695"
    "A9E13641146433FBCC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617A"
    "D3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797A"
    "BC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4"
    "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005"
    "C58EF1837D1683B2C6F34A26C1B2EFFA886B423861285C97FFFFFFFFFFFFFFFF";

constexpr std::string_view kFfdhe3072Prime =
    "FFFFFFFFFFFFFFFFADF85458A2BB4A9AAFDC5620273D3CF1D8B9C583CE2D3695"
    "A9E13641146433FBCC939DCE249B3EF97D2FE363630C75D8F681B202AEC4617A"
    "D3DF1ED5D5FD65612433F51F5F066ED0856365553DED1AF3B557135E7F57C935"
    "984F0C70E0E68B77E2A689DAF3EFE8721DF158A136ADE73530ACCA4F483A797A"
    "BC0AB182B324FB61D108A94BB2C8E3FBB96ADAB760D7F4681D4F42A3DE394DF4"
    "AE56EDE76372BB190B07A7C8EE0A6D709E02FCE1CDF7E2ECC03404CD28342F61"
    "9172FE9CE98583FF8E4F1232EEF28183C3FE3B1B4C6FAD733BB5FCBC2EC22005"
    "C58EF1837D1683B2C6F34A26C1B2EFFA886B4238611FCFDCDE355B3B6519035B"
    "BC34F4DEF99C023861B46FC9D6E6C9077AD91D2691F7F7EE598CB0FAC186D91C"
    "AEFE130985139270B4130C93BC437944F4FD4452E2D74DD364F2E21E71F54BFF"
    "5CAE82AB9C9DF69EE86D2BC522363A0DABC521979B0DEADA1DBF9A42D5C4484E"
    "0ABCD06BFA53DDEF3C1B20EE3FD59D7C25E41D2B66C62E37FFFFFFFFFFFFFFFF";

const std::array<FfdheParameters, 2>& ffdhe_table() {
  static const std::array<FfdheParameters, 2> table = {
      FfdheParameters{NamedGroup::kFfdhe2048, from_hex(kFfdhe2048Prime), Bytes{2}},
      FfdheParameters{NamedGroup::kFfdhe3072, from_hex(kFfdhe3072Prime), Bytes{2}},
  };
  return table;
}

ByteView without_leading_zeros(ByteView value) {
  while (!value.empty() && value.front() == 0) value = value.subspan(1);
  return value;
}

}  // namespace

const FfdheParameters* ffdhe_parameters(NamedGroup group) {
  for (const FfdheParameters& entry : ffdhe_table()) {
    if (entry.group == group) return &entry;
  }
  return nullptr;
}

std::optional<NamedGroup> ffdhe_group_of(ByteView p, ByteView g) {
  // Integers on the wire may carry leading zeros; compare their values.
  const ByteView p_value = without_leading_zeros(p);
  const ByteView g_value = without_leading_zeros(g);
  for (const FfdheParameters& entry : ffdhe_table()) {
    if (std::equal(p_value.begin(), p_value.end(), entry.p.begin(), entry.p.end()) &&
        std::equal(g_value.begin(), g_value.end(), entry.g.begin(), entry.g.end())) {
      return entry.group;
    }
  }
  return std::nullopt;
}

crypto::Secret strip_leading_zeros(const crypto::Secret& z) {
  return crypto::Secret(without_leading_zeros(z.view()));
}

bool key_fits_suite(KeyType type, const CipherSuiteInfo& suite) {
  switch (suite.authentication) {
    case AuthenticationKind::kRsa:
      // An id-RSASSA-PSS key can sign (rsa_pss_pss_*) but not decrypt.
      if (suite.key_exchange == KeyExchangeKind::kRsa) return type == KeyType::kRsa;
      return type == KeyType::kRsa || type == KeyType::kRsaPss;
    case AuthenticationKind::kEcdsa:
      return type == KeyType::kEcP256 || type == KeyType::kEcP384 || type == KeyType::kEcP521 ||
             type == KeyType::kEd25519;
    case AuthenticationKind::kAny:
      return false;
  }
  return false;
}

bool ecdsa_curve_offered(KeyType type, const std::vector<NamedGroup>* client_groups) {
  std::optional<NamedGroup> curve;
  if (type == KeyType::kEcP256) curve = NamedGroup::kSecp256r1;
  if (type == KeyType::kEcP384) curve = NamedGroup::kSecp384r1;
  if (type == KeyType::kEcP521) curve = NamedGroup::kSecp521r1;
  if (!curve || client_groups == nullptr) return true;
  return std::find(client_groups->begin(), client_groups->end(), *curve) != client_groups->end();
}

x509::LeafKeyUse server_key_use(const CipherSuiteInfo& suite) {
  return suite.key_exchange == KeyExchangeKind::kRsa ? x509::LeafKeyUse::kKeyEncipherment
                                                     : x509::LeafKeyUse::kSignature;
}

bool certificate_allows(const CertifiedKey& certificate, x509::LeafKeyUse use) {
  return use == x509::LeafKeyUse::kKeyEncipherment ? certificate.allows_key_encipherment()
                                                   : certificate.allows_signing();
}

codec::ClientCertificateType client_certificate_type(KeyType type) {
  return type == KeyType::kRsa || type == KeyType::kRsaPss
             ? codec::ClientCertificateType::kRsaSign
             : codec::ClientCertificateType::kEcdsaSign;
}

// ---------------------------------------------------------------------------
// Tls12Machine

Status Tls12Machine::begin_tls12(const CipherSuiteInfo& suite, Transcript::Buffer buffer) {
  suite12_ = &suite;
  core_.set_version(ProtocolVersion::kTls12);
  PARLEY_TRY(transcript_.set_hash(suite.hash, buffer));
  SessionInfo& info = core_.mutable_info();
  info.version = ProtocolVersion::kTls12;
  info.cipher_suite = suite.suite;
  return {};
}

void Tls12Machine::derive_master_secret(ByteView premaster, ByteView client_random,
                                        ByteView server_random) {
  const crypto::Provider& provider = core_.provider();
  if (core_.info().extended_master_secret) {
    schedule12_ = KeySchedule12::from_premaster_extended(provider, suite12_->hash, premaster,
                                                         transcript_.current_hash(), client_random,
                                                         server_random);
  } else {
    schedule12_ = KeySchedule12::from_premaster(provider, suite12_->hash, premaster, client_random,
                                                server_random);
  }
  core_.key_log("CLIENT_RANDOM", client_random, schedule12_->master_secret());
  keys12_ = schedule12_->key_block(suite12_->key_size, suite12_->iv_size);
}

void Tls12Machine::resume_master_secret(ByteView master_secret, ByteView client_random,
                                        ByteView server_random) {
  schedule12_ = KeySchedule12::from_master(core_.provider(), suite12_->hash, master_secret,
                                           client_random, server_random);
  core_.key_log("CLIENT_RANDOM", client_random, schedule12_->master_secret());
  keys12_ = schedule12_->key_block(suite12_->key_size, suite12_->iv_size);
}

session::SessionState Tls12Machine::session_state12(uint32_t lifetime) const {
  const SessionInfo& info = core_.info();
  session::SessionState state;
  state.version = ProtocolVersion::kTls12;
  state.cipher_suite = suite12_->suite;
  state.secret = schedule12_->master_secret();
  state.issued_at = core_.now();
  state.lifetime = lifetime;
  state.extended_master_secret = info.extended_master_secret;
  state.server_name = info.server_name;
  state.alpn = info.alpn_protocol;
  state.peer_certificates = info.peer_certificates;
  return state;
}

Status Tls12Machine::send_certificate_verify(const CertifiedKey& key, SignatureScheme scheme,
                                             std::function<Status()> then) {
  return sign_then(key, scheme, ProtocolVersion::kTls12, transcript_.messages(),
                   [this, scheme, then = std::move(then)](Bytes signature) -> Status {
                     PARLEY_TRY(send(codec::CertificateVerify{scheme, std::move(signature)}));
                     transcript_.discard_messages();
                     return then();
                   });
}

Status Tls12Machine::receive_certificate_verify(const record::HandshakeMessage& message,
                                                const crypto::PublicKey& key,
                                                std::string_view what) {
  const Bytes signed_messages(transcript_.messages().begin(), transcript_.messages().end());
  PARLEY_ASSIGN_OR_RETURN(auto verify, receive<codec::CertificateVerify>(message));
  transcript_.discard_messages();
  return verify_peer_signature(key, verify.scheme, signed_messages, verify.signature,
                               ProtocolVersion::kTls12, what);
}

Status Tls12Machine::send_change_cipher_spec_and_finished() {
  PARLEY_TRY(core_.send_change_cipher_spec());
  const bool client = is_client();
  PARLEY_ASSIGN_OR_RETURN(auto encrypter,
                          record::Tls12AeadEncrypter::create(
                              core_.provider(), suite12_->aead,
                              client ? keys12_.client_write_key : keys12_.server_write_key,
                              client ? keys12_.client_write_iv : keys12_.server_write_iv));
  core_.set_encrypter(std::move(encrypter));
  const FinishedSender sender = client ? FinishedSender::kClient : FinishedSender::kServer;
  return send(codec::Finished{schedule12_->verify_data(sender, transcript_.current_hash())});
}

Status Tls12Machine::accept_change_cipher_spec() {
  const bool client = is_client();
  PARLEY_ASSIGN_OR_RETURN(auto decrypter,
                          record::Tls12AeadDecrypter::create(
                              core_.provider(), suite12_->aead,
                              client ? keys12_.server_write_key : keys12_.client_write_key,
                              client ? keys12_.server_write_iv : keys12_.client_write_iv));
  return core_.set_decrypter(std::move(decrypter));
}

Status Tls12Machine::receive_finished(const record::HandshakeMessage& message) {
  const Bytes hash = transcript_.current_hash();
  PARLEY_ASSIGN_OR_RETURN(auto finished, receive<codec::Finished>(message, kTls12VerifyDataSize));
  const FinishedSender peer = is_client() ? FinishedSender::kServer : FinishedSender::kClient;
  if (!schedule12_->verify_finished(peer, hash, finished.verify_data)) {
    return make_error(ErrorKind::kCrypto, AlertDescription::kDecryptError,
                      std::string(is_client() ? "server" : "client") +
                          " Finished does not verify");  // RFC 5246 7.4.9
  }
  return {};
}

Result<crypto::Secret> Tls12Machine::export_keying_material(std::string_view label,
                                                            std::optional<ByteView> context,
                                                            size_t length) const {
  if (!is_complete()) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "keying material can be exported only once the handshake is complete");
  }
  if (!is_tls12()) return export_keying_material13(label, context, length);
  if (!core_.info().extended_master_secret) {
    return make_error(ErrorKind::kConfig, AlertDescription::kInternalError,
                      "TLS 1.2 keying material needs extended_master_secret (RFC 7627)");
  }
  return schedule12_->export_keying_material(label, context, length);
}

Status Tls12Machine::refuse_renegotiation(std::string_view what) {
  if (refused_renegotiation_) {
    // Like BoringSSL, a peer that goes on asking is closed with a fatal alert.
    return make_error(ErrorKind::kProtocol, AlertDescription::kNoRenegotiation,
                      "the peer insists on renegotiation (" + std::string(what) + ")");
  }
  refused_renegotiation_ = true;
  // RFC 5246 7.2.2 and 7.4.1.1: no_renegotiation is a warning.
  return core_.send_warning_alert(AlertDescription::kNoRenegotiation);
}

}  // namespace parley::handshake

// Fuzzes the X.509 parsers: the input as a DER certificate (then, if it
// parses, its names, key and a path validation with it as both leaf and
// trust anchor, with and without the anchor profile, which walks the SAN,
// name-constraint and policy code), and as PEM text (blocks, certificate
// bundles and private keys). Nothing may crash, whatever the bytes.
#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

#include "crypto/provider.h"
#include "x509/certificate.h"
#include "x509/pem.h"
#include "x509/trust_store.h"
#include "x509/verify.h"

namespace {

using namespace parley;

void exercise_certificate(const x509::Certificate& cert) {
  (void)cert.subject_string();
  (void)cert.issuer().to_string();
  (void)cert.unknown_critical_extension();
  (void)cert.public_key(crypto::default_provider());

  x509::TrustStore store;
  if (!store.add(cert).ok()) return;
  x509::VerifyOptions options;
  options.time = cert.not_before();
  options.peer_name = x509::PeerName::parse("example.com");
  options.max_signature_checks = 4;
  for (const bool profile : {true, false}) {
    options.anchor_profile = profile;
    (void)x509::check_trust_anchor(store.anchors()[0], options);
    // The leaf is never its own anchor, so this ends at the issuer lookup
    // with the certificate also offered as an intermediate.
    const x509::Certificate intermediates[] = {cert};
    (void)x509::verify_chain(cert, intermediates, store, options);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const ByteView der(data, size);
  if (auto cert = x509::Certificate::parse(der); cert.ok()) exercise_certificate(*cert);

  const std::string_view text(reinterpret_cast<const char*>(data), size);
  if (auto blocks = x509::parse_pem(text); blocks.ok()) {
    for (const x509::PemBlock& block : *blocks) {
      if (auto cert = x509::Certificate::parse(block.der); cert.ok()) exercise_certificate(*cert);
    }
  }
  (void)x509::parse_pem_certificates(text);
  (void)x509::parse_private_key_pem(text);
  return 0;
}

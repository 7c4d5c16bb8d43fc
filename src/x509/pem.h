// PEM (RFC 7468): certificates and bundles, and private keys in PKCS#8
// ("PRIVATE KEY"), SEC1 ("EC PRIVATE KEY") and PKCS#1 ("RSA PRIVATE KEY").
// Encrypted keys are refused with a clear error rather than a parse failure.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "parley/error.h"
#include "x509/certificate.h"

namespace parley::x509 {

struct PemBlock {
  std::string label;  // "CERTIFICATE", "PRIVATE KEY", ...
  Bytes der;
};

// Every PEM block in `text`, in order; text outside blocks is ignored.
// Fails on an unterminated block, mismatched labels, or bad base64.
Result<std::vector<PemBlock>> parse_pem(std::string_view text);

// The certificates of every "CERTIFICATE" block, in order. Fails if there is
// none or one is malformed.
Result<std::vector<Certificate>> parse_pem_certificates(std::string_view text);
// The same, read from a file (a chain: leaf first).
Result<std::vector<Certificate>> load_certificate_chain_file(const std::string& path);

// The first private key in `text` (PKCS#8, SEC1 or PKCS#1 PEM).
// "ENCRYPTED PRIVATE KEY" and legacy "Proc-Type: 4,ENCRYPTED" blocks fail
// with a kConfig error saying that encrypted keys are not supported.
Result<std::unique_ptr<crypto::PrivateKey>> parse_private_key_pem(
    std::string_view text, const crypto::Provider& provider = crypto::default_provider());
Result<std::unique_ptr<crypto::PrivateKey>> load_private_key_file(
    const std::string& path, const crypto::Provider& provider = crypto::default_provider());

// kConfig error unless `key` is the private half of `cert`'s public key.
Status check_key_matches_certificate(const crypto::PrivateKey& key, const Certificate& cert,
                                     const crypto::Provider& provider = crypto::default_provider());

// The whole file, or a kConfig error naming the path.
Result<std::string> read_text_file(const std::string& path);

}  // namespace parley::x509

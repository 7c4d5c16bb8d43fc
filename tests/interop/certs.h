// Test certificates made with the openssl command once per test process, in
// a temporary directory removed at exit: a CA, server certificates for
// "localhost" and 127.0.0.1 (ECDSA P-256, RSA-2048, Ed25519) and a client
// certificate, all issued by that CA.
#pragma once

#include <string>
#include <string_view>

#include "parley/error.h"

namespace parley::interop {

enum class CertKind { kEcdsaP256, kRsa2048, kEd25519 };

struct CertFiles {
  std::string cert;  // PEM, the leaf only
  std::string key;   // PEM, PKCS#8
};

// The client certificate's subject common name.
inline constexpr const char* kClientCommonName = "parley interop client";

class TestCertificates {
 public:
  // The process-wide set; files are generated on first use.
  static TestCertificates& get();

  Result<std::string> ca_file();
  // The CA's private key (PEM), for signing test OCSP responses.
  Result<std::string> ca_key_file();
  Result<CertFiles> server(CertKind kind);
  Result<CertFiles> client();
  // A directory private to this process, for other test files.
  Result<std::string> directory();

  TestCertificates(const TestCertificates&) = delete;
  TestCertificates& operator=(const TestCertificates&) = delete;
  ~TestCertificates();

 private:
  TestCertificates() = default;
  Result<CertFiles> issue(const std::string& name, const std::string& key_algorithm,
                          const std::string& subject, const std::string& extensions);

  std::string directory_;
  std::string ca_file_;
  std::string ca_key_;
  CertFiles leaves_[3];
  CertFiles client_;
};

std::string_view cert_kind_name(CertKind kind);

}  // namespace parley::interop

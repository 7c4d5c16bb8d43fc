#include "interop/certs.h"

#include <stdlib.h>

#include <filesystem>
#include <vector>

#include "interop/process.h"

namespace parley::interop {
namespace {

Error failure(std::string message) {
  return Error{ErrorKind::kInternal, std::nullopt, std::move(message)};
}

Status run_openssl(std::vector<std::string> args) {
  args.insert(args.begin(), "openssl");
  std::string error;
  auto process = Process::start(args, "", &error);
  if (!process) return failure(error);
  const auto status = process->wait_exit(Millis(60000));
  if (status != 0) return failure("openssl failed:\n" + process->describe());
  return {};
}

// genpkey arguments for each key type.
std::vector<std::string> key_algorithm_args(const std::string& algorithm) {
  if (algorithm == "P-256") return {"-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256"};
  if (algorithm == "RSA-2048") return {"-algorithm", "RSA", "-pkeyopt", "rsa_keygen_bits:2048"};
  return {"-algorithm", algorithm};
}

Status generate_key(const std::string& algorithm, const std::string& path) {
  std::vector<std::string> args = {"genpkey"};
  for (auto& arg : key_algorithm_args(algorithm)) args.push_back(arg);
  args.insert(args.end(), {"-out", path});
  return run_openssl(args);
}

constexpr const char* kServerExtensions =
    "subjectAltName=DNS:localhost,IP:127.0.0.1;extendedKeyUsage=serverAuth";

}  // namespace

std::string_view cert_kind_name(CertKind kind) {
  switch (kind) {
    case CertKind::kEcdsaP256:
      return "ecdsa_p256";
    case CertKind::kRsa2048:
      return "rsa2048";
    case CertKind::kEd25519:
      return "ed25519";
  }
  return "unknown";
}

TestCertificates& TestCertificates::get() {
  static TestCertificates certificates;
  return certificates;
}

TestCertificates::~TestCertificates() {
  if (!directory_.empty()) {
    std::error_code ignored;
    std::filesystem::remove_all(directory_, ignored);
  }
}

Result<std::string> TestCertificates::directory() {
  if (directory_.empty()) {
    std::string pattern = (std::filesystem::temp_directory_path() / "parley-interop-XXXXXX");
    if (::mkdtemp(pattern.data()) == nullptr) return failure("mkdtemp failed for " + pattern);
    directory_ = pattern;
  }
  return directory_;
}

Result<std::string> TestCertificates::ca_key_file() {
  PARLEY_TRY(ca_file());
  return ca_key_;
}

Result<std::string> TestCertificates::ca_file() {
  if (!ca_file_.empty()) return ca_file_;
  PARLEY_ASSIGN_OR_RETURN(const std::string dir, directory());
  const std::string key = dir + "/ca.key";
  const std::string cert = dir + "/ca.pem";
  PARLEY_TRY(generate_key("P-256", key));
  PARLEY_TRY(run_openssl({"req", "-x509", "-new", "-key", key, "-sha256", "-days", "30", "-subj",
                          "/CN=parley interop CA", "-addext", "basicConstraints=critical,CA:TRUE",
                          "-addext", "keyUsage=critical,keyCertSign,cRLSign", "-out", cert}));
  ca_key_ = key;
  ca_file_ = cert;
  return ca_file_;
}

// A leaf issued by the CA; `extensions` is a ';'-separated list for -addext.
Result<CertFiles> TestCertificates::issue(const std::string& name, const std::string& key_algorithm,
                                          const std::string& subject,
                                          const std::string& extensions) {
  PARLEY_ASSIGN_OR_RETURN(const std::string ca, ca_file());
  const CertFiles files{directory_ + "/" + name + ".pem", directory_ + "/" + name + ".key"};
  PARLEY_TRY(generate_key(key_algorithm, files.key));
  std::vector<std::string> args = {
      "req",     "-new",    "-x509",   "-key",
      files.key, "-CA",     ca,        "-CAkey",
      ca_key_,   "-sha256", "-days",   "30",
      "-subj",   subject,   "-addext", "basicConstraints=critical,CA:FALSE",
      "-out",    files.cert};
  size_t start = 0;
  while (start < extensions.size()) {
    const size_t end = std::min(extensions.find(';', start), extensions.size());
    args.insert(args.end(), {"-addext", extensions.substr(start, end - start)});
    start = end + 1;
  }
  PARLEY_TRY(run_openssl(args));
  return files;
}

Result<CertFiles> TestCertificates::server(CertKind kind) {
  CertFiles& files = leaves_[static_cast<int>(kind)];
  if (!files.cert.empty()) return files;
  Result<CertFiles> issued = failure("unknown certificate kind");
  switch (kind) {
    case CertKind::kEcdsaP256:
      issued = issue("server-ecdsa", "P-256", "/CN=localhost",
                     std::string(kServerExtensions) + ";keyUsage=critical,digitalSignature");
      break;
    case CertKind::kRsa2048:
      // keyEncipherment too: the same key serves the TLS 1.2 RSA key exchange.
      issued = issue(
          "server-rsa", "RSA-2048", "/CN=localhost",
          std::string(kServerExtensions) + ";keyUsage=critical,digitalSignature,keyEncipherment");
      break;
    case CertKind::kEd25519:
      issued = issue("server-ed25519", "ED25519", "/CN=localhost",
                     std::string(kServerExtensions) + ";keyUsage=critical,digitalSignature");
      break;
  }
  if (issued.ok()) files = issued.value();
  return issued;
}

Result<CertFiles> TestCertificates::client() {
  if (!client_.cert.empty()) return client_;
  auto issued = issue("client", "P-256", std::string("/CN=") + kClientCommonName,
                      "extendedKeyUsage=clientAuth;keyUsage=critical,digitalSignature");
  if (issued.ok()) client_ = issued.value();
  return issued;
}

}  // namespace parley::interop

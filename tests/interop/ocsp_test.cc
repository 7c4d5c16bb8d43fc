// OCSP stapling against real peers on loopback: `openssl s_client -status`
// against a stapling parley server (both versions), the parley client
// (checking the staple) against `openssl s_server -status_file` (both
// versions), and `gnutls-cli --ocsp` against a stapling parley server. The
// responses are made at test time by `openssl ocsp` acting as the CA's
// responder, so that they are current by the real clock the peers use.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "interop/certs.h"
#include "interop/loopback.h"
#include "interop/peers.h"
#include "interop/process.h"

namespace parley::interop {
namespace {

constexpr Millis kTimeout(10000);

// Runs `argv` to completion in `dir`; the finished process.
Process run(const std::vector<std::string>& argv, const std::string& dir,
            const std::string& input = "") {
  std::string error;
  auto process = Process::start(argv, dir, &error);
  EXPECT_TRUE(process) << error;
  if (!input.empty()) process->write_stdin(input);
  process->close_stdin();
  process->wait_exit(kTimeout);
  return std::move(*process);
}

std::string serial_of(const std::string& cert, const std::string& dir) {
  Process x509 = run({"openssl", "x509", "-in", cert, "-noout", "-serial"}, dir);
  const std::string& out = x509.out();  // "serial=0123ABCD\n"
  const size_t eq = out.find('=');
  return eq == std::string::npos ? "" : out.substr(eq + 1, out.find('\n') - eq - 1);
}

// An OCSP response for `f.cert` from `openssl ocsp` as the CA's responder
// (the CA signs; `status` is V for good, R for revoked). Its path.
std::string make_ocsp_response(const Files& f, char status, const std::string& name) {
  auto ca_key = TestCertificates::get().ca_key_file();
  EXPECT_TRUE(ca_key.ok());
  const std::string request = f.dir + "/" + name + ".req";
  const std::string response = f.dir + "/" + name + ".der";
  const std::string index = f.dir + "/" + name + ".index";
  Process make_request =
      run({"openssl", "ocsp", "-issuer", f.ca, "-cert", f.cert, "-no_nonce", "-reqout", request},
          f.dir);
  EXPECT_EQ(make_request.wait_exit(kTimeout), 0) << make_request.describe();
  // openssl ca's index.txt: status, expiry, revocation time, serial, file, subject.
  std::ofstream(index) << status << "\t351231000000Z\t" << (status == 'R' ? "240101000000Z" : "")
                       << "\t" << serial_of(f.cert, f.dir) << "\tunknown\t/CN=localhost\n";
  Process respond = run({"openssl", "ocsp", "-index", index, "-rsigner", f.ca, "-rkey", *ca_key,
                         "-CA", f.ca, "-reqin", request, "-respout", response, "-ndays", "1"},
                        f.dir);
  EXPECT_EQ(respond.wait_exit(kTimeout), 0) << respond.describe();
  return response;
}

std::vector<std::string> parley_server(const Files& f, const std::string& ocsp, uint16_t port) {
  return {parley_binary(), "server", "--accept", "127.0.0.1:" + std::to_string(port),
          "--cert",        f.cert,   "--key",    f.key,
          "--ocsp",        ocsp,     "--echo"};
}

std::string read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string((std::istreambuf_iterator<char>(file)), std::istreambuf_iterator<char>());
}

bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

class OcspInterop : public ::testing::TestWithParam<std::string> {
 protected:
  // openssl s_server stapling `ocsp`, for this version only.
  Server start_openssl_server(const Files& f, const std::string& ocsp) const {
    return start_server(
        [&](uint16_t port) {
          return std::vector<std::string>{
              "openssl",      "s_server", "-accept", std::to_string(port),
              "-cert",        f.cert,     "-key",    f.key,
              "-status_file", ocsp,       GetParam()};
        },
        f.dir);
  }
};

TEST_P(OcspInterop, OpensslClientSeesTheParleyServersStaple) {
  const Files f = files();
  const std::string ocsp = make_ocsp_response(f, 'V', "good-" + GetParam().substr(1));
  Server server = start_server([&](uint16_t port) { return parley_server(f, ocsp, port); }, f.dir);
  ASSERT_TRUE(server.process);
  Process client =
      run({"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(server.port),
           "-servername", "localhost", "-CAfile", f.ca, "-status", GetParam()},
          f.dir, "Q\n");
  EXPECT_TRUE(contains(client.out(), "OCSP Response Status: successful")) << client.describe();
  EXPECT_TRUE(contains(client.out(), "Cert Status: good")) << client.describe();
  EXPECT_TRUE(contains(client.out(), GetParam() == "-tls1_3" ? "TLSv1.3" : "TLSv1.2"))
      << client.describe();
}

TEST_P(OcspInterop, ParleyClientChecksTheOpensslServersStaple) {
  const Files f = files();
  const std::string ocsp = make_ocsp_response(f, 'V', "s_server-" + GetParam().substr(1));
  Server server = start_openssl_server(f, ocsp);
  ASSERT_TRUE(server.process);
  Process client =
      run({parley_binary(), "client", "localhost:" + std::to_string(server.port), "--cafile", f.ca,
           "--verify-ocsp", GetParam() == "-tls1_3" ? "--tls1.3" : "--tls1.2"},
          f.dir, "ping\n");
  EXPECT_EQ(client.wait_exit(kTimeout), 0) << client.describe();
  EXPECT_TRUE(contains(client.err(), "ocsp_staple=" + std::to_string(read_file(ocsp).size())))
      << client.describe();
  server.process->stop();
}

TEST_P(OcspInterop, ParleyClientRefusesARevokedStapleFromOpenssl) {
  const Files f = files();
  const std::string ocsp = make_ocsp_response(f, 'R', "revoked-" + GetParam().substr(1));
  Server server = start_openssl_server(f, ocsp);
  ASSERT_TRUE(server.process);
  Process client = run({parley_binary(), "client", "localhost:" + std::to_string(server.port),
                        "--cafile", f.ca, "--verify-ocsp"},
                       f.dir, "ping\n");
  EXPECT_NE(client.wait_exit(kTimeout), 0) << client.describe();
  EXPECT_TRUE(contains(client.err(), "certificate_revoked")) << client.describe();
  server.process->stop();
}

INSTANTIATE_TEST_SUITE_P(Versions, OcspInterop, ::testing::Values("-tls1_3", "-tls1_2"),
                         [](const auto& info) { return info.param.substr(1); });

TEST(OcspInteropGnutls, GnutlsCliChecksTheParleyServersStaple) {
  const Files f = files();
  const std::string ocsp = make_ocsp_response(f, 'V', "gnutls");
  const std::string saved = f.dir + "/gnutls-saved.der";
  Server server = start_server([&](uint16_t port) { return parley_server(f, ocsp, port); }, f.dir);
  ASSERT_TRUE(server.process);
  // --ocsp checks the stapled response (and would fetch one without it).
  Process client = run({"gnutls-cli", "--port", std::to_string(server.port), "--x509cafile", f.ca,
                        "--ocsp", "--save-ocsp", saved, "localhost"},
                       f.dir, "ping\n");
  EXPECT_EQ(client.wait_exit(kTimeout), 0) << client.describe();
  EXPECT_EQ(read_file(saved), read_file(ocsp)) << client.describe();
}

}  // namespace
}  // namespace parley::interop

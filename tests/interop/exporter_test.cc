// Keying material exporters against OpenSSL on loopback, both roles, TLS 1.3
// (RFC 8446 7.5) and TLS 1.2 (RFC 5705): parley's value for a label must be
// the one `openssl s_server/s_client -keymatexport` prints for the same
// connection. A TLS 1.2 session without extended_master_secret (gnutls-cli
// with %NO_SESSION_HASH) has no exporter.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include "common/bytes.h"
#include "interop/certs.h"
#include "interop/loopback.h"
#include "interop/net.h"
#include "interop/process.h"
#include "parley/stream.h"

namespace parley::interop {
namespace {

constexpr Millis kTimeout(10000);
constexpr const char* kLabel = "EXPERIMENTAL-parley-exporter";
constexpr size_t kLength = 32;

std::string read_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// The hex after "Keying material: " in OpenSSL's output, lower-cased.
std::string openssl_keying_material(const std::string& output) {
  const std::string marker = "Keying material: ";
  const size_t at = output.find(marker);
  if (at == std::string::npos) return "";
  std::string hex = output.substr(at + marker.size(), 2 * kLength);
  for (char& c : hex) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return hex;
}

std::string exported(const Connection& connection) {
  auto material = connection.export_keying_material(kLabel, std::nullopt, kLength);
  EXPECT_TRUE(material.ok()) << material.error().to_string();
  return material.ok() ? to_hex(*material) : "";
}

ProtocolVersion version_of(const std::string& flag) {
  return flag == "-tls1_3" ? ProtocolVersion::kTls13 : ProtocolVersion::kTls12;
}

// A listening socket on 127.0.0.1 and a port the system chose.
class Listener {
 public:
  Listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || ::bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        ::listen(fd_, 4) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0) {
      ADD_FAILURE() << "cannot listen on 127.0.0.1";
      return;
    }
    port_ = ntohs(address.sin_port);
  }
  ~Listener() {
    if (fd_ >= 0) ::close(fd_);
  }
  uint16_t port() const { return port_; }

  // The next connection, or -1 after `timeout`.
  int accept(Millis timeout) {
    pollfd ready{fd_, POLLIN, 0};
    if (::poll(&ready, 1, static_cast<int>(timeout.count())) != 1) return -1;
    return ::accept(fd_, nullptr, nullptr);
  }

 private:
  int fd_ = -1;
  uint16_t port_ = 0;
};

std::shared_ptr<ServerConfig> server_config(const Files& f, ProtocolVersion version) {
  auto key = CertifiedKey::from_pem(read_text(f.cert), read_text(f.key));
  EXPECT_TRUE(key.ok()) << key.error().to_string();
  auto config = std::make_shared<ServerConfig>();
  if (key.ok()) config->certificates = {*key};
  config->versions = {version};
  return config;
}

class ExporterInterop : public testing::TestWithParam<std::string> {};

TEST_P(ExporterInterop, ParleyClientExportsWhatOpensslServerExports) {
  const Files f = files();
  const uint16_t port = pick_free_port();
  std::string error;
  auto server = Process::start(
      {"openssl", "s_server", "-accept", std::to_string(port), "-cert", f.cert, "-key", f.key,
       GetParam(), "-keymatexport", kLabel, "-keymatexportlen", std::to_string(kLength)},
      f.dir, &error);
  ASSERT_TRUE(server) << error;
  ASSERT_TRUE(wait_until_listening(*server, port, kTimeout)) << server->describe();

  auto anchors = TrustAnchors::from_pem(read_text(f.ca));
  ASSERT_TRUE(anchors.ok()) << anchors.error().to_string();
  auto config = std::make_shared<ClientConfig>();
  config->trust_anchors = *anchors;
  config->versions = {version_of(GetParam())};
  auto stream = Stream::connect("127.0.0.1", port, config, "localhost");
  ASSERT_TRUE(stream.ok()) << stream.error().to_string();
  const std::string ours = exported(stream->connection());
  ASSERT_TRUE(server->wait_for_stdout("Keying material: ", kTimeout)) << server->describe();
  ASSERT_TRUE(server->wait_until(
      [&] { return openssl_keying_material(server->out()).size() == 2 * kLength; }, kTimeout));
  EXPECT_EQ(ours, openssl_keying_material(server->out())) << server->describe();
  // Another label gives another value.
  auto other =
      stream->connection().export_keying_material("EXPERIMENTAL-other", std::nullopt, kLength);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(to_hex(*other), ours);
  (void)stream->close();
}

TEST_P(ExporterInterop, ParleyServerExportsWhatOpensslClientExports) {
  const Files f = files();
  Listener listener;
  ASSERT_NE(listener.port(), 0);
  std::string error;
  auto client = Process::start(
      {"openssl", "s_client", "-connect", "127.0.0.1:" + std::to_string(listener.port()),
       "-servername", "localhost", "-CAfile", f.ca, GetParam(), "-keymatexport", kLabel,
       "-keymatexportlen", std::to_string(kLength)},
      f.dir, &error);
  ASSERT_TRUE(client) << error;
  const int fd = listener.accept(kTimeout);
  ASSERT_GE(fd, 0) << client->describe();
  auto stream = Stream::accept(fd, server_config(f, version_of(GetParam())));
  ASSERT_TRUE(stream.ok()) << stream.error().to_string();
  const std::string ours = exported(stream->connection());
  ASSERT_TRUE(client->wait_until(
      [&] { return openssl_keying_material(client->out()).size() == 2 * kLength; }, kTimeout))
      << client->describe();
  EXPECT_EQ(ours, openssl_keying_material(client->out())) << client->describe();
  client->close_stdin();
  (void)stream->close();
}

INSTANTIATE_TEST_SUITE_P(Versions, ExporterInterop, testing::Values("-tls1_3", "-tls1_2"),
                         [](const auto& info) { return info.param.substr(1); });

// RFC 9266 2 / RFC 7627: a TLS 1.2 session without extended_master_secret
// exports nothing, and the tls-exporter channel binding is refused with it.
TEST(ExporterInterop, Tls12WithoutExtendedMasterSecretHasNoExporter) {
  const Files f = files();
  Listener listener;
  ASSERT_NE(listener.port(), 0);
  std::string error;
  auto client =
      Process::start({"gnutls-cli", "--port", std::to_string(listener.port()), "--x509cafile", f.ca,
                      "--priority", "NORMAL:-VERS-ALL:+VERS-TLS1.2:%NO_SESSION_HASH", "localhost"},
                     f.dir, &error);
  ASSERT_TRUE(client) << error;
  const int fd = listener.accept(kTimeout);
  ASSERT_GE(fd, 0) << client->describe();
  auto stream = Stream::accept(fd, server_config(f, ProtocolVersion::kTls12));
  ASSERT_TRUE(stream.ok()) << stream.error().to_string();
  EXPECT_FALSE(stream->connection().info().extended_master_secret);
  auto material = stream->connection().export_keying_material(kLabel, std::nullopt, kLength);
  ASSERT_FALSE(material.ok());
  EXPECT_NE(material.error().message.find("extended_master_secret"), std::string::npos)
      << material.error().to_string();
  EXPECT_FALSE(stream->connection().channel_binding().ok());
  client->close_stdin();
  (void)stream->close();
}

}  // namespace
}  // namespace parley::interop

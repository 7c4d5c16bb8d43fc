// parley in this process, through its API, against openssl and gnutls
// processes on loopback, for what the command-line tool does not show:
// - keying material exporters, both roles, TLS 1.3 (RFC 8446 7.5) and TLS 1.2
//   (RFC 5705): parley's value for a label must be the one
//   `openssl s_server/s_client -keymatexport` prints for the same connection;
//   a TLS 1.2 session without extended_master_secret (gnutls-cli with
//   %NO_SESSION_HASH) has no exporter;
// - record_size_limit (RFC 8449), both roles and versions: with gnutls
//   advertising a small limit, every record parley sends must fit it, or
//   gnutls fails the connection with record_overflow; and the tls-exporter
//   channel binding (RFC 9266) is the one gnutls-serv prints.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
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

// parley's client, trusting the test CA, connected to 127.0.0.1:port.
Result<Stream> connect_parley(const Files& f, uint16_t port, ProtocolVersion version) {
  PARLEY_ASSIGN_OR_RETURN(auto anchors, TrustAnchors::from_pem(read_text(f.ca)));
  auto config = std::make_shared<ClientConfig>();
  config->trust_anchors = anchors;
  config->versions = {version};
  return Stream::connect("127.0.0.1", port, config, "localhost");
}

// parley's server on the next connection to `listener`.
Result<Stream> accept_parley(const Files& f, Listener& listener, ProtocolVersion version) {
  const int fd = listener.accept(kTimeout);
  if (fd < 0) return make_error(ErrorKind::kIo, AlertDescription::kInternalError, "no client");
  return Stream::accept(fd, server_config(f, version));
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

  auto stream = connect_parley(f, port, version_of(GetParam()));
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
  auto stream = accept_parley(f, listener, version_of(GetParam()));
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
  auto stream = accept_parley(f, listener, ProtocolVersion::kTls12);
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

namespace parley::interop {
namespace {

// GnuTLS 3.7 advertises no less than 512.
constexpr uint16_t kSmallLimit = 512;
constexpr size_t kBulk = 5000;

ProtocolVersion version_named(const std::string& name) {
  return name == "TLS1.3" ? ProtocolVersion::kTls13 : ProtocolVersion::kTls12;
}

// Blocking reads on `fd` give up after `timeout` instead of waiting forever.
void limit_read_time(int fd, Millis timeout) {
  timeval limit{static_cast<time_t>(timeout.count() / 1000),
                static_cast<suseconds_t>(timeout.count() % 1000 * 1000)};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, sizeof limit);
}

class RecordSizeLimitInterop : public testing::TestWithParam<std::string> {};

// gnutls-serv --echo advertises 512: parley's records must fit, and what
// comes back is what was sent.
TEST_P(RecordSizeLimitInterop, ParleyClientKeepsToGnutlsServersLimit) {
  const Files f = files();
  const uint16_t port = pick_free_port();
  std::string error;
  auto server =
      Process::start({"gnutls-serv", "--port", std::to_string(port), "--echo", "--x509certfile",
                      f.cert, "--x509keyfile", f.key, "--recordsize", std::to_string(kSmallLimit)},
                     f.dir, &error);
  ASSERT_TRUE(server) << error;
  ASSERT_TRUE(wait_until_listening(*server, port, kTimeout)) << server->describe();
  auto stream = connect_parley(f, port, version_named(GetParam()));
  ASSERT_TRUE(stream.ok()) << stream.error().to_string() << server->describe();
  limit_read_time(stream->fd(), kTimeout);
  // GnuTLS counts TLS 1.3's content type byte in its advertised value.
  EXPECT_GE(stream->connection().info().peer_record_size_limit, kSmallLimit);
  EXPECT_LE(stream->connection().info().peer_record_size_limit, kSmallLimit + 1);
  // gnutls-serv echoes line by line.
  const std::string sent = std::string(kBulk, 'r') + "\n";
  ASSERT_TRUE(stream->write_all(as_bytes(sent)).ok());
  std::string echoed;
  std::vector<uint8_t> buffer(4096);
  while (echoed.size() < sent.size()) {
    auto n = stream->read(buffer);
    ASSERT_TRUE(n.ok()) << n.error().to_string() << server->describe();
    ASSERT_GT(*n, 0u) << server->describe();
    echoed.append(buffer.begin(), buffer.begin() + static_cast<std::ptrdiff_t>(*n));
  }
  EXPECT_EQ(echoed, sent);
  // gnutls-serv also prints the connection's RFC 9266 tls-exporter binding
  // (its stdout is a pipe, flushed when it exits).
  auto binding = stream->connection().channel_binding();
  ASSERT_TRUE(binding.ok()) << binding.error().to_string();
  (void)stream->close();
  server->stop();
  EXPECT_NE(server->out().find("'tls-exporter': " + to_hex(*binding)), std::string::npos)
      << to_hex(*binding) << "\n"
      << server->describe();
}

// gnutls-cli advertises 512: what the parley server writes must arrive whole.
TEST_P(RecordSizeLimitInterop, ParleyServerKeepsToGnutlsClientsLimit) {
  const Files f = files();
  Listener listener;
  ASSERT_NE(listener.port(), 0);
  std::string error;
  auto client =
      Process::start({"gnutls-cli", "--port", std::to_string(listener.port()), "--x509cafile", f.ca,
                      "--recordsize", std::to_string(kSmallLimit), "localhost"},
                     f.dir, &error);
  ASSERT_TRUE(client) << error;
  auto stream = accept_parley(f, listener, version_named(GetParam()));
  ASSERT_TRUE(stream.ok()) << stream.error().to_string() << client->describe();
  EXPECT_GE(stream->connection().info().peer_record_size_limit, kSmallLimit);
  EXPECT_LE(stream->connection().info().peer_record_size_limit, kSmallLimit + 1);
  const std::string sent = std::string(kBulk, 's') + "\n";
  ASSERT_TRUE(stream->write_all(as_bytes(sent)).ok());
  EXPECT_TRUE(client->wait_until(
      [&] { return std::ranges::count(client->out(), 's') >= static_cast<std::ptrdiff_t>(kBulk); },
      kTimeout))
      << client->describe();
  client->close_stdin();
  (void)stream->close();
}

INSTANTIATE_TEST_SUITE_P(Versions, RecordSizeLimitInterop, testing::Values("TLS1.3", "TLS1.2"),
                         [](const auto& info) {
                           return info.param == "TLS1.3" ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace parley::interop

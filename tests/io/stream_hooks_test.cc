// The blocking Stream with Signers answering from another thread: the
// handshake waits for each completion. Both versions, server and client
// certificates, and a Signer that fails.
#include <gtest/gtest.h>
#include <sys/socket.h>

#include <chrono>
#include <future>
#include <string>

#include "io/delayed_signer.h"
#include "io/test_configs.h"
#include "parley/stream.h"

namespace parley {
namespace {

using namespace std::chrono_literals;

class StreamHooks : public ::testing::TestWithParam<ProtocolVersion> {};

struct Sockets {
  int client = -1;
  int server = -1;
};
Sockets socket_pair() {
  int fds[2] = {-1, -1};
  EXPECT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, fds), 0);
  return {fds[0], fds[1]};
}

TEST_P(StreamHooks, HandshakesWaitForSignersOnOtherThreads) {
  auto server_config = std::make_shared<ServerConfig>(*test::test_server_config());
  auto client_config = std::make_shared<ClientConfig>(*test::test_client_config());
  server_config->versions = {GetParam()};
  const auto key = server_config->certificates.front();
  auto server_signer = std::make_shared<test::DelayedSigner>(key->signer(), 20ms);
  auto client_signer = std::make_shared<test::DelayedSigner>(key->signer(), 20ms);
  server_config->certificates = {test::with_signer(*key, server_signer)};
  server_config->client_auth = ClientAuth::kRequired;
  server_config->insecure_skip_client_verification = true;  // a server leaf as a client's
  client_config->certificate = test::with_signer(*key, client_signer);

  const Sockets fds = socket_pair();
  auto served = std::async(std::launch::async, [&]() -> Result<std::string> {
    PARLEY_ASSIGN_OR_RETURN(Stream stream, Stream::accept(fds.server, server_config));
    uint8_t buffer[16];
    PARLEY_ASSIGN_OR_RETURN(size_t n, stream.read(buffer));
    PARLEY_TRY(stream.close());
    return std::string(reinterpret_cast<const char*>(buffer), n);
  });
  auto connection = ClientConnection::create(client_config, "localhost");
  ASSERT_TRUE(connection.ok());
  Stream client(fds.client, std::make_unique<ClientConnection>(std::move(*connection)));
  Status handshake = client.handshake();
  ASSERT_TRUE(handshake.ok()) << handshake.error().to_string();
  EXPECT_EQ(client.connection().info().version, GetParam());
  const std::string ping = "ping";
  ASSERT_TRUE(client.write_all({reinterpret_cast<const uint8_t*>(ping.data()), ping.size()}).ok());
  auto result = served.get();
  ASSERT_TRUE(result.ok()) << result.error().to_string();
  EXPECT_EQ(*result, "ping");
  EXPECT_EQ(server_signer->calls(), 1);
  EXPECT_EQ(client_signer->calls(), 1);
}

TEST_P(StreamHooks, FailingSignerFailsBothSides) {
  auto server_config = std::make_shared<ServerConfig>(*test::test_server_config());
  server_config->versions = {GetParam()};
  const auto key = server_config->certificates.front();
  server_config->certificates = {test::with_signer(
      *key, std::make_shared<test::DelayedSigner>(
                key->signer(), 5ms,
                make_error(ErrorKind::kInternal, AlertDescription::kAccessDenied, "revoked")))};
  const Sockets fds = socket_pair();
  auto served = std::async(std::launch::async, [&]() -> Status {
    PARLEY_ASSIGN_OR_RETURN(Stream stream, Stream::accept(fds.server, server_config));
    return Status();
  });
  auto connection = ClientConnection::create(test::test_client_config(), "localhost");
  ASSERT_TRUE(connection.ok());
  Stream client(fds.client, std::make_unique<ClientConnection>(std::move(*connection)));
  Status handshake = client.handshake();
  Status server = served.get();
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().alert, AlertDescription::kAccessDenied);
  ASSERT_FALSE(handshake.ok());
  EXPECT_EQ(handshake.error().alert, AlertDescription::kAccessDenied);
}

INSTANTIATE_TEST_SUITE_P(Versions, StreamHooks,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

}  // namespace
}  // namespace parley

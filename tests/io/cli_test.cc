// The parley command's pieces beyond argument parsing: trace lines, key log
// lines, the --www page, config building errors, and the client's relay loop
// against a real server over a socketpair.
#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <sstream>
#include <string>

#include "args.h"
#include "client.h"
#include "config.h"
#include "io/socket.h"
#include "io/test_certs.h"
#include "parley/stream.h"
#include "trace.h"
#include "www.h"
#include "x509/pem.h"

namespace parley::cli {
namespace {

TraceEvent event(bool outgoing, bool is_client, std::string message, std::string details) {
  return TraceEvent{outgoing, is_client, std::move(message), std::move(details)};
}

TEST(Trace, ArrowsPointFromTheSenderInBothRoles) {
  // The client's view of its own ClientHello and of the ServerHello...
  EXPECT_EQ(format_trace_line(event(true, true, "ClientHello", "versions=TLS1.3")),
            "client -> server  ClientHello  versions=TLS1.3");
  EXPECT_EQ(format_trace_line(event(false, true, "ServerHello", "version=TLS1.3")),
            "client <- server  ServerHello  version=TLS1.3");
  // ...and the server's view of the same two messages.
  EXPECT_EQ(format_trace_line(event(false, false, "ClientHello", "versions=TLS1.3")),
            "client -> server  ClientHello  versions=TLS1.3");
  EXPECT_EQ(format_trace_line(event(true, false, "ServerHello", "version=TLS1.3")),
            "client <- server  ServerHello  version=TLS1.3");
  EXPECT_EQ(format_trace_line(event(true, false, "Finished", "")), "client <- server  Finished");
}

TEST(Trace, LocalStepsSitUnderTheirSide) {
  TraceEvent verify = event(false, true, "VerifyChain", "\"CN=a\" issued by \"CN=b\": ok");
  verify.local = true;
  EXPECT_EQ(format_trace_line(verify),
            "client            VerifyChain  \"CN=a\" issued by \"CN=b\": ok");
  TraceEvent schedule = event(false, false, "KeySchedule", "master secret");
  schedule.local = true;
  EXPECT_EQ(format_trace_line(schedule), "server            KeySchedule  master secret");
}

TEST(ShowCerts, PemRoundTripsTheDer) {
  for (size_t size : {0u, 1u, 2u, 3u, 47u, 48u, 49u, 500u}) {
    std::vector<uint8_t> der(size);
    for (size_t i = 0; i < size; ++i) der[i] = static_cast<uint8_t>(i * 37 + 11);
    const std::string pem = pem_certificate(der);
    EXPECT_TRUE(pem.starts_with("-----BEGIN CERTIFICATE-----\n"));
    EXPECT_TRUE(pem.ends_with("\n-----END CERTIFICATE-----\n"));
    auto blocks = x509::parse_pem(pem);
    ASSERT_TRUE(blocks.ok()) << size << ": " << blocks.error().message;
    ASSERT_EQ(blocks->size(), 1u);
    EXPECT_EQ((*blocks)[0].der, der) << size;
  }
}

TEST(KeyLog, NssLineFormat) {
  const uint8_t random[] = {0x01, 0x02, 0xfe};
  const uint8_t secret[] = {0xab, 0x00};
  EXPECT_EQ(format_key_log_line("CLIENT_HANDSHAKE_TRAFFIC_SECRET", random, secret),
            "CLIENT_HANDSHAKE_TRAFFIC_SECRET 0102fe ab00");
}

TEST(KeyLog, PathFromOptionThenEnvironment) {
  ASSERT_EQ(setenv("SSLKEYLOGFILE", "/tmp/from-environment", 1), 0);
  EXPECT_EQ(key_log_path("/tmp/from-option"), "/tmp/from-option");
  EXPECT_EQ(key_log_path(""), "/tmp/from-environment");
  ASSERT_EQ(unsetenv("SSLKEYLOGFILE"), 0);
  EXPECT_EQ(key_log_path(""), "");
}

TEST(KeyLog, AppendsLinesToAPrivateFile) {
  char path[] = "/tmp/parley-keylog-XXXXXX";
  const int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  ::close(fd);
  ::unlink(path);  // open_key_log creates it
  {
    auto log = open_key_log(path);
    ASSERT_TRUE(log.ok()) << log.error().message;
    const uint8_t random[] = {0x11};
    const uint8_t secret[] = {0x22, 0x33};
    (*log)("CLIENT_RANDOM", random, secret);
    (*log)("EXPORTER_SECRET", random, secret);
  }
  std::ifstream file(path);
  std::stringstream contents;
  contents << file.rdbuf();
  EXPECT_EQ(contents.str(), "CLIENT_RANDOM 11 2233\nEXPORTER_SECRET 11 2233\n");
  struct stat info {};
  ASSERT_EQ(::stat(path, &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  ::unlink(path);
}

TEST(KeyLog, UnwritablePathIsAnError) {
  auto log = open_key_log("/nonexistent-dir/keys.txt");
  ASSERT_FALSE(log.ok());
  EXPECT_EQ(log.error().message, "key log /nonexistent-dir/keys.txt: No such file or directory");
}

SessionInfo sample_session() {
  SessionInfo info;
  info.version = ProtocolVersion::kTls13;
  info.cipher_suite = CipherSuite::kTlsAes128GcmSha256;
  info.group = NamedGroup::kX25519;
  info.signature_scheme = SignatureScheme::kEcdsaSecp256r1Sha256;
  info.alpn_protocol = "http/1.1";
  info.peer_certificate_subject = "CN=<script>alert(1)</script>";
  return info;
}

TEST(Session, DescribesEveryNegotiatedParameter) {
  const SessionInfo info = sample_session();
  EXPECT_EQ(describe_session(info),
            "version=" + std::string(name_of(ProtocolVersion::kTls13)) +
                " suite=" + std::string(name_of(CipherSuite::kTlsAes128GcmSha256)) +
                " group=" + std::string(name_of(NamedGroup::kX25519)) + " sigalg=" +
                std::string(name_of(SignatureScheme::kEcdsaSecp256r1Sha256)) + " alpn=http/1.1");
  EXPECT_EQ(name_of(CipherSuite::kTlsAes128GcmSha256), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(describe_session(SessionInfo{}),
            "version=none suite=none group=none sigalg=none alpn=none");
}

// RFC 8449: the limit the peer advertised, only when it sent one.
TEST(Session, DescribesThePeersRecordSizeLimit) {
  SessionInfo info;
  info.peer_record_size_limit = 16385;
  EXPECT_NE(describe_session(info).find(" peer_record_size_limit=16385"), std::string::npos)
      << describe_session(info);
}

TEST(Www, RequestHeadEndsAtTheEmptyLine) {
  EXPECT_FALSE(has_complete_request_head("GET / HTTP/1.0\r\nHost: x\r\n"));
  EXPECT_TRUE(has_complete_request_head("GET / HTTP/1.0\r\nHost: x\r\n\r\n"));
  EXPECT_TRUE(has_complete_request_head("GET / HTTP/1.0\n\n"));
}

TEST(Www, GetGetsThePageDescribingTheSession) {
  const std::string response = http_response("GET / HTTP/1.0\r\n\r\n", sample_session());
  ASSERT_EQ(response.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << response;
  const size_t body_start = response.find("\r\n\r\n");
  ASSERT_NE(body_start, std::string::npos);
  const std::string body = response.substr(body_start + 4);
  EXPECT_NE(response.find("Content-Type: text/html"), std::string::npos);
  EXPECT_NE(response.find("Content-Length: " + std::to_string(body.size()) + "\r\n"),
            std::string::npos);
  EXPECT_NE(body.find(std::string(name_of(ProtocolVersion::kTls13))), std::string::npos);
  EXPECT_NE(body.find("TLS_AES_128_GCM_SHA256"), std::string::npos);
  EXPECT_NE(body.find(std::string(name_of(NamedGroup::kX25519))), std::string::npos);
  EXPECT_NE(body.find(std::string(name_of(SignatureScheme::kEcdsaSecp256r1Sha256))),
            std::string::npos);
  EXPECT_NE(body.find("http/1.1"), std::string::npos);
  // The client's certificate subject is the peer's text: escaped.
  EXPECT_NE(body.find("CN=&lt;script&gt;alert(1)&lt;/script&gt;"), std::string::npos);
  EXPECT_EQ(body.find("<script>"), std::string::npos);
}

TEST(Www, OtherMethodsAreRefused) {
  EXPECT_EQ(http_response("POST / HTTP/1.0\r\n\r\n", sample_session()).rfind("HTTP/1.0 405 ", 0),
            0u);
  EXPECT_EQ(http_response("get / HTTP/1.0\r\n\r\n", sample_session()).rfind("HTTP/1.0 405 ", 0),
            0u);
}

// A --www-root tree: root/file.txt, root/dir/, a secret beside the root and
// a symbolic link inside it that leads out.
class WwwRoot : public ::testing::Test {
 protected:
  void SetUp() override {
    char dir[] = "/tmp/parley-www-XXXXXX";
    ASSERT_NE(mkdtemp(dir), nullptr);
    base_ = dir;
    root_ = base_ + "/root";
    std::filesystem::create_directories(root_ + "/dir");
    std::ofstream(root_ + "/file.txt") << "twelve bytes";
    std::ofstream(root_ + "/page.html") << "<p>";
    std::ofstream(base_ + "/secret") << "secret";
    std::filesystem::create_symlink(base_ + "/secret", root_ + "/escape");
  }
  void TearDown() override { std::filesystem::remove_all(base_); }

  FileAnswer get(const std::string& target) {
    return answer_file_request("GET " + target + " HTTP/1.0\r\n\r\n", root_);
  }

  std::string base_;
  std::string root_;
};

TEST_F(WwwRoot, ServesARegularFileWithItsLength) {
  FileAnswer answer = get("/file.txt");
  EXPECT_EQ(answer.status, 200);
  EXPECT_TRUE(answer.head.starts_with("HTTP/1.0 200 OK\r\n"));
  EXPECT_NE(answer.head.find("\r\nContent-Length: 12\r\n"), std::string::npos);
  EXPECT_NE(answer.head.find("Content-Type: text/plain"), std::string::npos);
  EXPECT_TRUE(answer.head.ends_with("\r\n\r\n"));
  EXPECT_TRUE(answer.file);
  EXPECT_EQ(answer.size, 12u);
  EXPECT_EQ(get("/./dir/../file.txt").status, 403);  // any "..", even one that stays inside
  EXPECT_EQ(get("//file.txt?x=1#f").status, 200);    // the query and fragment are not the path
  EXPECT_NE(get("/page.html").head.find("Content-Type: text/html"), std::string::npos);
}

TEST_F(WwwRoot, RefusesWhatIsNotAFileUnderTheRoot) {
  EXPECT_EQ(get("/../secret").status, 403);
  EXPECT_EQ(get("/dir/../../secret").status, 403);
  EXPECT_EQ(get("/%2E%2e/secret").status, 403);
  EXPECT_EQ(get("/escape").status, 403);  // a link out of the root
  EXPECT_EQ(get("/dir").status, 403);     // no directory listings
  EXPECT_EQ(get("/").status, 403);
  EXPECT_EQ(get("/missing").status, 404);
  EXPECT_EQ(get("file.txt").status, 400);  // not origin-form
  EXPECT_EQ(get("/bad%2").status, 400);
  EXPECT_EQ(get("/nul%00").status, 400);
  EXPECT_EQ(answer_file_request("POST /file.txt HTTP/1.0\r\n\r\n", root_).status, 405);
  const FileAnswer refused = get("/../secret");
  EXPECT_FALSE(refused.file);
  EXPECT_TRUE(refused.head.starts_with("HTTP/1.0 403 Forbidden\r\n"));
  EXPECT_EQ(refused.head.find("secret"), std::string::npos);
}

TEST(Www, HtmlEscape) {
  EXPECT_EQ(html_escape(R"(a<b>&"c'd)"), "a&lt;b&gt;&amp;&quot;c&#39;d");
}

Options options_for(std::vector<std::string_view> args) {
  auto options = parse_command_line(args);
  EXPECT_TRUE(options.ok()) << options.error().message;
  return options.ok() ? *options : Options{};
}

TEST(Config, UnknownNamesAreNamedWithTheirOption) {
  auto ciphers = build_client_config(options_for(
      {"client", "h:1", "--insecure", "--ciphers", "TLS_AES_128_GCM_SHA256:NOT_A_SUITE"}));
  ASSERT_FALSE(ciphers.ok());
  EXPECT_EQ(ciphers.error().message.rfind("--ciphers: ", 0), 0u) << ciphers.error().message;
  auto groups =
      build_client_config(options_for({"client", "h:1", "--insecure", "--groups", "p999"}));
  ASSERT_FALSE(groups.ok());
  EXPECT_EQ(groups.error().message.rfind("--groups: ", 0), 0u) << groups.error().message;
  auto sigalgs =
      build_client_config(options_for({"client", "h:1", "--insecure", "--sigalgs", "rsa_md5"}));
  ASSERT_FALSE(sigalgs.ok());
  EXPECT_EQ(sigalgs.error().message.rfind("--sigalgs: ", 0), 0u) << sigalgs.error().message;
}

TEST(Config, MissingFilesAreNamed) {
  auto ca = build_client_config(options_for({"client", "h:1", "--cafile", "/nonexistent/ca.pem"}));
  ASSERT_FALSE(ca.ok());
  EXPECT_EQ(ca.error().message.rfind("--cafile /nonexistent/ca.pem: ", 0), 0u)
      << ca.error().message;
  auto server = build_server_config(
      options_for({"server", "--cert", "/nonexistent/s.pem", "--key", "/nonexistent/s.key"}));
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.error().message.rfind("--cert /nonexistent/s.pem --key /nonexistent/s.key: ", 0),
            0u)
      << server.error().message;
}

TEST(Config, OptionsReachTheConfig) {
  auto config = build_client_config(options_for(
      {"client", "h:1", "--insecure", "--tls1.2", "--ciphers",
       "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384:TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
       "--groups", "secp384r1:x25519", "--alpn", "h2:http/1.1", "--trace", "--record-size-limit",
       "512"}));
  ASSERT_TRUE(config.ok()) << config.error().to_string();
  const ClientConfig& client = **config;
  EXPECT_TRUE(client.insecure_skip_verification);
  EXPECT_EQ(client.versions, std::vector<ProtocolVersion>{ProtocolVersion::kTls12});
  EXPECT_EQ(client.cipher_suites,
            (std::vector<CipherSuite>{CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384,
                                      CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256}));
  EXPECT_EQ(client.groups, (std::vector<NamedGroup>{NamedGroup::kSecp384r1, NamedGroup::kX25519}));
  EXPECT_EQ(client.alpn_protocols, (std::vector<std::string>{"h2", "http/1.1"}));
  EXPECT_TRUE(static_cast<bool>(client.trace));
  EXPECT_FALSE(static_cast<bool>(client.key_log));
  EXPECT_TRUE(client.strict_trust_anchors);
  EXPECT_EQ(client.record_size_limit, 512);
}

TEST(Config, GroupsTakeTheHybridNames) {
  auto config = build_client_config(options_for(
      {"client", "h:1", "--insecure", "--groups", "SecP256r1MLKEM768:X25519MLKEM768:x25519"}));
  ASSERT_TRUE(config.ok()) << config.error().to_string();
  EXPECT_EQ((*config)->groups,
            (std::vector<NamedGroup>{NamedGroup::kSecp256r1MlKem768, NamedGroup::kX25519MlKem768,
                                     NamedGroup::kX25519}));
  EXPECT_EQ(name_of(NamedGroup::kX25519MlKem768), "X25519MLKEM768");
}

TEST(Config, LenientAnchorsTurnOffTheAnchorProfile) {
  auto config = build_client_config(options_for({"client", "h:1", "--lenient-anchors"}));
  if (!config.ok()) GTEST_SKIP() << "no system trust store: " << config.error().to_string();
  EXPECT_FALSE((*config)->strict_trust_anchors);
}

// The client's relay: stdin (a pipe) to the server, the server's data to
// stdout (another pipe), close_notify at the input's end.
TEST(Relay, SendsInputHalfClosesAndDeliversTheReply) {
  int sockets[2];
  ASSERT_EQ(socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sockets), 0);
  int input[2];
  int output[2];
  ASSERT_EQ(pipe2(input, O_CLOEXEC), 0);
  ASSERT_EQ(pipe2(output, O_CLOEXEC), 0);
  io::UniqueFd input_read(input[0]), output_read(output[0]);

  auto server_config = std::make_shared<ServerConfig>();
  auto key = CertifiedKey::from_pem(test::kServerChainPem, test::kServerKeyPem);
  ASSERT_TRUE(key.ok()) << key.error().to_string();
  server_config->certificates.push_back(*key);
  server_config->clock = [] { return test::kCertificateTime; };
  // The server reads to the client's close_notify, then answers (RFC 8446
  // 6.1 lets each side close its direction separately).
  auto server = std::async(std::launch::async, [fd = sockets[1], server_config]() -> Status {
    PARLEY_ASSIGN_OR_RETURN(Stream stream, Stream::accept(fd, server_config));
    std::string received;
    uint8_t buffer[256];
    while (true) {
      PARLEY_ASSIGN_OR_RETURN(size_t n, stream.read(buffer));
      if (n == 0) break;
      received.append(reinterpret_cast<const char*>(buffer), n);
    }
    const std::string reply = "you said: " + received;
    PARLEY_TRY(stream.write_all(as_bytes(reply)));
    return stream.close();
  });

  auto client_config = std::make_shared<ClientConfig>();
  auto anchors = TrustAnchors::from_pem(test::kCaPem);
  ASSERT_TRUE(anchors.ok());
  client_config->trust_anchors = *anchors;
  client_config->clock = [] { return test::kCertificateTime; };
  auto connection = ClientConnection::create(client_config, "localhost");
  ASSERT_TRUE(connection.ok());
  Stream client(sockets[0], std::make_unique<ClientConnection>(std::move(*connection)));
  ASSERT_TRUE(client.handshake().ok());

  {
    io::UniqueFd input_write(input[1]);
    ASSERT_TRUE(io::write_all(input_write.get(), as_bytes("hello\n")).ok());
  }  // closed: the relay sees the end of its input
  {
    io::UniqueFd output_write(output[1]);
    Status status = relay(client.connection(), client.fd(), input_read.get(), output_write.get());
    ASSERT_TRUE(status.ok()) << status.error().to_string();
  }
  EXPECT_TRUE(client.connection().peer_closed());
  std::string printed(64, '\0');
  auto n = io::read_some(output_read.get(),
                         std::span<uint8_t>(reinterpret_cast<uint8_t*>(printed.data()), 64));
  ASSERT_TRUE(n.ok());
  printed.resize(*n);
  EXPECT_EQ(printed, "you said: hello\n");
  Status server_status = server.get();
  EXPECT_TRUE(server_status.ok()) << server_status.error().to_string();
}

}  // namespace
}  // namespace parley::cli

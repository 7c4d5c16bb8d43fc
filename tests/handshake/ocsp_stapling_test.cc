// OCSP stapling (RFC 6066 8, RFC 8446 4.4.2.1) and signed certificate
// timestamps (RFC 6962 3.3) on in-memory connections, both versions: the
// server staples only when asked and when it has a staple, the client
// exposes what it got and, with verify_ocsp_staple, checks it; TLS 1.2
// CertificateStatus messages that are malformed or out of place each get
// their alert.
#include <gtest/gtest.h>

#include "codec/extensions.h"
#include "connection_pair.h"
#include "tls12_link.h"
#include "x509/ocsp_factory.h"

namespace parley::testing {
namespace {

using codec::HandshakeType;
using x509::testing::kDay;
using x509::testing::kNow;
using x509::testing::OcspSpec;

const TestPki& pki() {
  static const TestPki instance = make_pki(KeyKind::kP256, "server.test", "OCSP stapling CA");
  return instance;
}

// A fresh leaf per test, so that one test's staple is not another's.
std::shared_ptr<const CertifiedKey> fresh_leaf(bool must_staple = false) {
  x509::testing::CertSpec spec = x509::testing::leaf_spec("server.test");
  if (must_staple) {
    spec.extensions.push_back(x509::testing::config_extension("tlsfeature", "status_request"));
  }
  return issue_leaf(pki(), KeyKind::kP256, spec);
}

Bytes ocsp_for(const CertifiedKey& leaf, const OcspSpec& spec = {}) {
  return x509::testing::make_ocsp_response(leaf.chain().front(), pki().ca, spec);
}

// A two-byte-prefixed list of two SCTs (opaque to parley).
const Bytes kScts = {0x00, 0x0a, 0x00, 0x03, 0x01, 0x02, 0x03, 0x00, 0x03, 0x04, 0x05, 0x06};

class OcspStapling : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  std::shared_ptr<ClientConfig> client() const {
    auto config = client_config(pki());
    config->versions = {GetParam()};
    return config;
  }
  std::shared_ptr<ServerConfig> server(std::shared_ptr<const CertifiedKey> leaf) const {
    auto config = server_config(pki());
    config->certificates = {std::move(leaf)};
    return config;
  }
  // Runs the handshake; the client's error when it failed.
  std::optional<Error> connect(std::shared_ptr<ClientConfig> client,
                               std::shared_ptr<ServerConfig> server, Pair** out = nullptr) {
    pair_ = std::make_unique<Pair>(client, server);
    pair_->pump();
    if (out) *out = pair_.get();
    if (pair_->client().failed()) return *pair_->client().error();
    EXPECT_TRUE(pair_->handshake_done());
    return std::nullopt;
  }
  std::unique_ptr<Pair> pair_;
};

TEST_P(OcspStapling, TheClientAsksAndTheServerStaples) {
  auto leaf = fresh_leaf();
  const Bytes staple = ocsp_for(*leaf);
  leaf->staples().set_ocsp_response(staple);
  ASSERT_FALSE(connect(client(), server(leaf)));
  EXPECT_EQ(pair_->client().info().ocsp_response, staple);
  EXPECT_EQ(pair_->client().info().version, GetParam());
}

TEST_P(OcspStapling, NoStapleWhenTheClientDoesNotAsk) {
  auto leaf = fresh_leaf();
  leaf->staples().set_ocsp_response(ocsp_for(*leaf));
  auto config = client();
  config->request_ocsp_staple = false;
  ASSERT_FALSE(connect(config, server(leaf)));
  EXPECT_TRUE(pair_->client().info().ocsp_response.empty());
}

TEST_P(OcspStapling, NoStapleWhenTheServerHasNone) {
  auto config = client();
  config->verify_ocsp_staple = true;  // a leaf without must-staple needs none
  ASSERT_FALSE(connect(config, server(fresh_leaf())));
  EXPECT_TRUE(pair_->client().info().ocsp_response.empty());
}

TEST_P(OcspStapling, AReloadedStapleIsSentFromTheNextHandshakeOn) {
  auto leaf = fresh_leaf();
  leaf->staples().set_ocsp_response(ocsp_for(*leaf));
  auto server_config = server(leaf);
  ASSERT_FALSE(connect(client(), server_config));
  OcspSpec later;
  later.this_update = kNow;
  const Bytes fresh = ocsp_for(*leaf, later);
  leaf->staples().set_ocsp_response(fresh);
  ASSERT_FALSE(connect(client(), server_config));
  EXPECT_EQ(pair_->client().info().ocsp_response, fresh);
  leaf->staples().set_ocsp_response({});
  ASSERT_FALSE(connect(client(), server_config));
  EXPECT_TRUE(pair_->client().info().ocsp_response.empty());
}

TEST_P(OcspStapling, VerifiedGoodStaplePasses) {
  auto leaf = fresh_leaf();
  leaf->staples().set_ocsp_response(ocsp_for(*leaf));
  auto config = client();
  config->verify_ocsp_staple = true;
  const auto error = connect(config, server(leaf));
  EXPECT_FALSE(error) << error->to_string();
}

TEST_P(OcspStapling, VerifiedStapleFromADelegatedResponderPasses) {
  auto leaf = fresh_leaf();
  x509::testing::CertSpec spec = x509::testing::leaf_spec("ocsp.test");
  spec.subject = "CN=OCSP Responder";
  x509::testing::set_extension(spec, "extendedKeyUsage", "OCSPSigning");
  const auto responder =
      x509::testing::issue(spec, x509::testing::make_key(KeyKind::kP256), &pki().ca);
  OcspSpec ocsp;
  ocsp.responder = &responder;
  leaf->staples().set_ocsp_response(ocsp_for(*leaf, ocsp));
  auto config = client();
  config->verify_ocsp_staple = true;
  const auto error = connect(config, server(leaf));
  EXPECT_FALSE(error) << error->to_string();
}

struct BadStaple {
  const char* name;
  OcspSpec spec;
  AlertDescription alert;
  CertificateFailure failure;
};

OcspSpec with(void (*edit)(OcspSpec&)) {
  OcspSpec spec;
  edit(spec);
  return spec;
}

TEST_P(OcspStapling, EachBadStapleFailsWithItsAlert) {
  const BadStaple cases[] = {
      {"revoked", with([](OcspSpec& s) { s.status = OcspSpec::Status::kRevoked; }),
       AlertDescription::kCertificateRevoked, CertificateFailure::kRevoked},
      {"unknown", with([](OcspSpec& s) { s.status = OcspSpec::Status::kUnknown; }),
       AlertDescription::kBadCertificateStatusResponse, CertificateFailure::kBadStatusResponse},
      {"expired", with([](OcspSpec& s) {
         s.this_update = kNow - 9 * kDay;
         s.next_update = kNow - 2 * kDay;
       }),
       AlertDescription::kBadCertificateStatusResponse, CertificateFailure::kBadStatusResponse},
      {"wrong cert id", with([](OcspSpec& s) { s.wrong_serial = true; }),
       AlertDescription::kBadCertificateStatusResponse, CertificateFailure::kBadStatusResponse},
      {"bad signature", with([](OcspSpec& s) { s.corrupt_signature = true; }),
       AlertDescription::kBadCertificateStatusResponse, CertificateFailure::kBadStatusResponse},
  };
  for (const BadStaple& bad : cases) {
    SCOPED_TRACE(bad.name);
    auto leaf = fresh_leaf();
    leaf->staples().set_ocsp_response(ocsp_for(*leaf, bad.spec));
    auto config = client();
    // Unchecked, any staple is only passed on.
    EXPECT_FALSE(connect(config, server(leaf)));
    config->verify_ocsp_staple = true;
    const auto error = connect(config, server(leaf));
    ASSERT_TRUE(error);
    EXPECT_EQ(error->alert, bad.alert) << error->to_string();
    EXPECT_EQ(error->certificate_failure, bad.failure);
    // The server hears why.
    ASSERT_TRUE(pair_->server().failed());
    EXPECT_EQ(pair_->server().error()->kind, ErrorKind::kPeerAlert);
    EXPECT_EQ(pair_->server().error()->alert, bad.alert);
  }
}

TEST_P(OcspStapling, MustStapleWithoutAStapleFailsOnlyWhenVerifying) {
  auto leaf = fresh_leaf(/*must_staple=*/true);
  auto config = client();
  EXPECT_FALSE(connect(config, server(leaf)));
  config->verify_ocsp_staple = true;
  const auto error = connect(config, server(leaf));
  ASSERT_TRUE(error);
  EXPECT_EQ(error->alert, AlertDescription::kBadCertificateStatusResponse);
  EXPECT_NE(error->message.find("must-staple"), std::string::npos) << error->message;
  leaf->staples().set_ocsp_response(ocsp_for(*leaf));
  EXPECT_FALSE(connect(config, server(leaf)));
}

TEST_P(OcspStapling, SctsOnlyWhenAsked) {
  auto leaf = fresh_leaf();
  ASSERT_TRUE(leaf->staples().set_signed_certificate_timestamps(kScts).ok());
  ASSERT_FALSE(connect(client(), server(leaf)));
  EXPECT_TRUE(pair_->client().info().signed_certificate_timestamps.empty());
  auto config = client();
  config->request_signed_certificate_timestamps = true;
  ASSERT_FALSE(connect(config, server(leaf)));
  EXPECT_EQ(pair_->client().info().signed_certificate_timestamps, kScts);
}

INSTANTIATE_TEST_SUITE_P(Versions, OcspStapling,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

// ---------------------------------------------------------------------------
// TLS 1.2 CertificateStatus on the wire

constexpr auto kTls12 = ProtocolVersion::kTls12;

struct Link {
  std::shared_ptr<const CertifiedKey> leaf = fresh_leaf();
  std::shared_ptr<ClientConfig> client = client_config(pki());
  std::shared_ptr<ServerConfig> server = server_config(pki());
  Link() {
    client->versions = {kTls12};
    client->session_cache = nullptr;
    server->certificates = {leaf};
    leaf->staples().set_ocsp_response(ocsp_for(*leaf));
  }
};

void expect_client_alert(Tls12Link& link, AlertDescription alert) {
  ASSERT_TRUE(link.client().failed());
  EXPECT_EQ(link.client().error()->alert, alert) << link.client().error()->to_string();
}

int status_index(const std::vector<WireRecord>& records) {
  return find_message(records, HandshakeType::kCertificateStatus);
}

TEST(OcspStapling12, CertificateStatusFollowsCertificate) {
  Link setup;
  Tls12Link link(setup.client, setup.server);
  link.pump();
  ASSERT_TRUE(link.client().info().version == kTls12);
  const auto& records = link.sent_by_server();
  const int status = status_index(records);
  ASSERT_GE(status, 1);
  EXPECT_EQ(message_type(records[static_cast<size_t>(status) - 1]), HandshakeType::kCertificate);
  EXPECT_FALSE(link.client().info().ocsp_response.empty());
}

TEST(OcspStapling12, TheClientGoesOnWithoutThePromisedCertificateStatus) {
  Link setup;
  setup.client->verify_ocsp_staple = true;
  Tls12Link link(setup.client, setup.server);
  // RFC 6066 8: a server may decide not to send it after all. Removing it
  // here leaves the server's transcript different from the client's, so the
  // server refuses the client's Finished; the client itself took
  // ServerKeyExchange in its place and got as far as its Finished.
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int status = status_index(records);
    if (status >= 0) records.erase(records.begin() + status);
  };
  link.pump();
  ASSERT_TRUE(link.server().failed());
  EXPECT_EQ(link.server().error()->kind, ErrorKind::kCrypto) << link.server().error()->to_string();
  ASSERT_TRUE(link.client().failed());
  EXPECT_EQ(link.client().error()->kind, ErrorKind::kPeerAlert);
  EXPECT_TRUE(link.client().info().ocsp_response.empty());
}

void edit_status(Tls12Link& link, Bytes body) {
  link.server_hook = [body](std::vector<WireRecord>& records) {
    const int status = status_index(records);
    if (status >= 0) set_message_body(records[static_cast<size_t>(status)], body);
  };
}

// A CertificateStatus body replaced by `body`: the client's alert.
void expect_status_body_refused(const Bytes& body, AlertDescription alert, bool verify = false) {
  Link setup;
  setup.client->verify_ocsp_staple = verify;
  Tls12Link link(setup.client, setup.server);
  edit_status(link, body);
  link.pump();
  expect_client_alert(link, alert);
}

TEST(OcspStapling12, TruncatedCertificateStatusIsDecodeError) {
  expect_status_body_refused(Bytes{0x01, 0x00, 0x00, 0x10, 0x30}, AlertDescription::kDecodeError);
}

TEST(OcspStapling12, EmptyOcspResponseIsDecodeError) {
  expect_status_body_refused(Bytes{0x01, 0x00, 0x00, 0x00}, AlertDescription::kDecodeError);
}

TEST(OcspStapling12, WrongStatusTypeIsDecodeError) {
  expect_status_body_refused(Bytes{0x02, 0x00, 0x00, 0x01, 0x00}, AlertDescription::kDecodeError);
}

TEST(OcspStapling12, GarbageResponseIsBadCertificateStatusResponseWhenVerifying) {
  expect_status_body_refused(Bytes{0x01, 0x00, 0x00, 0x02, 0x30, 0x00},
                             AlertDescription::kBadCertificateStatusResponse, /*verify=*/true);
}

TEST(OcspStapling12, OversizedCertificateStatusIsRefused) {
  Link setup;
  setup.client->max_handshake_message_size = 4096;
  setup.leaf->staples().set_ocsp_response(Bytes(8000, 0x30));
  Tls12Link link(setup.client, setup.server);
  link.pump();
  ASSERT_TRUE(link.client().failed());
  EXPECT_NE(link.client().error()->alert, std::nullopt);
}

TEST(OcspStapling12, CertificateStatusNotPromisedIsUnexpectedMessage) {
  Link setup;
  setup.client->request_ocsp_staple = false;
  Tls12Link link(setup.client, setup.server);
  // A CertificateStatus after Certificate although ServerHello promised none.
  link.server_hook = [staple = ocsp_for(*setup.leaf)](std::vector<WireRecord>& records) {
    const int certificate = find_message(records, HandshakeType::kCertificate);
    if (certificate < 0) return;
    records.insert(records.begin() + certificate + 1,
                   handshake_record(codec::CertificateStatus{staple}));
  };
  link.pump();
  expect_client_alert(link, AlertDescription::kUnexpectedMessage);
}

TEST(OcspStapling12, StatusRequestInServerHelloNotAskedForIsUnsupportedExtension) {
  Link setup;
  setup.client->request_ocsp_staple = false;
  Tls12Link link(setup.client, setup.server);
  link.server_hook = [](std::vector<WireRecord>& records) {
    const int index = find_message(records, HandshakeType::kServerHello);
    if (index < 0) return;
    auto hello = codec::ServerHello::decode(message_body(records[static_cast<size_t>(index)]));
    ASSERT_TRUE(hello.ok());
    hello->extensions.status_request = codec::EmptyExtension{};
    codec::Writer w;
    hello->encode(w);
    set_message_body(records[static_cast<size_t>(index)], w.take());
  };
  link.pump();
  expect_client_alert(link, AlertDescription::kUnsupportedExtension);
}

}  // namespace
}  // namespace parley::testing

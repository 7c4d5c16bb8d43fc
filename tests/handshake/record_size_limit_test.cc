// RFC 8449 record_size_limit on in-memory connections, both versions: each
// side advertises its limit, keeps to the peer's in every protected record
// it sends (handshake records too), and a value above the protocol maximum
// from a client offering TLS 1.3 does not stop a TLS 1.2 server.
#include <gtest/gtest.h>

#include <algorithm>

#include "common/bytes.h"
#include "connection_pair.h"

namespace parley::testing {
namespace {

constexpr size_t kHeader = 5;
constexpr uint8_t kApplicationData = 23;

struct WireRecord {
  uint8_t type;
  size_t length;
};

// The records in `wire` (whole records only).
std::vector<WireRecord> records_of(ByteView wire) {
  std::vector<WireRecord> records;
  while (wire.size() >= kHeader) {
    const size_t length = size_t{wire[3]} << 8 | wire[4];
    if (wire.size() < kHeader + length) break;
    records.push_back({wire[0], length});
    wire = wire.subspan(kHeader + length);
  }
  return records;
}

// The most a protected record adds to its plaintext: the AEAD tag, and in
// TLS 1.2 GCM the explicit nonce (TLS 1.3 counts the type byte in the limit).
size_t overhead(ProtocolVersion version) {
  return version == ProtocolVersion::kTls13 ? 16 : 8 + 16;
}

class RecordSizeLimit : public ::testing::TestWithParam<ProtocolVersion> {
 protected:
  std::shared_ptr<ClientConfig> client() const {
    auto config = client_config(cached_pki(KeyKind::kP256));
    config->versions = {GetParam()};
    return config;
  }
  std::shared_ptr<ServerConfig> server() const { return server_config(cached_pki(KeyKind::kP256)); }
  // The largest plaintext the protocol allows, as record_size_limit counts it.
  uint16_t protocol_maximum() const {
    return GetParam() == ProtocolVersion::kTls13 ? 16385 : 16384;
  }
};

TEST_P(RecordSizeLimit, BothSidesAdvertiseTheProtocolMaximumByDefault) {
  Pair pair(client(), server());
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().peer_record_size_limit, protocol_maximum());
  EXPECT_EQ(pair.server().info().peer_record_size_limit, protocol_maximum());
  const std::string big(40000, 'x');
  EXPECT_EQ(pair.client_to_server(big), big);
}

TEST_P(RecordSizeLimit, TheClientKeepsToTheServersLimit) {
  auto limited = server();
  limited->record_size_limit = 256;
  Pair pair(client(), limited);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.client().info().peer_record_size_limit, 256);
  const std::string data(5000, 'c');
  ASSERT_TRUE(pair.client().write(as_bytes(data)).ok());
  const auto records = records_of(pair.client().pending_tls());
  ASSERT_GE(records.size(), 5000u / 256);
  for (const WireRecord& record : records) {
    EXPECT_LE(record.length, 256 + overhead(GetParam()));
  }
  pair.pump();
  EXPECT_EQ(read_all(pair.server()), data);
  EXPECT_EQ(pair.server_to_client("the server's limit binds only the client"),
            "the server's limit binds only the client");
}

TEST_P(RecordSizeLimit, TheServerKeepsToTheClientsLimitFromItsFirstProtectedRecord) {
  auto limited = client();
  limited->record_size_limit = 100;
  Pair pair(limited, server());
  std::vector<WireRecord> server_records;
  pair.pump([&](std::vector<uint8_t>& chunk) {
    for (const WireRecord& record : records_of(chunk)) server_records.push_back(record);
  });
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.server().info().peer_record_size_limit, 100);
  // TLS 1.3 encrypts the certificate flight, which then needs many records.
  const auto encrypted_handshake =
      std::count_if(server_records.begin(), server_records.end(),
                    [](const WireRecord& record) { return record.type == kApplicationData; });
  if (GetParam() == ProtocolVersion::kTls13) {
    EXPECT_GT(encrypted_handshake, 3);
  }
  const std::string data(3000, 's');
  ASSERT_TRUE(pair.server().write(as_bytes(data)).ok());
  for (const WireRecord& record : records_of(pair.server().pending_tls())) {
    server_records.push_back(record);
  }
  for (const WireRecord& record : server_records) {
    // Plaintext records (and TLS 1.2's Finished, whose limit is the same)
    // aside, every record is application_data on the wire.
    if (record.type == kApplicationData) {
      EXPECT_LE(record.length, 100 + overhead(GetParam()));
    }
  }
  pair.pump();
  EXPECT_EQ(read_all(pair.client()), data);
}

TEST_P(RecordSizeLimit, OutOfRangeConfigurationIsRefused) {
  for (uint16_t bad : {uint16_t{1}, uint16_t{63}, uint16_t{16386}, uint16_t{65535}}) {
    auto config = client();
    config->record_size_limit = bad;
    auto connection = ClientConnection::create(config, "server.test");
    ASSERT_FALSE(connection.ok()) << bad;
    EXPECT_EQ(connection.error().kind, ErrorKind::kConfig);
  }
  for (uint16_t good : {uint16_t{64}, uint16_t{16385}}) {
    auto config = client();
    config->record_size_limit = good;
    EXPECT_TRUE(ClientConnection::create(config, "server.test").ok()) << good;
  }
}

INSTANTIATE_TEST_SUITE_P(Versions, RecordSizeLimit,
                         ::testing::Values(ProtocolVersion::kTls13, ProtocolVersion::kTls12),
                         [](const auto& info) {
                           return info.param == ProtocolVersion::kTls13 ? "Tls13" : "Tls12";
                         });

// RFC 8449 4: a client offering TLS 1.3 advertises 2^14 + 1, more than TLS
// 1.2 allows; a TLS 1.2 server must not refuse it, and sends full records.
TEST(RecordSizeLimitAcrossVersions, Tls12ServerAcceptsTheTls13MaximumAsItsOwn) {
  auto client = client_config(cached_pki(KeyKind::kP256));
  client->versions = {ProtocolVersion::kTls13, ProtocolVersion::kTls12};
  auto server = server_config(cached_pki(KeyKind::kP256));
  server->versions = {ProtocolVersion::kTls12};
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.server().info().version, ProtocolVersion::kTls12);
  EXPECT_EQ(pair.server().info().peer_record_size_limit, 16385);
  EXPECT_EQ(pair.client().info().peer_record_size_limit, 16384);
  const std::string data(16384, 'f');
  ASSERT_TRUE(pair.server().write(as_bytes(data)).ok());
  const auto records = records_of(pair.server().pending_tls());
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].length, 16384 + overhead(ProtocolVersion::kTls12));
  pair.pump();
  EXPECT_EQ(read_all(pair.client()), data);
}

// A client offering TLS 1.3 counts the content type byte in its value (as
// GnuTLS does even when TLS 1.2 is then negotiated): a TLS 1.2 server keeps
// one byte under it, which is within the limit in either reading.
TEST(RecordSizeLimitAcrossVersions, Tls12ServerStaysUnderAValueThatMayCountTheTypeByte) {
  auto client = client_config(cached_pki(KeyKind::kP256));
  client->versions = {ProtocolVersion::kTls13, ProtocolVersion::kTls12};
  client->record_size_limit = 513;
  auto server = server_config(cached_pki(KeyKind::kP256));
  server->versions = {ProtocolVersion::kTls12};
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  EXPECT_EQ(pair.server().info().peer_record_size_limit, 513);
  ASSERT_TRUE(pair.server().write(as_bytes(std::string(2000, 'g'))).ok());
  for (const WireRecord& record : records_of(pair.server().pending_tls())) {
    EXPECT_LE(record.length, 512 + overhead(ProtocolVersion::kTls12));
  }
}

}  // namespace
}  // namespace parley::testing

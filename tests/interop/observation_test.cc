// The output parsers on samples of each peer's real output.
#include "interop/observation.h"

#include <gtest/gtest.h>

namespace parley::interop {
namespace {

TEST(Observation, ParsesParleySessionLineWithMultiWordValues) {
  const auto seen = parse_parley(
      "client -> server  ClientHello  version=TLS 1.2 versions=[TLS 1.3]\n"
      "client <- server  HelloRetryRequest  suite=TLS_AES_128_GCM_SHA256\n"
      "client -> server  ClientHello  version=TLS 1.2 versions=[TLS 1.3]\n"
      "parley: 127.0.0.1:40000: version=TLS 1.3 suite=TLS_AES_256_GCM_SHA384 group=secp256r1 "
      "sigalg=rsa_pss_rsae_sha256 alpn=http/1.1 client=\"CN=parley interop client\"\n",
      /*is_server=*/true);
  EXPECT_EQ(seen.version, ProtocolVersion::kTls13);
  EXPECT_EQ(seen.suite, CipherSuite::kTlsAes256GcmSha384);
  EXPECT_EQ(seen.group, NamedGroup::kSecp256r1);
  EXPECT_EQ(seen.server_signature, SignatureScheme::kRsaPssRsaeSha256);
  EXPECT_EQ(seen.alpn, "http/1.1");
  EXPECT_EQ(seen.hello_retry_request, true);
  EXPECT_EQ(seen.client_certificate_subject, "\"CN=parley interop client\"");
}

// The fields after alpn end its value (an RFC 8449 limit, RFC 8879).
TEST(Observation, ParleySessionLineFieldsAfterAlpn) {
  const auto seen = parse_parley(
      "parley: connected: version=TLS 1.3 suite=TLS_AES_128_GCM_SHA256 group=x25519 "
      "sigalg=ecdsa_secp256r1_sha256 alpn=h2 peer_record_size_limit=16385 "
      "cert_compression=brotli\n",
      /*is_server=*/false);
  EXPECT_EQ(seen.alpn, "h2");
}

TEST(Observation, ParleyNoneMeansAbsent) {
  const auto seen = parse_parley(
      "parley: connected: version=TLS 1.2 suite=TLS_RSA_WITH_AES_128_GCM_SHA256 group=none "
      "sigalg=none alpn=none\n",
      /*is_server=*/false);
  EXPECT_EQ(seen.version, ProtocolVersion::kTls12);
  EXPECT_EQ(seen.suite, CipherSuite::kTlsRsaWithAes128GcmSha256);
  EXPECT_FALSE(seen.group.has_value());
  EXPECT_FALSE(seen.server_signature.has_value());
  EXPECT_EQ(seen.alpn, "");
  EXPECT_FALSE(seen.hello_retry_request.has_value());  // no --trace lines
}

TEST(Observation, ParsesParleyWwwPage) {
  const auto seen = parse_parley_page(
      "<table>\n<tr><th>version</th><td>TLS 1.3</td></tr>\n"
      "<tr><th>suite</th><td>TLS_CHACHA20_POLY1305_SHA256</td></tr>\n"
      "<tr><th>group</th><td>x25519</td></tr>\n"
      "<tr><th>sigalg</th><td>ed25519</td></tr>\n"
      "<tr><th>alpn</th><td>none</td></tr>\n"
      "<tr><th>client certificate</th><td>none</td></tr>\n</table>");
  EXPECT_EQ(seen.version, ProtocolVersion::kTls13);
  EXPECT_EQ(seen.suite, CipherSuite::kTlsChaCha20Poly1305Sha256);
  EXPECT_EQ(seen.group, NamedGroup::kX25519);
  EXPECT_EQ(seen.server_signature, SignatureScheme::kEd25519);
  EXPECT_EQ(seen.alpn, "");
  EXPECT_FALSE(seen.client_certificate_subject.has_value());
}

TEST(Observation, ParsesGnutlsDescriptions) {
  const auto tls13 = parse_gnutls(
      "- Description: (TLS1.3-X.509)-(ECDHE-X25519)-(EdDSA-Ed25519)-(CHACHA20-POLY1305)\n"
      "- Application protocol: h2\n",
      /*is_server=*/false);
  EXPECT_EQ(tls13.version, ProtocolVersion::kTls13);
  EXPECT_EQ(tls13.suite, CipherSuite::kTlsChaCha20Poly1305Sha256);
  EXPECT_EQ(tls13.group, NamedGroup::kX25519);
  EXPECT_EQ(tls13.server_signature, SignatureScheme::kEd25519);
  EXPECT_EQ(tls13.alpn, "h2");

  const auto rsa = parse_gnutls(
      "- Description: (TLS1.2-X.509)-(RSA)-(AES-256-GCM)\n"
      "\tSubject: CN=parley interop client\n",
      /*is_server=*/true);
  EXPECT_EQ(rsa.suite, CipherSuite::kTlsRsaWithAes256GcmSha384);
  EXPECT_FALSE(rsa.group.has_value());
  EXPECT_FALSE(rsa.server_signature.has_value());
  EXPECT_EQ(rsa.client_certificate_subject, "CN=parley interop client");

  const auto ecdhe = parse_gnutls(
      "- Description: (TLS1.2-X.509)-(ECDHE-SECP256R1)-(ECDSA-SHA256)-(AES-128-GCM)\n", false);
  EXPECT_EQ(ecdhe.suite, CipherSuite::kTlsEcdheEcdsaWithAes128GcmSha256);
  EXPECT_EQ(ecdhe.server_signature, SignatureScheme::kEcdsaSecp256r1Sha256);
}

TEST(Observation, ParsesCurlVerbose) {
  const auto seen = parse_curl_verbose(
      "* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n"
      "* TLSv1.3 (IN), TLS handshake, Server hello (2):\n"
      "* TLSv1.3 (OUT), TLS handshake, Client hello (1):\n"
      "* SSL connection using TLSv1.2 / ECDHE-RSA-CHACHA20-POLY1305\n"
      "* ALPN: server accepted http/1.1\n");
  EXPECT_EQ(seen.version, ProtocolVersion::kTls12);
  EXPECT_EQ(seen.suite, CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256);
  EXPECT_EQ(seen.hello_retry_request, true);
  EXPECT_EQ(seen.alpn, "http/1.1");
}

TEST(Observation, ParsesOpensslTraceByDirection) {
  // Abridged `openssl s_client -trace`: the server's messages are received.
  const char* trace =
      "Sent Record\n"
      "Header:\n"
      "  Content Type = Handshake (22)\n"
      "    ClientHello, Length=189\n"
      "      client_version=0x303 (TLS 1.2)\n"
      "Received Record\n"
      "    ServerHello, Length=118\n"
      "      server_version=0x303 (TLS 1.2)\n"
      "      cipher_suite {0x13, 0x02} TLS_AES_256_GCM_SHA384\n"
      "        extension_type=supported_versions(43), length=2\n"
      "            TLS 1.3 (772)\n"
      "        extension_type=key_share(51), length=36\n"
      "            NamedGroup: ecdh_x25519 (29)\n"
      "Received Record\n"
      "    CertificateVerify, Length=68\n"
      "      Signature Algorithm: ed25519 (0x0807)\n"
      "Sent Record\n"
      "    CertificateVerify, Length=75\n"
      "      Signature Algorithm: ecdsa_secp256r1_sha256 (0x0403)\n"
      "ALPN protocol: h2\n";
  const auto client = parse_openssl_trace(trace, /*is_server=*/false);
  EXPECT_EQ(client.version, ProtocolVersion::kTls13);
  EXPECT_EQ(client.suite, CipherSuite::kTlsAes256GcmSha384);
  EXPECT_EQ(client.group, NamedGroup::kX25519);
  EXPECT_EQ(client.server_signature, SignatureScheme::kEd25519);
  EXPECT_EQ(client.hello_retry_request, false);
  EXPECT_EQ(client.alpn, "h2");
  // Read as the server's trace, the directions swap: nothing it sent.
  const auto server = parse_openssl_trace(trace, /*is_server=*/true);
  EXPECT_FALSE(server.suite.has_value());
  EXPECT_EQ(server.server_signature, SignatureScheme::kEcdsaSecp256r1Sha256);
}

}  // namespace
}  // namespace parley::interop

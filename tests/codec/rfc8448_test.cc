// Every handshake message dumped in RFC 8448 decodes, and re-encodes to the
// same bytes (extension order included).
#include <gtest/gtest.h>

#include <functional>

#include "codec/handshake.h"
#include "codec/hello.h"
#include "codec/messages.h"
#include "codec_test_util.h"

namespace parley::codec {
namespace {

// Decodes one whole message (header included) as T and re-encodes it.
template <typename T, typename Decode>
void expect_reencodes(const Bytes& message, Decode&& decode, const std::string& where) {
  SCOPED_TRACE(where);
  auto view = split_handshake_message(message);
  ASSERT_TRUE(view.ok()) << view.error().to_string();
  EXPECT_EQ(view->type, T::kType);
  Result<T> decoded = decode(view->body);
  ASSERT_TRUE(decoded.ok()) << decoded.error().to_string();
  Result<Bytes> again = encode_handshake(*decoded);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(to_hex(*again), to_hex(message));
}

template <typename T>
size_t expect_all_reencode(std::string_view label, std::function<Result<T>(ByteView)> decode,
                           std::vector<size_t> skip = {}) {
  std::vector<Bytes> blocks = test::rfc8448_blocks(label);
  for (size_t i = 0; i < blocks.size(); ++i) {
    if (std::find(skip.begin(), skip.end(), i) != skip.end()) continue;
    expect_reencodes<T>(blocks[i], decode, std::string(label) + " #" + std::to_string(i));
  }
  return blocks.size();
}

TEST(Rfc8448, EveryHandshakeMessageDecodesAndReencodesByteForByte) {
  // Section 4's ClientHello dump (#1) is the binder prefix, not a message;
  // hello_test.cc checks it against the record payload.
  EXPECT_EQ(expect_all_reencode<ClientHello>("ClientHello", ClientHello::decode, {1}), 6u);
  EXPECT_EQ(expect_all_reencode<ServerHello>("ServerHello", ServerHello::decode), 6u);
  EXPECT_EQ(
      expect_all_reencode<EncryptedExtensions>("EncryptedExtensions", EncryptedExtensions::decode),
      5u);
  EXPECT_EQ(expect_all_reencode<Certificate13>("Certificate", Certificate13::decode), 5u);
  EXPECT_EQ(
      expect_all_reencode<CertificateRequest13>("CertificateRequest", CertificateRequest13::decode),
      1u);
  EXPECT_EQ(expect_all_reencode<CertificateVerify>("CertificateVerify", CertificateVerify::decode),
            5u);
  EXPECT_EQ(expect_all_reencode<Finished>("Finished",
                                          [](ByteView body) { return Finished::decode(body, 32); }),
            10u);
  EXPECT_EQ(expect_all_reencode<NewSessionTicket13>("NewSessionTicket", NewSessionTicket13::decode),
            1u);
  EXPECT_EQ(expect_all_reencode<EndOfEarlyData>("EndOfEarlyData", EndOfEarlyData::decode), 1u);
}

TEST(Rfc8448, Section3ServerFlightContents) {
  auto ee = EncryptedExtensions::decode(
      test::handshake_body(test::rfc8448_blocks("EncryptedExtensions")[0]));
  ASSERT_TRUE(ee.ok());
  EXPECT_TRUE(ee->extensions.server_name);
  ASSERT_TRUE(ee->extensions.supported_groups);
  EXPECT_EQ(ee->extensions.supported_groups->groups.size(), 9u);
  ASSERT_TRUE(ee->extensions.record_size_limit);
  EXPECT_EQ(ee->extensions.record_size_limit->limit, 0x4001);

  auto cert = Certificate13::decode(test::handshake_body(test::rfc8448_blocks("Certificate")[0]));
  ASSERT_TRUE(cert.ok());
  EXPECT_TRUE(cert->certificate_request_context.empty());
  ASSERT_EQ(cert->certificate_list.size(), 1u);
  EXPECT_EQ(cert->certificate_list[0].cert_data.size(), 0x1b0u);
  EXPECT_EQ(cert->certificate_list[0].cert_data[0], 0x30);

  auto cv =
      CertificateVerify::decode(test::handshake_body(test::rfc8448_blocks("CertificateVerify")[0]));
  ASSERT_TRUE(cv.ok());
  EXPECT_EQ(cv->scheme, SignatureScheme::kRsaPssRsaeSha256);
  EXPECT_EQ(cv->signature.size(), 128u);

  auto nst =
      NewSessionTicket13::decode(test::handshake_body(test::rfc8448_blocks("NewSessionTicket")[0]));
  ASSERT_TRUE(nst.ok());
  EXPECT_EQ(nst->ticket_lifetime, 30u);
  EXPECT_EQ(nst->ticket_age_add, 0x933d0932u);
  EXPECT_EQ(to_hex(nst->ticket_nonce), "0000");
  EXPECT_EQ(nst->ticket.size(), 0xb2u);
  ASSERT_TRUE(nst->extensions.early_data);
  EXPECT_EQ(nst->extensions.early_data->max_early_data_size, 1024u);
}

TEST(Rfc8448, ClientAuthenticationCertificateRequest) {
  auto cr = CertificateRequest13::decode(
      test::handshake_body(test::rfc8448_blocks("CertificateRequest")[0]));
  ASSERT_TRUE(cr.ok()) << cr.error().to_string();
  EXPECT_TRUE(cr->certificate_request_context.empty());
  ASSERT_TRUE(cr->extensions.signature_algorithms);
  EXPECT_FALSE(cr->extensions.signature_algorithms->schemes.empty());
}

}  // namespace
}  // namespace parley::codec

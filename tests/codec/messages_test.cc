// Wire format, round trip and malformed-input tests for the handshake
// messages other than the hellos, and the Alert / ChangeCipherSpec payloads.
#include "codec/messages.h"

#include <gtest/gtest.h>

#include "codec_test_util.h"

namespace parley::codec {
namespace {

using namespace test;

// --- EncryptedExtensions -------------------------------------------------------------------

TEST(EncryptedExtensions, WireFormat) {
  EncryptedExtensions ee;
  ee.extensions.alpn = SelectedProtocol{"h2"};
  ee.extensions.early_data = EmptyExtension{};
  // Canonical order: server_name, supported_groups, alpn, record_size_limit, early_data.
  expect_wire_format(ee, "000d 0010 0005 0003 02 6832 002a 0000");
  expect_wire_format(EncryptedExtensions{}, "0000");
}

TEST(EncryptedExtensions, RoundTripsAllFields) {
  EncryptedExtensions ee;
  ee.extensions.server_name = EmptyExtension{};
  ee.extensions.supported_groups = SupportedGroups{{NamedGroup::kX25519}};
  ee.extensions.alpn = SelectedProtocol{"http/1.1"};
  ee.extensions.record_size_limit = RecordSizeLimit{16385};
  ee.extensions.early_data = EmptyExtension{};
  ee.extensions.unknown = {{ExtensionType::kMaxFragmentLength, {0x02}}};
  expect_round_trip(ee);
}

TEST(EncryptedExtensions, RejectsMisplacedAndDuplicateExtensions) {
  // key_share belongs to the hellos (RFC 8446 4.2: illegal_parameter).
  EXPECT_TRUE(fails_with(decode_hex<EncryptedExtensions>("000a 0033 0006 001d 0002 abcd"),
                         kIllegalParameter));
  // Two server_name acknowledgements.
  EXPECT_TRUE(
      fails_with(decode_hex<EncryptedExtensions>("0008 0000 0000 0000 0000"), kDecodeError));
  // A server_name acknowledgement that is not empty.
  EXPECT_TRUE(fails_with(decode_hex<EncryptedExtensions>("0005 0000 0001 00"), kDecodeError));
  // ALPN with two protocols from a server.
  EXPECT_TRUE(
      fails_with(decode_hex<EncryptedExtensions>("000a 0010 0006 0002 6832 0161"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<EncryptedExtensions>("000b 0010 0007 0006 01 61 01 62 00"),
                         kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<EncryptedExtensions>("000a 0010 0006 0004 0161 0162"),
                         kIllegalParameter));
}

// --- Certificate ----------------------------------------------------------------------------

TEST(Certificate13, WireFormat) {
  Certificate13 cert;
  cert.certificate_list = {CertificateEntry{{0x30, 0x00}, {}}};
  expect_wire_format(cert, "00 000007 000002 3000 0000");

  Certificate13 with_context;
  with_context.certificate_request_context = {0xaa, 0xbb};
  expect_wire_format(with_context, "02 aabb 000000");
}

TEST(Certificate13, RoundTripsEntryExtensions) {
  Certificate13 cert;
  CertificateEntry leaf{{0x30, 0x03, 0x02, 0x01, 0x01}, {}};
  leaf.extensions.status_request = CertificateStatus{{0x30, 0x00}};
  // RFC 6962 3.3: one SCT of two bytes.
  leaf.extensions.signed_certificate_timestamp = {{0x00, 0x04, 0x00, 0x02, 0xaa, 0xbb}};
  leaf.extensions.unknown = {{static_cast<ExtensionType>(0x7f7f), {0x00, 0x00}}};
  cert.certificate_list = {leaf, CertificateEntry{{0x30, 0x00}, {}}};
  expect_round_trip(cert);
}

TEST(Certificate13, RejectsAnEmptySctList) {
  // RFC 6962 3.3: sct_list<1..2^16-1>; 0012 is signed_certificate_timestamp.
  EXPECT_TRUE(fails_with(decode_hex<Certificate13>("00 00000b 000002 3000 0006 0012 0002 0000"),
                         kDecodeError));
}

TEST(Certificate13, RejectsEmptyCertificateAndMisplacedExtension) {
  EXPECT_TRUE(fails_with(decode_hex<Certificate13>("00 000005 000000 0000"), kDecodeError));
  // supported_groups inside a CertificateEntry.
  EXPECT_TRUE(
      fails_with(decode_hex<Certificate13>("00 00000f 000002 3000 0008 000a 0004 0002 001d"),
                 kIllegalParameter));
  // The certificate_list length lies.
  EXPECT_TRUE(fails_with(decode_hex<Certificate13>("00 000009 000002 3000 0000"), kDecodeError));
}

TEST(Certificate12, WireFormat) {
  expect_wire_format(Certificate12{{{0x30, 0x00}, {0x30, 0x01, 0x00}}},
                     "00000b 000002 3000 000003 300100");
  expect_wire_format(Certificate12{}, "000000");
  EXPECT_TRUE(fails_with(decode_hex<Certificate12>("000003 000000"), kDecodeError));
}

// --- CertificateRequest ---------------------------------------------------------------------

TEST(CertificateRequest13, WireFormat) {
  CertificateRequest13 request;
  request.extensions.signature_algorithms =
      SignatureSchemeList{{SignatureScheme::kEcdsaSecp256r1Sha256}};
  expect_wire_format(request, "00 0008 000d 0004 0002 0403");
}

TEST(CertificateRequest13, RoundTripsAllFields) {
  CertificateRequest13 request;
  request.certificate_request_context = {1, 2, 3};
  request.extensions.signature_algorithms =
      SignatureSchemeList{{SignatureScheme::kRsaPssRsaeSha256, SignatureScheme::kEd25519}};
  request.extensions.signature_algorithms_cert =
      SignatureSchemeList{{SignatureScheme::kRsaPkcs1Sha256}};
  request.extensions.certificate_authorities = CertificateAuthorities{{{0x30, 0x00}}};
  request.extensions.status_request = EmptyExtension{};
  request.extensions.unknown = {{ExtensionType::kOidFilters, {0x00, 0x00}}};
  expect_round_trip(request);
}

TEST(CertificateRequest13, SignatureAlgorithmsAreRequired) {
  EXPECT_TRUE(fails_with(decode_hex<CertificateRequest13>("00 0004 1234 0000"),
                         AlertDescription::kMissingExtension));
  // extensions<2..2^16-1>: an empty block is malformed.
  EXPECT_TRUE(fails_with(decode_hex<CertificateRequest13>("00 0000"), kDecodeError));
}

TEST(CertificateRequest12, WireFormat) {
  CertificateRequest12 request;
  request.certificate_types = {ClientCertificateType::kRsaSign, ClientCertificateType::kEcdsaSign};
  request.supported_signature_algorithms = {SignatureScheme::kEcdsaSecp256r1Sha256,
                                            SignatureScheme::kRsaPssRsaeSha256};
  expect_wire_format(request, "02 0140 0004 0403 0804 0000");
  request.certificate_authorities = {{0x30, 0x00}};
  expect_wire_format(request, "02 0140 0004 0403 0804 0004 0002 3000");
}

TEST(CertificateRequest12, RejectsEmptyListsAndEmptyNames) {
  EXPECT_TRUE(fails_with(decode_hex<CertificateRequest12>("00 0002 0403 0000"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<CertificateRequest12>("01 01 0000 0000"), kDecodeError));
  EXPECT_TRUE(
      fails_with(decode_hex<CertificateRequest12>("01 01 0002 0403 0002 0000"), kDecodeError));
}

// --- CertificateVerify and Finished ---------------------------------------------------------

TEST(CertificateVerify, WireFormat) {
  expect_wire_format(CertificateVerify{SignatureScheme::kRsaPssRsaeSha256, {1, 2, 3}},
                     "0804 0003 010203");
}

TEST(Finished, LengthIsGivenByTheCaller) {
  const Finished finished{Bytes(32, 0x5a)};
  EXPECT_EQ(to_hex(encode(finished)), hex_of(0x5a, 32));
  auto decoded = Finished::decode(Bytes(32, 0x5a), 32);
  ASSERT_TRUE(decoded.ok());
  EXPECT_TRUE(*decoded == finished);
  // RFC 8446 4.4.4: a Finished of any other length is not the right
  // verify_data, so decrypt_error (BoGo TrailingMessageData-*Finished).
  for (size_t length : {0, 1, 12, 31, 33}) {
    EXPECT_TRUE(
        fails_with(Finished::decode(Bytes(length, 0x5a), 32), AlertDescription::kDecryptError))
        << length;
  }
  EXPECT_TRUE(Finished::decode(Bytes(12, 0), 12).ok());
}

// --- NewSessionTicket -----------------------------------------------------------------------

TEST(NewSessionTicket13, WireFormat) {
  NewSessionTicket13 ticket;
  ticket.ticket_lifetime = 7200;
  ticket.ticket_age_add = 0x01020304;
  ticket.ticket_nonce = {0x00};
  ticket.ticket = {0xaa, 0xbb};
  expect_wire_format(ticket, "00001c20 01020304 01 00 0002 aabb 0000");
  ticket.extensions.early_data = EarlyDataNewSessionTicket{16384};
  expect_wire_format(ticket, "00001c20 01020304 01 00 0002 aabb 0008 002a 0004 00004000");
}

TEST(NewSessionTicket13, RejectsEmptyTicketAndMisplacedExtension) {
  EXPECT_TRUE(
      fails_with(decode_hex<NewSessionTicket13>("00001c20 01020304 00 0000 0000"), kDecodeError));
  // supported_versions in a NewSessionTicket.
  EXPECT_TRUE(
      fails_with(decode_hex<NewSessionTicket13>("00001c20 01020304 00 0001 aa 0006 002b 0002 0304"),
                 kIllegalParameter));
  // Unknown extensions are kept.
  auto ok = decode_hex<NewSessionTicket13>("00001c20 01020304 00 0001 aa 0005 abcd 0001 00");
  ASSERT_TRUE(ok.ok()) << ok.error().to_string();
  EXPECT_EQ(ok->extensions.unknown.size(), 1u);
}

TEST(NewSessionTicket12, WireFormat) {
  expect_wire_format(NewSessionTicket12{7200, {0xab, 0xcd}}, "00001c20 0002 abcd");
  expect_wire_format(NewSessionTicket12{0, {}}, "00000000 0000");
}

// --- KeyUpdate and empty messages -----------------------------------------------------------

TEST(KeyUpdate, WireFormatAndValues) {
  expect_wire_format(KeyUpdate{KeyUpdateRequest::kUpdateRequested}, "01");
  expect_wire_format(KeyUpdate{KeyUpdateRequest::kUpdateNotRequested}, "00");
  EXPECT_TRUE(fails_with(decode_hex<KeyUpdate>("02"), kIllegalParameter));
  EXPECT_TRUE(fails_with(decode_hex<KeyUpdate>("ff"), kIllegalParameter));
}

TEST(EmptyMessages, MustBeEmpty) {
  expect_wire_format(EndOfEarlyData{}, "");
  expect_wire_format(ServerHelloDone{}, "");
  expect_wire_format(HelloRequest{}, "");
  EXPECT_TRUE(fails_with(decode_hex<EndOfEarlyData>("00"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<ServerHelloDone>("00"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<HelloRequest>("00"), kDecodeError));
}

// --- ServerKeyExchange ----------------------------------------------------------------------

ServerKeyExchangeEcdhe sample_ecdhe() {
  return ServerKeyExchangeEcdhe{
      NamedGroup::kX25519, Bytes(32, 0x09), SignatureScheme::kRsaPssRsaeSha256, {0xab, 0xcd}};
}

TEST(ServerKeyExchangeEcdhe, WireFormat) {
  expect_wire_format(sample_ecdhe(), "03 001d 20" + hex_of(0x09, 32) + "0804 0002 abcd");
}

TEST(ServerKeyExchangeEcdhe, SignedContentIsRandomsAndParams) {
  const ServerKeyExchangeEcdhe ske = sample_ecdhe();
  const Bytes wire = test::encode(ske);
  const Bytes params = ske.params();
  ASSERT_EQ(params.size(), 4u + 32u);
  EXPECT_TRUE(std::equal(params.begin(), params.end(), wire.begin()));
  const Bytes client_random(32, 0xc1), server_random(32, 0x5e);
  const Bytes signed_content = ske.signed_content(client_random, server_random);
  EXPECT_EQ(to_hex(signed_content), hex_of(0xc1, 32) + hex_of(0x5e, 32) + to_hex(params));
}

TEST(ServerKeyExchangeEcdhe, RejectsOtherCurveTypesAndEmptyPoint) {
  EXPECT_TRUE(
      fails_with(decode_hex<ServerKeyExchangeEcdhe>("01 001d 01 04 0804 0000"), kIllegalParameter));
  EXPECT_TRUE(fails_with(decode_hex<ServerKeyExchangeEcdhe>("03 001d 00 0804 0000"), kDecodeError));
}

TEST(ServerKeyExchangeDhe, WireFormatAndSignedContent) {
  const ServerKeyExchangeDhe ske{{0x17}, {0x02}, {0x05}, SignatureScheme::kRsaPkcs1Sha256, {}};
  expect_wire_format(ske, "0001 17 0001 02 0001 05 0401 0000");
  EXPECT_EQ(to_hex(ske.params()), "000117000102000105");
  EXPECT_EQ(to_hex(ske.signed_content(Bytes{1}, Bytes{2})), "0102000117000102000105");
  EXPECT_TRUE(
      fails_with(decode_hex<ServerKeyExchangeDhe>("0000 0001 02 0001 05 0401 0000"), kDecodeError));
}

// --- ClientKeyExchange ----------------------------------------------------------------------

TEST(ClientKeyExchange, WireFormats) {
  expect_wire_format(ClientKeyExchangeRsa{{0xab, 0xcd}}, "0002 abcd");
  expect_wire_format(ClientKeyExchangeEcdhe{Bytes(32, 0x42)}, "20" + hex_of(0x42, 32));
  expect_wire_format(ClientKeyExchangeDhe{{0x01, 0x00}}, "0002 0100");
}

TEST(ClientKeyExchange, ZeroLengthWhereForbidden) {
  EXPECT_TRUE(decode_hex<ClientKeyExchangeRsa>("0000").ok());  // <0..2^16-1>
  EXPECT_TRUE(fails_with(decode_hex<ClientKeyExchangeEcdhe>("00"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<ClientKeyExchangeDhe>("0000"), kDecodeError));
}

// --- Alert and ChangeCipherSpec -------------------------------------------------------------

TEST(Alert, WireFormat) {
  expect_wire_format(Alert{AlertLevel::kFatal, AlertDescription::kDecodeError}, "0232");
  expect_wire_format(Alert{AlertLevel::kWarning, AlertDescription::kCloseNotify}, "0100");
  // Unknown values are kept for the caller to treat as fatal.
  auto odd = decode_hex<Alert>("07ee");
  ASSERT_TRUE(odd.ok());
  EXPECT_EQ(static_cast<uint8_t>(odd->level), 7);
  EXPECT_EQ(static_cast<uint8_t>(odd->description), 0xee);
}

TEST(ChangeCipherSpec, IsExactlyOneByteOne) {
  auto ok = decode_hex<ChangeCipherSpec>("01");
  EXPECT_TRUE(ok.ok());
  EXPECT_EQ(to_hex(test::encode(ChangeCipherSpec{})), "01");
  for (std::string_view bad : {"", "00", "02", "0101"}) {
    EXPECT_TRUE(fails_with(decode_hex<ChangeCipherSpec>(bad), AlertDescription::kUnexpectedMessage))
        << bad;
  }
}

}  // namespace
}  // namespace parley::codec

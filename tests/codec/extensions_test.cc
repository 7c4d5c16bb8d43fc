// Wire format, round trip and malformed-input tests for every typed
// extension body.
#include "codec/extensions.h"

#include <gtest/gtest.h>

#include <string>

#include "codec_test_util.h"

namespace parley::codec {
namespace {

using namespace test;

TEST(EmptyExtension, IsEmptyOnTheWire) {
  expect_wire_format(EmptyExtension{}, "");
  EXPECT_TRUE(fails_with(decode_hex<EmptyExtension>("00"), kDecodeError));
}

TEST(ServerNameList, WireFormatFromRfc8448) {
  // RFC 8448 3: server_name "server".
  expect_wire_format(ServerNameList{"server"}, "0009 00 0006 736572766572");
}

TEST(ServerNameList, RejectsEmptyListEmptyNameOtherTypesAndSecondName) {
  EXPECT_TRUE(fails_with(decode_hex<ServerNameList>("0000"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<ServerNameList>("0003 00 0000"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<ServerNameList>("0004 01 0001 61"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<ServerNameList>("0008 00 0001 61 00 0001 62"), kDecodeError));
  // The list length claims more than there is.
  EXPECT_TRUE(fails_with(decode_hex<ServerNameList>("0010 00 0001 61"), kDecodeError));
  // The name length runs past the list.
  EXPECT_TRUE(fails_with(decode_hex<ServerNameList>("0004 00 0002 61 62"), kDecodeError));
}

TEST(SupportedGroups, WireFormat) {
  expect_wire_format(SupportedGroups{{NamedGroup::kX25519, NamedGroup::kSecp256r1}},
                     "0004 001d 0017");
}

TEST(SupportedGroups, KeepsGreaseAndUnknownValues) {
  auto groups = decode_hex<SupportedGroups>("0006 0a0a 001d 9999");
  ASSERT_TRUE(groups.ok());
  ASSERT_EQ(groups->groups.size(), 3u);
  EXPECT_EQ(static_cast<uint16_t>(groups->groups[0]), 0x0a0a);
  EXPECT_EQ(groups->groups[1], NamedGroup::kX25519);
  EXPECT_EQ(static_cast<uint16_t>(groups->groups[2]), 0x9999);
}

TEST(SupportedGroups, RejectsEmptyAndOddLength) {
  EXPECT_TRUE(fails_with(decode_hex<SupportedGroups>("0000"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<SupportedGroups>("0003 001d 00"), kDecodeError));
}

TEST(EcPointFormats, WireFormat) {
  expect_wire_format(EcPointFormats{{EcPointFormat::kUncompressed}}, "01 00");
  EXPECT_TRUE(fails_with(decode_hex<EcPointFormats>("00"), kDecodeError));
}

TEST(SignatureSchemeList, WireFormat) {
  expect_wire_format(SignatureSchemeList{{SignatureScheme::kEcdsaSecp256r1Sha256,
                                          SignatureScheme::kRsaPssRsaeSha256}},
                     "0004 0403 0804");
}

TEST(SignatureSchemeList, RejectsEmptyOddAndOverlong) {
  EXPECT_TRUE(fails_with(decode_hex<SignatureSchemeList>("0000"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<SignatureSchemeList>("0001 04"), kDecodeError));
  // <2..2^16-2>: a list of 0xffff bytes is out of range.
  Bytes overlong = {0xff, 0xff};
  overlong.resize(2 + 0xffff, 0x04);
  EXPECT_TRUE(fails_with(SignatureSchemeList::decode(overlong), kDecodeError));
}

TEST(ProtocolNameList, WireFormat) {
  expect_wire_format(ProtocolNameList{{"h2", "http/1.1"}}, "000c 02 6832 08 687474702f312e31");
}

TEST(ProtocolNameList, RejectsEmptyListAndEmptyName) {
  EXPECT_TRUE(fails_with(decode_hex<ProtocolNameList>("0000"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<ProtocolNameList>("0003 00 01 61"), kDecodeError));
}

TEST(SelectedProtocol, WireFormatAndExactlyOneName) {
  expect_wire_format(SelectedProtocol{"h2"}, "0003 02 6832");
  EXPECT_TRUE(fails_with(decode_hex<SelectedProtocol>("0006 02 6832 02 6833"), kIllegalParameter));
}

TEST(SupportedVersions, ClientHelloForm) {
  expect_wire_format(
      SupportedVersionsClientHello{{ProtocolVersion::kTls13, ProtocolVersion::kTls12}},
      "04 0304 0303");
  EXPECT_TRUE(fails_with(decode_hex<SupportedVersionsClientHello>("00"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<SupportedVersionsClientHello>("03 0304 03"), kDecodeError));
  // RFC 8701 GREASE versions are kept.
  auto grease = decode_hex<SupportedVersionsClientHello>("04 7a7a 0304");
  ASSERT_TRUE(grease.ok());
  EXPECT_EQ(static_cast<uint16_t>(grease->versions[0]), 0x7a7a);
}

TEST(SupportedVersions, ServerHelloForm) {
  expect_wire_format(SupportedVersionsServerHello{ProtocolVersion::kTls13}, "0304");
}

TEST(KeyShare, ClientHelloForm) {
  const Bytes key(32, 0x42);
  expect_wire_format(KeyShareClientHello{{{NamedGroup::kX25519, key}}},
                     "0024 001d 0020 " + to_hex(key));
  // An empty client_shares list is legal (RFC 8446 4.2.8, to ask for HRR).
  expect_wire_format(KeyShareClientHello{}, "0000");
}

TEST(KeyShare, ClientHelloRejectsDuplicateGroupAndEmptyKey) {
  EXPECT_TRUE(fails_with(decode_hex<KeyShareClientHello>("000a 001d 0001 aa 001d 0001 bb"),
                         kIllegalParameter));
  EXPECT_TRUE(fails_with(decode_hex<KeyShareClientHello>("0004 001d 0000"), kDecodeError));
}

TEST(KeyShare, ServerHelloAndHelloRetryRequestForms) {
  expect_wire_format(KeyShareServerHello{{NamedGroup::kSecp256r1, {0x04, 0x01}}}, "0017 0002 0401");
  expect_wire_format(KeyShareHelloRetryRequest{NamedGroup::kSecp384r1}, "0018");
}

TEST(PskKeyExchangeModes, WireFormat) {
  expect_wire_format(PskKeyExchangeModes{{PskKeyExchangeMode::kPskDheKe}}, "01 01");
  EXPECT_TRUE(fails_with(decode_hex<PskKeyExchangeModes>("00"), kDecodeError));
}

OfferedPsks one_psk() {
  return OfferedPsks{{PskIdentity{{0x61, 0x62, 0x63, 0x64}, 0x01020304}}, {Bytes(32, 0x11)}};
}

TEST(OfferedPsks, WireFormatAndBindersLength) {
  const OfferedPsks psks = one_psk();
  expect_wire_format(psks, "000a 0004 61626364 01020304 0021 20" + hex_of(0x11, 32));
  EXPECT_EQ(psks.binders_length(), 2u + 1u + 32u);
}

TEST(OfferedPsks, RejectsCountMismatchShortBinderAndEmptyLists) {
  const std::string binder = "0021 20" + hex_of(0x11, 32);
  // Two identities, one binder: illegal_parameter.
  EXPECT_TRUE(
      fails_with(decode_hex<OfferedPsks>("0010 0002 6162 00000000 0002 6364 00000000 " + binder),
                 kIllegalParameter));
  // A 31-byte binder is below PskBinderEntry<32..255>.
  EXPECT_TRUE(fails_with(decode_hex<OfferedPsks>("0008 0002 6162 00000000 0020 1f" + hex_of(1, 31)),
                         kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<OfferedPsks>("0000 " + binder), kDecodeError));
  EXPECT_TRUE(
      fails_with(decode_hex<OfferedPsks>("0008 0000 00000000 00 00" + binder), kDecodeError));
}

TEST(PreSharedKeyServerHello, WireFormat) {
  expect_wire_format(PreSharedKeyServerHello{2}, "0002");
}

TEST(Cookie, WireFormatAndNonEmpty) {
  expect_wire_format(Cookie{{1, 2, 3}}, "0003 010203");
  EXPECT_TRUE(fails_with(decode_hex<Cookie>("0000"), kDecodeError));
}

TEST(EarlyDataNewSessionTicket, WireFormat) {
  expect_wire_format(EarlyDataNewSessionTicket{1024}, "00000400");
}

TEST(RenegotiationInfo, WireFormat) {
  expect_wire_format(RenegotiationInfo{}, "00");
  expect_wire_format(RenegotiationInfo{Bytes(12, 0xab)}, "0c" + hex_of(0xab, 12));
}

TEST(SessionTicket, IsTheWholeBodyAndMayBeEmpty) {
  expect_round_trip(SessionTicket{});
  expect_round_trip(SessionTicket{{0xab, 0xcd}});
  EXPECT_EQ(to_hex(test::encode(SessionTicket{{0xab, 0xcd}})), "abcd");
}

TEST(StatusRequest, OcspWireFormat) {
  expect_wire_format(StatusRequest{}, "01 0000 0000");
  expect_wire_format(StatusRequest{CertificateStatusType::kOcsp, {0xaa}, {0xbb, 0xcc}, {}},
                     "01 0001 aa 0002 bbcc");
}

TEST(StatusRequest, OtherStatusTypesAreKeptOpaque) {
  auto other = decode_hex<StatusRequest>("02 abcd");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(static_cast<uint8_t>(other->status_type), 2);
  EXPECT_EQ(to_hex(other->other_request), "abcd");
  expect_round_trip(*other);
  EXPECT_TRUE(fails_with(decode_hex<StatusRequest>(""), kDecodeError));
}

TEST(CertificateStatus, WireFormat) {
  expect_wire_format(CertificateStatus{{0x30, 0x03, 0x02, 0x01, 0x00}}, "01 000005 3003020100");
  EXPECT_TRUE(fails_with(decode_hex<CertificateStatus>("02 000001 30"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<CertificateStatus>("01 000000"), kDecodeError));
}

TEST(CertificateAuthorities, WireFormat) {
  expect_wire_format(CertificateAuthorities{{{0x30, 0x00}, {0x30, 0x01, 0x05}}},
                     "0009 0002 3000 0003 300105");
  EXPECT_TRUE(fails_with(decode_hex<CertificateAuthorities>("0000"), kDecodeError));
  EXPECT_TRUE(fails_with(decode_hex<CertificateAuthorities>("0004 0000 0000"), kDecodeError));
}

TEST(RecordSizeLimit, WireFormatAndMinimum) {
  expect_wire_format(RecordSizeLimit{0x4001}, "4001");
  expect_wire_format(RecordSizeLimit{64}, "0040");
  EXPECT_TRUE(fails_with(decode_hex<RecordSizeLimit>("003f"), kIllegalParameter));
  EXPECT_TRUE(fails_with(decode_hex<RecordSizeLimit>("0000"), kIllegalParameter));
}

TEST(ImplementedExtensions, CoverTheTypedOnesOnly) {
  EXPECT_TRUE(is_implemented_extension(ExtensionType::kKeyShare));
  EXPECT_TRUE(is_implemented_extension(ExtensionType::kRenegotiationInfo));
  EXPECT_TRUE(is_implemented_extension(ExtensionType::kRecordSizeLimit));
  EXPECT_FALSE(is_implemented_extension(ExtensionType::kPadding));
  EXPECT_FALSE(is_implemented_extension(ExtensionType::kSignedCertificateTimestamp));
  EXPECT_FALSE(is_implemented_extension(static_cast<ExtensionType>(0x0a0a)));
}

TEST(ExtensionOrder, IsNotPartOfTheValue) {
  ExtensionOrder a{{ExtensionType::kKeyShare}};
  ExtensionOrder b{{ExtensionType::kServerName, ExtensionType::kKeyShare}};
  EXPECT_TRUE(a == b);
}

}  // namespace
}  // namespace parley::codec

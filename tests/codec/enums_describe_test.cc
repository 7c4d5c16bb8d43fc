// Enum names and the one-line trace summaries.
#include <gtest/gtest.h>

#include "codec/describe.h"
#include "codec/enums.h"
#include "codec_test_util.h"

namespace parley::codec {
namespace {

TEST(EnumNames, IanaNames) {
  EXPECT_EQ(cipher_suite_name(CipherSuite::kTlsAes128GcmSha256), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(cipher_suite_name(CipherSuite::kTlsEcdheRsaWithChaCha20Poly1305Sha256),
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
  EXPECT_EQ(named_group_name(NamedGroup::kX25519), "x25519");
  EXPECT_EQ(named_group_name(NamedGroup::kFfdhe2048), "ffdhe2048");
  EXPECT_EQ(signature_scheme_name(SignatureScheme::kRsaPssRsaeSha256), "rsa_pss_rsae_sha256");
  EXPECT_EQ(extension_name(ExtensionType::kApplicationLayerProtocolNegotiation),
            "application_layer_protocol_negotiation");
  EXPECT_EQ(handshake_type_name(HandshakeType::kEncryptedExtensions), "encrypted_extensions");
  EXPECT_EQ(content_type_name(ContentType::kApplicationData), "application_data");
  EXPECT_EQ(protocol_version_name(ProtocolVersion::kTls13), "TLS 1.3");
}

TEST(EnumNames, UnknownValues) {
  EXPECT_EQ(cipher_suite_name(static_cast<CipherSuite>(0x1234)), "unknown_cipher_suite");
  EXPECT_EQ(named_group_name(static_cast<NamedGroup>(0x1234)), "unknown_group");
  EXPECT_EQ(extension_name(static_cast<ExtensionType>(0x1234)), "unknown_extension");
  EXPECT_EQ(handshake_type_name(static_cast<HandshakeType>(99)), "unknown_handshake_type");
}

TEST(EnumNames, FromNameInvertsName) {
  for (CipherSuite suite :
       {CipherSuite::kTlsAes256GcmSha384, CipherSuite::kTlsChaCha20Poly1305Sha256,
        CipherSuite::kTlsEcdheEcdsaWithAes256GcmSha384,
        CipherSuite::kTlsDheRsaWithAes128GcmSha256}) {
    EXPECT_EQ(cipher_suite_from_name(cipher_suite_name(suite)), suite);
  }
  for (NamedGroup group : {NamedGroup::kSecp256r1, NamedGroup::kSecp384r1, NamedGroup::kSecp521r1,
                           NamedGroup::kX25519, NamedGroup::kX448, NamedGroup::kFfdhe4096}) {
    EXPECT_EQ(named_group_from_name(named_group_name(group)), group);
  }
  for (SignatureScheme scheme :
       {SignatureScheme::kEd25519, SignatureScheme::kRsaPkcs1Sha384,
        SignatureScheme::kEcdsaSecp521r1Sha512, SignatureScheme::kRsaPssPssSha512}) {
    EXPECT_EQ(signature_scheme_from_name(signature_scheme_name(scheme)), scheme);
  }
  EXPECT_FALSE(cipher_suite_from_name("TLS_NOPE"));
  EXPECT_FALSE(named_group_from_name(""));
  EXPECT_FALSE(signature_scheme_from_name("unknown_signature_scheme"));
}

TEST(EnumLabels, NameGreaseOrHex) {
  EXPECT_EQ(cipher_suite_label(CipherSuite::kTlsAes128GcmSha256), "TLS_AES_128_GCM_SHA256");
  EXPECT_EQ(cipher_suite_label(static_cast<CipherSuite>(0x2a2a)), "GREASE(0x2a2a)");
  EXPECT_EQ(named_group_label(static_cast<NamedGroup>(0x11ec)), "X25519MLKEM768");
  EXPECT_EQ(named_group_label(static_cast<NamedGroup>(0x11ed)), "0x11ed");
  EXPECT_EQ(extension_label(static_cast<ExtensionType>(0xfafa)), "GREASE(0xfafa)");
  EXPECT_EQ(protocol_version_label(static_cast<ProtocolVersion>(0x7f17)), "0x7f17");
  EXPECT_EQ(signature_scheme_label(SignatureScheme::kEd25519), "ed25519");
}

TEST(Describe, Rfc8448ClientHello) {
  auto hello = ClientHello::decode(test::handshake_body(test::rfc8448_blocks("ClientHello")[0]));
  ASSERT_TRUE(hello.ok());
  EXPECT_EQ(describe(*hello),
            "ClientHello version=TLS 1.2 versions=[TLS 1.3] suites=[TLS_AES_128_GCM_SHA256, "
            "TLS_CHACHA20_POLY1305_SHA256, TLS_AES_256_GCM_SHA384] groups=[x25519, secp256r1, "
            "secp384r1, secp521r1, ffdhe2048, ffdhe3072, ffdhe4096, ffdhe6144, ffdhe8192] "
            "key_shares=[x25519(32)] sig_schemes=[ecdsa_secp256r1_sha256, ecdsa_secp384r1_sha384, "
            "ecdsa_secp521r1_sha512, ecdsa_sha1, rsa_pss_rsae_sha256, rsa_pss_rsae_sha384, "
            "rsa_pss_rsae_sha512, rsa_pkcs1_sha256, rsa_pkcs1_sha384, rsa_pkcs1_sha512, "
            "rsa_pkcs1_sha1, 0x0402, 0x0502, 0x0602, 0x0202] sni=\"server\" "
            "psk_modes=[psk_dhe_ke] record_size_limit=16385 ext=[server_name, "
            "renegotiation_info, supported_groups, session_ticket, key_share, supported_versions, "
            "signature_algorithms, psk_key_exchange_modes, record_size_limit]");
}

TEST(Describe, ServerHelloAndHelloRetryRequest) {
  std::vector<Bytes> hellos = test::rfc8448_blocks("ServerHello");
  ASSERT_GE(hellos.size(), 3u);
  auto sh = ServerHello::decode(test::handshake_body(hellos[0]));
  ASSERT_TRUE(sh.ok());
  EXPECT_EQ(describe(*sh),
            "ServerHello version=TLS 1.3 suite=TLS_AES_128_GCM_SHA256 key_share=x25519(32) "
            "ext=[key_share, supported_versions]");
  auto hrr = ServerHello::decode(test::handshake_body(hellos[2]));
  ASSERT_TRUE(hrr.ok());
  EXPECT_EQ(describe(*hrr),
            "HelloRetryRequest suite=TLS_AES_128_GCM_SHA256 version=TLS 1.3 group=secp256r1 "
            "cookie=114 bytes ext=[key_share, cookie, supported_versions]");
}

TEST(Describe, OtherMessages) {
  EXPECT_EQ(describe(Alert{AlertLevel::kFatal, AlertDescription::kHandshakeFailure}),
            "Alert level=fatal description=handshake_failure");
  EXPECT_EQ(describe(KeyUpdate{KeyUpdateRequest::kUpdateRequested}),
            "KeyUpdate request_update=update_requested");
  EXPECT_EQ(describe(CertificateVerify{SignatureScheme::kEd25519, Bytes(64, 0)}),
            "CertificateVerify scheme=ed25519 signature=64 bytes");
  EXPECT_EQ(describe(ServerKeyExchangeEcdhe{
                NamedGroup::kSecp256r1, Bytes(65, 4), SignatureScheme::kRsaPssRsaeSha256, {}}),
            "ServerKeyExchange group=secp256r1 public_key=65 bytes scheme=rsa_pss_rsae_sha256");
  EXPECT_EQ(describe(ChangeCipherSpec{}), "ChangeCipherSpec");
  EXPECT_EQ(describe(Finished{Bytes(12, 0)}), "Finished verify_data=12 bytes");
}

TEST(Describe, EscapesPeerStrings) {
  ClientHello hello;
  hello.cipher_suites = {CipherSuite::kTlsAes128GcmSha256};
  hello.extensions.server_name = ServerNameList{std::string("a\"b\n\x01z", 6)};
  const std::string line = describe(hello);
  EXPECT_NE(line.find("sni=\"a\\x22b\\x0a\\x01z\""), std::string::npos) << line;
  EXPECT_EQ(line.find('\n'), std::string::npos);
}

}  // namespace
}  // namespace parley::codec

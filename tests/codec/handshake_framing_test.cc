#include <gtest/gtest.h>

#include "codec/handshake.h"
#include "codec/messages.h"
#include "codec_test_util.h"

namespace parley::codec {
namespace {

using test::fails_with;
using test::hex;

TEST(HandshakeFraming, EncodesHeaderAndBody) {
  auto message = encode_handshake(Finished{Bytes(12, 0xab)});
  ASSERT_TRUE(message.ok());
  EXPECT_EQ(to_hex(*message), "1400000c" + to_hex(Bytes(12, 0xab)));

  auto raw = encode_handshake(HandshakeType::kServerHelloDone, {});
  ASSERT_TRUE(raw.ok());
  EXPECT_EQ(to_hex(*raw), "0e000000");
}

TEST(HandshakeFraming, SplitsAWholeMessage) {
  const Bytes message = hex("0f 000004 0804 0000");
  auto view = split_handshake_message(message);
  ASSERT_TRUE(view.ok());
  EXPECT_EQ(view->type, HandshakeType::kCertificateVerify);
  EXPECT_EQ(to_hex(view->body), "08040000");
}

TEST(HandshakeFraming, LengthMustMatchExactly) {
  EXPECT_TRUE(fails_with(split_handshake_message(hex("0f 000005 0804 0000")),
                         AlertDescription::kDecodeError));
  EXPECT_TRUE(fails_with(split_handshake_message(hex("0f 000003 0804 0000")),
                         AlertDescription::kDecodeError));
  for (std::string_view short_header : {"", "0f", "0f00", "0f0000"}) {
    EXPECT_TRUE(
        fails_with(split_handshake_message(hex(short_header)), AlertDescription::kDecodeError));
  }
}

TEST(HandshakeFraming, HeaderReaderLeavesTheBody) {
  const Bytes data = hex("01 000002 abcd ee");
  Reader r(data);
  auto header = decode_handshake_header(r);
  ASSERT_TRUE(header.ok());
  EXPECT_EQ(*header, (HandshakeHeader{HandshakeType::kClientHello, 2}));
  EXPECT_EQ(r.remaining(), 3u);
}

TEST(HandshakeFraming, OverlongFieldIsAnInternalErrorNotACorruptMessage) {
  // A configured ALPN name longer than ProtocolName<1..2^8-1>.
  EncryptedExtensions ee;
  ee.extensions.alpn = SelectedProtocol{std::string(300, 'a')};
  auto message = encode_handshake(ee);
  EXPECT_TRUE(fails_with(message, AlertDescription::kInternalError));
  EXPECT_TRUE(fails_with(encode_body(ee), AlertDescription::kInternalError));
}

}  // namespace
}  // namespace parley::codec

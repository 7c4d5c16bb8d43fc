#include "x509/host_name.h"

#include <gtest/gtest.h>

namespace parley::x509 {
namespace {

TEST(HostName, PresentedDnsNameSyntax) {
  EXPECT_TRUE(dns_name_is_valid("example.com", false));
  EXPECT_TRUE(dns_name_is_valid("xn--bcher-kva.example", false));
  EXPECT_TRUE(dns_name_is_valid("_acme.example.com", false));
  EXPECT_TRUE(dns_name_is_valid("*.example.com", true));
  EXPECT_FALSE(dns_name_is_valid("*.example.com", false));
  EXPECT_FALSE(dns_name_is_valid("*", true));
  EXPECT_FALSE(dns_name_is_valid("f*.example.com", true));
  EXPECT_FALSE(dns_name_is_valid("www.*.example.com", true));
  EXPECT_FALSE(dns_name_is_valid(".example.com", true));
  EXPECT_FALSE(dns_name_is_valid("example..com", true));
  EXPECT_FALSE(dns_name_is_valid("example.com.", true));
  EXPECT_FALSE(dns_name_is_valid("-example.com", true));
  EXPECT_FALSE(dns_name_is_valid("exa mple.com", true));
  EXPECT_FALSE(dns_name_is_valid("", true));
  EXPECT_FALSE(dns_name_is_valid(std::string(64, 'a') + ".com", true));
  EXPECT_TRUE(dns_name_is_valid(std::string(63, 'a') + ".com", true));
}

TEST(HostName, ConstraintSyntax) {
  EXPECT_TRUE(dns_constraint_is_valid(""));
  EXPECT_TRUE(dns_constraint_is_valid("example.com"));
  EXPECT_TRUE(dns_constraint_is_valid(".example.com"));
  EXPECT_FALSE(dns_constraint_is_valid("*.example.com"));
  EXPECT_FALSE(dns_constraint_is_valid("..example.com"));
}

TEST(HostName, IpSubnetSyntax) {
  EXPECT_TRUE(ip_subnet_is_valid(Bytes{192, 0, 2, 0, 255, 255, 255, 0}));
  EXPECT_TRUE(ip_subnet_is_valid(Bytes{0, 0, 0, 0, 0, 0, 0, 0}));
  EXPECT_FALSE(ip_subnet_is_valid(Bytes{192, 0, 2, 0, 255, 0, 255, 0}));    // not a prefix
  EXPECT_FALSE(ip_subnet_is_valid(Bytes{192, 0, 2, 1, 255, 255, 255, 0}));  // host bits set
  EXPECT_FALSE(ip_subnet_is_valid(Bytes{192, 0, 2, 0}));
  Bytes v6(32, 0);
  v6[16] = 0xff;
  EXPECT_TRUE(ip_subnet_is_valid(v6));
}

TEST(HostName, ExactNamesMatchCaseInsensitively) {
  EXPECT_TRUE(dns_name_matches("Example.COM", "example.com"));
  EXPECT_FALSE(dns_name_matches("example.com", "www.example.com"));
  EXPECT_FALSE(dns_name_matches("www.example.com", "example.com"));
  EXPECT_FALSE(dns_name_matches("example.com.evil", "example.com"));
}

TEST(HostName, WildcardsCoverExactlyOneLeftmostLabel) {
  EXPECT_TRUE(dns_name_matches("*.example.com", "www.example.com"));
  EXPECT_TRUE(dns_name_matches("*.EXAMPLE.com", "xn--bcher-kva.example.com"));
  EXPECT_FALSE(dns_name_matches("*.example.com", "example.com"));
  EXPECT_FALSE(dns_name_matches("*.example.com", "a.b.example.com"));
  EXPECT_FALSE(dns_name_matches("*.com", "example.com"));  // public suffix
  EXPECT_FALSE(dns_name_matches("w*.example.com", "www.example.com"));
  EXPECT_FALSE(dns_name_matches("*w.example.com", "ww.example.com"));
  EXPECT_FALSE(dns_name_matches("www.*.com", "www.example.com"));
  EXPECT_FALSE(dns_name_matches("xn--*-1b3c148a.example.com", "xn--bliss-1b3c148a.example.com"));
}

TEST(HostName, ParsesIpv4Strictly) {
  EXPECT_EQ(*parse_ip_address("192.0.2.1"), (Bytes{192, 0, 2, 1}));
  EXPECT_EQ(*parse_ip_address("0.0.0.0"), (Bytes{0, 0, 0, 0}));
  for (const char* bad : {"192.0.2", "192.0.2.1.5", "192.0.2.256", "192.0.02.1", "192.0.2.",
                          "1.2.3.-4", "0x7f.0.0.1", ""}) {
    EXPECT_FALSE(parse_ip_address(bad).has_value()) << bad;
  }
}

TEST(HostName, ParsesIpv6Forms) {
  Bytes loopback(16, 0);
  loopback[15] = 1;
  EXPECT_EQ(*parse_ip_address("::1"), loopback);
  EXPECT_EQ(*parse_ip_address("0:0:0:0:0:0:0:1"), loopback);
  EXPECT_EQ(*parse_ip_address("::"), Bytes(16, 0));
  Bytes doc = {0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x01};
  EXPECT_EQ(*parse_ip_address("2001:DB8::1"), doc);
  Bytes mapped = {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1};
  EXPECT_EQ(*parse_ip_address("::ffff:192.0.2.1"), mapped);
  for (const char* bad : {":::", "1::2::3", "1:2:3:4:5:6:7", "1:2:3:4:5:6:7:8:9", "12345::", "::g",
                          "1:2:3:4:5:6:7::8", "fe80::1%eth0", "::1.2.3"}) {
    EXPECT_FALSE(parse_ip_address(bad).has_value()) << bad;
  }
  EXPECT_EQ(format_ip_address(doc), "2001:0db8:0000:0000:0000:0000:0000:0001");
  EXPECT_EQ(format_ip_address(Bytes{10, 1, 2, 3}), "10.1.2.3");
}

TEST(HostName, PeerNameParsing) {
  auto dns = PeerName::parse("WWW.Example.com.");
  ASSERT_TRUE(dns.has_value());
  EXPECT_EQ(dns->kind, PeerName::Kind::kDns);
  EXPECT_EQ(dns->dns, "www.example.com");
  auto ip = PeerName::parse("192.0.2.1");
  ASSERT_TRUE(ip.has_value());
  EXPECT_EQ(ip->kind, PeerName::Kind::kIp);
  EXPECT_EQ(ip->to_string(), "192.0.2.1");
  EXPECT_FALSE(PeerName::parse("*.example.com").has_value());
  EXPECT_FALSE(PeerName::parse("bad name").has_value());
  EXPECT_FALSE(PeerName::parse("").has_value());
}

}  // namespace
}  // namespace parley::x509

#include "x509/name_constraints.h"

#include <gtest/gtest.h>

namespace parley::x509 {
namespace {

TEST(NameConstraints, DnsSubtrees) {
  EXPECT_TRUE(dns_in_subtree("example.com", "example.com"));
  EXPECT_TRUE(dns_in_subtree("www.EXAMPLE.com", "example.com"));
  EXPECT_FALSE(dns_in_subtree("notexample.com", "example.com"));  // label boundary
  EXPECT_FALSE(dns_in_subtree("example.com.evil", "example.com"));
  EXPECT_TRUE(dns_in_subtree("www.example.com", ".example.com"));
  EXPECT_FALSE(dns_in_subtree("example.com", ".example.com"));  // subdomains only
  EXPECT_TRUE(dns_in_subtree("anything.test", ""));
}

TEST(NameConstraints, IpSubtrees) {
  const Bytes net = {192, 0, 2, 0, 255, 255, 255, 0};
  EXPECT_TRUE(ip_in_subtree(Bytes{192, 0, 2, 200}, net));
  EXPECT_FALSE(ip_in_subtree(Bytes{192, 0, 3, 1}, net));
  Bytes v6(16, 0);
  EXPECT_FALSE(ip_in_subtree(v6, net));  // other family
  Bytes v6_net(32, 0);
  v6_net[0] = 0x20;
  v6_net[16] = 0xff;
  Bytes v6_addr(16, 0);
  v6_addr[0] = 0x20;
  v6_addr[15] = 7;
  EXPECT_TRUE(ip_in_subtree(v6_addr, v6_net));
}

TEST(NameConstraints, EmailSubtrees) {
  EXPECT_TRUE(email_in_subtree("user@example.com", "user@EXAMPLE.com"));
  EXPECT_FALSE(email_in_subtree("User@example.com", "user@example.com"));  // local part exact
  EXPECT_TRUE(email_in_subtree("anyone@example.com", "example.com"));
  EXPECT_FALSE(email_in_subtree("anyone@mail.example.com", "example.com"));
  EXPECT_TRUE(email_in_subtree("anyone@mail.example.com", ".example.com"));
  EXPECT_FALSE(email_in_subtree("anyone@example.com", ".example.com"));
  EXPECT_FALSE(email_in_subtree("no-at-sign", "example.com"));
}

Name name_of(const Bytes& der) {
  der::Parser parser(der);
  auto name = parse_name(parser);
  EXPECT_TRUE(name.ok());
  return *name;
}

TEST(NameConstraints, DirectorySubtreesArePrefixesOfRdns) {
  // C=US, O=Org   and   C=US, O=Org, CN=host   and   C=US, O=Other
  const Bytes c_o = {0x30, 0x1c, 0x31, 0x0b, 0x30, 0x09, 0x06, 0x03, 0x55, 0x04,
                     0x06, 0x13, 0x02, 'U',  'S',  0x31, 0x0d, 0x30, 0x0b, 0x06,
                     0x03, 0x55, 0x04, 0x0a, 0x0c, 0x04, 'O',  'r',  'g',  '.'};
  Bytes c_o_cn = c_o;
  c_o_cn[1] = 0x2b;
  const Bytes cn = {0x31, 0x0d, 0x30, 0x0b, 0x06, 0x03, 0x55, 0x04,
                    0x03, 0x0c, 0x04, 'h',  'o',  's',  't'};
  c_o_cn.insert(c_o_cn.end(), cn.begin(), cn.end());
  Bytes other = c_o;
  other[other.size() - 1] = '!';
  const Name org = name_of(c_o);
  const Name host = name_of(c_o_cn);
  EXPECT_EQ(host.to_string(), "C=US, O=Org., CN=host");
  EXPECT_TRUE(directory_in_subtree(host, org));
  EXPECT_TRUE(directory_in_subtree(org, org));
  EXPECT_FALSE(directory_in_subtree(org, host));
  EXPECT_FALSE(directory_in_subtree(host, name_of(other)));
}

}  // namespace
}  // namespace parley::x509

// Configurations for the io, Asio and Beast tests: the io certificates
// (a server for localhost signed by a test CA), the clock pinned inside
// their validity.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <string_view>

#include "io/test_certs.h"
#include "parley/config.h"

namespace parley::test {

inline std::shared_ptr<const ServerConfig> test_server_config() {
  auto config = std::make_shared<ServerConfig>();
  auto key = CertifiedKey::from_pem(kServerChainPem, kServerKeyPem);
  EXPECT_TRUE(key.ok()) << key.error().to_string();
  if (key.ok()) config->certificates.push_back(*key);
  config->clock = [] { return kCertificateTime; };
  return config;
}

inline std::shared_ptr<const ClientConfig> test_client_config(std::string_view ca_pem = kCaPem) {
  auto config = std::make_shared<ClientConfig>();
  auto anchors = TrustAnchors::from_pem(ca_pem);
  EXPECT_TRUE(anchors.ok()) << anchors.error().to_string();
  if (anchors.ok()) config->trust_anchors = *anchors;
  config->clock = [] { return kCertificateTime; };
  return config;
}

}  // namespace parley::test

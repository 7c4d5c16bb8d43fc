// Many TLS clients at once from one thread, for loading `parley server`:
// each opens a loopback connection, handshakes, sends one request and reads
// the reply until the server's close_notify; one poll() loop drives them
// all, so their handshakes are truly concurrent.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "parley/config.h"

namespace parley::interop {

struct CrowdResult {
  std::string response;                         // the plaintext received
  std::string error;                            // empty when the exchange ended with close_notify
  std::chrono::microseconds handshake_time{0};  // connect to handshake done
};

// Runs `count` clients against 127.0.0.1:port, each sending `request` once
// its handshake is done; gives up on the ones unfinished after `timeout`.
std::vector<CrowdResult> run_crowd(const std::shared_ptr<const ClientConfig>& config, uint16_t port,
                                   size_t count, const std::string& request,
                                   std::chrono::milliseconds timeout);

// A client config trusting `ca_file`, offering x25519 only (cheap on the client side).
std::shared_ptr<const ClientConfig> crowd_config(const std::string& ca_file);

// A connected loopback TCP socket (blocking), or -1.
int connect_loopback(uint16_t port);

}  // namespace parley::interop

// What the example servers share: their config from a certificate and key
// file, and a listening TCP socket on 127.0.0.1 (POSIX; the library itself
// never touches sockets except through parley::Stream).
#pragma once

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <memory>

#include "parley/config.h"

// A server config with the chain and key of these PEM files; exits with a
// message naming `program` when they do not load.
inline std::shared_ptr<parley::ServerConfig> server_config_or_exit(const char* program,
                                                                   const char* chain_path,
                                                                   const char* key_path) {
  auto key = parley::CertifiedKey::from_pem_files(chain_path, key_path);
  if (!key) {
    std::fprintf(stderr, "%s: %s\n", program, key.error().to_string().c_str());
    std::exit(1);
  }
  auto config = std::make_shared<parley::ServerConfig>();
  config->certificates = {*key};
  return config;
}

// Listens on 127.0.0.1:port (0: any free port) and prints the port to
// stdout, so a script can connect. Returns the socket, or -1.
inline int listen_on_loopback(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return -1;
  const int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(port);
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t length = sizeof address;
  if (bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) != 0 || listen(fd, 16) != 0 ||
      getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) != 0) {
    close(fd);
    return -1;
  }
  std::printf("listening on port %u\n", ntohs(address.sin_port));
  std::fflush(stdout);
  return fd;
}

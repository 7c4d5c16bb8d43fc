// A blocking HTTPS server: accepts connections one at a time, answers each
// request with a small page naming the negotiated version and suite, and
// exits after COUNT connections.
//   blocking_server CERT.pem KEY.pem PORT [COUNT]
#include <sys/socket.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "example_server.h"
#include "parley/stream.h"

namespace {

// Reads up to the end of the request head, then answers it.
bool serve(parley::Stream& stream) {
  std::string request;
  uint8_t buffer[4096];
  while (request.find("\r\n\r\n") == std::string::npos) {
    auto n = stream.read(buffer);
    if (!n || *n == 0) return false;
    request.append(reinterpret_cast<const char*>(buffer), *n);
  }
  const parley::SessionInfo& info = stream.connection().info();
  const std::string body = "hello from blocking_server over " +
                           std::string(parley::name_of(*info.version)) + " " +
                           std::string(parley::name_of(*info.cipher_suite)) + "\n";
  const std::string response = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " +
                               std::to_string(body.size()) + "\r\nConnection: close\r\n\r\n" + body;
  const auto* bytes = reinterpret_cast<const uint8_t*>(response.data());
  return stream.write_all({bytes, response.size()}).ok() && stream.close().ok();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 4) {
    std::fprintf(stderr, "usage: blocking_server CERT.pem KEY.pem PORT [COUNT]\n");
    return 2;
  }
  auto config = server_config_or_exit("blocking_server", argv[1], argv[2]);
  config->alpn_protocols = {"http/1.1"};
  const int listener = listen_on_loopback(static_cast<uint16_t>(std::atoi(argv[3])));
  if (listener < 0) return 1;
  const int count = argc > 4 ? std::atoi(argv[4]) : 1;
  int failures = 0;
  for (int served = 0; served < count; ++served) {
    const int fd = accept(listener, nullptr, nullptr);
    if (fd < 0) return 1;
    auto stream = parley::Stream::accept(fd, config);  // takes the socket
    if (!stream) {
      std::fprintf(stderr, "blocking_server: %s\n", stream.error().to_string().c_str());
      ++failures;
      continue;
    }
    if (!serve(*stream)) ++failures;
  }
  close(listener);
  return failures == 0 ? 0 : 1;
}

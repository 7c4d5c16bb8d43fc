// Fetches a page over HTTPS and writes the response to stdout. The server's
// certificate is checked against the system's trust store, or the CA
// certificates of --cafile.
//   https_get [--cafile FILE] HOST [PATH [PORT]]
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "parley/stream.h"

static int fail(const char* what, const parley::Error& error) {
  std::fprintf(stderr, "https_get: %s: %s\n", what, error.to_string().c_str());
  return 1;
}

int main(int argc, char** argv) {
  int arg = 1;
  const char* cafile = nullptr;
  if (argc > 2 && std::string_view(argv[1]) == "--cafile") {
    cafile = argv[2];
    arg = 3;
  }
  if (argc <= arg) {
    std::fprintf(stderr, "usage: https_get [--cafile FILE] HOST [PATH [PORT]]\n");
    return 2;
  }
  const std::string host = argv[arg], path = argc > arg + 1 ? argv[arg + 1] : "/";
  const auto port = static_cast<uint16_t>(argc > arg + 2 ? std::atoi(argv[arg + 2]) : 443);
  auto anchors = cafile ? parley::TrustAnchors::from_path(cafile) : parley::TrustAnchors::system();
  if (!anchors) return fail("trust anchors", anchors.error());
  auto config = std::make_shared<parley::ClientConfig>();
  config->trust_anchors = *anchors;
  config->alpn_protocols = {"http/1.1"};
  auto stream = parley::Stream::connect(host, port, config, host);
  if (!stream) return fail("connect", stream.error());
  const std::string request = "GET " + path + " HTTP/1.1\r\nHost: " + host +
                              "\r\nConnection: close\r\nUser-Agent: parley\r\n\r\n";
  const auto* bytes = reinterpret_cast<const uint8_t*>(request.data());
  if (auto sent = stream->write_all({bytes, request.size()}); !sent)
    return fail("write", sent.error());
  uint8_t buffer[16384];
  while (true) {
    auto n = stream->read(buffer);
    if (!n) return fail("read", n.error());
    if (*n == 0) return 0;  // the server's close_notify: the page is complete
    std::fwrite(buffer, 1, *n, stdout);
  }
}

// What most loopback tests start from: the ECDSA P-256 server files with
// their CA, and a server process started on a free port.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "interop/process.h"

namespace parley::interop {

// The CA, the ECDSA P-256 server certificate and key, and a private directory.
struct Files {
  std::string ca, cert, key, dir;
};
Files files();

// A server started on a free port by `argv(port)`, retried if the port was
// taken meanwhile.
struct Server {
  std::optional<Process> process;
  uint16_t port = 0;
};
Server start_server(const std::function<std::vector<std::string>(uint16_t)>& argv,
                    const std::string& dir);

}  // namespace parley::interop

// parley server: accept connections one at a time and serve each as
// --echo, --www or (by default) print its data to stdout.
#pragma once

#include <memory>
#include <string>

#include "args.h"
#include "io/socket.h"
#include "parley/config.h"

namespace parley::cli {

// Runs `parley server`; returns the exit status (with --once, the outcome of
// the one connection).
int run_server(const Options& options);

// Serves one accepted connection; reports any failure on stderr, prefixed
// with `peer`, and returns whether it ended cleanly.
bool serve_connection(io::UniqueFd socket, std::shared_ptr<const ServerConfig> config,
                      const Options& options, const std::string& peer);

}  // namespace parley::cli

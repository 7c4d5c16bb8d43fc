// parley server: serves many connections at once, one epoll event loop per
// worker thread, each connection as --echo, --www or (by default) printing
// its data to stdout.
#pragma once

#include "args.h"

namespace parley::cli {

// Runs `parley server` until SIGINT or SIGTERM (then stops accepting, lets
// established connections finish or sends them close_notify, prints a
// summary line and returns 0), or with --once until its one connection ends
// (returning its outcome).
int run_server(const Options& options);

}  // namespace parley::cli

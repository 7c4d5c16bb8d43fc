// Loopback ports for test servers: picking a free one, and waiting until a
// server process listens on it without connecting to it (a probe connection
// would use up a server started to accept exactly one).
#pragma once

#include <cstdint>

#include "interop/process.h"

namespace parley::interop {

// A port that was free on 127.0.0.1 a moment ago (the system's choice for
// port 0), or 0 if none could be had. Another process may take it before the
// server binds it: callers retry with a new port when the server exits early.
uint16_t pick_free_port();

// Waits until `server` owns a listening TCP socket (IPv4 or IPv6) on `port`.
// False if it exits first or `timeout` passes.
bool wait_until_listening(Process& server, uint16_t port, Millis timeout);

}  // namespace parley::interop

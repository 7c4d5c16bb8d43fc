// Moving TLS bytes between a Connection and a socket: shared by the blocking
// Stream and the parley command's poll() loop.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "parley/connection.h"
#include "parley/error.h"
#include "parley/pump.h"

namespace parley::io {

// Receives once from `fd` (up to one TLS record with its header) and appends
// it to `pending`. Returns the count; 0 means the peer closed its side.
Result<size_t> receive_tls_bytes(int fd, std::vector<uint8_t>& pending);

// Offers `pending` to the connection and drops the bytes it took. If the
// connection fails, the one alert it queued is sent (best effort) and its
// error returned.
Status offer_tls_bytes(Connection& connection, std::vector<uint8_t>& pending, int fd);

// Sends everything the connection has pending, blocking as needed.
Status flush_tls(Connection& connection, int fd);
// Sends what the socket accepts right now, without waiting.
Status flush_tls_nonblocking(Connection& connection, int fd);

// The socket as a Pump's transport; send blocks unless `nonblocking`.
Transport socket_transport(int fd, bool nonblocking);

using parley::unexpected_eof;

}  // namespace parley::io

// parley client: connect, handshake, then relay stdin -> server -> stdout.
#pragma once

#include "args.h"
#include "parley/connection.h"
#include "parley/error.h"

namespace parley::cli {

// Runs `parley client`; returns the exit status.
int run_client(const Options& options);

// Relays an established connection on `socket_fd` with poll(): bytes read
// from `input_fd` are sent, decrypted data is written to `output_fd`. At the
// input's end it sends close_notify (a TLS half-close) and keeps reading.
// Returns once the peer has sent close_notify (answering with ours), or with
// the error that ended the connection.
Status relay(Connection& connection, int socket_fd, int input_fd, int output_fd);

}  // namespace parley::cli

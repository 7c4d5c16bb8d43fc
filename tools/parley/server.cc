#include "server.h"

#include <unistd.h>

#include <array>
#include <cstdio>

#include "config.h"
#include "parley/stream.h"
#include "trace.h"
#include "www.h"

namespace parley::cli {
namespace {

constexpr size_t kChunkSize = 16384;
// A client that stalls must not hold the (sequential) server for long.
constexpr int kHandshakeTimeoutMs = 10000;
constexpr int kRequestTimeoutMs = 10000;
// After our close_notify, how long to wait for the client's before closing.
constexpr int kLingerTimeoutMs = 2000;
constexpr size_t kMaxRequestHead = 16384;

// Calls `sink` with each chunk of data until the client's close_notify.
template <typename Sink>
Status read_until_closed(Stream& stream, Sink sink) {
  std::array<uint8_t, kChunkSize> buffer;
  while (true) {
    PARLEY_ASSIGN_OR_RETURN(size_t n, stream.read(buffer));
    if (n == 0) return Status();
    PARLEY_TRY(sink(std::span<const uint8_t>(buffer.data(), n)));
  }
}

Status print_data(Stream& stream) {
  PARLEY_TRY(read_until_closed(
      stream, [](std::span<const uint8_t> data) { return io::write_all(STDOUT_FILENO, data); }));
  return stream.close();
}

Status echo_data(Stream& stream) {
  PARLEY_TRY(read_until_closed(
      stream, [&stream](std::span<const uint8_t> data) { return stream.write_all(data); }));
  return stream.close();
}

Result<std::string> read_request_head(Stream& stream) {
  std::string request;
  std::array<uint8_t, kChunkSize> buffer;
  while (!has_complete_request_head(request)) {
    if (request.size() > kMaxRequestHead) return io::io_error("HTTP request head too long");
    PARLEY_ASSIGN_OR_RETURN(size_t n, stream.read(buffer));
    if (n == 0) return io::io_error("the client closed before the end of its HTTP request");
    request.append(reinterpret_cast<const char*>(buffer.data()), n);
  }
  return request;
}

Status serve_www(Stream& stream) {
  PARLEY_TRY(io::set_receive_timeout(stream.fd(), kRequestTimeoutMs));
  PARLEY_ASSIGN_OR_RETURN(std::string request, read_request_head(stream));
  const std::string response = http_response(request, stream.connection().info());
  PARLEY_TRY(stream.write_all(std::span<const uint8_t>(
      reinterpret_cast<const uint8_t*>(response.data()), response.size())));
  PARLEY_TRY(stream.close());
  // Wait briefly for the client's close_notify: closing with unread data
  // would reset the connection and could discard the response in flight.
  PARLEY_TRY(io::set_receive_timeout(stream.fd(), kLingerTimeoutMs));
  (void)read_until_closed(stream, [](std::span<const uint8_t>) { return Status(); });
  return Status();
}

Status run_action(Stream& stream, ServerAction action) {
  switch (action) {
    case ServerAction::kEcho:
      return echo_data(stream);
    case ServerAction::kWww:
      return serve_www(stream);
    case ServerAction::kPrint:
      return print_data(stream);
  }
  return internal_error("unknown server action");
}

}  // namespace

bool serve_connection(io::UniqueFd socket, std::shared_ptr<const ServerConfig> config,
                      const Options& options, const std::string& peer) {
  auto connection = ServerConnection::create(std::move(config));
  if (!connection.ok()) {
    report_error(peer, connection.error());
    return false;
  }
  if (Status status = io::set_receive_timeout(socket.get(), kHandshakeTimeoutMs); !status.ok()) {
    report_error(peer, status.error());
    return false;
  }
  Stream stream(socket.release(), std::make_unique<ServerConnection>(std::move(*connection)));
  if (Status status = stream.handshake(); !status.ok()) {
    report_error(peer + ": handshake failed", status.error());
    return false;
  }
  const SessionInfo& info = stream.connection().info();
  if (!options.quiet) {
    std::string line = describe_session(info);
    if (!info.peer_certificate_subject.empty()) {
      line += " client=\"" + info.peer_certificate_subject + "\"";
    }
    std::fprintf(stderr, "parley: %s: %s\n", peer.c_str(), line.c_str());
  }
  Status status = io::set_receive_timeout(stream.fd(), 0);
  if (status.ok()) status = run_action(stream, options.action);
  if (!status.ok()) {
    report_error(peer, status.error());
    return false;
  }
  return true;
}

int run_server(const Options& options) {
  auto config = build_server_config(options);
  if (!config.ok()) {
    report_error("", config.error());
    return 1;
  }
  auto listener = io::tcp_listen(options.address.host, options.address.port);
  if (!listener.ok()) {
    std::fprintf(stderr, "parley: %s\n", listener.error().message.c_str());
    return 1;
  }
  if (!options.quiet) {
    auto address = io::local_address(listener->get());
    std::fprintf(stderr, "parley: listening on %s\n",
                 address.ok() ? address->c_str() : "(unknown address)");
  }
  while (true) {
    auto socket = io::tcp_accept(listener->get());
    if (!socket.ok()) {
      report_error("", socket.error());
      return 1;
    }
    auto peer_address = io::peer_address(socket->get());
    const std::string peer = peer_address.ok() ? *peer_address : "client";
    const bool served = serve_connection(std::move(*socket), *config, options, peer);
    if (options.once) return served ? 0 : 1;
  }
}

}  // namespace parley::cli

// parley server --www: the HTTP/1.0 answer describing the TLS session.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "io/socket.h"
#include "parley/connection.h"

namespace parley::cli {

// The request head ends at the first empty line (RFC 1945 4.1).
bool has_complete_request_head(std::string_view received);

// 200 with a small text/html page (version, suite, group, signature scheme,
// ALPN, client certificate subject) for a GET, 405 for any other method.
std::string http_response(std::string_view request, const SessionInfo& info);

std::string html_escape(std::string_view text);

// --www-root: the answer to a GET for a file under the root.
struct FileAnswer {
  int status = 0;     // 200, or the error's status
  std::string head;   // the status line and headers (and, for an error, its page)
  io::UniqueFd file;  // 200: the file, to send after head
  uint64_t size = 0;  // 200: its Content-Length
};

// Maps the request target to a regular file under `root`. A target that
// climbs out of the root ("..", or a symbolic link leading outside) gets
// 403, as does a directory (no listings); a missing file 404; a malformed
// target 400; a method other than GET 405. No ranges: always the whole file.
FileAnswer answer_file_request(std::string_view request, const std::string& root);

}  // namespace parley::cli

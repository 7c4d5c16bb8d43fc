// parley server --www: the HTTP/1.0 answer describing the TLS session.
#pragma once

#include <string>
#include <string_view>

#include "parley/connection.h"

namespace parley::cli {

// The request head ends at the first empty line (RFC 1945 4.1).
bool has_complete_request_head(std::string_view received);

// 200 with a small text/html page (version, suite, group, signature scheme,
// ALPN, client certificate subject) for a GET, 405 for any other method.
std::string http_response(std::string_view request, const SessionInfo& info);

std::string html_escape(std::string_view text);

}  // namespace parley::cli

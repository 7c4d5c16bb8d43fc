#include "www.h"

#include "trace.h"

namespace parley::cli {

bool has_complete_request_head(std::string_view received) {
  return received.find("\r\n\r\n") != std::string_view::npos ||
         received.find("\n\n") != std::string_view::npos;
}

std::string html_escape(std::string_view text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

namespace {

std::string http_message(std::string_view status, std::string_view body) {
  return "HTTP/1.0 " + std::string(status) +
         "\r\n"
         "Content-Type: text/html; charset=utf-8\r\n"
         "Content-Length: " +
         std::to_string(body.size()) +
         "\r\n"
         "Connection: close\r\n"
         "\r\n" +
         std::string(body);
}

std::string session_page(const SessionInfo& info) {
  std::string rows;
  auto add_row = [&rows](std::string_view name, std::string_view value) {
    rows += "<tr><th>" + html_escape(name) + "</th><td>" + html_escape(value) + "</td></tr>\n";
  };
  for (const auto& [key, value] : session_fields(info)) add_row(key, value);
  add_row("client certificate",
          info.peer_certificate_subject.empty() ? "none" : info.peer_certificate_subject);
  return "<!DOCTYPE html>\n<html><head><title>parley</title></head><body>\n"
         "<h1>parley TLS session</h1>\n<table>\n" +
         rows + "</table>\n</body></html>\n";
}

}  // namespace

std::string http_response(std::string_view request, const SessionInfo& info) {
  if (!request.starts_with("GET ")) {
    return http_message("405 Method Not Allowed",
                        "<!DOCTYPE html>\n<html><body>only GET is served</body></html>\n");
  }
  return http_message("200 OK", session_page(info));
}

}  // namespace parley::cli

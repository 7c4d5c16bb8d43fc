#include "www.h"

#include <fcntl.h>
#include <sys/stat.h>

#include <climits>
#include <cstdlib>
#include <optional>
#include <vector>

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

std::string http_head(std::string_view status, std::string_view content_type, uint64_t length) {
  return "HTTP/1.0 " + std::string(status) + "\r\nContent-Type: " + std::string(content_type) +
         "\r\nContent-Length: " + std::to_string(length) + "\r\nConnection: close\r\n\r\n";
}

std::string http_message(std::string_view status, std::string_view body) {
  return http_head(status, "text/html; charset=utf-8", body.size()) + std::string(body);
}

std::string error_page(std::string_view status) {
  return http_message(status,
                      "<!DOCTYPE html>\n<html><body>" + html_escape(status) + "</body></html>\n");
}

FileAnswer error_answer(int status, std::string_view text) {
  FileAnswer answer;
  answer.status = status;
  answer.head = error_page(std::to_string(status) + " " + std::string(text));
  return answer;
}

int hex_digit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// RFC 3986 2.1 percent-decoding; nullopt for a malformed escape or a NUL.
std::optional<std::string> percent_decode(std::string_view text) {
  std::string out;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '%') {
      if (i + 2 >= text.size()) return std::nullopt;
      const int high = hex_digit(text[i + 1]);
      const int low = hex_digit(text[i + 2]);
      if (high < 0 || low < 0) return std::nullopt;
      c = static_cast<char>(high * 16 + low);
      i += 2;
    }
    if (c == '\0') return std::nullopt;
    out += c;
  }
  return out;
}

// The path segments of an origin-form target (RFC 9112 3.2.1), without
// "." and empty ones; nullopt if one is "..".
std::optional<std::vector<std::string>> target_segments(std::string_view path) {
  std::vector<std::string> segments;
  size_t start = 0;
  while (start <= path.size()) {
    const size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment == "..") return std::nullopt;
    if (!segment.empty() && segment != ".") segments.emplace_back(segment);
    start = end + 1;
  }
  return segments;
}

std::string_view content_type(std::string_view path) {
  if (path.ends_with(".html") || path.ends_with(".htm")) return "text/html; charset=utf-8";
  if (path.ends_with(".txt")) return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// `path` resolved (symbolic links followed) lies within `root` (resolved).
bool is_within(const std::string& resolved, const std::string& resolved_root) {
  return resolved == resolved_root ||
         (resolved.starts_with(resolved_root) &&
          (resolved_root.ends_with('/') || resolved[resolved_root.size()] == '/'));
}

std::optional<std::string> real_path(const std::string& path) {
  char buffer[PATH_MAX];
  if (::realpath(path.c_str(), buffer) == nullptr) return std::nullopt;
  return std::string(buffer);
}

std::string session_page(const SessionInfo& info) {
  std::string rows;
  auto add_row = [&rows](std::string_view name, std::string_view value) {
    rows += "<tr><th>" + html_escape(name) + "</th><td>" + html_escape(value) + "</td></tr>\n";
  };
  for (const auto& [key, value] : session_fields(info)) add_row(key, value);
  add_row("client certificate",
          info.peer_certificate_subject.empty() ? "none" : info.peer_certificate_subject);
  // RFC 8879: how parley sent its Certificate (Chromium offers brotli).
  add_row("certificate compression", info.certificate_compression
                                         ? name_of(*info.certificate_compression)
                                         : std::string_view("none"));
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

FileAnswer answer_file_request(std::string_view request, const std::string& root) {
  if (!request.starts_with("GET ")) return error_answer(405, "Method Not Allowed");
  const std::string_view line = request.substr(0, request.find_first_of("\r\n"));
  const size_t target_end = line.find(' ', 4);
  std::string_view target = line.substr(
      4, target_end == std::string_view::npos ? std::string_view::npos : target_end - 4);
  target = target.substr(0, target.find_first_of("?#"));
  if (!target.starts_with('/')) return error_answer(400, "Bad Request");
  const auto path = percent_decode(target);
  if (!path) return error_answer(400, "Bad Request");
  const auto segments = target_segments(*path);
  if (!segments) return error_answer(403, "Forbidden");
  std::string file_path = root;
  for (const std::string& segment : *segments) file_path += "/" + segment;
  const auto resolved_root = real_path(root);
  const auto resolved = real_path(file_path);
  if (!resolved_root || !resolved) return error_answer(404, "Not Found");
  if (!is_within(*resolved, *resolved_root)) return error_answer(403, "Forbidden");
  io::UniqueFd file(::open(resolved->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK));
  struct stat info {};
  if (!file || ::fstat(file.get(), &info) != 0) return error_answer(404, "Not Found");
  if (!S_ISREG(info.st_mode)) return error_answer(403, "Forbidden");  // directories too
  FileAnswer answer;
  answer.status = 200;
  answer.size = static_cast<uint64_t>(info.st_size);
  answer.head = http_head("200 OK", content_type(*resolved), answer.size);
  answer.file = std::move(file);
  return answer;
}

}  // namespace parley::cli

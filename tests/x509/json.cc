#include "x509/json.h"

#include <cstdlib>

namespace parley::testing {

namespace {

class JsonParser {
 public:
  explicit JsonParser(std::string_view text) : text_(text) {}

  std::optional<Json> document() {
    auto value = parse_value(0);
    skip_space();
    if (value && pos_ != text_.size()) return fail("trailing text");
    return value;
  }
  const std::string& error() const { return error_; }

 private:
  static constexpr int kMaxDepth = 64;

  std::optional<Json> fail(const std::string& what) {
    if (error_.empty()) error_ = what + " at offset " + std::to_string(pos_);
    return std::nullopt;
  }
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' ||
                                   text_[pos_] == '\n' || text_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool consume(std::string_view token) {
    if (text_.substr(pos_, token.size()) != token) return false;
    pos_ += token.size();
    return true;
  }

  std::optional<Json> parse_value(int depth) {
    if (depth > kMaxDepth) return fail("nesting too deep");
    skip_space();
    if (pos_ >= text_.size()) return fail("unexpected end");
    const char c = text_[pos_];
    if (c == '{') return parse_object(depth);
    if (c == '[') return parse_array(depth);
    if (c == '"') {
      auto s = parse_string();
      if (!s) return std::nullopt;
      return Json(std::move(*s));
    }
    if (consume("null")) return Json();
    if (consume("true")) return Json(true);
    if (consume("false")) return Json(false);
    return parse_number();
  }

  std::optional<Json> parse_number() {
    const size_t start = pos_;
    while (pos_ < text_.size() &&
           std::string_view("+-0123456789.eE").find(text_[pos_]) != std::string_view::npos) {
      ++pos_;
    }
    if (start == pos_) return fail("unexpected character");
    const std::string number(text_.substr(start, pos_ - start));
    char* end = nullptr;
    const double value = std::strtod(number.c_str(), &end);
    if (end != number.c_str() + number.size()) return fail("malformed number");
    return Json(value);
  }

  static void append_utf8(std::string& out, uint32_t code) {
    if (code < 0x80) {
      out += static_cast<char>(code);
    } else if (code < 0x800) {
      out += static_cast<char>(0xc0 | code >> 6);
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else if (code < 0x10000) {
      out += static_cast<char>(0xe0 | code >> 12);
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    } else {
      out += static_cast<char>(0xf0 | code >> 18);
      out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
      out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
      out += static_cast<char>(0x80 | (code & 0x3f));
    }
  }

  std::optional<uint32_t> parse_hex4() {
    if (pos_ + 4 > text_.size()) return std::nullopt;
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
      const char c = text_[pos_++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= static_cast<uint32_t>(c - '0');
      } else if (c >= 'a' && c <= 'f') {
        value |= static_cast<uint32_t>(c - 'a' + 10);
      } else if (c >= 'A' && c <= 'F') {
        value |= static_cast<uint32_t>(c - 'A' + 10);
      } else {
        return std::nullopt;
      }
    }
    return value;
  }

  std::optional<std::string> parse_string() {
    ++pos_;  // opening quote
    std::string out;
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') return out;
      if (static_cast<unsigned char>(c) < 0x20) break;
      if (c != '\\') {
        out += c;
        continue;
      }
      if (pos_ >= text_.size()) break;
      const char escape = text_[pos_++];
      switch (escape) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          auto code = parse_hex4();
          if (!code) return fail_string("bad \\u escape");
          if (*code >= 0xd800 && *code < 0xdc00) {  // surrogate pair
            if (!consume("\\u")) return fail_string("lone surrogate");
            auto low = parse_hex4();
            if (!low || *low < 0xdc00 || *low >= 0xe000) return fail_string("bad surrogate");
            *code = 0x10000 + ((*code - 0xd800) << 10) + (*low - 0xdc00);
          }
          append_utf8(out, *code);
          break;
        }
        default:
          return fail_string("bad escape");
      }
    }
    return fail_string("unterminated string");
  }
  std::optional<std::string> fail_string(const std::string& what) {
    fail(what);
    return std::nullopt;
  }

  std::optional<Json> parse_array(int depth) {
    ++pos_;
    Json::Array items;
    skip_space();
    if (consume("]")) return Json(std::move(items));
    while (true) {
      auto item = parse_value(depth + 1);
      if (!item) return std::nullopt;
      items.push_back(std::move(*item));
      skip_space();
      if (consume("]")) return Json(std::move(items));
      if (!consume(",")) return fail("expected , or ]");
    }
  }

  std::optional<Json> parse_object(int depth) {
    ++pos_;
    Json::Object members;
    skip_space();
    if (consume("}")) return Json(std::move(members));
    while (true) {
      skip_space();
      if (pos_ >= text_.size() || text_[pos_] != '"') return fail("expected a key");
      auto key = parse_string();
      if (!key) return std::nullopt;
      skip_space();
      if (!consume(":")) return fail("expected :");
      auto value = parse_value(depth + 1);
      if (!value) return std::nullopt;
      members[std::move(*key)] = std::move(*value);
      skip_space();
      if (consume("}")) return Json(std::move(members));
      if (!consume(",")) return fail("expected , or }");
    }
  }

  std::string_view text_;
  size_t pos_ = 0;
  std::string error_;
};

}  // namespace

std::optional<Json> Json::parse(std::string_view text, std::string* error) {
  JsonParser parser(text);
  auto value = parser.document();
  if (!value && error) *error = parser.error();
  return value;
}

const Json& Json::operator[](const std::string& key) const {
  static const Json kNull;
  if (!is_object()) return kNull;
  auto it = object().find(key);
  return it == object().end() ? kNull : it->second;
}

}  // namespace parley::testing

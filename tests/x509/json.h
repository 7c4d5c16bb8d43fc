// A small JSON reader (RFC 8259) for test data such as x509-limbo's case file.
// Test-only: it trusts its input's size, but rejects malformed JSON.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace parley::testing {

class Json {
 public:
  using Array = std::vector<Json>;
  using Object = std::map<std::string, Json>;

  Json() = default;  // null
  explicit Json(bool value) : value_(value) {}
  explicit Json(double value) : value_(value) {}
  explicit Json(std::string value) : value_(std::move(value)) {}
  explicit Json(Array value) : value_(std::make_shared<Array>(std::move(value))) {}
  explicit Json(Object value) : value_(std::make_shared<Object>(std::move(value))) {}

  // Parses a whole document; nullopt (and `error` set) when malformed.
  static std::optional<Json> parse(std::string_view text, std::string* error = nullptr);

  bool is_null() const { return std::holds_alternative<std::monostate>(value_); }
  bool is_string() const { return std::holds_alternative<std::string>(value_); }
  bool is_number() const { return std::holds_alternative<double>(value_); }
  bool is_array() const { return std::holds_alternative<std::shared_ptr<Array>>(value_); }
  bool is_object() const { return std::holds_alternative<std::shared_ptr<Object>>(value_); }

  const std::string& string() const { return std::get<std::string>(value_); }
  double number() const { return std::get<double>(value_); }
  bool boolean() const { return std::get<bool>(value_); }
  const Array& array() const { return *std::get<std::shared_ptr<Array>>(value_); }
  const Object& object() const { return *std::get<std::shared_ptr<Object>>(value_); }
  // The member `key` of an object, or null when absent.
  const Json& operator[](const std::string& key) const;

 private:
  std::variant<std::monostate, bool, double, std::string, std::shared_ptr<Array>,
               std::shared_ptr<Object>>
      value_;
};

}  // namespace parley::testing

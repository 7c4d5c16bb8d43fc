// Table-driven extension blocks (RFC 8446 4.2, RFC 5246 7.4.1.4). Each
// message's extension set lists its typed fields once, as (type, member)
// pairs; decoding, encoding and the per-message rules all follow from that
// table. Internal to the codec: the message codecs include it, users do not.
#pragma once

#include <algorithm>
#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

#include "codec/enums.h"
#include "codec/extensions.h"
#include "codec/fields.h"
#include "codec/reader.h"
#include "codec/writer.h"
#include "parley/error.h"

namespace parley::codec {

template <typename Set, typename T>
struct ExtensionField {
  ExtensionType type;
  std::optional<T> Set::*member;
};

template <typename Set, typename T>
ExtensionField(ExtensionType, std::optional<T> Set::*) -> ExtensionField<Set, T>;

// What a message's extension block allows beyond its table.
struct ExtensionRules {
  std::string_view message;  // for error messages: "ClientHello", ...
  // RFC 8446 4.2.11: pre_shared_key "MUST be the last extension in the
  // ClientHello"; the encoder puts it last and the decoder insists on it.
  std::optional<ExtensionType> last;
};

// Calls f(index, field) for every field of the table, in order.
template <typename Table, typename F>
void for_each_field(const Table& table, F&& f) {
  std::apply(
      [&](const auto&... field) {
        size_t index = 0;
        (f(index++, field), ...);
      },
      table);
}

template <typename T>
Status decode_extension_into(std::optional<T>& slot, ExtensionType type, ByteView body,
                             std::string_view message) {
  Result<T> value = T::decode(body);
  if (!value.ok()) {
    return in_context(std::move(value).error(),
                      std::string(message) + " extension " + extension_label(type));
  }
  slot = std::move(value).value();
  return {};
}

// Decodes the contents of an extensions vector (inside its length prefix).
// Typed fields go to their members, other types to set.unknown, the wire
// order to set.order. Rules: a duplicated type is an illegal_parameter
// (RFC 8446 4.2 / RFC 5246 7.4.1.4 forbid duplicates without naming an
// alert; OpenSSL and BoringSSL send illegal_parameter, rustls decode_error);
// a type parley implements that the table lacks is an illegal_parameter
// (RFC 8446 4.2: an extension "not specified for the message in which it
// appears"); rules.last must be last (illegal_parameter, RFC 8446 4.2.11).
template <typename Set, typename Table>
Status decode_extension_block(Reader block, Set& set, const Table& table,
                              const ExtensionRules& rules) {
  struct Raw {
    ExtensionType type;
    ByteView body;
  };
  std::vector<Raw> raw;
  while (!block.empty()) {
    PARLEY_ASSIGN_OR_RETURN(uint16_t type, read_u16(block, "extension_type"));
    PARLEY_ASSIGN_OR_RETURN(ByteView body,
                            with_context(block.vector(2, 0, 0xffff), "extension_data"));
    raw.push_back({static_cast<ExtensionType>(type), body});
  }

  std::vector<ExtensionType> sorted;
  sorted.reserve(raw.size());
  for (const Raw& ext : raw) sorted.push_back(ext.type);
  std::sort(sorted.begin(), sorted.end());
  if (auto dup = std::adjacent_find(sorted.begin(), sorted.end()); dup != sorted.end()) {
    // RFC 8446 4.2: at most one extension of a type per block; a block that
    // breaks the grammar is decode_error (as BoringSSL and rustls answer).
    return decode_error(std::string(rules.message) + ": duplicate extension " +
                        extension_label(*dup));
  }

  set.order.types.clear();
  for (size_t i = 0; i < raw.size(); ++i) {
    const Raw& ext = raw[i];
    if (rules.last && ext.type == *rules.last && i + 1 != raw.size()) {
      return illegal_parameter(std::string(rules.message) + ": " + extension_label(ext.type) +
                               " is not the last extension");
    }
    set.order.types.push_back(ext.type);
    bool matched = false;
    Status status;
    for_each_field(table, [&](size_t, const auto& field) {
      if (matched || field.type != ext.type) return;
      matched = true;
      status = decode_extension_into(set.*(field.member), ext.type, ext.body, rules.message);
    });
    PARLEY_TRY(status);
    if (matched) continue;
    if (is_implemented_extension(ext.type)) {
      return illegal_parameter(extension_label(ext.type) + " is not allowed in " +
                               std::string(rules.message));
    }
    set.unknown.push_back({ext.type, Bytes(ext.body.begin(), ext.body.end())});
  }
  return {};
}

// True if the set holds any extension (typed or unknown).
template <typename Set, typename Table>
bool has_extensions(const Set& set, const Table& table) {
  bool any = !set.unknown.empty();
  for_each_field(table,
                 [&](size_t, const auto& field) { any |= (set.*(field.member)).has_value(); });
  return any;
}

// Writes the extensions of `set` (without the block's length prefix): first
// in set.order, then the remaining typed fields in table order, then the
// remaining unknown extensions, and rules.last at the very end.
template <typename Set, typename Table>
void encode_extension_block(Writer& w, const Set& set, const Table& table,
                            const ExtensionRules& rules) {
  constexpr size_t kFields = std::tuple_size_v<Table>;
  std::array<bool, kFields> field_done{};
  std::vector<bool> unknown_done(set.unknown.size(), false);

  auto write_one = [&](ExtensionType type, const auto& body) {
    w.u16(static_cast<uint16_t>(type));
    w.vector(2, [&] { body(); });
  };
  // Writes the typed field `index` if present and not yet written.
  auto write_field = [&](size_t index, const auto& field) {
    const auto& value = set.*(field.member);
    if (field_done[index] || !value.has_value()) return false;
    field_done[index] = true;
    write_one(field.type, [&] { value->encode(w); });
    return true;
  };
  auto write_unknown = [&](size_t index) {
    if (unknown_done[index]) return;
    unknown_done[index] = true;
    const UnknownExtension& ext = set.unknown[index];
    write_one(ext.type, [&] { w.bytes(ext.body); });
  };
  auto is_last = [&](ExtensionType type) { return rules.last && type == *rules.last; };

  for (ExtensionType type : set.order.types) {
    if (is_last(type)) continue;
    bool wrote = false;
    for_each_field(table, [&](size_t index, const auto& field) {
      if (!wrote && field.type == type) wrote = write_field(index, field);
    });
    if (wrote) continue;
    for (size_t i = 0; i < set.unknown.size(); ++i) {
      if (!unknown_done[i] && set.unknown[i].type == type) {
        write_unknown(i);
        break;
      }
    }
  }
  for_each_field(table, [&](size_t index, const auto& field) {
    if (!is_last(field.type)) write_field(index, field);
  });
  for (size_t i = 0; i < set.unknown.size(); ++i) write_unknown(i);
  for_each_field(table, [&](size_t index, const auto& field) {
    if (is_last(field.type)) write_field(index, field);
  });
}

// An extensions<min..max> vector: the length prefix, then the block.
template <typename Set, typename Table>
Status decode_extensions(Reader& r, size_t min, size_t max, Set& set, const Table& table,
                         const ExtensionRules& rules) {
  PARLEY_ASSIGN_OR_RETURN(Reader block, read_block(r, 2, min, max, "extensions"));
  return decode_extension_block(block, set, table, rules);
}

template <typename Set, typename Table>
void encode_extensions(Writer& w, const Set& set, const Table& table, const ExtensionRules& rules) {
  w.vector(2, [&] { encode_extension_block(w, set, table, rules); });
}

}  // namespace parley::codec

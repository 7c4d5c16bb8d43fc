#include "handshake/rfc8448_trace.h"

#include <gtest/gtest.h>

#include <cctype>
#include <fstream>
#include <regex>
#include <sstream>

#include "crypto/provider.h"
#include "handshake/transcript.h"

namespace parley::handshake::testing {
namespace {

bool is_hex_byte(std::string_view token) {
  return token.size() == 2 && std::isxdigit(static_cast<unsigned char>(token[0])) &&
         std::isxdigit(static_cast<unsigned char>(token[1]));
}

// The hex bytes of `text` if it consists only of two-digit hex tokens.
std::optional<Bytes> hex_tokens(const std::string& text) {
  std::istringstream in(text);
  std::string token;
  std::string hex;
  while (in >> token) {
    if (!is_hex_byte(token)) return std::nullopt;
    hex += token;
  }
  return from_hex(hex);
}

}  // namespace

const Bytes* TraceStep::field(std::string_view name) const {
  for (const TraceField& f : fields) {
    if (f.name == name) return &f.value;
  }
  return nullptr;
}

std::optional<Rfc8448Trace> Rfc8448Trace::load(const std::string& path) {
  std::ifstream file(path);
  if (!file) return std::nullopt;
  std::vector<std::string> lines;
  for (std::string line; std::getline(file, line);) lines.push_back(line);

  static const std::regex kSection(R"(^(\d+)\.  \S.*$)");
  static const std::regex kStep(R"(^   \{(client|server)\}  (.*)$)");
  static const std::regex kField(R"(^      (\S[^():]*?) \((\d+) octets\):\s*(.*)$)");

  Rfc8448Trace trace;
  int section = 0;
  std::smatch m;
  for (size_t i = 0; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    if (std::regex_match(line, m, kSection)) {
      section = std::stoi(m[1]);
    } else if (std::regex_match(line, m, kStep)) {
      trace.steps_.push_back({section, m[1], m[2], {}});
    } else if (!trace.steps_.empty() && std::regex_match(line, m, kField)) {
      const size_t size = std::stoul(m[2]);
      TraceField field{m[1], size, {}};
      std::optional<Bytes> first = hex_tokens(m[3]);
      if (first) field.value = *first;
      // The hex continues on the following lines, skipping page breaks.
      while (field.value.size() < size && i + 1 < lines.size()) {
        ++i;
        if (std::optional<Bytes> more = hex_tokens(lines[i]); more && !lines[i].empty()) {
          field.value.insert(field.value.end(), more->begin(), more->end());
        }
      }
      trace.steps_.back().fields.push_back(std::move(field));
    }
  }
  return trace;
}

std::optional<Rfc8448Trace> Rfc8448Trace::load_default() {
  return load(std::string(PARLEY_TESTDATA_DIR) + "/rfc8448.txt");
}

const TraceStep* Rfc8448Trace::find(int section, std::string_view actor, std::string_view title,
                                    int occurrence) const {
  for (const TraceStep& step : steps_) {
    if (step.section == section && step.actor == actor && step.title.starts_with(title) &&
        occurrence-- == 0) {
      return &step;
    }
  }
  return nullptr;
}

Bytes Rfc8448Trace::field(int section, std::string_view actor, std::string_view title,
                          std::string_view name, int occurrence) const {
  // Steps that say "(same as ...)" carry no fields, so only steps that have
  // the field count.
  for (const TraceStep& step : steps_) {
    if (step.section != section || step.actor != actor || !step.title.starts_with(title)) continue;
    const Bytes* value = step.field(name);
    if (value != nullptr && occurrence-- == 0) return *value;
  }
  ADD_FAILURE() << "no field '" << name << "' in step {" << actor << "} " << title << " of section "
                << section;
  return {};
}

Bytes x25519_shared_secret(const Rfc8448Trace& trace, int section) {
  const auto& provider = crypto::default_provider();
  auto key_pair = [&](std::string_view actor) {
    return provider.make_key_exchange_from_private(
        crypto::KeyExchangeGroup::kX25519,
        trace.field(section, actor, "create an ephemeral x25519", "private key"));
  };
  auto client = key_pair("client");
  auto server = key_pair("server");
  if (!client.ok() || !server.ok()) {
    ADD_FAILURE() << "cannot load the X25519 keys of section " << section;
    return {};
  }
  auto secret = (*client)->agree((*server)->public_key());
  if (!secret.ok()) {
    ADD_FAILURE() << secret.error().to_string();
    return {};
  }
  return Bytes(secret->view().begin(), secret->view().end());
}

std::vector<Bytes> sha256_transcript_hashes(const std::vector<Bytes>& messages) {
  Transcript transcript(crypto::default_provider());
  std::vector<Bytes> hashes;
  for (const Bytes& m : messages) {
    transcript.add(m);
    if (!transcript.has_hash()) {
      EXPECT_TRUE(transcript.set_hash(crypto::HashAlgorithm::kSha256).ok());
    }
    hashes.push_back(transcript.current_hash());
  }
  return hashes;
}

}  // namespace parley::handshake::testing

// Reads the example handshakes of RFC 8448 ("Example Handshake Traces for
// TLS 1.3") from the RFC text: each section is a list of steps such as
// `{server}  derive secret "tls13 c hs traffic":`, each with labelled byte
// fields such as `expanded (32 octets):  d7 c2 ...`, whose hex may run over
// several lines and across page breaks.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"

namespace parley::handshake::testing {

struct TraceField {
  std::string name;
  size_t declared_size = 0;  // the "(N octets)" of the text
  Bytes value;
};

struct TraceStep {
  int section = 0;
  std::string actor;  // "client" or "server"
  std::string title;  // the first line after the actor, e.g. `send handshake record:`
  std::vector<TraceField> fields;

  const Bytes* field(std::string_view name) const;
};

class Rfc8448Trace {
 public:
  // Parses the RFC text; nullopt if the file cannot be read.
  static std::optional<Rfc8448Trace> load(const std::string& path);
  // The file under PARLEY_TESTDATA_DIR.
  static std::optional<Rfc8448Trace> load_default();

  // The `occurrence`th step (0-based) of `section` by `actor` whose title
  // starts with `title`; nullptr if there is none.
  const TraceStep* find(int section, std::string_view actor, std::string_view title,
                        int occurrence = 0) const;
  // The named field of the `occurrence`th such step that has it (steps that
  // only say "(same as ...)" have none); empty and a test failure if none.
  Bytes field(int section, std::string_view actor, std::string_view title, std::string_view name,
              int occurrence = 0) const;

  const std::vector<TraceStep>& steps() const { return steps_; }

 private:
  std::vector<TraceStep> steps_;
};

// The X25519 shared secret of `section`, computed with the crypto provider
// from the client's and server's private keys in the trace.
Bytes x25519_shared_secret(const Rfc8448Trace& trace, int section);

}  // namespace parley::handshake::testing

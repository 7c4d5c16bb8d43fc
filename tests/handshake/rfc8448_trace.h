// Reads the example handshakes of RFC 8448 ("Example Handshake Traces for
// TLS 1.3") from the RFC text: each section is a list of steps such as
// `{server}  derive secret "tls13 c hs traffic":`, each with labelled byte
// fields such as `expanded (32 octets):  d7 c2 ...`, whose hex may run over
// several lines and across page breaks.
#pragma once

#include <gtest/gtest.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/bytes.h"
#include "crypto/provider.h"
#include "handshake/key_schedule13.h"

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

// The SHA-256 transcript hash after each of `messages`, in order. The hash is
// chosen after the first message, as a client learns it from the ServerHello.
std::vector<Bytes> sha256_transcript_hashes(const std::vector<Bytes>& messages);

// A fixture over one section of the trace, which is read once per test
// suite. The handshakes of sections 3 and 4 use TLS_AES_128_GCM_SHA256.
template <int kSection>
class Rfc8448SectionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { trace_ = Rfc8448Trace::load_default(); }
  void SetUp() override { ASSERT_TRUE(trace_.has_value()) << "cannot read rfc8448.txt"; }

  Bytes get(std::string_view actor, std::string_view title, std::string_view name,
            int occurrence = 0) const {
    return trace_->field(kSection, actor, title, name, occurrence);
  }
  // The handshake message `type` ("ClientHello", ...) as `actor` constructs it.
  Bytes message(std::string_view actor, std::string_view type) const {
    return get(actor, "construct a " + std::string(type) + " handshake message", type);
  }
  Tls13Hkdf hkdf() const {
    return Tls13Hkdf(crypto::default_provider(), crypto::HashAlgorithm::kSha256);
  }

  static inline std::optional<Rfc8448Trace> trace_;
};

}  // namespace parley::handshake::testing

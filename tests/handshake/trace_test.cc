// What --trace shows a learner: the Certificate message even when its chain
// is then rejected, the chain verification step with its result, and the
// key schedule steps (named, never their values), on both sides.
#include <gtest/gtest.h>

#include <algorithm>

#include "connection_pair.h"

namespace parley::testing {
namespace {

struct Recorded {
  std::vector<TraceEvent> events;

  TraceCallback callback() {
    return [this](const TraceEvent& event) { events.push_back(event); };
  }
  // The index of the first event named `message` (local or not), or -1.
  int find(const std::string& message, bool local) const {
    for (size_t i = 0; i < events.size(); ++i) {
      if (events[i].message == message && events[i].local == local) return static_cast<int>(i);
    }
    return -1;
  }
  size_t count(const std::string& message) const {
    return std::count_if(events.begin(), events.end(),
                         [&](const TraceEvent& e) { return e.message == message; });
  }
};

TEST(Trace, ShowsTheChainVerificationAndTheKeySchedule) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Recorded client_trace;
  Recorded server_trace;
  auto client = client_config(pki);
  client->trace = client_trace.callback();
  auto server = server_config(pki);
  server->trace = server_trace.callback();
  Pair pair(client, server);
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());

  const int certificate = client_trace.find("Certificate", false);
  const int verify = client_trace.find("VerifyChain", true);
  const int certificate_verify = client_trace.find("CertificateVerify", false);
  ASSERT_GE(certificate, 0);
  // Certificate, then its verification, then CertificateVerify.
  EXPECT_EQ(verify, certificate + 1);
  EXPECT_GT(certificate_verify, verify);
  EXPECT_EQ(client_trace.events[verify].details,
            "\"CN=server.test\" issued by \"CN=parley test CA\" (trust anchor): ok");
  EXPECT_NE(client_trace.events[certificate].details.find("subject=\"CN=server.test\""),
            std::string::npos);

  // Handshake secrets after ServerHello, application secrets after the
  // server Finished, the resumption master secret after the client Finished
  // (the client keeps a session cache, so the server sends tickets), on both
  // sides; no secret in any line.
  for (const Recorded* trace : {&client_trace, &server_trace}) {
    EXPECT_EQ(trace->count("KeySchedule"), 6u);
    const int server_hello = trace->find("ServerHello", false);
    const int handshake_secret = trace->find("KeySchedule", true);
    EXPECT_GT(handshake_secret, server_hello);
    EXPECT_NE(trace->events[handshake_secret].details.find("client_handshake_traffic_secret"),
              std::string::npos);
    for (const TraceEvent& event : trace->events) {
      if (event.local) {
        EXPECT_EQ(event.details.find("secret="), std::string::npos);
      }
    }
  }
}

TEST(Trace, ARejectedChainIsTracedWithTheReason) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  const TestPki other = make_pki(KeyKind::kP256, "server.test", "another CA");
  Recorded trace;
  auto client = client_config(other);  // does not trust pki's CA
  client->trace = trace.callback();
  Pair pair(client, server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.client().failed());
  const int certificate = trace.find("Certificate", false);
  ASSERT_GE(certificate, 0) << "the Certificate is traced although it is rejected";
  const int verify = trace.find("VerifyChain", true);
  ASSERT_EQ(verify, certificate + 1);
  const std::string& details = trace.events[verify].details;
  EXPECT_TRUE(details.starts_with("\"CN=server.test\" issued by \"CN=parley test CA\": failed: "))
      << details;
  EXPECT_NE(details.find(pair.client().error()->message), std::string::npos) << details;
}

TEST(Trace, SkippedValidationSaysSo) {
  const TestPki& pki = cached_pki(KeyKind::kP256);
  Recorded trace;
  auto client = client_config(pki);
  client->insecure_skip_verification = true;
  client->trace = trace.callback();
  Pair pair(client, server_config(pki));
  pair.pump();
  ASSERT_TRUE(pair.handshake_done());
  const int verify = trace.find("VerifyChain", true);
  ASSERT_GE(verify, 0);
  EXPECT_EQ(trace.events[verify].details, "skipped (insecure: not validated)");
}

}  // namespace
}  // namespace parley::testing

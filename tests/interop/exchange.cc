#include "interop/exchange.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>

#include "interop/certs.h"
#include "interop/net.h"

namespace parley::interop {
namespace {

// Generous for 2 busy cores and sanitizer builds; a healthy exchange takes
// well under a second.
constexpr Millis kStepTimeout(15000);
constexpr Millis kServerExitTimeout(2000);
constexpr int kListenAttempts = 3;

std::string unique_token() {
  static int counter = 0;
  std::random_device random;
  char suffix[16];
  std::snprintf(suffix, sizeof suffix, "%08x", random());
  return "parley-interop-" + std::to_string(::getpid()) + "-" + std::to_string(++counter) + "-" +
         suffix;
}

bool contains(const std::string& text, const std::string& needle) {
  return text.find(needle) != std::string::npos;
}

Result<RunContext> prepare_run() {
  PARLEY_ASSIGN_OR_RETURN(const std::string dir, TestCertificates::get().directory());
  RunContext run;
  run.token = unique_token();
  run.work_dir = dir + "/" + run.token;
  std::error_code error;
  std::filesystem::create_directories(run.work_dir, error);
  std::ofstream token_file(run.work_dir + "/" + run.token);
  token_file << run.token << "\n";
  if (error || !token_file) {
    return Error{ErrorKind::kInternal, std::nullopt, "cannot write in " + run.work_dir};
  }
  return run;
}

// Starts the server on a fresh port, retrying when the port was taken
// between picking and binding.
std::string start_server(const ServerPeer& server, const Scenario& scenario, RunContext& run,
                         bool http, Exchange& exchange) {
  std::string failures;
  for (int attempt = 0; attempt < kListenAttempts; ++attempt) {
    run.port = pick_free_port();
    auto args = server.command(scenario, run, http);
    if (!args.ok()) return args.error().message;
    std::string error;
    auto process = Process::start(*args, run.work_dir, &error);
    if (!process) return error;
    if (wait_until_listening(*process, run.port, kStepTimeout)) {
      exchange.server = std::move(process);
      return "";
    }
    process->stop();
    failures +=
        "server did not listen on port " + std::to_string(run.port) + ":\n" + process->describe();
  }
  return failures;
}

// Sends the token from the client and, depending on the server, waits for
// it to come back (echo) or for the server to print it and then sends a
// reply the other way.
bool exchange_lines(Process& client, Process& server, bool server_echoes,
                    const std::string& token) {
  if (!client.write_stdin(token + "\n")) return false;
  if (server_echoes) return client.wait_for_stdout(token, kStepTimeout);
  if (!server.wait_for_stdout(token, kStepTimeout)) return false;
  const std::string reply = token + "-reply";
  return server.write_stdin(reply + "\n") && client.wait_for_stdout(reply, kStepTimeout);
}

}  // namespace

std::string Exchange::log() const {
  std::string text;
  if (server) text += "=== server\n" + server->describe();
  if (client) text += "=== client\n" + client->describe();
  return text;
}

Exchange run_exchange(const ClientPeer& client, const ServerPeer& server,
                      const Scenario& scenario) {
  Exchange exchange;
  auto prepared = prepare_run();
  if (!prepared.ok()) {
    exchange.setup_error = prepared.error().message;
    return exchange;
  }
  RunContext run = std::move(prepared).value();
  const bool http = client.http_only();
  exchange.setup_error = start_server(server, scenario, run, http, exchange);
  if (!exchange.setup_error.empty()) return exchange;

  auto args = client.command(scenario, run);
  if (!args.ok()) {
    exchange.setup_error = args.error().message;
    return exchange;
  }
  exchange.client = Process::start(*args, run.work_dir, &exchange.setup_error);
  if (!exchange.client) return exchange;
  Process& client_process = *exchange.client;
  Process& server_process = *exchange.server;

  if (http) {
    exchange.client_status = client_process.wait_exit(kStepTimeout);
    exchange.delivered =
        exchange.client_status == 0 &&
        (server.http_response_has_token() ? contains(client_process.out(), run.token)
                                          : !client_process.out().empty());
  } else if (scenario.expect_failure()) {
    client_process.write_stdin(run.token + "\n");
    exchange.client_status = client_process.wait_exit(kStepTimeout);
    exchange.delivered =
        contains(server.echoes() ? client_process.out() : server_process.out(), run.token);
  } else {
    exchange.delivered = exchange_lines(client_process, server_process, server.echoes(), run.token);
    client_process.close_stdin();
    exchange.client_status = client_process.wait_exit(kStepTimeout);
  }
  client_process.stop();
  // Servers started for one connection exit by themselves; others are stopped.
  if (server.serves_one_connection()) {
    exchange.server_status = server_process.wait_exit(kServerExitTimeout);
  }
  server_process.stop();
  return exchange;
}

void check_exchange(const ClientPeer& client, const ServerPeer& server, const Scenario& scenario) {
  const Exchange exchange = run_exchange(client, server, scenario);
  ASSERT_TRUE(exchange.setup_error.empty()) << exchange.setup_error << "\n" << exchange.log();
  ASSERT_TRUE(exchange.client_status.has_value()) << "the client did not exit by itself\n"
                                                  << exchange.log();

  if (scenario.expect_failure()) {
    EXPECT_FALSE(exchange.delivered) << "data crossed a connection that had to fail\n"
                                     << exchange.log();
    EXPECT_NE(*exchange.client_status, 0) << exchange.log();
    EXPECT_TRUE(server.refused_missing_client_certificate(*exchange.server))
        << "the server did not say it refused the missing client certificate\n"
        << exchange.log();
    return;
  }
  ASSERT_TRUE(exchange.delivered) << "the token did not cross the connection\n" << exchange.log();
  if (client.exits_zero_on_success()) {
    EXPECT_EQ(*exchange.client_status, 0) << exchange.log();
  }
  if (server.serves_one_connection()) {
    EXPECT_EQ(exchange.server_status, 0) << "the server did not exit cleanly\n" << exchange.log();
  }

  // Each peer's report, and the page an HTTP client fetched where it
  // describes the session.
  const Observation views[] = {
      client.observe(*exchange.client), server.observe(*exchange.server),
      client.http_only() ? server.observe_page(exchange.client->out()) : Observation{}};
  const std::string sources[] = {"the client (" + std::string(client.name()) + ")",
                                 "the server (" + std::string(server.name()) + ")",
                                 "the page served by " + std::string(server.name())};
  for (size_t i = 0; i < std::size(views); ++i) {
    const auto problems = mismatches(scenario, views[i]);
    EXPECT_TRUE(problems.empty()) << sources[i] << " reports " << views[i].to_string() << ":\n  "
                                  << join(problems, "\n  ") << "\n"
                                  << exchange.log();
  }
  auto reported = [&](auto field) {
    return std::any_of(std::begin(views), std::end(views),
                       [field](const Observation& view) { return (view.*field).has_value(); });
  };
  EXPECT_TRUE(reported(&Observation::version)) << "no peer reported the version";
  EXPECT_TRUE(reported(&Observation::suite)) << "no peer reported the cipher suite";
  if (scenario.group) {
    EXPECT_TRUE(reported(&Observation::group)) << "no peer reported the group";
  }
  if (scenario.scheme) {
    EXPECT_TRUE(reported(&Observation::server_signature))
        << "no peer reported the server's signature scheme";
  }
  if (scenario.alpn) {
    EXPECT_TRUE(reported(&Observation::alpn)) << "no peer reported ALPN";
  }
  if (scenario.hello_retry) {
    EXPECT_TRUE(reported(&Observation::hello_retry_request))
        << "no peer reported whether a HelloRetryRequest happened";
  }
  if (scenario.client_auth) {
    EXPECT_TRUE(reported(&Observation::client_certificate_subject))
        << "no peer reported the client certificate";
  }
}

std::vector<MatrixCase> matrix(const std::vector<const ClientPeer*>& clients,
                               const std::vector<const ServerPeer*>& servers,
                               const std::vector<Scenario>& scenarios) {
  std::vector<MatrixCase> cases;
  for (const auto* client : clients) {
    for (const auto* server : servers) {
      for (const auto& scenario : scenarios) {
        if (client->supports(scenario) && server->supports(scenario)) {
          cases.push_back({client, server, scenario});
        }
      }
    }
  }
  return cases;
}

void PrintTo(const MatrixCase& cell, std::ostream* out) {
  *out << cell.client->name() << " client to " << cell.server->name() << " server, "
       << cell.scenario.name;
}

std::string case_name(const testing::TestParamInfo<MatrixCase>& info) {
  return std::string(info.param.client->name()) + "_to_" + std::string(info.param.server->name()) +
         "_" + info.param.scenario.name;
}

}  // namespace parley::interop

// The harness's process helper: bounded waits, pipes, cleanup.
#include "interop/process.h"

#include <gtest/gtest.h>
#include <signal.h>

#include "interop/net.h"

namespace parley::interop {
namespace {

TEST(Process, EchoesThroughPipes) {
  std::string error;
  auto cat = Process::start({"cat"}, "", &error);
  ASSERT_TRUE(cat) << error;
  ASSERT_TRUE(cat->write_stdin("hello\n"));
  EXPECT_TRUE(cat->wait_for_stdout("hello", Millis(5000)));
  cat->close_stdin();
  EXPECT_EQ(cat->wait_exit(Millis(5000)), 0);
}

TEST(Process, ReportsExitStatusAndStderr) {
  std::string error;
  auto shell = Process::start({"sh", "-c", "echo oops >&2; exit 3"}, "", &error);
  ASSERT_TRUE(shell) << error;
  EXPECT_EQ(shell->wait_exit(Millis(5000)), 3);
  EXPECT_EQ(shell->err(), "oops\n");
}

TEST(Process, MissingProgramIsAnError) {
  std::string error;
  EXPECT_FALSE(Process::start({"/nonexistent/parley-interop-peer"}, "", &error));
  EXPECT_NE(error.find("No such file"), std::string::npos) << error;
}

TEST(Process, WaitsAreBoundedAndStopKills) {
  std::string error;
  auto sleeper = Process::start({"sleep", "600"}, "", &error);
  ASSERT_TRUE(sleeper) << error;
  EXPECT_FALSE(sleeper->wait_for_stdout("never", Millis(50)));
  EXPECT_FALSE(sleeper->wait_exit(Millis(50)).has_value());
  sleeper->stop();
  EXPECT_FALSE(sleeper->running());
  EXPECT_EQ(sleeper->wait_exit(Millis(0)), 128 + SIGTERM);
}

TEST(Process, DestructorKillsTheChild) {
  std::string error;
  pid_t pid;
  {
    auto sleeper = Process::start({"sleep", "600"}, "", &error);
    ASSERT_TRUE(sleeper) << error;
    pid = sleeper->pid();
  }
  EXPECT_NE(::kill(pid, 0), 0);  // reaped: the pid is gone
}

TEST(Process, WaitsUntilAServerListens) {
  const uint16_t port = pick_free_port();
  ASSERT_NE(port, 0);
  std::string error;
  auto server = Process::start({"openssl", "s_server", "-accept",
                                "127.0.0.1:" + std::to_string(port), "-nocert", "-naccept", "1"},
                               "", &error);
  ASSERT_TRUE(server) << error;
  EXPECT_TRUE(wait_until_listening(*server, port, Millis(10000))) << server->describe();
  // Someone else's port is never taken for ours.
  auto other = Process::start({"sleep", "600"}, "", &error);
  ASSERT_TRUE(other) << error;
  EXPECT_FALSE(wait_until_listening(*other, port, Millis(100)));
}

}  // namespace
}  // namespace parley::interop

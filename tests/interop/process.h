// A child process with pipes on stdin, stdout and stderr, for driving real
// TLS peers (openssl, gnutls, curl, parley) from tests. Every wait is bounded,
// and the destructor always kills and reaps the child, so a failing test can
// neither hang nor leave a peer running.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace parley::interop {

using Millis = std::chrono::milliseconds;

class Process {
 public:
  // Starts argv[0] (looked up in PATH) in `working_dir` (empty: the current
  // one). Returns nullopt with `error` filled if it could not be started.
  static std::optional<Process> start(const std::vector<std::string>& argv,
                                      const std::string& working_dir, std::string* error);

  Process(Process&& other) noexcept;
  Process& operator=(Process&& other) noexcept;
  Process(const Process&) = delete;
  Process& operator=(const Process&) = delete;
  ~Process();

  pid_t pid() const { return pid_; }

  // Writes all of `data` to the child's stdin (bounded by `timeout`).
  bool write_stdin(std::string_view data, Millis timeout = Millis(5000));
  void close_stdin();

  // Collects output until `done()` holds, the child exits, or `timeout`
  // passes. Returns whether `done()` held.
  bool wait_until(const std::function<bool()>& done, Millis timeout);
  // Collects output until stdout or stderr contains `needle`.
  bool wait_for_stdout(std::string_view needle, Millis timeout);
  bool wait_for_stderr(std::string_view needle, Millis timeout);

  // Waits for the child to exit and collects the rest of its output. Returns
  // the exit status (128 + signal number if it was killed by a signal), or
  // nullopt if it was still running after `timeout`.
  std::optional<int> wait_exit(Millis timeout);
  // Still running (collects pending output as a side effect).
  bool running();

  // SIGTERM, then SIGKILL if it has not exited within `grace`; reaps it.
  void stop(Millis grace = Millis(500));

  const std::string& out() const { return out_; }
  const std::string& err() const { return err_; }
  // The command line, then stdout and stderr: for failure messages.
  std::string describe() const;

 private:
  Process() = default;
  // Reads whatever is available, waiting at most `timeout` for some.
  void pump(Millis timeout);
  bool reap(bool block);
  void close_all();

  pid_t pid_ = -1;
  std::optional<int> status_;
  int stdin_fd_ = -1;
  int stdout_fd_ = -1;
  int stderr_fd_ = -1;
  std::string command_;
  std::string out_;
  std::string err_;
};

}  // namespace parley::interop

#include "interop/process.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <thread>
#include <utility>

namespace parley::interop {
namespace {

using Clock = std::chrono::steady_clock;

// A runaway peer must not exhaust memory.
constexpr size_t kMaxCapturedOutput = 16 * 1024 * 1024;

void close_fd(int& fd) {
  if (fd >= 0) ::close(fd);
  fd = -1;
}

Millis remaining(Clock::time_point deadline) {
  return std::max(Millis(0), std::chrono::duration_cast<Millis>(deadline - Clock::now()));
}

void set_nonblocking(int fd) {
  ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) | O_NONBLOCK);
}

// Writing to a peer that has exited must be an error, not a fatal SIGPIPE.
void ignore_sigpipe_once() {
  static const bool ignored = [] {
    ::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)ignored;
}

[[noreturn]] void exec_child(const std::vector<std::string>& argv, const std::string& working_dir,
                             int stdin_fd, int stdout_fd, int stderr_fd, int error_fd) {
  // Own process group, so stop() reaches anything the peer spawns too.
  ::setpgid(0, 0);
  ::signal(SIGPIPE, SIG_DFL);
  ::dup2(stdin_fd, 0);
  ::dup2(stdout_fd, 1);
  ::dup2(stderr_fd, 2);
  int failed_errno = 0;
  if (!working_dir.empty() && ::chdir(working_dir.c_str()) != 0) {
    failed_errno = errno;
  } else {
    std::vector<char*> args;
    for (const auto& arg : argv) args.push_back(const_cast<char*>(arg.c_str()));
    args.push_back(nullptr);
    ::execvp(args[0], args.data());
    failed_errno = errno;
  }
  [[maybe_unused]] auto written = ::write(error_fd, &failed_errno, sizeof failed_errno);
  ::_exit(127);
}

}  // namespace

std::optional<Process> Process::start(const std::vector<std::string>& argv,
                                      const std::string& working_dir, std::string* error) {
  ignore_sigpipe_once();
  Process process;
  for (const auto& arg : argv) process.command_ += (process.command_.empty() ? "" : " ") + arg;
  if (argv.empty()) {
    *error = "empty command line";
    return std::nullopt;
  }
  int in[2], out[2], err[2], status[2];
  if (::pipe2(in, O_CLOEXEC) != 0 || ::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 ||
      ::pipe2(status, O_CLOEXEC) != 0) {
    *error = std::string("pipe: ") + std::strerror(errno);
    return std::nullopt;
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = std::string("fork: ") + std::strerror(errno);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1], status[0], status[1]}) {
      ::close(fd);
    }
    return std::nullopt;
  }
  if (pid == 0) exec_child(argv, working_dir, in[0], out[1], err[1], status[1]);

  ::setpgid(pid, pid);  // also here, so the group exists before any kill
  process.pid_ = pid;
  for (int fd : {in[0], out[1], err[1], status[1]}) ::close(fd);
  process.stdin_fd_ = in[1];
  process.stdout_fd_ = out[0];
  process.stderr_fd_ = err[0];
  set_nonblocking(process.stdin_fd_);
  set_nonblocking(process.stdout_fd_);
  set_nonblocking(process.stderr_fd_);

  // The status pipe closes on a successful exec, or carries exec's errno.
  int child_errno = 0;
  ssize_t n;
  do {
    n = ::read(status[0], &child_errno, sizeof child_errno);
  } while (n < 0 && errno == EINTR);
  ::close(status[0]);
  if (n > 0) {
    *error = "cannot run " + argv[0] + ": " + std::strerror(child_errno);
    process.reap(true);
    return std::nullopt;
  }
  return process;
}

Process::Process(Process&& other) noexcept {
  *this = std::move(other);
}

Process& Process::operator=(Process&& other) noexcept {
  if (this != &other) {
    if (pid_ > 0 && !status_) stop();
    close_all();
    pid_ = std::exchange(other.pid_, -1);
    status_ = std::exchange(other.status_, std::nullopt);
    stdin_fd_ = std::exchange(other.stdin_fd_, -1);
    stdout_fd_ = std::exchange(other.stdout_fd_, -1);
    stderr_fd_ = std::exchange(other.stderr_fd_, -1);
    command_ = std::move(other.command_);
    out_ = std::move(other.out_);
    err_ = std::move(other.err_);
  }
  return *this;
}

Process::~Process() {
  if (pid_ > 0 && !status_) stop(Millis(200));
  close_all();
}

void Process::close_all() {
  close_fd(stdin_fd_);
  close_fd(stdout_fd_);
  close_fd(stderr_fd_);
}

bool Process::write_stdin(std::string_view data, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  while (!data.empty()) {
    if (stdin_fd_ < 0) return false;
    const ssize_t n = ::write(stdin_fd_, data.data(), data.size());
    if (n > 0) {
      data.remove_prefix(static_cast<size_t>(n));
      continue;
    }
    if (n < 0 && errno != EAGAIN && errno != EINTR) return false;  // EPIPE: the child is gone
    if (Clock::now() >= deadline) return false;
    // Keep draining the child's output meanwhile: it may block on a full pipe.
    pollfd fd{stdin_fd_, POLLOUT, 0};
    ::poll(&fd, 1, 10);
    pump(Millis(0));
  }
  return true;
}

void Process::close_stdin() {
  close_fd(stdin_fd_);
}

void Process::pump(Millis timeout) {
  pollfd fds[2];
  int* owners[2];
  std::string* sinks[2];
  nfds_t count = 0;
  for (auto [fd, sink] : {std::pair{&stdout_fd_, &out_}, std::pair{&stderr_fd_, &err_}}) {
    if (*fd < 0) continue;
    fds[count] = {*fd, POLLIN, 0};
    owners[count] = fd;
    sinks[count] = sink;
    ++count;
  }
  if (count == 0) {
    std::this_thread::sleep_for(std::min(timeout, Millis(10)));
    return;
  }
  if (::poll(fds, count, static_cast<int>(timeout.count())) <= 0) return;
  char buffer[16384];
  for (nfds_t i = 0; i < count; ++i) {
    if (fds[i].revents == 0) continue;
    while (true) {
      const ssize_t n = ::read(*owners[i], buffer, sizeof buffer);
      if (n > 0) {
        if (sinks[i]->size() < kMaxCapturedOutput) sinks[i]->append(buffer, static_cast<size_t>(n));
        continue;
      }
      if (n < 0 && errno == EINTR) continue;
      if (n == 0 || errno != EAGAIN) close_fd(*owners[i]);  // EOF or a broken pipe
      break;
    }
  }
}

bool Process::reap(bool block) {
  if (status_) return true;
  if (pid_ <= 0) return true;
  int wstatus = 0;
  pid_t r;
  do {
    r = ::waitpid(pid_, &wstatus, block ? 0 : WNOHANG);
  } while (r < 0 && errno == EINTR);
  if (r == 0) return false;
  if (r < 0) {
    status_ = -1;  // not our child any more; nothing to reap
    return true;
  }
  status_ = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + WTERMSIG(wstatus);
  return true;
}

bool Process::running() {
  pump(Millis(0));
  return !reap(false);
}

bool Process::wait_until(const std::function<bool()>& done, Millis timeout) {
  const auto deadline = Clock::now() + timeout;
  while (true) {
    if (done()) return true;
    if (reap(false)) {
      // Exited: whatever it printed is all there is (bounded, in case a
      // grandchild keeps the pipes open).
      const auto drain_deadline = std::min(deadline, Clock::now() + Millis(500));
      while ((stdout_fd_ >= 0 || stderr_fd_ >= 0) && Clock::now() < drain_deadline) {
        pump(std::min(remaining(drain_deadline), Millis(20)));
      }
      return done();
    }
    if (Clock::now() >= deadline) return false;
    pump(std::min(remaining(deadline), Millis(20)));
  }
}

bool Process::wait_for_stdout(std::string_view needle, Millis timeout) {
  return wait_until([&] { return out_.find(needle) != std::string::npos; }, timeout);
}

bool Process::wait_for_stderr(std::string_view needle, Millis timeout) {
  return wait_until([&] { return err_.find(needle) != std::string::npos; }, timeout);
}

std::optional<int> Process::wait_exit(Millis timeout) {
  // The predicate is only checked on exit, after the output is drained.
  wait_until([] { return false; }, timeout);
  return status_;
}

void Process::stop(Millis grace) {
  if (pid_ <= 0 || reap(false)) return;
  ::kill(-pid_, SIGTERM);
  if (!wait_exit(grace)) {
    ::kill(-pid_, SIGKILL);
    reap(true);
  }
  pump(Millis(0));
}

namespace {

// Long traces keep their beginning (the handshake) and their end (the error).
std::string abbreviate(const std::string& text) {
  constexpr size_t kKeep = 6000;
  if (text.size() <= 2 * kKeep) return text;
  return text.substr(0, kKeep) + "\n[... " + std::to_string(text.size() - 2 * kKeep) +
         " bytes ...]\n" + text.substr(text.size() - kKeep);
}

}  // namespace

std::string Process::describe() const {
  std::string text = "$ " + command_ + "\n";
  if (status_) text += "(exit status " + std::to_string(*status_) + ")\n";
  text += "--- stdout ---\n" + abbreviate(out_) + "\n--- stderr ---\n" + abbreviate(err_) + "\n";
  return text;
}

}  // namespace parley::interop

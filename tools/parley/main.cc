// The parley command: a TLS client and server on the parley library.
#include <fcntl.h>

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string_view>
#include <vector>

#include "args.h"
#include "client.h"
#include "parley/version.h"
#include "server.h"

namespace {
// Started with stdin, stdout or stderr closed, the first socket would take
// that number and be mistaken for it: give each missing one /dev/null.
void open_missing_standard_fds() {
  for (int fd = 0; fd <= 2; ++fd) {
    if (fcntl(fd, F_GETFD) == -1 && open("/dev/null", O_RDWR) != fd) std::abort();
  }
}
}  // namespace

int main(int argc, char** argv) {
  open_missing_standard_fds();
  // Writing to a closed socket or pipe is an error value, not a signal.
  std::signal(SIGPIPE, SIG_IGN);
  const std::vector<std::string_view> args(argv + 1, argv + argc);
  auto options = parley::cli::parse_command_line(args);
  if (!options.ok()) {
    std::fprintf(stderr, "parley: %s\nrun 'parley --help' for usage\n",
                 options.error().message.c_str());
    return 2;
  }
  switch (options->mode) {
    case parley::cli::Mode::kClient:
      return parley::cli::run_client(*options);
    case parley::cli::Mode::kServer:
      return parley::cli::run_server(*options);
    case parley::cli::Mode::kVersion:
      std::printf("parley %s\n", parley::version().data());
      return 0;
    case parley::cli::Mode::kHelp:
      break;
  }
  std::fputs(parley::cli::usage(options->help_command).c_str(), stdout);
  return 0;
}

// parley server --www-root's request handling (tools/parley/www.cc) on
// arbitrary request heads, against a root holding a file, a directory and a
// symbolic link that leads outside: never a crash, and a 200 only for a
// regular file inside the root.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include "www.h"

namespace {

// The root's real path, made once per process.
const std::string& root() {
  static const std::string made = [] {
    char pattern[] = "/tmp/parley-www-fuzz-XXXXXX";
    const char* dir = mkdtemp(pattern);
    if (dir == nullptr) std::abort();
    const std::string path = dir;
    std::ofstream(path + "/index.html") << "<p>root</p>";
    ::mkdir((path + "/sub").c_str(), 0700);
    std::ofstream(path + "/sub/a.txt") << "a";
    if (::symlink("/etc", (path + "/outside").c_str()) != 0) std::abort();
    char real[PATH_MAX];
    if (::realpath(path.c_str(), real) == nullptr) std::abort();
    return std::string(real);
  }();
  return made;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view request(reinterpret_cast<const char*>(data), size);
  const parley::cli::FileAnswer answer = parley::cli::answer_file_request(request, root());
  if (answer.status != 200) return 0;
  // What was opened must be a regular file under the root.
  struct stat info;
  if (::fstat(answer.file.get(), &info) != 0 || !S_ISREG(info.st_mode)) std::abort();
  char opened[PATH_MAX];
  const std::string link = "/proc/self/fd/" + std::to_string(answer.file.get());
  const ssize_t length = ::readlink(link.c_str(), opened, sizeof opened - 1);
  if (length <= 0) std::abort();
  if (std::string(opened, static_cast<size_t>(length)).rfind(root() + "/", 0) != 0) std::abort();
  if (answer.size != static_cast<uint64_t>(info.st_size)) std::abort();
  return 0;
}

// The provider's random sources: fresh values from both, and a forked child
// that never repeats its parent's public values.
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <set>

#include "crypto/provider.h"
#include "gtest/gtest.h"

namespace parley::crypto {
namespace {

using Value = std::array<uint8_t, 32>;

Value public_value() {
  Value value{};
  default_provider().public_random(value);
  return value;
}

TEST(Random, PublicValuesAreDistinctAcrossManyRefills) {
  // 32-byte values, as hello randoms are: far more than one pool holds.
  std::set<Value> seen;
  for (int i = 0; i < 1000; ++i) EXPECT_TRUE(seen.insert(public_value()).second) << i;
}

TEST(Random, PublicValuesOfEverySizeAreFilled) {
  // A value of all zeroes from a filled pool has probability 2^-256.
  for (size_t size : {1u, 31u, 32u, 64u, 65u, 1024u, 4096u}) {
    std::vector<uint8_t> a(size, 0);
    std::vector<uint8_t> b(size, 0);
    default_provider().public_random(a);
    default_provider().public_random(b);
    if (size >= 16) {
      EXPECT_NE(a, b) << size;
    }
  }
  Value value{};
  default_provider().random(value);
  EXPECT_NE(value, Value{});
}

TEST(Random, ForkedChildDoesNotRepeatItsParentsValues) {
  (void)public_value();  // the pool now holds values the parent has not served
  int pipe_fds[2];
  ASSERT_EQ(pipe(pipe_fds), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const Value value = public_value();
    const bool written =
        write(pipe_fds[1], value.data(), value.size()) == static_cast<ssize_t>(value.size());
    _exit(written ? 0 : 1);
  }
  close(pipe_fds[1]);
  Value from_child{};
  EXPECT_EQ(read(pipe_fds[0], from_child.data(), from_child.size()),
            static_cast<ssize_t>(from_child.size()));
  close(pipe_fds[0]);
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_NE(from_child, public_value());
}

}  // namespace
}  // namespace parley::crypto

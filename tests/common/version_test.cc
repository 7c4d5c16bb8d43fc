// include/parley/version.h: the macros, the runtime version and the version
// CMake read from the header agree.
#include "parley/version.h"

#include <gtest/gtest.h>

#include <string>

namespace parley {
namespace {

TEST(Version, RuntimeMatchesTheHeader) {
  EXPECT_EQ(version(), PARLEY_VERSION_STRING);
  const VersionInfo info = version_info();
  EXPECT_EQ(info.major, PARLEY_VERSION_MAJOR);
  EXPECT_EQ(info.minor, PARLEY_VERSION_MINOR);
  EXPECT_EQ(info.patch, PARLEY_VERSION_PATCH);
  EXPECT_EQ(std::string(version()), std::to_string(info.major) + "." + std::to_string(info.minor) +
                                        "." + std::to_string(info.patch));
  EXPECT_EQ(PARLEY_VERSION_NUMBER, info.major * 10000 + info.minor * 100 + info.patch);
}

TEST(Version, CMakeReadsTheSameVersion) {
  EXPECT_EQ(version(), PARLEY_CMAKE_VERSION);
}

}  // namespace
}  // namespace parley

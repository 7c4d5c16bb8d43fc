/// @file
/// parley's version: the one compiled against (macros) and the one linked
/// (parley::version()). They differ when a program built against one
/// release runs with another's shared library; docs/versioning.md says which
/// combinations are compatible.
#pragma once

#include <string_view>

#include "parley/export.h"

/// Major version: changes when the API or ABI changes incompatibly (from 1.0).
#define PARLEY_VERSION_MAJOR 0
/// Minor version: new features; while the major is 0, may also break the ABI.
#define PARLEY_VERSION_MINOR 1
/// Patch version: fixes only.
#define PARLEY_VERSION_PATCH 0
#define PARLEY_VERSION_STRINGIZE_(x) #x
#define PARLEY_VERSION_STRINGIZE(x) PARLEY_VERSION_STRINGIZE_(x)
/// The version as "MAJOR.MINOR.PATCH".
#define PARLEY_VERSION_STRING                                                      \
  PARLEY_VERSION_STRINGIZE(PARLEY_VERSION_MAJOR)                                   \
  "." PARLEY_VERSION_STRINGIZE(PARLEY_VERSION_MINOR) "." PARLEY_VERSION_STRINGIZE( \
      PARLEY_VERSION_PATCH)
/// The version as one comparable number: MAJOR * 10000 + MINOR * 100 + PATCH.
#define PARLEY_VERSION_NUMBER \
  (PARLEY_VERSION_MAJOR * 10000 + PARLEY_VERSION_MINOR * 100 + PARLEY_VERSION_PATCH)

namespace parley {

/// A release's version numbers.
struct VersionInfo {
  int major = 0;  ///< PARLEY_VERSION_MAJOR of the library
  int minor = 0;  ///< PARLEY_VERSION_MINOR of the library
  int patch = 0;  ///< PARLEY_VERSION_PATCH of the library
};

/// The version of the parley library the program runs with, "MAJOR.MINOR.PATCH".
PARLEY_EXPORT std::string_view version();
/// The same as numbers.
PARLEY_EXPORT VersionInfo version_info();

}  // namespace parley

// The runtime half of include/parley/version.h: the version this library was
// built as, whatever header a program compiled against.
#include "parley/version.h"

namespace parley {

std::string_view version() {
  return PARLEY_VERSION_STRING;
}

VersionInfo version_info() {
  return {PARLEY_VERSION_MAJOR, PARLEY_VERSION_MINOR, PARLEY_VERSION_PATCH};
}

}  // namespace parley

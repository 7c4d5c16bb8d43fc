#include "codec/fields.h"

namespace parley::codec {

Error in_context(Error error, std::string_view what) {
  error.message = std::string(what) + ": " + error.message;
  return error;
}

}  // namespace parley::codec

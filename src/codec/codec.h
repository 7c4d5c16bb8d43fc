// Everything the wire codec offers: framing, hellos, other handshake
// messages, extensions, enum names and trace summaries.
#pragma once

#include "codec/describe.h"    // IWYU pragma: export
#include "codec/enums.h"       // IWYU pragma: export
#include "codec/extensions.h"  // IWYU pragma: export
#include "codec/handshake.h"   // IWYU pragma: export
#include "codec/hello.h"       // IWYU pragma: export
#include "codec/messages.h"    // IWYU pragma: export

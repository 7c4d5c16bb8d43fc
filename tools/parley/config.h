// Turns parsed Options into library configs: resolves IANA names, loads
// certificates, keys and trust anchors, and installs the trace and key log
// callbacks.
#pragma once

#include <memory>

#include "args.h"
#include "parley/config.h"
#include "parley/error.h"

namespace parley::cli {

Result<std::shared_ptr<const ClientConfig>> build_client_config(const Options& options);
Result<std::shared_ptr<const ServerConfig>> build_server_config(const Options& options);

}  // namespace parley::cli

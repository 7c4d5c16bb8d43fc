// Turns parsed Options into library configs: resolves IANA names, loads
// certificates, keys and trust anchors, and installs the trace and key log
// callbacks.
#pragma once

#include <memory>
#include <span>
#include <string>
#include <vector>

#include "args.h"
#include "parley/config.h"
#include "parley/error.h"

namespace parley::cli {

Result<std::shared_ptr<const ClientConfig>> build_client_config(const Options& options);
Result<std::shared_ptr<const ServerConfig>> build_server_config(const Options& options);

// Whole small files (sessions, ticket keys, early data), at most `limit` bytes.
Result<std::vector<uint8_t>> read_small_file(const std::string& path, size_t limit);
Status write_file(const std::string& path, std::span<const uint8_t> data);

}  // namespace parley::cli

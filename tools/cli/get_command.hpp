// `turbofetch get URL -o FILE`: one large HTTP(S) object, in parallel ranges, verified and
// resumable.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tf::cli {

struct GetArguments {
  std::string url;
  std::string output;
  std::optional<size_t> connections;
  size_t max_connections = 64;
  std::string chunk_size = "8M";
  std::string sha256;
  bool verify = false;
  bool json = false;
  bool quiet = false;
  int stall_timeout = 30;
  int max_retries = 8;
  std::vector<std::string> headers;
};

// Adds the subcommand to `app`; the arguments are filled in when it is parsed.
CLI::App* add_get_command(CLI::App& app, GetArguments& args);

// Runs it; returns the process exit code.
int run_get_command(const GetArguments& args);

}  // namespace tf::cli

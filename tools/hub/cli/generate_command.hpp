// tf-hub generate: commits a generated repo of a given shape (deterministic pseudo-random
// content) to a repo branch.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/hub/cli/commit_options.hpp"

namespace tf::hub::cli {

class GenerateCommand {
 public:
  void add_to(CLI::App& app);

 private:
  void run() const;

  CommitOptions options_;
  std::vector<std::string> files_;   // PATH=SIZE[@SEED]
  std::vector<std::string> shapes_;  // COUNTxSIZE[:FOLDER]
  std::vector<std::string> edits_;   // PATH=PCT%[@SEED]
  std::string content_ = "random";
  uint64_t seed_ = 0;
  bool no_config_files_ = false;
};

}  // namespace tf::hub::cli

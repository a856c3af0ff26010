// tf-hub add-folder: commits the content of a local folder to a repo branch.
#pragma once

#include <CLI/CLI.hpp>

#include "tools/hub/cli/commit_options.hpp"

namespace tf::hub::cli {

class AddFolderCommand {
 public:
  // Registers the subcommand; it runs when parsed.
  void add_to(CLI::App& app);

 private:
  void run() const;

  CommitOptions options_;
  std::string folder_;
};

}  // namespace tf::hub::cli

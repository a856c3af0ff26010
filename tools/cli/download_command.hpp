// `turbofetch download REPO_ID [FILES...]`: a Hub repo (or some of its files) into the
// huggingface_hub cache or a local folder, interchangeable with `hf download`. Prints the
// snapshot folder (or the local folder) last on stdout.
#pragma once

#include <CLI/CLI.hpp>
#include <optional>
#include <string>
#include <vector>

namespace tf::cli {

struct DownloadArguments {
  std::string repo_id;
  std::vector<std::string> files;
  std::string repo_type = "model";
  std::string revision = "main";
  std::vector<std::string> include;
  std::vector<std::string> exclude;
  std::string local_dir;
  std::string cache_dir;
  std::optional<std::string> token;
  bool offline = false;
  bool no_xet = false;
  bool dry_run = false;
  bool json = false;
  bool quiet = false;
  std::optional<size_t> connections;
  size_t max_connections = 64;
  int stall_timeout = 30;
  int max_retries = 8;
};

CLI::App* add_download_command(CLI::App& app, DownloadArguments& args);
int run_download_command(const DownloadArguments& args);

}  // namespace tf::cli

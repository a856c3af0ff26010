// The options add-folder and generate share: which repo, which branch, how files are stored.
#pragma once

#include "tools/hub/store/xet_ingest.hpp"

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "tools/hub/store/commit_writer.hpp"
#include "tools/hub/store/storage_policy.hpp"

namespace tf::hub::cli {

struct CommitOptions {
  std::string data_dir;
  std::string repo_id;
  std::string type = "model";
  std::string branch = "main";
  std::string tag;
  std::string lfs_threshold = "10M";
  bool xet = false;
  bool make_private = false;
  bool make_gated = false;
  std::vector<std::string> grants;
  std::string date;
  std::string title;

  // Adds --data, --repo, --type, --branch, --tag, --lfs-threshold, --xet, --private, --gated,
  // --grant, --date and --title to `command`.
  void add_to(CLI::App& command);

  store::StoragePolicy storage_policy() const;
  // A request for these options with no files yet; throws tf::Error for a bad --type.
  store::CommitRequest commit_request(std::string default_title) const;
};

// Prints what was committed, as one JSON object on stdout:
// {"type","repo","branch","commit","files","bytes"}, plus, with --xet,
// "xet": {"files","bytes","new_xorb_bytes","chunks","deduplicated_chunks"} (what was chunked now).
void print_commit_summary(const store::CommitRequest& request, const store::Commit& commit,
                          const store::XetIngestStats* xet = nullptr);

}  // namespace tf::hub::cli

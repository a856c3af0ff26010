// Adding a commit to a repo: the one way the manifest grows. add-folder, generate and the
// admin API's replace all end here, so commit ids, dates and refs follow one rule.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "tools/hub/store/data_dir.hpp"
#include "tools/hub/store/manifest.hpp"

namespace tf::hub::store {

// The repo a commit goes to, and settings to apply to it (created if it does not exist).
struct RepoSettings {
  RepoType type = RepoType::model;
  std::string id;
  bool make_private = false;              // only ever turns the flag on
  bool make_gated = false;                // only ever turns the flag on
  std::vector<std::string> grant_tokens;  // added to the gated repo's granted tokens
};

struct CommitRequest {
  RepoSettings repo;
  std::string branch = "main";
  std::optional<std::string> tag;
  // ISO 8601; by default one minute after the parent, or 2024-01-01T00:00:00Z for a first
  // commit, so that the same content always gives the same commit id.
  std::optional<std::string> date;
  std::string title;
  std::vector<FileEntry> files;  // the complete content of the new commit, any order
};

// Adds the commit on top of the branch's head in `manifest` and moves the branch (and the tag)
// to it. Throws tf::Error(invalid_argument) for bad names, duplicate paths or a tag that exists.
Commit add_commit(Manifest& manifest, CommitRequest request);

// The same under the data folder's lock: load, add, save.
Commit record_commit(const DataDir& data, CommitRequest request);

}  // namespace tf::hub::store

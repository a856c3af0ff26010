// The read-only index the server answers from: the manifest plus, for every commit, its file
// tree. It is built once per manifest version and shared by all request threads; a change (a
// new commit) builds a new catalog rather than modifying this one.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "tools/hub/store/commit_tree.hpp"
#include "tools/hub/store/manifest.hpp"

namespace tf::hub::store {

class RepoIndex {
 public:
  // `repo` must outlive the index.
  explicit RepoIndex(const Repo& repo);

  const Repo& repo() const { return *repo_; }

  // A branch, a tag, a full 40-hex commit id, or "HEAD" (the default branch); null if none.
  const Commit* resolve(std::string_view revision) const;
  // The commit "main" points to, else the first branch's; null for a repo without branches.
  const Commit* default_head() const;
  const CommitTree& tree(const Commit& commit) const;

 private:
  const Repo* repo_;
  std::map<std::string, CommitTree, std::less<>> trees_;  // by commit sha
};

class Catalog {
 public:
  // Builds every commit tree and checks that every commit id matches its content; throws
  // tf::Error(invalid_argument) otherwise.
  explicit Catalog(Manifest manifest);
  Catalog(const Catalog&) = delete;
  Catalog& operator=(const Catalog&) = delete;

  const Manifest& manifest() const { return manifest_; }
  const RepoIndex* find(RepoType type, std::string_view id) const;

 private:
  Manifest manifest_;                                // the indexes point into it: never modified
  std::vector<std::unique_ptr<RepoIndex>> indexes_;  // parallel to manifest_.repos
};

}  // namespace tf::hub::store

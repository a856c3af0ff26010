// Every repo of the hub as a bare git repository on disk, so that git's own server programs
// (git http-backend, git upload-pack) can serve clones and fetches of it:
//   <root>/<type>s/<org>/<name>.git
// A clone gets the hub's commits under their own ids (they are real git ids, see
// git_objects.hpp): regular files as blobs, LFS and Xet files as LFS pointer files, branches
// and tags as refs, HEAD on main (else the first branch). Objects are written once (loose,
// content-addressed); refs are rewritten whenever a repo's branches or tags moved.
#pragma once

#include <filesystem>
#include <map>
#include <mutex>
#include <string>

#include "tools/hub/store/catalog.hpp"
#include "tools/hub/store/object_store.hpp"

namespace tf::hub::store {

class GitMirror {
 public:
  // `root` is created when the first repo is exported; `objects` holds the file contents.
  GitMirror(std::filesystem::path root, ObjectStore objects);

  const std::filesystem::path& root() const { return root_; }

  // The repository folder of a repo, relative to root(): "models/org/name.git".
  static std::filesystem::path relative_path(const Repo& repo);

  // Brings the repo's repository up to date with its commits, branches and tags, and returns
  // its folder. Thread-safe; cheap when nothing changed since the last call. Throws tf::Error
  // when an object is missing from the store or the disk fails.
  std::filesystem::path update(const RepoIndex& repo);

 private:
  void write_commit(const std::filesystem::path& repo_dir, const RepoIndex& repo,
                    const Commit& commit) const;
  static void write_refs(const std::filesystem::path& repo_dir, const Repo& repo);

  std::filesystem::path root_;
  ObjectStore objects_;
  std::mutex mutex_;
  // Repository folder -> the refs it was last brought up to date with.
  std::map<std::filesystem::path, std::string> exported_refs_;
};

}  // namespace tf::hub::store

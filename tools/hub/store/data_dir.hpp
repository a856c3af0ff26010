// The hub's data folder:
//   manifest.json   the repos (see manifest.hpp), replaced atomically on every change
//   manifest.lock   flock()ed while a process reads, changes and writes the manifest
//   objects/        content-addressed file contents (see object_store.hpp)
//   git/            the repos as bare git repositories, made when git first asks for one
//                   (see git_mirror.hpp)
#pragma once

#include <filesystem>

#include "tools/hub/store/manifest.hpp"
#include "tools/hub/store/object_store.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::store {

class DataDir {
 public:
  // Creates the folder and objects/ if they do not exist.
  explicit DataDir(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  ObjectStore objects() const { return ObjectStore(root_ / "objects"); }
  std::filesystem::path git_mirror_dir() const { return root_ / "git"; }

  // The manifest, or an empty one when there is none yet.
  Manifest load_manifest() const;
  // Writes to a temporary file and renames it over manifest.json.
  void save_manifest(const Manifest& manifest) const;

  // Exclusive access to the manifest across processes (tf-hub add-folder while tf-hub serve
  // replaces a file, say) for as long as the returned object lives.
  class Lock {
   public:
    explicit Lock(sys::UniqueFd fd) : fd_(std::move(fd)) {}

   private:
    sys::UniqueFd fd_;
  };
  [[nodiscard]] Lock lock() const;

 private:
  std::filesystem::path root_;
};

}  // namespace tf::hub::store

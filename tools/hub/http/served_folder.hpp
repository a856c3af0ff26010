// A local folder served as plain files (tf-hub serve --serve-dir, under /files/) with the same
// Range, ETag and fault machinery as the hub, for tests of the download engine against a
// faulty server. Files are opened with openat2(RESOLVE_BENEATH), so the kernel itself refuses
// any path (symlinks included) that would leave the folder.
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "tools/hub/http/body.hpp"
#include "tools/hub/http/representation.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::http {

class ServedFolder {
 public:
  // Throws tf::Error when `root` is not a readable folder.
  explicit ServedFolder(const std::filesystem::path& root);

  // The regular file at `relative` (a plain relative path), or nullptr.
  std::shared_ptr<const OpenFile> open(const std::string& relative) const;

  // The file as a representation: ETag from inode, size and modification time (so replacing
  // a file changes it), Last-Modified from the modification time.
  static Representation representation_of(std::shared_ptr<const OpenFile> file);

  // Writes `content` to `relative` atomically (temporary file, then rename): the file gets a
  // new inode, hence a new ETag. The parent folder must exist. Throws tf::Error.
  void replace(const std::string& relative, std::string_view content) const;

 private:
  sys::UniqueFd root_;
};

}  // namespace tf::hub::http

// snapshots/<commit>/<path>: what a user opens, pointing at the verified blob.
#include <unistd.h>

#include <cerrno>

#include "engine/hub/atomic_file.hpp"
#include "engine/hub/cache_layout.hpp"
#include "io/error.hpp"
#include "io/file_handle.hpp"

namespace tf::engine::hub {

namespace {

// Errors of a file system that has no symbolic links (FAT, exFAT, some network mounts).
bool means_no_symlinks(int error) {
  return error == EPERM || error == EOPNOTSUPP || error == ENOSYS;
}

void create_folders(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw system_error(error.value(), "create the folder", folder.string());
}

// Puts the prepared `temporary` in place of `pointer`, removing it when that fails.
void replace_with(const std::filesystem::path& temporary, const std::filesystem::path& pointer) {
  try {
    io::durable_rename(temporary, pointer);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

void copy_blob(const std::filesystem::path& blob, const std::filesystem::path& pointer) {
  const auto temporary = temporary_sibling(pointer);
  std::error_code error;
  std::filesystem::copy_file(blob, temporary, std::filesystem::copy_options::overwrite_existing,
                             error);
  if (error) {
    std::filesystem::remove(temporary, error);
    throw system_error(error.value(), "copy " + blob.string() + " to", temporary.string());
  }
  replace_with(temporary, pointer);
}

bool already_links_to(const std::filesystem::path& pointer, const std::string& target) {
  std::error_code error;
  if (!std::filesystem::is_symlink(pointer, error)) return false;
  const auto current = std::filesystem::read_symlink(pointer, error);
  return !error && current == target;
}

// False when the file system has no symlinks (the caller copies instead).
bool symlink_blob(const std::string& target, const std::filesystem::path& pointer) {
  if (already_links_to(pointer, target)) return true;
  const auto temporary = temporary_sibling(pointer);
  if (::symlink(target.c_str(), temporary.c_str()) != 0) {
    if (means_no_symlinks(errno)) return false;
    throw system_error(errno, "create the symbolic link", temporary.string());
  }
  replace_with(temporary, pointer);
  return true;
}

}  // namespace

void link_snapshot_file(const CacheLayout& cache, std::string_view commit, const RepoFile& file,
                        SnapshotLinkMode mode) {
  const auto pointer = cache.snapshot_file(commit, file.path);
  const auto blob = cache.blob(file.etag());
  std::error_code error;
  if (!std::filesystem::is_regular_file(blob, error)) {
    throw Error(ErrorKind::io, "cannot add " + pointer.string() + " to the snapshot: its blob " +
                                   blob.string() + " is missing");
  }
  create_folders(pointer.parent_path());
  if (mode == SnapshotLinkMode::symlink &&
      symlink_blob(relative_blob_target(file.path, file.etag()), pointer)) {
    return;
  }
  copy_blob(blob, pointer);
}

bool snapshot_file_present(const CacheLayout& cache, std::string_view commit,
                           const RepoFile& file) {
  const auto pointer = cache.snapshot_file(commit, file.path);
  std::error_code error;
  const auto link_status = std::filesystem::symlink_status(pointer, error);
  if (error) return false;
  if (std::filesystem::is_symlink(link_status)) {
    const auto blob = cache.blob(file.etag());
    const bool same = std::filesystem::equivalent(pointer, blob, error);
    if (error || !same) return false;
  } else if (!std::filesystem::is_regular_file(link_status)) {
    return false;
  }
  const auto size = std::filesystem::file_size(pointer, error);
  return !error && size == file.size;
}

}  // namespace tf::engine::hub

// The huggingface_hub cache layout (reference hub-protocol.md section 3), so that a repo pulled
// by turbofetch loads offline with huggingface_hub, and the other way round:
//
//   $HF_HUB_CACHE/CACHEDIR.TAG
//   $HF_HUB_CACHE/.locks/models--org--name/<etag>.lock
//   $HF_HUB_CACHE/models--org--name/ (below: <repo>/)
//   <repo>/refs/<revision>            the commit, when revision != commit
//   <repo>/blobs/<etag>               the file's bytes (verified)
//   <repo>/snapshots/<commit>/<path>  -> ../../blobs/<etag> (relative)
//   <repo>/.no_exist/<commit>/<path>  empty: the file is not in that commit
//   <repo>/trees/<commit>.json        the commit's file list (_tree_cache.py)
//
// turbofetch's own partial downloads live in blobs/<etag>.<id>.incomplete/ (a folder holding the
// data and its resume journal), which huggingface_hub ignores: a blob only ever appears under
// its final name after its hash was verified.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "engine/hub/hub_api.hpp"
#include "engine/hub/repo_id.hpp"

namespace tf::engine::hub {

// Every name from a server or a user is checked before it becomes part of a path: repo paths
// with check_repo_path (tf::Error protocol), revisions likewise (tf::Error invalid_argument: a
// ref may be "refs/pr/1" but never leave refs/); commits must be 40 lowercase hex, etags a single
// safe file name and partial ids [A-Za-z0-9_-]+ (tf::Error internal: the parsers checked them).
class CacheLayout {
 public:
  CacheLayout(std::filesystem::path hub_cache, RepoId repo);

  const std::filesystem::path& hub_cache() const { return hub_cache_; }
  std::filesystem::path repo_folder() const;
  std::filesystem::path blob(std::string_view etag) const;
  std::filesystem::path snapshot_folder(std::string_view commit) const;
  std::filesystem::path snapshot_file(std::string_view commit, std::string_view repo_path) const;
  std::filesystem::path ref(std::string_view revision) const;
  std::filesystem::path no_exist(std::string_view commit, std::string_view repo_path) const;
  // $HF_HUB_CACHE/.locks/<repo folder>/<etag>.lock
  std::filesystem::path lock(std::string_view etag) const;
  std::filesystem::path tree_cache(std::string_view commit) const;
  // A partial download of a blob, owned by one process (id: unique per process and blob).
  std::filesystem::path partial_folder(std::string_view etag, std::string_view id) const;
  // Partial folders of this blob left by earlier runs (to adopt one and resume it), sorted.
  std::vector<std::filesystem::path> partial_folders(std::string_view etag) const;

 private:
  std::filesystem::path hub_cache_;
  RepoId repo_;
};

// "../../blobs/<etag>" with one more "../" per folder level of repo_path: the target of the
// snapshot symlink, as huggingface_hub writes it.
std::string relative_blob_target(std::string_view repo_path, std::string_view etag);

// Creates the folder and its CACHEDIR.TAG if missing, with huggingface_hub's exact content (the
// standard signature line and a comment). Used for $HF_HUB_CACHE and local_dir's
// .cache/huggingface. Writing the tag is best effort, as in huggingface_hub; creating the folder
// is not (tf::Error io).
void ensure_cachedir_tag(const std::filesystem::path& folder);

// refs/<revision>: read (trimmed, must be 40 hex; nullopt if missing or not a file) and write
// (atomically: "<name>.<8 hex>.tmp" + rename, the bare hash without newline, as
// huggingface_hub). write_ref does nothing when the revision is the commit itself or the ref
// already holds it.
std::optional<std::string> read_ref(const CacheLayout& cache, std::string_view revision);
void write_ref(const CacheLayout& cache, std::string_view revision, std::string_view commit);

enum class SnapshotLinkMode {
  symlink,  // relative symlink; a copy where the file system refuses symlinks
  copy,     // always a copy (HF_HUB_DISABLE_SYMLINKS)
};

// Points snapshots/<commit>/<path> at the blob (relative symlink), creating folders, replacing
// an existing entry atomically (link under a temporary name in the same folder + rename); an
// existing link to the same target is left alone. Where the file system refuses symlinks
// (EPERM, EOPNOTSUPP, ENOSYS), or with SnapshotLinkMode::copy, copies the blob instead
// (huggingface_hub's fallback; the blob is kept). The blob must exist (tf::Error io otherwise).
void link_snapshot_file(const CacheLayout& cache, std::string_view commit, const RepoFile& file,
                        SnapshotLinkMode mode = SnapshotLinkMode::symlink);

// True when snapshots/<commit>/<path> is a symlink to this file's blob (same inode), or a regular
// file (a copy), of the right size.
bool snapshot_file_present(const CacheLayout& cache, std::string_view commit, const RepoFile& file);

// Marks a file as absent from a commit (.no_exist/<commit>/<path>, empty; tf::Error io).
void mark_no_exist(const CacheLayout& cache, std::string_view commit, std::string_view repo_path);

// trees/<commit>.json: {"format_version":1,"files":{path:{"size","blob_id","lfs_sha256"?,
// "lfs_size"?,"xet_hash"?}}}, as huggingface_hub's _tree_cache.py writes it (indent=1, ASCII,
// sorted by path). Written atomically (tf::Error io); read back validated, sorted by path
// (nullopt if missing, unreadable or unusable: any bad entry, like a bad Xet hash in Python,
// discards the listing). last_commit is not stored.
void write_tree_cache(const CacheLayout& cache, std::string_view commit,
                      const std::vector<RepoFile>& files);
std::optional<std::vector<RepoFile>> read_tree_cache(const CacheLayout& cache,
                                                     std::string_view commit);
// The same at any path (local_dir keeps its listings in .cache/huggingface/trees/).
void write_tree_cache_file(const std::filesystem::path& path, const std::vector<RepoFile>& files);
std::optional<std::vector<RepoFile>> read_tree_cache_file(const std::filesystem::path& path);

}  // namespace tf::engine::hub

// The huggingface_hub cache layout (reference hub-protocol.md section 3), so that a repo pulled
// by turbofetch loads offline with huggingface_hub, and the other way round:
//
//   $HF_HUB_CACHE/CACHEDIR.TAG
//   $HF_HUB_CACHE/.locks/models--org--name/<etag>.lock
//   $HF_HUB_CACHE/models--org--name/refs/<revision>            the commit, when revision != commit
//   $HF_HUB_CACHE/models--org--name/blobs/<etag>               the file's bytes (verified)
//   $HF_HUB_CACHE/models--org--name/snapshots/<commit>/<path>  -> ../../blobs/<etag> (relative)
//   $HF_HUB_CACHE/models--org--name/.no_exist/<commit>/<path>  empty: the file is not in that commit
//   $HF_HUB_CACHE/models--org--name/trees/<commit>.json        the commit's file list (_tree_cache.py)
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
  std::filesystem::path lock(std::string_view etag) const;
  std::filesystem::path tree_cache(std::string_view commit) const;
  // A partial download of a blob, owned by one process (id: unique per process and blob).
  std::filesystem::path partial_folder(std::string_view etag, std::string_view id) const;
  // Partial folders of this blob left by earlier runs (to adopt one and resume it).
  std::vector<std::filesystem::path> partial_folders(std::string_view etag) const;

 private:
  std::filesystem::path hub_cache_;
  RepoId repo_;
};

// "../../blobs/<etag>" with one more "../" per folder level of repo_path: the target of the
// snapshot symlink, as huggingface_hub writes it.
std::string relative_blob_target(std::string_view repo_path, std::string_view etag);

// Creates $HF_HUB_CACHE/CACHEDIR.TAG if missing (the standard signature line and a comment).
void ensure_cachedir_tag(const std::filesystem::path& hub_cache);

// refs/<revision>: read (trimmed, must be 40 hex) and write (atomically: temp file + rename).
std::optional<std::string> read_ref(const CacheLayout& cache, std::string_view revision);
void write_ref(const CacheLayout& cache, std::string_view revision, std::string_view commit);

// Points snapshots/<commit>/<path> at the blob (relative symlink), creating folders, replacing
// an existing link atomically (link under a temporary name + rename). Where the file system
// refuses symlinks, copies the blob instead (huggingface_hub's fallback).
void link_snapshot_file(const CacheLayout& cache, std::string_view commit, const RepoFile& file);

// True when snapshots/<commit>/<path> resolves to an existing blob of the right size.
bool snapshot_file_present(const CacheLayout& cache, std::string_view commit, const RepoFile& file);

// Marks a file as absent from a commit (.no_exist/<commit>/<path>, empty).
void mark_no_exist(const CacheLayout& cache, std::string_view commit, std::string_view repo_path);

// trees/<commit>.json: {"format_version":1,"files":{path:{"size","blob_id","lfs_sha256"?,
// "lfs_size"?,"xet_hash"?}}}. Written atomically; read back validated (nullopt if missing or
// unusable).
void write_tree_cache(const CacheLayout& cache, std::string_view commit, const std::vector<RepoFile>& files);
std::optional<std::vector<RepoFile>> read_tree_cache(const CacheLayout& cache, std::string_view commit);

}  // namespace tf::engine::hub

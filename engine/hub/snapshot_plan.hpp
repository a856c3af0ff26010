// What a snapshot pull has to do, decided before any byte is fetched: which of the commit's
// files the user asked for, and which of them are already in place (in the cache, or in the
// local folder with matching metadata). Pure: reads the disk, never the network.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/hub/cache_layout.hpp"
#include "engine/hub/file_filter.hpp"
#include "engine/hub/hub_api.hpp"
#include "engine/hub/local_dir.hpp"

namespace tf::engine::hub {

enum class FileState {
  present,      // in place and verified earlier: nothing to do
  blob_cached,  // the cache has the blob (another revision or path): only link it
  missing,      // must be fetched
};

struct PlannedFile {
  RepoFile file;
  FileState state = FileState::missing;
};

struct SnapshotPlan {
  std::string commit;
  std::vector<PlannedFile> files;  // sorted by path

  uint64_t bytes_total() const;
  uint64_t bytes_to_fetch() const;
  size_t files_to_fetch() const;
};

// The files of a listing that the filter keeps, sorted by path. Two entries with the same path
// are a protocol error (a listing that would write one file twice).
std::vector<RepoFile> select_files(std::vector<RepoFile> listing, const FileFilter& filter);

SnapshotPlan plan_in_cache(const CacheLayout& cache, std::string commit,
                           std::vector<RepoFile> files);
SnapshotPlan plan_in_local_dir(const LocalDir& local, std::string commit,
                               std::vector<RepoFile> files);

}  // namespace tf::engine::hub

#include "engine/hub/snapshot_plan.hpp"

#include <algorithm>
#include <filesystem>

#include "engine/hub/printable.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

uint64_t SnapshotPlan::bytes_total() const {
  uint64_t total = 0;
  for (const auto& f : files)
    total += f.file.size;
  return total;
}

uint64_t SnapshotPlan::bytes_to_fetch() const {
  uint64_t total = 0;
  for (const auto& f : files)
    if (f.state == FileState::missing) total += f.file.size;
  return total;
}

size_t SnapshotPlan::files_to_fetch() const {
  return static_cast<size_t>(std::count_if(files.begin(), files.end(), [](const PlannedFile& f) {
    return f.state == FileState::missing;
  }));
}

std::vector<RepoFile> select_files(std::vector<RepoFile> listing, const FileFilter& filter) {
  std::vector<RepoFile> selected;
  for (auto& file : listing)
    if (filter.matches(file.path)) selected.push_back(std::move(file));
  std::sort(selected.begin(), selected.end(),
            [](const RepoFile& a, const RepoFile& b) { return a.path < b.path; });
  const auto twin =
      std::adjacent_find(selected.begin(), selected.end(),
                         [](const RepoFile& a, const RepoFile& b) { return a.path == b.path; });
  if (twin != selected.end()) {
    throw Error(ErrorKind::protocol,
                "the file list names " + printable(twin->path, 200) + " twice");
  }
  return selected;
}

SnapshotPlan plan_in_cache(const CacheLayout& cache, std::string commit,
                           std::vector<RepoFile> files) {
  SnapshotPlan plan{std::move(commit), {}};
  for (auto& file : files) {
    FileState state = FileState::missing;
    std::error_code error;
    if (snapshot_file_present(cache, plan.commit, file)) {
      state = FileState::present;
    } else if (std::filesystem::file_size(cache.blob(file.etag()), error) == file.size && !error) {
      state = FileState::blob_cached;
    }
    plan.files.push_back(PlannedFile{std::move(file), state});
  }
  return plan;
}

SnapshotPlan plan_in_local_dir(const LocalDir& local, std::string commit,
                               std::vector<RepoFile> files) {
  SnapshotPlan plan{std::move(commit), {}};
  for (auto& file : files) {
    const bool done = local.up_to_date(file.path, file.etag());
    plan.files.push_back(
        PlannedFile{std::move(file), done ? FileState::present : FileState::missing});
  }
  return plan;
}

}  // namespace tf::engine::hub

// The paths of the huggingface_hub cache (file_download.py): every name that comes from a
// server or a user is checked before it becomes part of a path.
#include "engine/hub/cache_layout.hpp"

#include <algorithm>

#include "engine/hub/hex_id.hpp"
#include "engine/hub/printable.hpp"
#include "engine/hub/repo_path.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

constexpr std::string_view kIncompleteSuffix = ".incomplete";

// Commits and etags reach the cache already validated by the parsers; one that is not a plain
// name here is a bug, not a server's fault.
void check_commit(std::string_view commit) {
  if (!is_commit_hash(commit)) {
    throw Error(ErrorKind::internal, "not a commit hash: \"" + printable(commit) + "\"");
  }
}

bool is_single_segment(std::string_view name) {
  return is_safe_repo_path(name) && name.find('/') == std::string_view::npos;
}

void check_etag(std::string_view etag) {
  if (!is_single_segment(etag)) {
    throw Error(ErrorKind::internal, "not a usable blob name: \"" + printable(etag) + "\"");
  }
}

void check_partial_id(std::string_view id) {
  const bool plain = !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
  if (!plain)
    throw Error(ErrorKind::internal, "not a usable partial id: \"" + printable(id) + "\"");
}

// A revision names a ref file and may hold '/' ("refs/pr/1"), but must stay inside refs/.
void check_revision(std::string_view revision) {
  if (!is_safe_repo_path(revision)) {
    throw Error(ErrorKind::invalid_argument,
                "revision \"" + printable(revision) + "\" cannot name a ref in the cache");
  }
}

// "<etag>.<id>.incomplete" with an id free of dots.
bool is_partial_name(std::string_view name, std::string_view etag) {
  if (!name.starts_with(etag) || !name.ends_with(kIncompleteSuffix)) return false;
  const size_t id_start = etag.size() + 1;
  if (name.size() <= id_start + kIncompleteSuffix.size() || name[etag.size()] != '.') return false;
  const std::string_view id =
      name.substr(id_start, name.size() - id_start - kIncompleteSuffix.size());
  return id.find('.') == std::string_view::npos;
}

}  // namespace

CacheLayout::CacheLayout(std::filesystem::path hub_cache, RepoId repo)
    : hub_cache_(std::move(hub_cache)), repo_(std::move(repo)) {}

std::filesystem::path CacheLayout::repo_folder() const {
  return hub_cache_ / repo_folder_name(repo_);
}

std::filesystem::path CacheLayout::blob(std::string_view etag) const {
  check_etag(etag);
  return repo_folder() / "blobs" / etag;
}

std::filesystem::path CacheLayout::snapshot_folder(std::string_view commit) const {
  check_commit(commit);
  return repo_folder() / "snapshots" / commit;
}

std::filesystem::path CacheLayout::snapshot_file(std::string_view commit,
                                                 std::string_view repo_path) const {
  check_repo_path(repo_path);
  return snapshot_folder(commit) / repo_path;
}

std::filesystem::path CacheLayout::ref(std::string_view revision) const {
  check_revision(revision);
  return repo_folder() / "refs" / revision;
}

std::filesystem::path CacheLayout::no_exist(std::string_view commit,
                                            std::string_view repo_path) const {
  check_commit(commit);
  check_repo_path(repo_path);
  return repo_folder() / ".no_exist" / commit / repo_path;
}

std::filesystem::path CacheLayout::lock(std::string_view etag) const {
  check_etag(etag);
  return hub_cache_ / ".locks" / repo_folder_name(repo_) / (std::string(etag) + ".lock");
}

std::filesystem::path CacheLayout::tree_cache(std::string_view commit) const {
  check_commit(commit);
  return repo_folder() / "trees" / (std::string(commit) + ".json");
}

std::filesystem::path CacheLayout::partial_folder(std::string_view etag,
                                                  std::string_view id) const {
  check_etag(etag);
  check_partial_id(id);
  return repo_folder() / "blobs" /
         (std::string(etag) + "." + std::string(id) + std::string(kIncompleteSuffix));
}

std::vector<std::filesystem::path> CacheLayout::partial_folders(std::string_view etag) const {
  const auto blobs = blob(etag).parent_path();
  std::vector<std::filesystem::path> found;
  std::error_code error;
  for (std::filesystem::directory_iterator it(blobs, error), end; !error && it != end;
       it.increment(error)) {
    const std::string name = it->path().filename().string();
    std::error_code type_error;
    if (is_partial_name(name, etag) && it->is_directory(type_error)) found.push_back(it->path());
  }
  std::sort(found.begin(), found.end());
  return found;
}

// os.path.relpath(blobs/<etag>, dirname(snapshots/<commit>/<path>)): up to the repo folder (two
// levels, plus one per folder of the path), then down into blobs/.
std::string relative_blob_target(std::string_view repo_path, std::string_view etag) {
  const auto folders = static_cast<size_t>(std::count(repo_path.begin(), repo_path.end(), '/'));
  std::string target;
  for (size_t i = 0; i < folders + 2; ++i)
    target += "../";
  return target + "blobs/" + std::string(etag);
}

}  // namespace tf::engine::hub

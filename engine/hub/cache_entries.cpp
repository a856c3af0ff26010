// The small files of the cache: CACHEDIR.TAG, refs/<revision> and .no_exist markers.
#include <fcntl.h>
#include <unistd.h>

#include "engine/hub/atomic_file.hpp"
#include "engine/hub/cache_layout.hpp"
#include "engine/hub/hex_id.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

// _local_folder.py CACHEDIR_TAG_CONTENT, byte for byte (https://bford.info/cachedir/).
constexpr std::string_view kCacheDirTag =
    "Signature: 8a477f597d28d172789f06886806bc55\n"
    "# This file is a cache directory tag created by huggingface_hub.\n"
    "# For information about cache directory tags, see:\n"
    "#\thttps://bford.info/cachedir/\n";

void create_folders(const std::filesystem::path& folder) {
  std::error_code error;
  std::filesystem::create_directories(folder, error);
  if (error) throw system_error(error.value(), "create the folder", folder.string());
}

std::string trimmed(std::string_view text) {
  const auto is_space = [](char c) { return c == ' ' || (c >= '\t' && c <= '\r'); };
  while (!text.empty() && is_space(text.front()))
    text.remove_prefix(1);
  while (!text.empty() && is_space(text.back()))
    text.remove_suffix(1);
  return std::string(text);
}

}  // namespace

void ensure_cachedir_tag(const std::filesystem::path& folder) {
  create_folders(folder);
  const auto tag = folder / "CACHEDIR.TAG";
  std::error_code error;
  if (std::filesystem::exists(tag, error)) return;
  // Best effort, as in huggingface_hub: a cache whose folder is read-only for this user is
  // still usable for reading, and the tag only helps backup tools.
  try {
    write_file_atomically(tag, kCacheDirTag);
  } catch (const Error&) {
  }
}

std::optional<std::string> read_ref(const CacheLayout& cache, std::string_view revision) {
  const auto path = cache.ref(revision);
  std::error_code error;
  if (!std::filesystem::is_regular_file(path, error)) return std::nullopt;
  const auto content = read_small_file(path);
  if (!content) return std::nullopt;
  return lowercase_hex_id(trimmed(*content), kCommitHexLength);
}

// As _cache_commit_hash_for_specific_revision: nothing to do for a commit hash, and an
// up-to-date ref is left alone (the cache may be read-only for this user). The file holds the
// bare hash with no newline: huggingface_hub reads it back without stripping.
void write_ref(const CacheLayout& cache, std::string_view revision, std::string_view commit) {
  if (!is_commit_hash(commit)) {
    throw Error(ErrorKind::internal,
                "a ref must hold a commit hash, not \"" + std::string(commit.substr(0, 64)) + "\"");
  }
  if (revision == commit) return;
  const auto path = cache.ref(revision);
  std::error_code error;
  if (std::filesystem::is_regular_file(path, error) &&
      read_small_file(path) == std::string(commit)) {
    return;
  }
  write_file_atomically(path, commit);
}

void mark_no_exist(const CacheLayout& cache, std::string_view commit, std::string_view repo_path) {
  const auto marker = cache.no_exist(commit, repo_path);
  create_folders(marker.parent_path());
  const int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0666);
  if (fd < 0) throw system_error(errno, "create the marker", marker.string());
  ::close(fd);
}

}  // namespace tf::engine::hub

// trees/<commit>.json: a commit's file list, so a rerun needs no listing requests. The format
// and its rules are huggingface_hub's _tree_cache.py: written with json.dump(indent=1), files
// sorted by path, read back only when format_version is 1 and every entry is usable.
#include <algorithm>

#include <nlohmann/json.hpp>

#include "engine/hub/atomic_file.hpp"
#include "engine/hub/cache_layout.hpp"
#include "engine/hub/hex_id.hpp"
#include "engine/hub/repo_path.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

// Insertion order kept, so the file reads like the one huggingface_hub writes.
using ordered_json = nlohmann::ordered_json;
using nlohmann::json;

constexpr int kFormatVersion = 1;

ordered_json entry_json(const RepoFile& file) {
  ordered_json entry;
  entry["size"] = file.size;
  entry["blob_id"] = file.git_oid;
  if (file.lfs_sha256) {
    entry["lfs_sha256"] = *file.lfs_sha256;
    entry["lfs_size"] = file.size;  // the tree's lfs.size, always the file's size
  }
  if (file.xet_hash) entry["xet_hash"] = *file.xet_hash;
  return entry;
}

std::string tree_json(std::vector<RepoFile> files) {
  std::stable_sort(files.begin(), files.end(),
                   [](const RepoFile& a, const RepoFile& b) { return a.path < b.path; });
  ordered_json entries = ordered_json::object();
  for (const auto& file : files)
    entries[file.path] = entry_json(file);
  ordered_json document;
  document["format_version"] = kFormatVersion;
  document["files"] = std::move(entries);
  // json.dump(indent=1) with Python's default ensure_ascii=True.
  return document.dump(1, ' ', true);
}

// An optional member: absent and null are the same (huggingface_hub writes null lfs_size).
const json* optional_member(const json& object, const char* key) {
  const auto it = object.find(key);
  return it == object.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::string> hex_value(const json* value, size_t length) {
  if (!value || !value->is_string()) return std::nullopt;
  return lowercase_hex_id(value->get_ref<const std::string&>(), length);
}

std::optional<uint64_t> size_value(const json* value) {
  if (!value || !value->is_number_unsigned()) return std::nullopt;
  const auto size = value->get<uint64_t>();
  if (size > kMaxRepoFileSize) return std::nullopt;
  return size;
}

std::optional<RepoFile> entry_file(const std::string& path, const json& entry) {
  if (!entry.is_object() || !is_safe_repo_path(path)) return std::nullopt;
  RepoFile file;
  file.path = path;
  const auto size = size_value(optional_member(entry, "size"));
  auto blob_id = hex_value(optional_member(entry, "blob_id"), kCommitHexLength);
  if (!size || !blob_id) return std::nullopt;
  file.size = *size;
  file.git_oid = std::move(*blob_id);
  if (const json* lfs = optional_member(entry, "lfs_sha256")) {
    file.lfs_sha256 = hex_value(lfs, kSha256HexLength);
    const json* lfs_size = optional_member(entry, "lfs_size");
    if (!file.lfs_sha256 || (lfs_size && size_value(lfs_size) != file.size)) return std::nullopt;
  }
  if (const json* xet = optional_member(entry, "xet_hash")) {
    file.xet_hash = hex_value(xet, kSha256HexLength);
    if (!file.xet_hash) return std::nullopt;
  }
  return file;
}

std::optional<std::vector<RepoFile>> parse_tree_json(std::string_view text) {
  const json document = json::parse(text, nullptr, false);
  if (!document.is_object()) return std::nullopt;
  const json* version = optional_member(document, "format_version");
  const json* files = optional_member(document, "files");
  if (!version || !version->is_number() || *version != kFormatVersion) return std::nullopt;
  if (!files || !files->is_object()) return std::nullopt;
  std::vector<RepoFile> out;
  for (const auto& [path, entry] : files->items()) {
    auto file = entry_file(path, entry);
    if (!file) return std::nullopt;
    out.push_back(std::move(*file));
  }
  return out;
}

}  // namespace

void write_tree_cache_file(const std::filesystem::path& path, const std::vector<RepoFile>& files) {
  write_file_atomically(path, tree_json(files));
}

std::optional<std::vector<RepoFile>> read_tree_cache_file(const std::filesystem::path& path) {
  try {
    const auto text = read_small_file(path);
    if (!text) return std::nullopt;
    return parse_tree_json(*text);
  } catch (const Error&) {
    return std::nullopt;  // unreadable is the same as absent: the listing is fetched again
  }
}

void write_tree_cache(const CacheLayout& cache, std::string_view commit,
                      const std::vector<RepoFile>& files) {
  write_tree_cache_file(cache.tree_cache(commit), files);
}

std::optional<std::vector<RepoFile>> read_tree_cache(const CacheLayout& cache,
                                                     std::string_view commit) {
  return read_tree_cache_file(cache.tree_cache(commit));
}

}  // namespace tf::engine::hub

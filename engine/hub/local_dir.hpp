// --local-dir mode, as huggingface_hub's _local_folder.py: real files at <local_dir>/<path>, and
// for each a metadata file <local_dir>/.cache/huggingface/download/<path>.metadata holding three
// lines: commit, etag, unix time (float). The metadata is valid only while the file's
// mtime - 1 <= that time. Also .cache/huggingface/.gitignore ("*") and CACHEDIR.TAG, and the
// tree listings in .cache/huggingface/trees/<commit>.json (_tree_cache.py).
//
// Repo paths are checked with check_repo_path (tf::Error protocol) before they become paths.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace tf::engine::hub {

struct LocalDirMetadata {
  std::string commit;
  std::string etag;
  double timestamp = 0;
};

class LocalDir {
 public:
  explicit LocalDir(std::filesystem::path root);

  const std::filesystem::path& root() const { return root_; }
  std::filesystem::path file(std::string_view repo_path) const;
  std::filesystem::path metadata_file(std::string_view repo_path) const;
  // turbofetch's partial download of a file (folder with data and journal), next to its
  // metadata file, named "<32 hex of SHA-256(file name)>.incomplete" so a rerun finds it and no
  // repo file's metadata can collide with it.
  std::filesystem::path partial_folder(std::string_view repo_path) const;
  // .cache/huggingface/trees/<commit>.json (read and write it with the *_tree_cache_file
  // functions of cache_layout.hpp).
  std::filesystem::path tree_cache(std::string_view commit) const;

  // Creates .cache/huggingface/{.gitignore,CACHEDIR.TAG} if missing.
  void ensure_cache_folder() const;

  // The metadata if present, parseable, and still valid for the file on disk. Metadata that
  // cannot be read or parsed is removed, as huggingface_hub does.
  std::optional<LocalDirMetadata> read_metadata(std::string_view repo_path) const;
  // Writes the metadata (atomically) with the current time, after ensure_cache_folder().
  // Commit and etag must be single lines (tf::Error internal otherwise).
  void write_metadata(std::string_view repo_path, std::string_view commit,
                      std::string_view etag) const;

  // True when the file is there and its metadata says it is this etag (no network needed).
  bool up_to_date(std::string_view repo_path, std::string_view etag) const;

 private:
  std::filesystem::path root_;
};

}  // namespace tf::engine::hub

// The manifest: every repo the hub serves, as plain values. It is stored as JSON next to the
// objects (data/manifest.json) and carries every hash computed at ingest, so that starting the
// server never reads the objects themselves.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace tf::hub::store {

enum class RepoType { model, dataset, space };

std::string_view to_string(RepoType type);  // "model", "dataset", "space"
std::optional<RepoType> repo_type_from_string(std::string_view text);
// "models", "datasets", "spaces": the word in /api/{...}/ URLs.
std::string_view api_plural(RepoType type);
std::optional<RepoType> repo_type_from_api_plural(std::string_view text);

// How git stores a file: as a blob in the repo, or as an LFS pointer to an object. Xet files
// are LFS files whose object the Hub keeps in Xet storage; for downloads they differ only in
// the Xet protocol.
enum class FileKind { regular, lfs, xet };

std::string_view to_string(FileKind kind);
std::optional<FileKind> file_kind_from_string(std::string_view text);

struct FileEntry {
  std::string path;     // relative, '/'-separated
  uint64_t size = 0;    // of the content
  std::string git_oid;  // git blob sha1: of the content, or of the LFS pointer for lfs/xet
  std::string sha256;   // of the content; names the object in objects/
  FileKind kind = FileKind::regular;
  // Xet files: the Xet file hash (64 hex, Xet byte order) of the content, set at ingest. Empty
  // for other files, and for Xet files of data folders made before the hub stored Xet data
  // (those are served the LFS way only).
  std::string xet_hash;

  bool is_lfs_pointer() const { return kind != FileKind::regular; }
  bool has_xet_storage() const { return kind == FileKind::xet && !xet_hash.empty(); }
};

struct Commit {
  std::string sha;     // git commit id over tree, parent, date and title
  std::string parent;  // empty for the first commit
  std::string date;    // ISO 8601 UTC
  std::string title;
  std::vector<FileEntry> files;  // sorted by path, unique
};

struct Repo {
  RepoType type = RepoType::model;
  std::string id;  // org/name
  bool is_private = false;
  bool gated = false;
  std::vector<std::string> granted_tokens;      // tokens that may download a gated repo
  std::vector<Commit> commits;                  // in creation order: a parent precedes its children
  std::map<std::string, std::string> branches;  // name -> commit sha
  std::map<std::string, std::string> tags;      // name -> commit sha

  const Commit* find_commit(std::string_view sha) const;
};

struct Manifest {
  std::vector<Repo> repos;

  Repo* find(RepoType type, std::string_view id);
  const Repo* find(RepoType type, std::string_view id) const;
};

nlohmann::json to_json(const Manifest& manifest);
// Validates everything (names, hashes, parents, refs); throws tf::Error(invalid_argument)
// naming the first problem.
Manifest manifest_from_json(const nlohmann::json& json);

}  // namespace tf::hub::store

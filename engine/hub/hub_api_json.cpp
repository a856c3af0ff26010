// E1-E3: the JSON answers of the Hub API (repo info, tree pages, paths-info).
#include <nlohmann/json.hpp>

#include "engine/hub/hex_id.hpp"
#include "engine/hub/hub_api.hpp"
#include "engine/hub/printable.hpp"
#include "engine/hub/repo_path.hpp"
#include "io/error.hpp"

namespace tf::engine::hub {

namespace {

using nlohmann::json;

// Names the answer being parsed in every error, so a user can tell which request failed.
struct Answer {
  std::string_view name;  // "tree listing", "paths-info answer", "repo info"

  Error error(const std::string& detail) const {
    return Error(ErrorKind::protocol,
                 "malformed " + std::string(name) + " from the Hub: " + detail);
  }
};

json parse_document(std::string_view text, const Answer& answer) {
  try {
    return json::parse(text);
  } catch (const json::exception& e) {
    throw answer.error("not valid JSON (" + printable(e.what(), 200) + ")");
  }
}

// The member's value, or nullptr when absent or null (the Hub writes optional fields both ways).
const json* member(const json& object, const char* key) {
  const auto it = object.find(key);
  if (it == object.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string hex_member(const json& object, const char* key, size_t length, const Answer& answer,
                       const std::string& where) {
  const json* value = member(object, key);
  std::optional<std::string> id;
  if (value && value->is_string())
    id = lowercase_hex_id(value->get_ref<const std::string&>(), length);
  if (!id) {
    throw answer.error(where + ": \"" + key + "\" is not " + std::to_string(length) +
                       " hexadecimal digits");
  }
  return *id;
}

std::optional<std::string> optional_hex_member(const json& object, const char* key, size_t length,
                                               const Answer& answer, const std::string& where) {
  if (!member(object, key)) return std::nullopt;
  return hex_member(object, key, length, answer, where);
}

uint64_t size_member(const json& object, const char* key, const Answer& answer,
                     const std::string& where) {
  const json* value = member(object, key);
  if (!value || !value->is_number_unsigned() || value->get<uint64_t>() > kMaxRepoFileSize) {
    throw answer.error(where + ": \"" + key + "\" is not a size in bytes (0 to 2^50)");
  }
  return value->get<uint64_t>();
}

std::string checked_path(const json& entry, const Answer& answer, size_t index) {
  const json* path = member(entry, "path");
  if (!path || !path->is_string()) {
    throw answer.error("entry " + std::to_string(index) + " has no \"path\"");
  }
  const auto& text = path->get_ref<const std::string&>();
  check_repo_path(text);
  return text;
}

std::string entry_type(const json& entry, const Answer& answer, size_t index) {
  if (!entry.is_object())
    throw answer.error("entry " + std::to_string(index) + " is not an object");
  const json* type = member(entry, "type");
  if (!type || !type->is_string()) {
    throw answer.error("entry " + std::to_string(index) + " has no \"type\"");
  }
  return type->get<std::string>();
}

// The LFS pointer's target: its SHA-256, and a size that must be the file's own.
void parse_lfs(const json& entry, RepoFile& file, const Answer& answer, const std::string& where) {
  const json* lfs = member(entry, "lfs");
  if (!lfs) return;
  if (!lfs->is_object()) throw answer.error(where + ": \"lfs\" is not an object");
  file.lfs_sha256 = hex_member(*lfs, "oid", kSha256HexLength, answer, where + " lfs");
  if (member(*lfs, "size") && size_member(*lfs, "size", answer, where + " lfs") != file.size) {
    throw answer.error(where + ": the LFS size differs from the file size");
  }
}

void parse_last_commit(const json& entry, RepoFile& file, const Answer& answer,
                       const std::string& where) {
  const json* last_commit = member(entry, "lastCommit");
  if (!last_commit) return;
  if (!last_commit->is_object()) throw answer.error(where + ": \"lastCommit\" is not an object");
  file.last_commit =
      hex_member(*last_commit, "id", kCommitHexLength, answer, where + " lastCommit");
}

RepoFile parse_file_entry(const json& entry, const Answer& answer, size_t index) {
  RepoFile file;
  file.path = checked_path(entry, answer, index);
  const std::string where = "file \"" + printable(file.path) + "\"";
  file.size = size_member(entry, "size", answer, where);
  file.git_oid = hex_member(entry, "oid", kCommitHexLength, answer, where);
  parse_lfs(entry, file, answer, where);
  file.xet_hash = optional_hex_member(entry, "xetHash", kSha256HexLength, answer, where);
  parse_last_commit(entry, file, answer, where);
  return file;
}

const json& array_document(const json& document, const Answer& answer) {
  if (!document.is_array()) throw answer.error("expected a JSON array");
  return document;
}

}  // namespace

RepoInfo parse_repo_info(std::string_view text) {
  const Answer answer{"repo info"};
  const json document = parse_document(text, answer);
  if (!document.is_object()) throw answer.error("expected a JSON object");
  RepoInfo info;
  info.commit = hex_member(document, "sha", kCommitHexLength, answer, "the commit");
  if (const json* is_private = member(document, "private")) {
    if (!is_private->is_boolean()) throw answer.error("\"private\" is not true or false");
    info.is_private = is_private->get<bool>();
  }
  // false when open; "auto" or "manual" (the kind of approval) when gated.
  if (const json* gated = member(document, "gated")) {
    info.gated = gated->is_string() || (gated->is_boolean() && gated->get<bool>());
  }
  return info;
}

TreePage parse_tree_page(std::string_view text) {
  const Answer answer{"tree listing"};
  const json document = parse_document(text, answer);
  TreePage page;
  size_t index = 0;
  for (const json& entry : array_document(document, answer)) {
    const std::string type = entry_type(entry, answer, index);
    if (type == "file") {
      page.files.push_back(parse_file_entry(entry, answer, index));
    } else if (type == "directory") {
      page.directories.push_back(checked_path(entry, answer, index));
    }
    ++index;
  }
  return page;
}

std::vector<RepoFile> parse_paths_info(std::string_view text) {
  const Answer answer{"paths-info answer"};
  const json document = parse_document(text, answer);
  std::vector<RepoFile> files;
  size_t index = 0;
  for (const json& entry : array_document(document, answer)) {
    if (entry_type(entry, answer, index) == "file") {
      files.push_back(parse_file_entry(entry, answer, index));
    }
    ++index;
  }
  return files;
}

}  // namespace tf::engine::hub

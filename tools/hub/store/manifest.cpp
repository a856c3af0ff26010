#include "tools/hub/store/manifest.hpp"

#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/store/iso_time.hpp"
#include "tools/hub/store/names.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::store {

namespace {

constexpr int kFormatVersion = 1;

Error invalid(const std::string& what) {
  return Error(ErrorKind::invalid_argument, "manifest: " + what);
}

nlohmann::json file_to_json(const FileEntry& file) {
  nlohmann::json json = {{"path", file.path},
                         {"size", file.size},
                         {"git_oid", file.git_oid},
                         {"sha256", file.sha256},
                         {"kind", to_string(file.kind)}};
  if (!file.xet_hash.empty()) json["xet_hash"] = file.xet_hash;
  return json;
}

nlohmann::json commit_to_json(const Commit& commit) {
  nlohmann::json files = nlohmann::json::array();
  for (const auto& file : commit.files)
    files.push_back(file_to_json(file));
  return {{"sha", commit.sha},
          {"parent", commit.parent},
          {"date", commit.date},
          {"title", commit.title},
          {"files", std::move(files)}};
}

nlohmann::json repo_to_json(const Repo& repo) {
  nlohmann::json commits = nlohmann::json::array();
  for (const auto& commit : repo.commits)
    commits.push_back(commit_to_json(commit));
  return {{"type", to_string(repo.type)},
          {"id", repo.id},
          {"private", repo.is_private},
          {"gated", repo.gated},
          {"granted_tokens", repo.granted_tokens},
          {"commits", std::move(commits)},
          {"branches", repo.branches},
          {"tags", repo.tags}};
}

FileEntry file_from_json(const nlohmann::json& json, const std::string& where) {
  FileEntry file;
  file.path = json.at("path").get<std::string>();
  file.size = json.at("size").get<uint64_t>();
  file.git_oid = json.at("git_oid").get<std::string>();
  file.sha256 = json.at("sha256").get<std::string>();
  const auto kind = file_kind_from_string(json.at("kind").get<std::string>());
  if (!is_valid_repo_file_path(file.path))
    throw invalid(where + ": invalid path '" + file.path + "'");
  if (!kind) throw invalid(where + ": invalid kind for '" + file.path + "'");
  file.kind = *kind;
  if (!sys::is_lower_hex(file.git_oid, 40) || !sys::is_lower_hex(file.sha256, 64)) {
    throw invalid(where + ": malformed hash for '" + file.path + "'");
  }
  if (const auto xet = json.find("xet_hash"); xet != json.end()) {
    file.xet_hash = xet->get<std::string>();
    if (file.kind != FileKind::xet || !sys::is_lower_hex(file.xet_hash, 64)) {
      throw invalid(where + ": bad xet_hash for '" + file.path + "'");
    }
  }
  return file;
}

Commit commit_from_json(const nlohmann::json& json, const Repo& repo) {
  Commit commit;
  commit.sha = json.at("sha").get<std::string>();
  const std::string where = repo.id + "@" + commit.sha;
  commit.parent = json.at("parent").get<std::string>();
  commit.date = json.at("date").get<std::string>();
  commit.title = json.at("title").get<std::string>();
  if (!sys::is_lower_hex(commit.sha, 40)) throw invalid(repo.id + ": malformed commit sha");
  if (repo.find_commit(commit.sha)) throw invalid(where + ": duplicate commit");
  if (!commit.parent.empty() && !repo.find_commit(commit.parent)) {
    throw invalid(where + ": parent " + commit.parent + " is not an earlier commit");
  }
  if (!parse_iso_time(commit.date)) throw invalid(where + ": invalid date '" + commit.date + "'");
  for (const auto& file : json.at("files")) {
    commit.files.push_back(file_from_json(file, where));
    const size_t n = commit.files.size();
    if (n > 1 && !(commit.files[n - 2].path < commit.files[n - 1].path)) {
      throw invalid(where + ": files are not sorted and unique");
    }
  }
  return commit;
}

std::map<std::string, std::string> refs_from_json(const nlohmann::json& json, const Repo& repo) {
  auto refs = json.get<std::map<std::string, std::string>>();
  for (const auto& [name, sha] : refs) {
    if (!is_valid_ref_name(name)) throw invalid(repo.id + ": invalid ref name '" + name + "'");
    if (!repo.find_commit(sha)) throw invalid(repo.id + ": ref " + name + " -> unknown commit");
  }
  return refs;
}

Repo repo_from_json(const nlohmann::json& json) {
  Repo repo;
  repo.id = json.at("id").get<std::string>();
  if (!is_valid_repo_id(repo.id)) throw invalid("invalid repo id '" + repo.id + "'");
  const auto type = repo_type_from_string(json.at("type").get<std::string>());
  if (!type) throw invalid(repo.id + ": invalid type");
  repo.type = *type;
  repo.is_private = json.at("private").get<bool>();
  repo.gated = json.at("gated").get<bool>();
  repo.granted_tokens = json.at("granted_tokens").get<std::vector<std::string>>();
  for (const auto& commit : json.at("commits"))
    repo.commits.push_back(commit_from_json(commit, repo));
  repo.branches = refs_from_json(json.at("branches"), repo);
  repo.tags = refs_from_json(json.at("tags"), repo);
  return repo;
}

}  // namespace

std::string_view to_string(RepoType type) {
  switch (type) {
    case RepoType::model:
      return "model";
    case RepoType::dataset:
      return "dataset";
    case RepoType::space:
      return "space";
  }
  return "model";
}

std::optional<RepoType> repo_type_from_string(std::string_view text) {
  for (const auto type : {RepoType::model, RepoType::dataset, RepoType::space}) {
    if (text == to_string(type)) return type;
  }
  return std::nullopt;
}

std::string_view api_plural(RepoType type) {
  switch (type) {
    case RepoType::model:
      return "models";
    case RepoType::dataset:
      return "datasets";
    case RepoType::space:
      return "spaces";
  }
  return "models";
}

std::optional<RepoType> repo_type_from_api_plural(std::string_view text) {
  for (const auto type : {RepoType::model, RepoType::dataset, RepoType::space}) {
    if (text == api_plural(type)) return type;
  }
  return std::nullopt;
}

std::string_view to_string(FileKind kind) {
  switch (kind) {
    case FileKind::regular:
      return "regular";
    case FileKind::lfs:
      return "lfs";
    case FileKind::xet:
      return "xet";
  }
  return "regular";
}

std::optional<FileKind> file_kind_from_string(std::string_view text) {
  for (const auto kind : {FileKind::regular, FileKind::lfs, FileKind::xet}) {
    if (text == to_string(kind)) return kind;
  }
  return std::nullopt;
}

const Commit* Repo::find_commit(std::string_view sha) const {
  for (const auto& commit : commits) {
    if (commit.sha == sha) return &commit;
  }
  return nullptr;
}

Repo* Manifest::find(RepoType type, std::string_view id) {
  for (auto& repo : repos) {
    if (repo.type == type && repo.id == id) return &repo;
  }
  return nullptr;
}

const Repo* Manifest::find(RepoType type, std::string_view id) const {
  for (const auto& repo : repos) {
    if (repo.type == type && repo.id == id) return &repo;
  }
  return nullptr;
}

nlohmann::json to_json(const Manifest& manifest) {
  nlohmann::json repos = nlohmann::json::array();
  for (const auto& repo : manifest.repos)
    repos.push_back(repo_to_json(repo));
  return {{"format_version", kFormatVersion}, {"repos", std::move(repos)}};
}

Manifest manifest_from_json(const nlohmann::json& json) {
  try {
    if (json.at("format_version").get<int>() != kFormatVersion) {
      throw invalid("unsupported format_version");
    }
    Manifest manifest;
    std::set<std::pair<RepoType, std::string>> seen;
    for (const auto& repo_json : json.at("repos")) {
      Repo repo = repo_from_json(repo_json);
      if (!seen.emplace(repo.type, repo.id).second) throw invalid("duplicate repo " + repo.id);
      manifest.repos.push_back(std::move(repo));
    }
    return manifest;
  } catch (const nlohmann::json::exception& e) {
    throw invalid(std::string("malformed: ") + e.what());
  }
}

}  // namespace tf::hub::store

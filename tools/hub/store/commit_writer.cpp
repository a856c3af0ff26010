#include "tools/hub/store/commit_writer.hpp"

#include <algorithm>

#include "io/error.hpp"
#include "tools/hub/store/commit_tree.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/store/iso_time.hpp"
#include "tools/hub/store/names.hpp"

namespace tf::hub::store {

namespace {

constexpr int64_t kFirstCommitTime = 1704067200;  // 2024-01-01T00:00:00Z
constexpr int64_t kCommitSpacingSeconds = 60;

Error invalid(const std::string& message) {
  return Error(ErrorKind::invalid_argument, message);
}

Repo& find_or_create_repo(Manifest& manifest, const RepoSettings& settings) {
  if (!is_valid_repo_id(settings.id)) {
    throw invalid("invalid repo id '" + settings.id + "' (expected org/name)");
  }
  Repo* repo = manifest.find(settings.type, settings.id);
  if (repo == nullptr) {
    manifest.repos.push_back(Repo{});
    repo = &manifest.repos.back();
    repo->type = settings.type;
    repo->id = settings.id;
  }
  repo->is_private = repo->is_private || settings.make_private;
  repo->gated = repo->gated || settings.make_gated;
  for (const auto& token : settings.grant_tokens) {
    if (std::find(repo->granted_tokens.begin(), repo->granted_tokens.end(), token) ==
        repo->granted_tokens.end()) {
      repo->granted_tokens.push_back(token);
    }
  }
  return *repo;
}

int64_t commit_time(const CommitRequest& request, const Commit* parent) {
  if (request.date) {
    const auto parsed = parse_iso_time(*request.date);
    if (!parsed) throw invalid("invalid date '" + *request.date + "' (expected ISO 8601 UTC)");
    return *parsed;
  }
  if (parent == nullptr) return kFirstCommitTime;
  return parse_iso_time(parent->date).value_or(kFirstCommitTime) + kCommitSpacingSeconds;
}

void check_files(std::vector<FileEntry>& files) {
  std::sort(files.begin(), files.end(),
            [](const FileEntry& a, const FileEntry& b) { return a.path < b.path; });
  for (size_t i = 0; i < files.size(); ++i) {
    if (!is_valid_repo_file_path(files[i].path)) {
      throw invalid("invalid file path in repo: '" + files[i].path + "'");
    }
    if (i > 0 && files[i - 1].path == files[i].path) {
      throw invalid("file '" + files[i].path + "' appears twice in one commit");
    }
  }
}

}  // namespace

Commit add_commit(Manifest& manifest, CommitRequest request) {
  if (!is_valid_ref_name(request.branch)) throw invalid("invalid branch '" + request.branch + "'");
  if (request.tag && !is_valid_ref_name(*request.tag)) {
    throw invalid("invalid tag '" + *request.tag + "'");
  }
  check_files(request.files);
  Repo& repo = find_or_create_repo(manifest, request.repo);
  if (request.tag && repo.tags.count(*request.tag) != 0) {
    throw invalid("tag '" + *request.tag + "' already exists in " + repo.id);
  }
  const auto head = repo.branches.find(request.branch);
  const Commit* parent = head == repo.branches.end() ? nullptr : repo.find_commit(head->second);

  Commit commit;
  commit.parent = parent ? parent->sha : "";
  const int64_t time = commit_time(request, parent);
  commit.date = format_iso_time(time);
  commit.title = request.title.empty() ? "Update files" : request.title;
  // A title is one line in the git commit object.
  for (char& c : commit.title) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  commit.files = std::move(request.files);
  commit.sha =
      git_commit_oid({CommitTree::root_oid_of(commit.files), commit.parent, time, commit.title});
  if (repo.find_commit(commit.sha) == nullptr) repo.commits.push_back(commit);
  repo.branches[request.branch] = commit.sha;
  if (request.tag) repo.tags[*request.tag] = commit.sha;
  return commit;
}

Commit record_commit(const DataDir& data, CommitRequest request) {
  const auto lock = data.lock();
  Manifest manifest = data.load_manifest();
  Commit commit = add_commit(manifest, std::move(request));
  data.save_manifest(manifest);
  return commit;
}

}  // namespace tf::hub::store

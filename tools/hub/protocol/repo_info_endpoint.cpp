#include <nlohmann/json.hpp>

#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::protocol {

namespace {

const store::Commit& requested_commit(const RepoRequest& request) {
  const auto rest = request.rest;
  if (rest.empty()) {
    const auto* head = request.repo.default_head();
    if (head == nullptr) throw revision_not_found("HEAD");
    return *head;
  }
  if (rest.front() != "revision" || rest.size() < 2) throw route_not_found();
  return resolve_revision(request.repo, rest.subspan(1));
}

nlohmann::json sibling_json(const store::FileEntry& file, bool with_blobs) {
  nlohmann::json sibling = {{"rfilename", file.path}};
  if (!with_blobs) return sibling;
  sibling["size"] = file.size;
  sibling["blobId"] = file.git_oid;
  if (file.is_lfs_pointer()) {
    sibling["lfs"] = {{"sha256", file.sha256},
                      {"size", file.size},
                      {"pointerSize", store::lfs_pointer_text(file.sha256, file.size).size()}};
  }
  return sibling;
}

}  // namespace

http::Response repo_info(const RepoRequest& request) {
  require_get(request.http);
  const store::Repo& repo = request.repo.repo();
  const store::Commit& commit = requested_commit(request);
  const bool with_blobs = request.http.query_param("blobs") == "true";
  nlohmann::json siblings = nlohmann::json::array();
  uint64_t used_storage = 0;
  for (const auto& file : commit.files) {
    siblings.push_back(sibling_json(file, with_blobs));
    used_storage += file.size;
  }
  const std::string type(store::to_string(repo.type));
  nlohmann::json info = {{"_id", sys::sha1_hex(type + "/" + repo.id).substr(0, 24)},
                         {"id", repo.id},
                         {"author", repo.id.substr(0, repo.id.find('/'))},
                         {"sha", commit.sha},
                         {"lastModified", commit.date},
                         {"createdAt", repo.commits.front().date},
                         {"private", repo.is_private},
                         {"gated", repo.gated ? nlohmann::json("manual") : nlohmann::json(false)},
                         {"disabled", false},
                         {"downloads", 0},
                         {"likes", 0},
                         {"tags", nlohmann::json::array()},
                         {"siblings", std::move(siblings)},
                         {"usedStorage", used_storage}};
  if (repo.type == store::RepoType::model) info["modelId"] = repo.id;
  if (repo.type == store::RepoType::space) info["sdk"] = "static";
  return http::json_response(200, info);
}

}  // namespace tf::hub::protocol

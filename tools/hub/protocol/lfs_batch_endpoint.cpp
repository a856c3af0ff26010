#include <algorithm>
#include <set>
#include <utility>

#include <nlohmann/json.hpp>

#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::protocol {

namespace {

constexpr const char* kLfsContentType = "application/vnd.git-lfs+json";
constexpr int kLinkLifetimeSeconds = 3600;

http::Response lfs_json(int status, const nlohmann::json& body) {
  http::Response response = http::json_response(status, body);
  response.set_header("Content-Type", kLfsContentType);
  return response;
}

// The batch API's own error shape: {"message": ...}.
http::Response lfs_error(int status, const std::string& message) {
  return lfs_json(status, {{"message", message}});
}

// Every LFS (and Xet) object of every commit of the repo, as (sha256, size).
std::set<std::pair<std::string, uint64_t>> lfs_objects_of(const store::Repo& repo) {
  std::set<std::pair<std::string, uint64_t>> objects;
  for (const auto& commit : repo.commits) {
    for (const auto& file : commit.files) {
      if (file.is_lfs_pointer()) objects.emplace(file.sha256, file.size);
    }
  }
  return objects;
}

nlohmann::json object_answer(const RepoRequest& request,
                             const std::set<std::pair<std::string, uint64_t>>& known,
                             const nlohmann::json& wanted) {
  if (!wanted.is_object() || !wanted.contains("oid") || !wanted["oid"].is_string() ||
      !wanted.contains("size") || !wanted["size"].is_number_unsigned()) {
    return {{"oid", wanted.is_object() ? wanted.value("oid", nlohmann::json()) : nullptr},
            {"error", {{"code", 422}, {"message", "an object needs an oid and a size"}}}};
  }
  const std::string oid = wanted["oid"];
  const uint64_t size = wanted["size"];
  nlohmann::json answer = {{"oid", oid}, {"size", size}};
  if (!sys::is_lower_hex(oid, 64) || known.count({oid, size}) == 0) {
    answer["error"] = {{"code", 404}, {"message", "Object does not exist"}};
    return answer;
  }
  answer["authenticated"] = true;
  answer["actions"] = {
      {"download",
       {{"href", request.settings.cdn_url + "/cdn/" + oid}, {"expires_in", kLinkLifetimeSeconds}}}};
  return answer;
}

}  // namespace

http::Response lfs_batch(const RepoRequest& request) {
  const http::Request& http = request.http;
  if (request.rest.size() != 4 || request.rest[0] != "info" || request.rest[1] != "lfs" ||
      request.rest[2] != "objects" || request.rest[3] != "batch") {
    throw route_not_found();
  }
  if (http.method != "POST") throw method_not_allowed("POST");
  request.access.require_download(request.repo.repo(), request.caller);
  const auto body = nlohmann::json::parse(http.body, nullptr, false);
  if (body.is_discarded() || !body.is_object() || !body.contains("objects") ||
      !body["objects"].is_array()) {
    return lfs_error(422, "the body must be a JSON object with an \"objects\" array");
  }
  if (body.value("operation", std::string()) != "download") {
    return lfs_error(403, "tf-hub is read-only: only the download operation is supported");
  }
  if (body.contains("transfers")) {
    const auto& transfers = body["transfers"];
    if (!transfers.is_array() ||
        std::find(transfers.begin(), transfers.end(), "basic") == transfers.end()) {
      return lfs_error(422, "only the basic transfer adapter is supported");
    }
  }
  if (body.contains("hash_algo") && body["hash_algo"] != "sha256") {
    return lfs_error(409, "only sha256 object ids are supported");
  }
  const auto known = lfs_objects_of(request.repo.repo());
  nlohmann::json objects = nlohmann::json::array();
  for (const auto& wanted : body["objects"])
    objects.push_back(object_answer(request, known, wanted));
  return lfs_json(200, {{"transfer", "basic"}, {"hash_algo", "sha256"}, {"objects", objects}});
}

}  // namespace tf::hub::protocol

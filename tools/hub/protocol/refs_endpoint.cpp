#include <nlohmann/json.hpp>

#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"

namespace tf::hub::protocol {

namespace {

nlohmann::json refs_json(const std::map<std::string, std::string>& refs, const char* prefix) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& [name, sha] : refs) {
    out.push_back({{"name", name}, {"ref", std::string(prefix) + name}, {"targetCommit", sha}});
  }
  return out;
}

}  // namespace

http::Response repo_refs(const RepoRequest& request) {
  require_get(request.http);
  if (request.rest.size() != 1) throw route_not_found();
  const store::Repo& repo = request.repo.repo();
  return http::json_response(200, {{"branches", refs_json(repo.branches, "refs/heads/")},
                                   {"tags", refs_json(repo.tags, "refs/tags/")},
                                   {"converts", nlohmann::json::array()}});
}

}  // namespace tf::hub::protocol

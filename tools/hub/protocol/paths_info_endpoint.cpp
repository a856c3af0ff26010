#include <strings.h>

#include <nlohmann/json.hpp>

#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/query_flags.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"
#include "tools/hub/protocol/tree_entry_json.hpp"

namespace tf::hub::protocol {

namespace {

constexpr size_t kMaxPaths = 10'000;

struct PathsQuery {
  std::vector<std::string> paths;
  bool expand = false;
};

// @huggingface/hub sends JSON: {"paths":[...],"expand":true}.
PathsQuery parse_json_body(const std::string& body) {
  const auto json = nlohmann::json::parse(body, nullptr, false);
  if (json.is_discarded() || !json.is_object()) throw bad_request("body must be a JSON object");
  PathsQuery query;
  const auto paths = json.find("paths");
  if (paths == json.end()) throw bad_request("paths is required");
  if (paths->is_string()) {
    query.paths.push_back(paths->get<std::string>());
  } else if (paths->is_array()) {
    for (const auto& path : *paths) {
      if (!path.is_string()) throw bad_request("paths must be strings");
      query.paths.push_back(path.get<std::string>());
    }
  } else {
    throw bad_request("paths must be a list of strings");
  }
  if (const auto expand = json.find("expand"); expand != json.end() && !expand->is_null()) {
    if (!expand->is_boolean()) throw bad_request("expand must be a boolean");
    query.expand = expand->get<bool>();
  }
  return query;
}

// huggingface_hub sends a form: paths=a&paths=b&expand=True.
PathsQuery parse_form_body(const std::string& body) {
  PathsQuery query;
  for (const auto& [key, value] : http::parse_query(body)) {
    if (key == "paths") {
      query.paths.push_back(value);
    } else if (key == "expand") {
      query.expand = parse_flag(value, "expand");
    }
  }
  return query;
}

PathsQuery parse_body(const http::Request& request) {
  constexpr std::string_view kForm = "application/x-www-form-urlencoded";
  const auto type = request.headers.find("Content-Type").value_or("");
  const bool form =
      type.size() >= kForm.size() && ::strncasecmp(type.data(), kForm.data(), kForm.size()) == 0;
  PathsQuery query = form ? parse_form_body(request.body) : parse_json_body(request.body);
  if (query.paths.size() > kMaxPaths) throw bad_request("too many paths");
  return query;
}

}  // namespace

http::Response paths_info(const RepoRequest& request) {
  if (request.http.method != "POST") throw method_not_allowed("POST");
  const store::Commit& commit = resolve_revision(request.repo, request.rest.subspan(1));
  const PathsQuery query = parse_body(request.http);
  const auto& tree = request.repo.tree(commit);
  nlohmann::json entries = nlohmann::json::array();
  for (const auto& path : query.paths) {
    if (const auto* node = tree.find(path)) entries.push_back(tree_entry_json(*node, query.expand));
  }
  return http::json_response(200, entries);
}

}  // namespace tf::hub::protocol

#include "tools/hub/protocol/hub_service.hpp"

#include <array>

#include "tools/hub/http/representation.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"
#include "tools/hub/protocol/url_path.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::protocol {

namespace {

// Errors thrown anywhere below a route become the Hub's error responses.
template <class Route>
http::Response answer_errors(Route&& route) {
  try {
    return route();
  } catch (const HubError& error) {
    return error.to_response();
  }
}

}  // namespace

HubService::HubService(store::RepoStore& store, HubSettings settings, const XetService& xet,
                       http::FaultPlan& faults, http::RequestLog& log)
    : store_(store),
      settings_(std::move(settings)),
      xet_(xet),
      access_(settings_.valid_tokens),
      objects_(store.objects()),
      served_(settings_.serve_dir ? std::make_unique<http::ServedFolder>(*settings_.serve_dir)
                                  : nullptr),
      admin_(store, faults, log, served_.get()),
      git_mirror_(
          std::make_unique<store::GitMirror>(store.data().git_mirror_dir(), store.objects())),
      git_(*git_mirror_),
      api_endpoints_{
          {"revision", &repo_info},
          {"tree", &tree_listing},
          {"paths-info", &paths_info},
          {"refs", &repo_refs},
          {"xet-read-token", [this](const RepoRequest& r) { return xet_.read_token(r); }}} {}

http::Response HubService::handle(http::Request& request) const {
  return answer_errors([&] { return route(request); });
}

http::Response HubService::route(http::Request& request) const {
  if (!request.path.starts_with('/')) throw bad_request("the request target must be a path");
  const auto segments = split_path(request.path);
  const std::span all(segments);
  const auto first = segments.front();
  if (first == "_admin") return admin_.handle(request, all.subspan(1));
  if (first == "files" && served_) return serve_file(request, all.subspan(1));
  if (first == "api") return route_api(request, all.subspan(1));
  if (first == "cas") return xet_.reconstruction(request, all.subspan(1));
  return route_repo_file(request, all);
}

http::Response HubService::route_api(const http::Request& request,
                                     std::span<const std::string_view> segments) const {
  // {type}s / org / name [/ action / ...]
  if (segments.size() < 3) throw route_not_found();
  const auto type = store::repo_type_from_api_plural(segments[0]);
  if (!type) throw route_not_found();
  const auto rest = segments.subspan(3);
  Endpoint endpoint = &repo_info;
  if (!rest.empty()) {
    const auto found = api_endpoints_.find(rest.front());
    if (found == api_endpoints_.end()) throw route_not_found();
    endpoint = found->second;
  }
  return call(endpoint, request, *type, segments.subspan(1, 2), rest);
}

http::Response HubService::route_repo_file(const http::Request& request,
                                           std::span<const std::string_view> segments) const {
  // [datasets/|spaces/] org / name / resolve|raw / rev... / path...
  store::RepoType type = store::RepoType::model;
  if (const auto prefixed = store::repo_type_from_api_plural(segments.front());
      prefixed && *prefixed != store::RepoType::model) {
    type = *prefixed;
    segments = segments.subspan(1);
  }
  if (segments.size() >= 3 &&
      (GitSmartHttp::is_git_route(segments.subspan(2)) ||
       (segments[2] == "info" && segments.size() >= 4 && segments[3] == "lfs"))) {
    return route_git(request, type, segments);
  }
  if (segments.size() < 4 || (segments[2] != "resolve" && segments[2] != "raw")) {
    throw route_not_found();
  }
  return call(&resolve_file, request, type, segments.first(2), segments.subspan(2));
}

http::Response HubService::route_git(const http::Request& request, store::RepoType type,
                                     std::span<const std::string_view> segments) const {
  std::string_view name = segments[1];
  if (name.ends_with(".git")) name.remove_suffix(4);
  const std::array<std::string_view, 2> id{segments[0], name};
  const auto rest = segments.subspan(2);
  try {
    if (rest[0] == "info" && rest[1] == "lfs") return call(&lfs_batch, request, type, id, rest);
    return call([this](const RepoRequest& r) { return git_.handle(r); }, request, type, id, rest);
  } catch (HubError& error) {
    // git and git-lfs ask for credentials (and send them as Basic) only when challenged.
    if (error.status() == 401) error.with_header("WWW-Authenticate", "Basic realm=\"tf-hub\"");
    throw;
  }
}

http::Response HubService::call(const Endpoint& endpoint, const http::Request& request,
                                store::RepoType type, std::span<const std::string_view> id_segments,
                                std::span<const std::string_view> rest) const {
  const auto caller = access_.caller(request);
  const std::string id = decode_segment(id_segments[0]) + "/" + decode_segment(id_segments[1]);
  auto catalog = store_.catalog();
  const auto* repo = catalog->find(type, id);
  if (repo == nullptr) throw repo_not_found(!caller);
  access_.require_read(repo->repo(), caller);
  const RepoRequest repo_request{request,   catalog, *repo,    caller, rest,
                                 settings_, access_, objects_, xet_};
  return endpoint(repo_request);
}

http::Response HubService::serve_file(const http::Request& request,
                                      std::span<const std::string_view> segments) const {
  require_get(request);
  const std::string path = decode_path(segments);
  auto file = served_->open(path);
  if (!file) throw HubError(404, "", "No such file: " + path);
  return http::ranged_response(request, http::ServedFolder::representation_of(std::move(file)));
}

CdnService::CdnService(store::ObjectStore objects, const XetService& xet)
    : objects_(std::move(objects)), xet_(xet) {}

http::Response CdnService::handle(http::Request& request) const {
  return answer_errors([&] {
    const auto segments = split_path(request.path);
    const std::span all(segments);
    if (segments.front() == "cdn") return object(request, all.subspan(1));
    if (segments.front() == "xorb") return xet_.xorb(request, all.subspan(1));
    throw route_not_found();
  });
}

http::Response CdnService::object(const http::Request& request,
                                  std::span<const std::string_view> segments) const {
  if (segments.size() != 1 || !sys::is_lower_hex(segments[0], 64)) throw route_not_found();
  require_get(request);
  auto object = http::OpenFile::open(objects_.path_of(segments[0]));
  if (!object) throw HubError(404, "", "No such object");
  http::Representation representation;
  representation.etag = "\"" + std::string(segments[0]) + "\"";
  representation.content = std::move(object);
  return http::ranged_response(request, representation);
}

}  // namespace tf::hub::protocol

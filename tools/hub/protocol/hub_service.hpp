// The hub listener's routes:
//   /api/{models|datasets|spaces}/{org}/{name}[/{action}/...]   E1 E2 E3 and refs
//   /api/{models|datasets|spaces}/{org}/{name}/xet-read-token/{rev}  E5
//   /{""|datasets/|spaces/}{org}/{name}/{resolve|raw}/{rev}/{path}   E4
//   /cas/v{1,2}/reconstructions/{xet hash}                           E6 (Xet token, not hub)
//   /{""|datasets/|spaces/}{org}/{name}[.git]/{info/refs|git-upload-pack}   git smart HTTP
//   /{""|datasets/|spaces/}{org}/{name}[.git]/info/lfs/objects/batch        Git LFS batch API
//   /files/{path}     plain files from --serve-dir
//   /_admin/...       the admin API
// Routing resolves the repo and the caller once; the endpoints do the rest.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>

#include "tools/hub/http/fault_plan.hpp"
#include "tools/hub/http/request.hpp"
#include "tools/hub/http/request_log.hpp"
#include "tools/hub/http/response.hpp"
#include "tools/hub/http/served_folder.hpp"
#include "tools/hub/protocol/access_control.hpp"
#include "tools/hub/protocol/admin_api.hpp"
#include "tools/hub/protocol/git_smart_http.hpp"
#include "tools/hub/protocol/hub_settings.hpp"
#include "tools/hub/protocol/repo_request.hpp"
#include "tools/hub/protocol/xet_service.hpp"
#include "tools/hub/store/git_mirror.hpp"
#include "tools/hub/store/repo_store.hpp"

namespace tf::hub::protocol {

class HubService {
 public:
  // The store, Xet service, fault plan and log must outlive the service.
  HubService(store::RepoStore& store, HubSettings settings, const XetService& xet,
             http::FaultPlan& faults, http::RequestLog& log);

  // Thread-safe: called by every connection thread of the hub listener.
  http::Response handle(http::Request& request) const;

 private:
  using Endpoint = std::function<http::Response(const RepoRequest&)>;

  http::Response route(http::Request& request) const;
  http::Response route_api(const http::Request& request,
                           std::span<const std::string_view> segments) const;
  http::Response route_repo_file(const http::Request& request,
                                 std::span<const std::string_view> segments) const;
  // git and git-lfs: segments are {org, name[.git], rest...}.
  http::Response route_git(const http::Request& request, store::RepoType type,
                           std::span<const std::string_view> segments) const;
  http::Response serve_file(const http::Request& request,
                            std::span<const std::string_view> segments) const;
  // Finds the repo, checks that the caller may see it, and calls `endpoint`.
  http::Response call(const Endpoint& endpoint, const http::Request& request, store::RepoType type,
                      std::span<const std::string_view> id_segments,
                      std::span<const std::string_view> rest) const;

  store::RepoStore& store_;
  HubSettings settings_;
  const XetService& xet_;
  AccessControl access_;
  store::ObjectStore objects_;
  std::unique_ptr<http::ServedFolder> served_;
  AdminApi admin_;
  std::unique_ptr<store::GitMirror> git_mirror_;
  GitSmartHttp git_;
  // By the URL word after /api/{type}s/{org}/{name}/.
  std::map<std::string, Endpoint, std::less<>> api_endpoints_;
};

// The CDN listener's routes: /cdn/{sha256}, an object with ETag "<sha256>", Range (single and
// multiple), If-Range and HEAD; and /xorb/default/{xorb hash}?<signed range>, Xet's E7.
class CdnService {
 public:
  // `xet` must outlive the service.
  CdnService(store::ObjectStore objects, const XetService& xet);
  http::Response handle(http::Request& request) const;

 private:
  http::Response object(const http::Request& request,
                        std::span<const std::string_view> segments) const;

  store::ObjectStore objects_;
  const XetService& xet_;
};

}  // namespace tf::hub::protocol

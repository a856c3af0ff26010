// The admin API on the hub listener, for tests to steer a running server (JSON in and out):
//   POST   /_admin/faults     body: a fault rule or a list of them (see http/fault_rule.hpp);
//                             replaces the rules in force
//   GET    /_admin/faults     the rules, each with "remaining" and "applied"
//   DELETE /_admin/faults     removes all rules
//   GET    /_admin/requests   the request log (see http/request_log.hpp);
//                             ?wait_idle_ms=N first waits up to N ms for responses in progress
//   DELETE /_admin/requests   empties the log
//   POST   /_admin/replace    new content for a repo file (a new commit on its branch) or a
//                             served file; see replace_request below
//   POST   /_admin/reload     re-reads the manifest (after add-folder/generate on the same data)
// Admin requests bypass the fault rules and are not logged.
#pragma once

#include <span>
#include <string_view>

#include <nlohmann/json_fwd.hpp>

#include "tools/hub/http/fault_plan.hpp"
#include "tools/hub/http/request.hpp"
#include "tools/hub/http/request_log.hpp"
#include "tools/hub/http/response.hpp"
#include "tools/hub/http/served_folder.hpp"
#include "tools/hub/store/repo_store.hpp"

namespace tf::hub::protocol {

// POST /_admin/replace bodies:
//   {"repo":"org/name", "type":"model", "branch":"main", "path":"a/b.bin", "title":"...",
//    <content>}   -> {"commit","path","size","sha256","git_oid","kind","etag"}
//   {"files_path":"dir/file.bin", <content>}   -> {"path","size","etag"}
// where <content> is one of "content":"text", "content_base64":"...",
// "generate":{"size":N,"seed":S} (pseudo-random bytes). "etag" is what a client will see:
// the sha256 for LFS/Xet files, the git oid for regular files.
class AdminApi {
 public:
  // `served` may be null (no --serve-dir).
  AdminApi(store::RepoStore& store, http::FaultPlan& faults, http::RequestLog& log,
           const http::ServedFolder* served);

  // `segments`: the raw path segments after "_admin".
  http::Response handle(const http::Request& request,
                        std::span<const std::string_view> segments) const;

 private:
  http::Response faults(const http::Request& request) const;
  http::Response requests(const http::Request& request) const;
  http::Response replace(const http::Request& request) const;
  http::Response replace_served_file(const nlohmann::json& json) const;
  http::Response replace_repo_file(const nlohmann::json& json) const;
  http::Response reload(const http::Request& request) const;

  store::RepoStore& store_;
  http::FaultPlan& faults_;
  http::RequestLog& log_;
  const http::ServedFolder* served_;
};

}  // namespace tf::hub::protocol

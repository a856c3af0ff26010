// The Hub endpoints that answer for one repo (see /work/shared/reference/hub-protocol.md,
// section 1). Each takes the routed request; errors are thrown as HubError. One file each.
#pragma once

#include "tools/hub/http/response.hpp"
#include "tools/hub/protocol/repo_request.hpp"

namespace tf::hub::protocol {

// E1  GET /api/{type}s/{org}/{name}[/revision/{rev}]  (rest: {} or {"revision", rev...})
http::Response repo_info(const RepoRequest& request);

// E2  GET /api/{type}s/{org}/{name}/tree/{rev}[/{path}]?recursive=&expand=&cursor=
http::Response tree_listing(const RepoRequest& request);

// E3  POST /api/{type}s/{org}/{name}/paths-info/{rev}  {"paths":[...],"expand":bool}
http::Response paths_info(const RepoRequest& request);

// GET /api/{type}s/{org}/{name}/refs: branches and tags.
http::Response repo_refs(const RepoRequest& request);

// E4  GET|HEAD /{prefix}{org}/{name}/resolve/{rev}/{path}, and /raw/ (rest: {"resolve"|"raw",
// rev..., path...}).
http::Response resolve_file(const RepoRequest& request);

// The Git LFS batch API (download only), for git-lfs clients of a repo cloned over git:
// POST /{prefix}{org}/{name}[.git]/info/lfs/objects/batch (rest: {"info", "lfs", "objects",
// "batch"}). Each LFS or Xet object of the repo gets a download action pointing at the CDN
// listener's /cdn/<sha256>; an unknown object gets a per-object 404 error; an upload gets 403.
http::Response lfs_batch(const RepoRequest& request);

}  // namespace tf::hub::protocol

// Git's smart HTTP protocol, so that `git clone http://127.0.0.1:P/org/name` works as it does
// against the Hub (which also answers git-lfs, see lfs_batch_endpoint.cpp):
//   GET  /{prefix}{org}/{name}[.git]/info/refs?service=git-upload-pack
//   POST /{prefix}{org}/{name}[.git]/git-upload-pack
// Git itself answers: the repo is exported as a bare repository (store/git_mirror.hpp) and
// `git http-backend` runs once per request as a CGI program, with the request body as its
// stdin and its output in a memory file that the server then sends. Protocol v0, v1 and v2
// (the Git-Protocol header) and gzip request bodies are git's business. Pushing is refused
// (403): the hub's repos change only through tf-hub and the admin API.
#pragma once

#include <chrono>

#include "tools/hub/http/response.hpp"
#include "tools/hub/protocol/repo_request.hpp"
#include "tools/hub/store/git_mirror.hpp"

namespace tf::hub::protocol {

class GitSmartHttp {
 public:
  // The mirror must outlive this object.
  explicit GitSmartHttp(store::GitMirror& mirror);

  // `request.rest` is {"info", "refs"} or {"git-upload-pack"} (or git-receive-pack, refused).
  http::Response handle(const RepoRequest& request) const;

  // Whether the segments after org/name are a git route.
  static bool is_git_route(std::span<const std::string_view> rest);

 private:
  store::GitMirror& mirror_;
  std::chrono::milliseconds limit_{std::chrono::minutes(10)};
};

}  // namespace tf::hub::protocol

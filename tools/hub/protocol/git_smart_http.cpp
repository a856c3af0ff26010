#include "tools/hub/protocol/git_smart_http.hpp"

#include <cstdlib>
#include <string>
#include <vector>

#include "tools/hub/protocol/cgi_response.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/sys/child_process.hpp"
#include "tools/hub/sys/memory_file.hpp"

namespace tf::hub::protocol {

namespace {

constexpr size_t kMaxErrorText = 2000;

enum class GitRoute { info_refs, upload_pack, receive_pack, none };

GitRoute git_route(std::span<const std::string_view> rest) {
  if (rest.size() == 2 && rest[0] == "info" && rest[1] == "refs") return GitRoute::info_refs;
  if (rest.size() == 1 && rest[0] == "git-upload-pack") return GitRoute::upload_pack;
  if (rest.size() == 1 && rest[0] == "git-receive-pack") return GitRoute::receive_pack;
  return GitRoute::none;
}

HubError read_only() {
  return HubError(403, "", "tf-hub serves git read-only: push is not supported");
}

// The CGI environment of `git http-backend` (see git-http-backend(1)). Nothing of the
// server's own environment but PATH reaches git, and no user or system git config: the
// repository's own config is the whole configuration.
std::vector<std::string> cgi_environment(const RepoRequest& request,
                                         const std::filesystem::path& project_root,
                                         const std::string& path_info) {
  const http::Request& http = request.http;
  std::vector<std::string> env = {
      "GIT_PROJECT_ROOT=" + project_root.string(),
      "GIT_HTTP_EXPORT_ALL=1",
      "GIT_CONFIG_NOSYSTEM=1",
      "GIT_CONFIG_GLOBAL=/dev/null",
      "HOME=" + project_root.string(),
      "PATH_INFO=" + path_info,
      "REQUEST_METHOD=" + http.method,
      "QUERY_STRING=" + http.query,
      "REMOTE_ADDR=127.0.0.1",
      "SERVER_PROTOCOL=HTTP/1.1",
      "LC_ALL=C",
  };
  if (const char* path = std::getenv("PATH")) env.push_back(std::string("PATH=") + path);
  if (http.method == "POST") env.push_back("CONTENT_LENGTH=" + std::to_string(http.body.size()));
  if (const auto type = http.headers.find("Content-Type")) {
    env.push_back("CONTENT_TYPE=" + std::string(*type));
  }
  if (const auto encoding = http.headers.find("Content-Encoding")) {
    env.push_back("HTTP_CONTENT_ENCODING=" + std::string(*encoding));
  }
  if (const auto protocol = http.headers.find("Git-Protocol")) {
    env.push_back("HTTP_GIT_PROTOCOL=" + std::string(*protocol));
  }
  return env;
}

}  // namespace

GitSmartHttp::GitSmartHttp(store::GitMirror& mirror) : mirror_(mirror) {}

bool GitSmartHttp::is_git_route(std::span<const std::string_view> rest) {
  return git_route(rest) != GitRoute::none;
}

http::Response GitSmartHttp::handle(const RepoRequest& request) const {
  const GitRoute route = git_route(request.rest);
  const http::Request& http = request.http;
  if (route == GitRoute::none) throw route_not_found();
  if (route == GitRoute::receive_pack) throw read_only();
  if (route == GitRoute::info_refs) {
    if (http.method != "GET" && http.method != "HEAD") throw method_not_allowed("GET, HEAD");
    if (http.query_param("service") == "git-receive-pack") throw read_only();
  } else if (http.method != "POST") {
    throw method_not_allowed("POST");
  }
  request.access.require_download(request.repo.repo(), request.caller);

  mirror_.update(request.repo);
  const std::string path_info = "/" +
                                store::GitMirror::relative_path(request.repo.repo()).string() +
                                (route == GitRoute::info_refs ? "/info/refs" : "/git-upload-pack");
  const sys::UniqueFd in = sys::memory_file_with("git-request", http.body);
  sys::UniqueFd out = sys::memory_file("git-response");
  const sys::UniqueFd err = sys::memory_file("git-stderr");
  const auto outcome =
      sys::run_child({"git", "http-backend"}, cgi_environment(request, mirror_.root(), path_info),
                     {in.get(), out.get(), err.get()}, limit_);
  if (!outcome.succeeded()) {
    throw HubError(500, "",
                   "git http-backend failed (" + outcome.describe() +
                       "): " + sys::read_prefix(err.get(), kMaxErrorText));
  }
  return cgi_response(std::make_shared<const http::OpenFile>(std::move(out), "git-response"));
}

}  // namespace tf::hub::protocol

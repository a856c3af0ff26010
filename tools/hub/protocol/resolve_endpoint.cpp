#include <nlohmann/json.hpp>

#include "tools/hub/http/representation.hpp"
#include "tools/hub/protocol/content_type.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"
#include "tools/hub/protocol/url_path.hpp"
#include "tools/hub/store/git_objects.hpp"

namespace tf::hub::protocol {

namespace {

// How a file's bytes reach the client. A Xet file goes the Xet way only for a client that
// asks for Xet file info in Accept; others (HF_HUB_DISABLE_XET, xet:false, curl) get the LFS
// way, with the Xet headers added, as the Hub does.
enum class Delivery {
  git_blob,      // the bytes from the hub itself: regular files, and /raw/ of any file
  cdn_redirect,  // 302 to the CDN listener: LFS and Xet files under /resolve/
  xet_fileinfo,  // 200 with the Xet hash and links to the token (E5) and the CAS (E6)
};

constexpr std::string_view kXetFileInfo = "application/vnd.xet-fileinfo+json";

Delivery delivery_for(const RepoRequest& request, const store::FileEntry& file, bool raw) {
  if (raw || !file.is_lfs_pointer()) return Delivery::git_blob;
  const auto accept = request.http.headers.find("Accept");
  if (file.has_xet_storage() && accept && accept->find(kXetFileInfo) != std::string_view::npos) {
    return Delivery::xet_fileinfo;
  }
  return Delivery::cdn_redirect;
}

std::string as_etag(std::string_view text) {
  return "\"" + std::string(text) + "\"";
}

// What git stores for the file: its content, or the LFS pointer text for LFS/Xet files.
http::Representation git_blob(const RepoRequest& request, const store::FileEntry& file) {
  http::Representation representation;
  representation.etag = as_etag(file.git_oid);
  representation.content_type = content_type_for(file.path);
  if (file.is_lfs_pointer()) {
    representation.content = store::lfs_pointer_text(file.sha256, file.size);
    return representation;
  }
  auto object = http::OpenFile::open(request.objects.path_of(file.sha256));
  if (!object || object->size() != file.size) {
    throw HubError(500, "", "object " + file.sha256 + " of " + file.path + " is missing");
  }
  representation.content = std::move(object);
  return representation;
}

// The headers that tell a client where a Xet file's bytes are: its hash, where to get a Xet
// token for the commit, and where to ask the CAS for its reconstruction.
void add_xet_headers(http::Response& response, const RepoRequest& request,
                     const store::FileEntry& file, const std::string& commit) {
  const store::Repo& repo = request.repo.repo();
  const std::string& hub = request.http.base_url;
  response.set_header("X-Xet-Hash", file.xet_hash);
  response.set_header("Link", "<" + hub + "/api/" + std::string(store::api_plural(repo.type)) +
                                  "/" + repo.id + "/xet-read-token/" + commit +
                                  ">; rel=\"xet-auth\", <" + hub + "/cas/v1/reconstructions/" +
                                  file.xet_hash + ">; rel=\"xet-reconstruction-info\"");
}

http::Response xet_fileinfo(const RepoRequest& request, const store::FileEntry& file,
                            const std::string& commit) {
  http::Response response = http::json_response(
      200, {{"hash", file.xet_hash}, {"size", file.size}, {"etag", file.sha256}});
  response.set_header("Content-Type", std::string(kXetFileInfo));
  response.set_header("X-Linked-Size", std::to_string(file.size));
  response.set_header("X-Linked-Etag", as_etag(file.sha256));
  response.set_header("ETag", as_etag(file.git_oid));
  add_xet_headers(response, request, file, commit);
  return response;
}

http::Response cdn_redirect(const RepoRequest& request, const store::FileEntry& file) {
  const std::string location = request.settings.cdn_url + "/cdn/" + file.sha256;
  http::Response response = http::text_response(302, "Found. Redirecting to " + location);
  response.set_header("Location", location);
  response.set_header("X-Linked-Size", std::to_string(file.size));
  response.set_header("X-Linked-Etag", as_etag(file.sha256));
  response.set_header("ETag", as_etag(file.git_oid));
  return response;
}

}  // namespace

http::Response resolve_file(const RepoRequest& request) {
  require_get(request.http);
  const bool raw = request.rest.front() == "raw";
  const store::Repo& repo = request.repo.repo();
  request.access.require_download(repo, request.caller);
  const auto rest = request.rest.subspan(1);
  const auto revision = resolve_revision_prefix(request.repo, rest);
  const auto path_segments = rest.subspan(revision.segments_used);
  const std::string& commit = revision.commit->sha;
  if (path_segments.empty() || (path_segments.size() == 1 && path_segments.front().empty())) {
    throw entry_not_found("", commit);
  }
  const std::string path = decode_path(path_segments);
  const auto* node = request.repo.tree(*revision.commit).find(path);
  if (node == nullptr || node->is_directory) throw entry_not_found(path, commit);

  const store::FileEntry& file = *node->file;
  http::Response response;
  switch (delivery_for(request, file, raw)) {
    case Delivery::git_blob:
      response = http::ranged_response(request.http, git_blob(request, file));
      break;
    case Delivery::cdn_redirect:
      response = cdn_redirect(request, file);
      if (file.has_xet_storage()) add_xet_headers(response, request, file, commit);
      break;
    case Delivery::xet_fileinfo:
      response = xet_fileinfo(request, file, commit);
      break;
  }
  response.set_header("X-Repo-Commit", commit);
  return response;
}

}  // namespace tf::hub::protocol

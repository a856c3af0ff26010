#include "tools/hub/http/representation.hpp"
#include "tools/hub/protocol/content_type.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"
#include "tools/hub/protocol/url_path.hpp"
#include "tools/hub/store/git_objects.hpp"

namespace tf::hub::protocol {

namespace {

// How a file's bytes reach the client. Xet files go the LFS way: this hub has no Xet
// storage (CAS), so it answers like the Hub does for clients that do not ask for Xet file
// info (HF_HUB_DISABLE_XET, xet:false), and @huggingface/hub then downloads the plain bytes.
// The xet-fileinfo answer, which needs a file's Xet hash, is a third way added beside these
// with the Xet formats library.
enum class Delivery {
  git_blob,      // the bytes from the hub itself: regular files, and /raw/ of any file
  cdn_redirect,  // 302 to the CDN listener: LFS and Xet files under /resolve/
};

Delivery delivery_for(const store::FileEntry& file, bool raw) {
  return raw || !file.is_lfs_pointer() ? Delivery::git_blob : Delivery::cdn_redirect;
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

  http::Response response =
      delivery_for(*node->file, raw) == Delivery::git_blob
          ? http::ranged_response(request.http, git_blob(request, *node->file))
          : cdn_redirect(request, *node->file);
  response.set_header("X-Repo-Commit", commit);
  return response;
}

}  // namespace tf::hub::protocol

#include "tools/hub/protocol/repo_request.hpp"

#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/url_path.hpp"

namespace tf::hub::protocol {

ResolvedRevision resolve_revision_prefix(const store::RepoIndex& repo,
                                         std::span<const std::string_view> segments) {
  if (segments.empty() || segments.front().empty()) throw revision_not_found("");
  std::string name;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) name += '/';
    name += decode_segment(segments[i]);
    if (const auto* commit = repo.resolve(name)) return {commit, i + 1};
  }
  throw revision_not_found(decode_segment(segments.front()));
}

const store::Commit& resolve_revision(const store::RepoIndex& repo,
                                      std::span<const std::string_view> segments) {
  std::string name;
  for (size_t i = 0; i < segments.size(); ++i) {
    if (i > 0) name += '/';
    name += decode_segment(segments[i]);
  }
  const auto* commit = repo.resolve(name);
  if (commit == nullptr) throw revision_not_found(name);
  return *commit;
}

void require_get(const http::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") throw method_not_allowed("GET, HEAD");
}

}  // namespace tf::hub::protocol

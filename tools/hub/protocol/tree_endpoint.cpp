#include <charconv>

#include <nlohmann/json.hpp>

#include "tools/hub/http/percent_encoding.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/query_flags.hpp"
#include "tools/hub/protocol/repo_endpoints.hpp"
#include "tools/hub/protocol/tree_entry_json.hpp"
#include "tools/hub/protocol/url_path.hpp"

namespace tf::hub::protocol {

namespace {

// The cursor is the position of the next entry in the listing: opaque to clients, which only
// follow the Link header.
size_t parse_cursor(const http::Request& request) {
  const auto cursor = request.query_param("cursor");
  if (!cursor) return 0;
  size_t offset = 0;
  const auto [end, ec] = std::from_chars(cursor->data(), cursor->data() + cursor->size(), offset);
  if (ec != std::errc() || end != cursor->data() + cursor->size()) {
    throw bad_request("invalid cursor");
  }
  return offset;
}

// The absolute URL of the page starting at `offset`: the same request with another cursor.
// @huggingface/hub requires `<https?://...>; rel="next"` with a space after the ';'.
std::string next_page_link(const http::Request& request, size_t offset) {
  std::string url = request.base_url + request.path + "?";
  for (const auto& [key, value] : request.query_params) {
    if (key == "cursor") continue;
    url += http::percent_encode(key) + "=" + http::percent_encode(value) + "&";
  }
  url += "cursor=" + std::to_string(offset);
  return "<" + url + ">; rel=\"next\"";
}

}  // namespace

http::Response tree_listing(const RepoRequest& request) {
  require_get(request.http);
  auto rest = request.rest.subspan(1);  // after "tree"
  const auto revision = resolve_revision_prefix(request.repo, rest);
  auto path_segments = rest.subspan(revision.segments_used);
  if (!path_segments.empty() && path_segments.back().empty()) {
    path_segments = path_segments.first(path_segments.size() - 1);  // "tree/main/" lists the root
  }
  const std::string directory = path_segments.empty() ? "" : decode_path(path_segments);
  const bool recursive = query_flag(request.http, "recursive", false);
  const bool expand = query_flag(request.http, "expand", false);

  const auto& tree = request.repo.tree(*revision.commit);
  if (!directory.empty()) {
    const auto* node = tree.find(directory);
    if (node == nullptr || !node->is_directory) {
      throw entry_not_found(directory, revision.commit->sha);
    }
  }
  const auto entries = tree.list(directory, recursive);
  const size_t offset = parse_cursor(request.http);
  if (offset > entries.size()) throw bad_request("cursor past the end of the listing");
  const size_t end = std::min(entries.size(), offset + request.settings.tree_page_size);

  nlohmann::json page = nlohmann::json::array();
  for (size_t i = offset; i < end; ++i)
    page.push_back(tree_entry_json(*entries[i], expand));
  http::Response response = http::json_response(200, page);
  if (end < entries.size()) response.set_header("Link", next_page_link(request.http, end));
  return response;
}

}  // namespace tf::hub::protocol

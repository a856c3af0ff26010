// The Hub's URLs (reference hub-protocol.md section 1). Every component that comes from a user
// or a server is percent-encoded here, so no revision or path can change the URL's structure.
#pragma once

#include <string>
#include <string_view>

#include "engine/hub/repo_id.hpp"

namespace tf::engine::hub {

// RFC 3986 percent-encoding of everything but unreserved characters and those in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep = "");

// E1: {endpoint}/api/{models|datasets|spaces}/{repo}/revision/{quote(revision, safe='')}
std::string repo_info_url(std::string_view endpoint, const RepoId& repo, std::string_view revision);
// E2: {endpoint}/api/{type}s/{repo}/tree/{quote(revision)}[/{path}]?recursive=true&expand=false
std::string tree_url(std::string_view endpoint, const RepoId& repo, std::string_view revision,
                     std::string_view path = "");
// E3: {endpoint}/api/{type}s/{repo}/paths-info/{quote(revision)}
std::string paths_info_url(std::string_view endpoint, const RepoId& repo,
                           std::string_view revision);
// E5: {endpoint}/api/{type}s/{repo}/xet-read-token/{quote(revision)}
std::string xet_read_token_url(std::string_view endpoint, const RepoId& repo,
                               std::string_view revision);
// E4: {endpoint}/{prefix}{repo}/resolve/{quote(revision)}/{path, each segment quoted}
std::string resolve_url(std::string_view endpoint, const RepoId& repo, std::string_view revision,
                        std::string_view path);

}  // namespace tf::engine::hub

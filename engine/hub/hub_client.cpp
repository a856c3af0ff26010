#include "engine/hub/hub_client.hpp"

#include <nlohmann/json.hpp>

#include "engine/hub/hub_urls.hpp"
#include "io/error.hpp"
#include "io/url.hpp"

namespace tf::engine::hub {

namespace {

// Metadata answers are small; a tree page of 1000 entries is about 250 KiB.
constexpr size_t kMaxMetadataBody = size_t{32} << 20;

bool is_success(long status) {
  return status >= 200 && status < 300;
}

}  // namespace

HubClient::HubClient(HubConfig config, io::HttpTransport& transport)
    : config_(std::move(config)), transport_(transport) {}

std::vector<std::string> HubClient::headers_for(std::string_view url) const {
  std::vector<std::string> headers{"Accept: application/json"};
  if (config_.token && io::same_origin(url, config_.endpoint)) {
    headers.push_back("Authorization: Bearer " + *config_.token);
  }
  return headers;
}

HubRequestContext HubClient::context(const RepoId& repo, std::string_view revision,
                                     std::string_view path) const {
  return HubRequestContext{repo.id, std::string(revision), std::string(path),
                           config_.token.has_value()};
}

io::FetchedResponse HubClient::get(const std::string& url, const HubRequestContext& context) {
  io::HttpRequest request;
  request.url = url;
  request.headers = headers_for(url);
  request.follow_redirects = false;  // a redirect of an API call is an answer to look at
  auto response = io::fetch(transport_, std::move(request), kMaxMetadataBody);
  if (!is_success(response.status)) {
    throw hub_error(response.status, response.headers, response.body, context);
  }
  return response;
}

RepoInfo HubClient::repo_info(const RepoId& repo, std::string_view revision) {
  const auto response =
      get(repo_info_url(config_.endpoint, repo, revision), context(repo, revision));
  return parse_repo_info(response.body);
}

std::vector<RepoFile> HubClient::list_files(const RepoId& repo, std::string_view commit) {
  std::vector<RepoFile> files;
  std::optional<std::string> url = tree_url(config_.endpoint, repo, commit);
  for (size_t page = 0; url; ++page) {
    if (page == kMaxTreePages) {
      throw Error(ErrorKind::protocol, "the tree listing of " + repo.id + " has more than " +
                                           std::to_string(kMaxTreePages) + " pages");
    }
    const auto response = get(*url, context(repo, commit));
    TreePage parsed = parse_tree_page(response.body);
    for (auto& file : parsed.files)
      files.push_back(std::move(file));
    const auto link = io::find_header(response.headers, "link");
    url = link ? next_page_url(*link) : std::nullopt;
  }
  return files;
}

std::vector<RepoFile> HubClient::paths_info(const RepoId& repo, std::string_view commit,
                                            const std::vector<std::string>& paths) {
  io::HttpRequest request;
  request.method = "POST";
  request.url = paths_info_url(config_.endpoint, repo, commit);
  request.headers = headers_for(request.url);
  request.headers.emplace_back("Content-Type: application/json");
  request.body = nlohmann::json{{"paths", paths}, {"expand", false}}.dump();
  request.follow_redirects = false;
  const auto response = io::fetch(transport_, std::move(request), kMaxMetadataBody);
  if (!is_success(response.status)) {
    throw hub_error(response.status, response.headers, response.body, context(repo, commit));
  }
  return parse_paths_info(response.body);
}

XetToken HubClient::xet_read_token(const RepoId& repo, std::string_view revision) {
  const auto response =
      get(xet_read_token_url(config_.endpoint, repo, revision), context(repo, revision));
  return parse_xet_token(response.body);
}

}  // namespace tf::engine::hub

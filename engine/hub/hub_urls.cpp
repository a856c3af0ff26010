#include "engine/hub/hub_urls.hpp"

namespace tf::engine::hub {

namespace {

bool is_unreserved(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '.' || c == '_' || c == '~';
}

std::string api_base(std::string_view endpoint, const RepoId& repo) {
  return std::string(endpoint) + "/api/" + std::string(api_segment(repo.type)) + "/" + repo.id;
}

}  // namespace

std::string percent_encode(std::string_view text, std::string_view keep) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    if (is_unreserved(c) || keep.find(c) != std::string_view::npos) {
      out += c;
    } else {
      const auto byte = static_cast<unsigned char>(c);
      out += '%';
      out += kHex[byte >> 4];
      out += kHex[byte & 0x0F];
    }
  }
  return out;
}

std::string repo_info_url(std::string_view endpoint, const RepoId& repo,
                          std::string_view revision) {
  return api_base(endpoint, repo) + "/revision/" + percent_encode(revision);
}

// huggingface_hub's list_repo_tree quotes the folder with safe="" too, '/' included.
std::string tree_url(std::string_view endpoint, const RepoId& repo, std::string_view revision,
                     std::string_view path) {
  std::string url = api_base(endpoint, repo) + "/tree/" + percent_encode(revision);
  if (!path.empty()) url += "/" + percent_encode(path);
  return url + "?recursive=true&expand=false";
}

std::string paths_info_url(std::string_view endpoint, const RepoId& repo,
                           std::string_view revision) {
  return api_base(endpoint, repo) + "/paths-info/" + percent_encode(revision);
}

std::string xet_read_token_url(std::string_view endpoint, const RepoId& repo,
                               std::string_view revision) {
  return api_base(endpoint, repo) + "/xet-read-token/" + percent_encode(revision);
}

std::string resolve_url(std::string_view endpoint, const RepoId& repo, std::string_view revision,
                        std::string_view path) {
  return std::string(endpoint) + "/" + std::string(url_prefix(repo.type)) + repo.id + "/resolve/" +
         percent_encode(revision) + "/" + percent_encode(path, "/");
}

}  // namespace tf::engine::hub

#include "tools/hub/protocol/access_control.hpp"

#include <strings.h>

#include <algorithm>

#include "tools/hub/protocol/hub_error.hpp"

namespace tf::hub::protocol {

AccessControl::AccessControl(std::set<std::string> valid_tokens)
    : valid_tokens_(std::move(valid_tokens)) {}

std::optional<std::string> AccessControl::caller(const http::Request& request) const {
  const auto header = request.headers.find("Authorization");
  if (!header) return std::nullopt;
  constexpr std::string_view kScheme = "Bearer ";
  if (header->size() <= kScheme.size() ||
      ::strncasecmp(header->data(), kScheme.data(), kScheme.size()) != 0) {
    throw invalid_credentials();
  }
  std::string token(header->substr(kScheme.size()));
  if (valid_tokens_.count(token) == 0) throw invalid_credentials();
  return token;
}

void AccessControl::require_read(const store::Repo& repo,
                                 const std::optional<std::string>& caller) const {
  if (repo.is_private && !caller) throw repo_not_found(true);
}

void AccessControl::require_download(const store::Repo& repo,
                                     const std::optional<std::string>& caller) const {
  require_read(repo, caller);
  if (!repo.gated) return;
  if (!caller) throw gated_repo(repo.id, true);
  const auto& granted = repo.granted_tokens;
  if (std::find(granted.begin(), granted.end(), *caller) == granted.end()) {
    throw gated_repo(repo.id, false);
  }
}

}  // namespace tf::hub::protocol

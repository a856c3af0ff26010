#include "tools/hub/protocol/access_control.hpp"

#include <strings.h>

#include <algorithm>

#include "tools/hub/protocol/base64.hpp"
#include "tools/hub/protocol/hub_error.hpp"

namespace tf::hub::protocol {

AccessControl::AccessControl(std::set<std::string> valid_tokens)
    : valid_tokens_(std::move(valid_tokens)) {}

namespace {

// The credentials after "<scheme> ", or nullopt when the header uses another scheme.
std::optional<std::string_view> credentials(std::string_view header, std::string_view scheme) {
  if (header.size() <= scheme.size() ||
      ::strncasecmp(header.data(), scheme.data(), scheme.size()) != 0) {
    return std::nullopt;
  }
  return header.substr(scheme.size());
}

// The password of HTTP Basic credentials ("user:password" in base64).
std::optional<std::string> basic_password(std::string_view encoded) {
  const auto decoded = decode_base64(encoded);
  if (!decoded) return std::nullopt;
  const auto colon = decoded->find(':');
  if (colon == std::string::npos) return std::nullopt;
  return decoded->substr(colon + 1);
}

}  // namespace

std::optional<std::string> AccessControl::caller(const http::Request& request) const {
  const auto header = request.headers.find("Authorization");
  if (!header) return std::nullopt;
  std::optional<std::string> token;
  if (const auto bearer = credentials(*header, "Bearer ")) {
    token = std::string(*bearer);
  } else if (const auto basic = credentials(*header, "Basic ")) {
    token = basic_password(*basic);
  }
  if (!token || valid_tokens_.count(*token) == 0) throw invalid_credentials();
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

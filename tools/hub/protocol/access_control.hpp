// Who may see and download what. The rules the stand-in enforces, as the Hub does:
//  - a request with a token the hub does not know gets 401 "Invalid credentials in
//    Authorization header", whatever it asks for;
//  - a private repo is visible to any valid token; to anonymous callers it does not exist
//    (401 RepoNotFound);
//  - a gated repo's metadata is public, but its files need a token granted access to it:
//    401 GatedRepo without a token, 403 GatedRepo with one that is not granted.
// The token comes as "Authorization: Bearer <token>", or, from git and git-lfs, as HTTP Basic
// credentials whose password is the token (any user name), as the Hub accepts them.
#pragma once

#include <optional>
#include <set>
#include <string>

#include "tools/hub/http/request.hpp"
#include "tools/hub/store/manifest.hpp"

namespace tf::hub::protocol {

class AccessControl {
 public:
  explicit AccessControl(std::set<std::string> valid_tokens);

  // The caller's token, nullopt for an anonymous request. Throws HubError for an
  // Authorization header that is not "Bearer <valid token>" or Basic with a valid token as
  // the password.
  std::optional<std::string> caller(const http::Request& request) const;

  // Throws RepoNotFound when `repo` is private and the caller anonymous.
  void require_read(const store::Repo& repo, const std::optional<std::string>& caller) const;
  // require_read, and throws GatedRepo when the repo is gated and the caller not granted.
  void require_download(const store::Repo& repo, const std::optional<std::string>& caller) const;

 private:
  std::set<std::string> valid_tokens_;
};

}  // namespace tf::hub::protocol

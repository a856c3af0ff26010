// Errors as the Hub reports them: a status, X-Error-Code (RepoNotFound, RevisionNotFound,
// EntryNotFound, GatedRepo), X-Error-Message and a JSON body {"error": message}. Clients
// branch on these (huggingface_hub's hf_raise_for_status, @huggingface/hub's createApiError),
// so the stand-in sends exactly these codes and messages.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include "tools/hub/http/response.hpp"

namespace tf::hub::protocol {

class HubError : public std::runtime_error {
 public:
  // An empty `code` sends no X-Error-Code.
  HubError(int status, std::string code, const std::string& message);

  int status() const { return status_; }
  const std::string& code() const { return code_; }
  HubError& with_header(std::string name, std::string value);

  http::Response to_response() const;

 private:
  int status_;
  std::string code_;
  std::vector<std::pair<std::string, std::string>> headers_;
};

// 404, or 401 for an anonymous caller, who may not learn whether a private repo exists.
HubError repo_not_found(bool anonymous);
HubError revision_not_found(const std::string& revision);
// With X-Repo-Commit, which huggingface_hub needs to record the miss in .no_exist/.
HubError entry_not_found(const std::string& path, const std::string& commit);
// 401 for an anonymous caller, 403 for a token without access.
HubError gated_repo(const std::string& repo_id, bool anonymous);
HubError invalid_credentials();
HubError bad_request(const std::string& message);
HubError route_not_found();
HubError method_not_allowed(const std::string& allowed);

}  // namespace tf::hub::protocol

#include "tools/hub/protocol/hub_error.hpp"

#include <nlohmann/json.hpp>

namespace tf::hub::protocol {

HubError::HubError(int status, std::string code, const std::string& message)
    : std::runtime_error(message), status_(status), code_(std::move(code)) {}

HubError& HubError::with_header(std::string name, std::string value) {
  headers_.emplace_back(std::move(name), std::move(value));
  return *this;
}

http::Response HubError::to_response() const {
  http::Response response = http::json_response(status_, {{"error", what()}});
  if (!code_.empty()) response.set_header("X-Error-Code", code_);
  std::string message = what();
  // A header value is one line of visible characters.
  for (char& c : message) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7F) c = '?';
  }
  response.set_header("X-Error-Message", message);
  for (const auto& [name, value] : headers_)
    response.set_header(name, value);
  return response;
}

HubError repo_not_found(bool anonymous) {
  return HubError(anonymous ? 401 : 404, "RepoNotFound", "Repository not found");
}

HubError revision_not_found(const std::string& revision) {
  return HubError(404, "RevisionNotFound", "Invalid rev id: " + revision);
}

HubError entry_not_found(const std::string& path, const std::string& commit) {
  return HubError(404, "EntryNotFound", "Entry not found: " + path)
      .with_header("X-Repo-Commit", commit);
}

HubError gated_repo(const std::string& repo_id, bool anonymous) {
  if (anonymous) {
    return HubError(401, "GatedRepo",
                    "Access to model " + repo_id +
                        " is restricted. You must have access to it and be authenticated to "
                        "access it. Please log in.");
  }
  return HubError(
      403, "GatedRepo",
      "Access to model " + repo_id + " is restricted and you are not in the authorized list.");
}

HubError invalid_credentials() {
  return HubError(401, "", "Invalid credentials in Authorization header");
}

HubError bad_request(const std::string& message) {
  return HubError(400, "", message);
}

HubError route_not_found() {
  return HubError(404, "", "Sorry, we can't find the page you are looking for.");
}

HubError method_not_allowed(const std::string& allowed) {
  return HubError(405, "", "Method not allowed").with_header("Allow", allowed);
}

}  // namespace tf::hub::protocol

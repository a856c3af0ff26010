// What a Hub error means for the user. huggingface_hub's hf_raise_for_status rules
// (reference hub-protocol.md E4 errors): X-Error-Code RepoNotFound / RevisionNotFound /
// EntryNotFound / GatedRepo, 401 as RepoNotFound unless the message says the credentials are
// invalid, and JSON bodies with "error". Messages say what to do next (pass a token, accept the
// conditions...) and never contain the token.
#pragma once

#include <string>
#include <string_view>

#include "io/error.hpp"
#include "io/http_headers.hpp"

namespace tf::engine::hub {

struct HubRequestContext {
  std::string repo;      // "org/name"
  std::string revision;  // as the user gave it
  std::string path;      // the file, when the request was about one
  bool token_given = false;
};

enum class HubErrorCode {
  repo_not_found,  // or private: suggest a token
  revision_not_found,
  entry_not_found,
  gated,  // access must be requested on the Hub
  invalid_token,
  other,
};

HubErrorCode classify_hub_error(long status, const io::HeaderMap& headers);

// The tf::Error for a failed Hub request: not_found (repo, revision, file), auth (gated, invalid
// token, 403), network (status 0: no answer) or http_status (the rest, such as 429, 5xx and
// "Access to this resource is disabled."). The server's own words (X-Error-Message, the JSON
// body's error fields, or a non-HTML text body) follow in parentheses, escaped, cut to 300 bytes,
// with anything shaped like a token ("hf_" and 8+ letters or digits) redacted.
Error hub_error(long status, const io::HeaderMap& headers, std::string_view body,
                const HubRequestContext& context);

}  // namespace tf::engine::hub

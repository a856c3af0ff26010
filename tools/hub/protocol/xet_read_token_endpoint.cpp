// E5: GET /api/{type}s/{org}/{name}/xet-read-token/{rev}. Routing has checked that the caller
// may see the repo; a gated repo's token also needs the caller to be granted, as downloads do.
#include <nlohmann/json.hpp>

#include "tools/hub/protocol/xet_service.hpp"

namespace tf::hub::protocol {

http::Response XetService::read_token(const RepoRequest& request) const {
  require_get(request.http);
  request.access.require_download(request.repo.repo(), request.caller);
  resolve_revision(request.repo, request.rest.subspan(1));
  const XetToken token = tokens_.issue();
  const std::string cas_url = request.http.base_url + "/cas";
  http::Response response = http::json_response(
      200, {{"accessToken", token.value}, {"exp", token.expires_at}, {"casUrl", cas_url}});
  // Older huggingface_hub versions read these instead of the body.
  response.set_header("X-Xet-Cas-Url", cas_url);
  response.set_header("X-Xet-Access-Token", token.value);
  response.set_header("X-Xet-Token-Expiration", std::to_string(token.expires_at));
  return response;
}

}  // namespace tf::hub::protocol

// The Hub's metadata API as blocking calls (reference hub-protocol.md E1-E3): which commit a
// revision names and which files a commit holds. (E4, /resolve/, is fetched by the download
// engine itself: its first range request is the probe.) Answers are parsed
// by hub_api.hpp and errors mapped by hub_errors.hpp; this class only sends the requests.
//
// The token goes only to the configured endpoint's origin: a pagination link or a redirect to
// any other host gets no Authorization header.
#pragma once

#include "engine/hub/xet_token.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "engine/hub/hub_api.hpp"
#include "engine/hub/hub_config.hpp"
#include "engine/hub/hub_errors.hpp"
#include "engine/hub/repo_id.hpp"
#include "io/http_fetch.hpp"

namespace tf::engine::hub {

// A listing longer than this many pages is refused: a server whose `next` links never end
// must not keep a client busy forever.
inline constexpr size_t kMaxTreePages = 100'000;

class HubClient {
 public:
  HubClient(HubConfig config, io::HttpTransport& transport);

  const HubConfig& config() const { return config_; }

  // E1: the commit the revision points to (tf::Error not_found / auth / network otherwise).
  RepoInfo repo_info(const RepoId& repo, std::string_view revision);
  // E2, every page: the files of a commit (directories left out), in listing order.
  std::vector<RepoFile> list_files(const RepoId& repo, std::string_view commit);
  // E3: the entries for these paths; paths that are not files are simply absent.
  std::vector<RepoFile> paths_info(const RepoId& repo, std::string_view commit,
                                   const std::vector<std::string>& paths);

  // E5: a Xet read token for the CAS, for the repo at `revision`.
  XetToken xet_read_token(const RepoId& repo, std::string_view revision);

  // The request headers a request to `url` carries: Authorization only for the endpoint's
  // origin, and only when there is a token.
  std::vector<std::string> headers_for(std::string_view url) const;

 private:
  io::FetchedResponse get(const std::string& url, const HubRequestContext& context);
  HubRequestContext context(const RepoId& repo, std::string_view revision,
                            std::string_view path = "") const;

  HubConfig config_;
  io::HttpTransport& transport_;
};

}  // namespace tf::engine::hub

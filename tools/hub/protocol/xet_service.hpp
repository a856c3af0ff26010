// The hub's Xet side, over the Xet storage that ingest filled (store/xet_storage.hpp):
//   E5  GET {hub}/api/{type}s/{org}/{name}/xet-read-token/{rev}    a Xet access token
//   E6  GET {hub}/cas/v{1,2}/reconstructions/{xet hash}            Bearer <Xet token>, Range
//   E7  GET {cdn}/xorb/default/{xorb hash}?<signed range>          Range: one or several ranges
// The xet-fileinfo answer of /resolve/ (E4) is in resolve_endpoint.cpp; it links to E5 and E6.
// One object serves both listeners; it caches the file records and xorb layouts it reads.
#pragma once

#include <chrono>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "tools/hub/http/request.hpp"
#include "tools/hub/http/response.hpp"
#include "tools/hub/protocol/repo_request.hpp"
#include "tools/hub/protocol/xet_tokens.hpp"
#include "tools/hub/protocol/xorb_url_signer.hpp"
#include "tools/hub/store/xet_storage.hpp"

namespace tf::hub::protocol {

struct XetSettings {
  std::chrono::seconds token_ttl{3600};  // --xet-token-ttl
  std::chrono::seconds url_ttl{3600};    // --xet-url-ttl: signed xorb URLs
  bool no_v2 = false;                    // --xet-no-v2: /cas/v2/... answers 404
};

class XetService {
 public:
  // `cdn_url`: the CDN listener's base URL as clients reach it (xorb URLs point there).
  XetService(std::filesystem::path data_root, std::string cdn_url, XetSettings settings);

  // E5; rest = {"xet-read-token", rev...}. The caller may read the repo (checked by routing).
  http::Response read_token(const RepoRequest& request) const;
  // E6; segments after "/cas/".
  http::Response reconstruction(const http::Request& request,
                                std::span<const std::string_view> segments) const;
  // E7; segments after "/xorb/".
  http::Response xorb(const http::Request& request,
                      std::span<const std::string_view> segments) const;

 private:
  void require_xet_token(const http::Request& request) const;
  // nullptr when the hash names no stored file.
  std::shared_ptr<const store::XetFileRecord> file(const xet::MerkleHash& xet_hash) const;
  // Throws HubError 500 when a term names a xorb that is not stored.
  std::span<const xet::XorbChunk> layout(const xet::MerkleHash& xorb) const;

  store::XetStorage storage_;
  XetSettings settings_;
  XorbUrlSigner signer_;
  mutable XetTokens tokens_;
  mutable std::mutex cache_mutex_;
  // Never erased, so spans into the layouts stay valid.
  mutable std::map<xet::MerkleHash, std::shared_ptr<const store::XetFileRecord>> files_;
  mutable std::map<xet::MerkleHash, std::shared_ptr<const std::vector<xet::XorbChunk>>> layouts_;
};

}  // namespace tf::hub::protocol

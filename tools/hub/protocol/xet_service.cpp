#include "tools/hub/protocol/xet_service.hpp"

#include "tools/hub/protocol/hub_error.hpp"

namespace tf::hub::protocol {

XetService::XetService(std::filesystem::path data_root, std::string cdn_url, XetSettings settings)
    : storage_(std::move(data_root)),
      settings_(settings),
      signer_(std::move(cdn_url), settings.url_ttl),
      tokens_(settings.token_ttl) {}

void XetService::require_xet_token(const http::Request& request) const {
  const auto authorization = request.headers.find("Authorization");
  if (!authorization || !authorization->starts_with("Bearer ")) {
    throw HubError(401, "", "a Xet access token is required (Authorization: Bearer xet_...)");
  }
  if (!tokens_.is_valid(authorization->substr(7))) {
    throw HubError(401, "", "invalid or expired Xet access token");
  }
}

std::shared_ptr<const store::XetFileRecord> XetService::file(
    const xet::MerkleHash& xet_hash) const {
  {
    const std::lock_guard lock(cache_mutex_);
    if (const auto found = files_.find(xet_hash); found != files_.end()) return found->second;
  }
  auto record = storage_.read_file(xet_hash);
  if (!record) return nullptr;
  auto shared = std::make_shared<const store::XetFileRecord>(std::move(*record));
  const std::lock_guard lock(cache_mutex_);
  return files_.emplace(xet_hash, std::move(shared)).first->second;
}

std::span<const xet::XorbChunk> XetService::layout(const xet::MerkleHash& xorb) const {
  {
    const std::lock_guard lock(cache_mutex_);
    if (const auto found = layouts_.find(xorb); found != layouts_.end()) return *found->second;
  }
  auto chunks = storage_.read_layout(xorb);
  if (!chunks) throw HubError(500, "", "xorb " + xorb.hex() + " is missing from the Xet storage");
  auto shared = std::make_shared<const std::vector<xet::XorbChunk>>(std::move(*chunks));
  const std::lock_guard lock(cache_mutex_);
  return *layouts_.emplace(xorb, std::move(shared)).first->second;
}

}  // namespace tf::hub::protocol

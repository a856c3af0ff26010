// Self-authorizing xorb URLs, like the Hub's CloudFront-signed ones: the CDN listener serves
// /xorb/default/{xorb}?X-Xet-Signed-Range=bytes%3DA-B&Expires=T&Signature=S only when S is the
// HMAC-SHA256, under a secret drawn at start, of (xorb, A-B, T), T has not passed, and every
// range the request asks for lies inside A-B. No Authorization header is needed or wanted.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "engine/xet/merkle_hash.hpp"
#include "engine/xet/reconstruction.hpp"
#include "tools/hub/http/request.hpp"

namespace tf::hub::protocol {

class XorbUrlSigner {
 public:
  // `cdn_url` is the CDN listener's base URL as clients reach it; URLs expire after `ttl`.
  XorbUrlSigner(std::string cdn_url, std::chrono::seconds ttl);

  std::string url(const xet::MerkleHash& xorb, const xet::ByteRange& range) const;
  // The signed range of a request for `xorb`; throws HubError 403 when the query has no valid,
  // unexpired signature for it.
  xet::ByteRange verify(const xet::MerkleHash& xorb, const http::Request& request) const;

 private:
  std::string signature(const std::string& xorb_hex, const xet::ByteRange& range,
                        int64_t expires) const;

  std::string cdn_url_;
  std::chrono::seconds ttl_;
  std::array<uint8_t, 32> secret_{};
};

}  // namespace tf::hub::protocol

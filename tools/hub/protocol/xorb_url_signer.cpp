#include "tools/hub/protocol/xorb_url_signer.hpp"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/rand.h>

#include <charconv>

#include "io/error.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/xet_tokens.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::protocol {

namespace {

HubError forbidden(const std::string& why) {
  return HubError(403, "", "xorb URL refused: " + why);
}

std::optional<uint64_t> number(std::string_view text) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || text.empty()) return std::nullopt;
  return value;
}

// "bytes=A-B" (the query parameter, already decoded).
std::optional<xet::ByteRange> parse_signed_range(std::string_view text) {
  if (!text.starts_with("bytes=")) return std::nullopt;
  text.remove_prefix(6);
  const auto dash = text.find('-');
  if (dash == std::string_view::npos) return std::nullopt;
  const auto first = number(text.substr(0, dash));
  const auto last = number(text.substr(dash + 1));
  if (!first || !last || *last < *first) return std::nullopt;
  return xet::ByteRange{*first, *last};
}

std::string range_text(const xet::ByteRange& range) {
  return "bytes=" + std::to_string(range.first) + "-" + std::to_string(range.last);
}

}  // namespace

XorbUrlSigner::XorbUrlSigner(std::string cdn_url, std::chrono::seconds ttl)
    : cdn_url_(std::move(cdn_url)), ttl_(ttl) {
  if (RAND_bytes(secret_.data(), static_cast<int>(secret_.size())) != 1) {
    throw Error(ErrorKind::internal, "RAND_bytes failed to make the xorb URL secret");
  }
}

std::string XorbUrlSigner::signature(const std::string& xorb_hex, const xet::ByteRange& range,
                                     int64_t expires) const {
  const std::string message = xorb_hex + "\n" + range_text(range) + "\n" + std::to_string(expires);
  std::array<uint8_t, EVP_MAX_MD_SIZE> mac{};
  unsigned int length = 0;
  if (HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
           reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac.data(),
           &length) == nullptr) {
    throw Error(ErrorKind::internal, "HMAC-SHA256 failed to sign a xorb URL");
  }
  return sys::to_hex(std::span<const uint8_t>(mac.data(), length));
}

std::string XorbUrlSigner::url(const xet::MerkleHash& xorb, const xet::ByteRange& range) const {
  const std::string hex = xorb.hex();
  const int64_t expires = unix_now() + ttl_.count();
  return cdn_url_ + "/xorb/default/" + hex + "?X-Xet-Signed-Range=bytes%3D" +
         std::to_string(range.first) + "-" + std::to_string(range.last) +
         "&Expires=" + std::to_string(expires) + "&Signature=" + signature(hex, range, expires);
}

xet::ByteRange XorbUrlSigner::verify(const xet::MerkleHash& xorb,
                                     const http::Request& request) const {
  const auto range_param = request.query_param("X-Xet-Signed-Range");
  const auto expires_param = request.query_param("Expires");
  const auto signature_param = request.query_param("Signature");
  if (!range_param || !expires_param || !signature_param) {
    throw forbidden("X-Xet-Signed-Range, Expires and Signature are required");
  }
  const auto range = parse_signed_range(*range_param);
  const auto expires = number(*expires_param);
  if (!range || !expires) throw forbidden("malformed X-Xet-Signed-Range or Expires");
  const std::string expected = signature(xorb.hex(), *range, static_cast<int64_t>(*expires));
  if (signature_param->size() != expected.size() ||
      CRYPTO_memcmp(signature_param->data(), expected.data(), expected.size()) != 0) {
    throw forbidden("bad signature");
  }
  if (static_cast<int64_t>(*expires) < unix_now()) throw forbidden("the URL has expired");
  return *range;
}

}  // namespace tf::hub::protocol

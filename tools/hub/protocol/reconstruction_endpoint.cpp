// E6: GET /cas/v{1,2}/reconstructions/{xet hash} with Authorization: Bearer <Xet token> and an
// optional Range: bytes=S-E (inclusive) or bytes=S-. The answer lists the chunk-aligned terms
// that cover the range and, per xorb, a signed CDN URL with the byte ranges to fetch from it.
#include <charconv>
#include <optional>

#include "engine/xet/reconstruction_builder.hpp"
#include "io/error.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/xet_service.hpp"

namespace tf::hub::protocol {

namespace {

std::optional<uint64_t> number(std::string_view text) {
  uint64_t value = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

HubError malformed_range(std::string_view header) {
  return bad_request("Range must be bytes=START-END or bytes=START-, not '" + std::string(header) +
                     "'");
}

// "bytes=S-E" or "bytes=S-" (to the end); HubError 400 for anything else, as the CAS accepts
// one plain range only.
std::optional<xet::ByteRange> requested_range(const http::Request& request) {
  const auto header = request.headers.find("Range");
  if (!header) return std::nullopt;
  std::string_view text = *header;
  const auto dash = text.find('-');
  if (!text.starts_with("bytes=") || dash == std::string_view::npos) {
    throw malformed_range(*header);
  }
  const auto first = number(text.substr(6, dash - 6));
  const auto last_text = text.substr(dash + 1);
  const auto last = last_text.empty() ? std::optional<uint64_t>(UINT64_MAX) : number(last_text);
  if (!first || !last || *last < *first) {
    throw malformed_range(*header);
  }
  return xet::ByteRange{*first, *last};
}

HubError range_not_satisfiable(uint64_t first, uint64_t size) {
  return HubError(416, "",
                  "range start " + std::to_string(first) + " is not inside the file (" +
                      std::to_string(size) + " bytes)")
      .with_header("Content-Range", "bytes */" + std::to_string(size));
}

}  // namespace

http::Response XetService::reconstruction(const http::Request& request,
                                          std::span<const std::string_view> segments) const {
  if (segments.size() != 3 || (segments[0] != "v1" && segments[0] != "v2") ||
      segments[1] != "reconstructions") {
    throw route_not_found();
  }
  require_get(request);
  require_xet_token(request);
  if (settings_.no_v2 && segments[0] == "v2") {
    throw HubError(404, "", "this CAS serves /v1/reconstructions only (--xet-no-v2)");
  }
  const auto xet_hash = xet::MerkleHash::parse_hex(segments[2]);
  if (!xet_hash || segments[2].size() != 64) {
    throw bad_request("not a Xet file hash: '" + std::string(segments[2]) + "'");
  }
  const auto stored = file(*xet_hash);
  if (!stored) throw HubError(404, "", "no Xet file " + xet_hash->hex());
  const auto range = requested_range(request);
  if (range && range->first >= stored->size)
    throw range_not_satisfiable(range->first, stored->size);
  const auto lookup = [this](const xet::MerkleHash& xorb) { return layout(xorb); };
  const auto sign = [this](const xet::MerkleHash& xorb,
                           std::span<const xet::XorbFetchRange> ranges) {
    return signer_.url(xorb, {ranges.front().bytes.first, ranges.back().bytes.last});
  };
  const xet::Reconstruction answer = xet::build_reconstruction(stored->terms, lookup, sign, range);
  return http::text_response(
      200, segments[0] == "v2" ? xet::to_json_v2(answer) : xet::to_json_v1(answer),
      "application/json");
}

}  // namespace tf::hub::protocol

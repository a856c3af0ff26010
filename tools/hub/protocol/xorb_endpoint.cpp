// E7: GET /xorb/default/{xorb hash}?X-Xet-Signed-Range=...&Expires=...&Signature=... on the CDN
// listener. The URL authorizes itself (no Authorization header); each requested range must lie
// inside the signed one. The bytes go out like any object's: sendfile, one range as 206, several
// as multipart/byteranges, with the fault plan applied by the server.
#include "tools/hub/http/byte_ranges.hpp"
#include "tools/hub/http/representation.hpp"
#include "tools/hub/protocol/hub_error.hpp"
#include "tools/hub/protocol/xet_service.hpp"

namespace tf::hub::protocol {

namespace {

// Throws 403 unless every byte the request asks for is inside `allowed`.
void require_inside(const http::Request& request, uint64_t size, const xet::ByteRange& allowed) {
  const auto selection = http::select_ranges(request.headers.find("Range"), size);
  if (selection.outcome == http::RangeOutcome::unsatisfiable) return;  // a 416 follows
  std::vector<http::ByteRange> wanted = selection.ranges;
  if (selection.outcome == http::RangeOutcome::full && size > 0) wanted = {{0, size - 1}};
  for (const auto& range : wanted) {
    if (range.first < allowed.first || range.last > allowed.last) {
      throw HubError(403, "",
                     "xorb URL refused: bytes " + std::to_string(range.first) + "-" +
                         std::to_string(range.last) + " are outside the signed range " +
                         std::to_string(allowed.first) + "-" + std::to_string(allowed.last));
    }
  }
}

}  // namespace

http::Response XetService::xorb(const http::Request& request,
                                std::span<const std::string_view> segments) const {
  if (segments.size() != 2 || segments[0] != "default") throw route_not_found();
  require_get(request);
  const auto hash = xet::MerkleHash::parse_hex(segments[1]);
  if (!hash || segments[1].size() != 64) {
    throw bad_request("not a xorb hash: '" + std::string(segments[1]) + "'");
  }
  const xet::ByteRange allowed = signer_.verify(*hash, request);
  auto bytes = http::OpenFile::open(storage_.xorb_path(*hash));
  if (!bytes) throw HubError(404, "", "no xorb " + hash->hex());
  require_inside(request, bytes->size(), allowed);
  http::Representation representation;
  representation.etag = "\"" + hash->hex() + "\"";
  representation.content = std::move(bytes);
  return http::ranged_response(request, representation);
}

}  // namespace tf::hub::protocol

// A Xet download done by hand for the hub's tests: the token (E5), the reconstruction (E6), and
// the xorb ranges (E7) fetched with the plain test HTTP client and put together with engine/xet
// (plan_reassembly, XorbRangeDecoder, FetchAssembler). Every step throws std::runtime_error
// naming the request that failed, so a test sees which answer was wrong.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/xet/reconstruction.hpp"
#include "support/hub_server.hpp"

namespace tf::test {

// GET /api/models/{repo}/xet-read-token/{revision} with the hub token; the accessToken.
std::string xet_read_token(const HubServer& hub, const std::string& repo,
                           const std::string& revision = "main");

// GET /cas/{version}/reconstructions/{xet_hash} with the Xet token; the body (status 200
// required).
std::string fetch_reconstruction(const HubServer& hub, const std::string& version,
                                 const std::string& xet_hash, const std::string& token,
                                 std::optional<xet::ByteRange> range = std::nullopt);

struct XetAssembly {
  std::string bytes;         // the file bytes asked for
  size_t xorb_requests = 0;  // one per (xorb, URL), all its ranges in one request
  size_t multipart_answers = 0;
};

// Downloads the bytes a reconstruction (v1 or v2 JSON) describes: all of the file, or
// `range` when the reconstruction was asked for that range.
XetAssembly assemble(const std::string& reconstruction_json,
                     std::optional<xet::ByteRange> range = std::nullopt);

// The Xet hash of the file in the repo's tree listing at `revision`.
std::string xet_hash_in_tree(const HubServer& hub, const std::string& repo, const std::string& path,
                             const std::string& revision = "main");

// The bytes the hub stored for a file (its object), by the file's SHA-256.
std::string stored_object(const HubServer& hub, const std::string& sha256);

}  // namespace tf::test

// The CAS reconstruction request (reference hub-protocol.md E6): which xorb ranges make up a
// file, and the signed URLs to fetch them from. As xet-core does, v2 first and v1 when the CAS
// answers 404 or 501 to v2; a token the CAS refuses (401/403) is replaced once; 429 and 5xx
// answers and dropped connections are retried a few times with backoff.
//
// Blocking (a small JSON answer over the shared transport): call it off the actors' threads.
#pragma once

#include <cstdint>
#include <string>

#include "engine/hub/xet_token.hpp"
#include "engine/xet/reconstruction.hpp"
#include "io/http_transport.hpp"

namespace tf::xet {

struct FetchedReconstruction {
  Reconstruction reconstruction;
  int api_version = 2;  // the version that answered
};

// The reconstruction of bytes `wanted` (inclusive) of the file `file_hash` (Xet hex). A resumed
// download asks only for the parts it lacks: the CAS then names only the chunks that cover them.
// Throws tf::Error: auth (token refused twice), not_found, protocol (malformed answer, or one
// that yields fewer bytes than asked), network (retries exhausted).
FetchedReconstruction fetch_reconstruction(io::HttpTransport& transport,
                                           engine::hub::XetTokenCache& tokens,
                                           const std::string& file_hash, const ByteRange& wanted);

}  // namespace tf::xet

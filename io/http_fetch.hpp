// A blocking request on the shared transport, for small answers: Hub API calls (repo info,
// tree pages, paths-info) and metadata probes. They ride the same connection pool as the data,
// so a listing reuses the connection a download opened. Bodies are capped: an answer larger
// than `max_body` is a protocol error, never an unbounded allocation.
#pragma once

#include <cstddef>
#include <string>

#include "io/http_headers.hpp"
#include "io/http_transport.hpp"

namespace tf::io {

struct FetchedResponse {
  long status = 0;
  HeaderMap headers;
  std::string effective_url;
  std::string body;
};

inline constexpr size_t kDefaultMaxFetchedBody = size_t{64} << 20;

// Runs the request to its end and returns the response, whatever its status. A connection
// failure or a stall is a tf::Error(network) naming the method and the URL (without its query,
// which may hold a signature); a body over `max_body` is a tf::Error(protocol).
FetchedResponse fetch(HttpTransport& transport, HttpRequest request,
                      size_t max_body = kDefaultMaxFetchedBody);

}  // namespace tf::io

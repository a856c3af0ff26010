// The output of a CGI program (RFC 3875, section 6) as an HTTP response: header lines up to an
// empty line, then the body. "Status: 404 Not Found" sets the status (200 when absent); every
// other header is passed on. The body stays in the output file and is sent from there.
#pragma once

#include <memory>

#include "tools/hub/http/body.hpp"
#include "tools/hub/http/response.hpp"

namespace tf::hub::protocol {

// Throws HubError(502) when the output has no complete header block or a malformed line.
http::Response cgi_response(std::shared_ptr<const http::OpenFile> output);

}  // namespace tf::hub::protocol

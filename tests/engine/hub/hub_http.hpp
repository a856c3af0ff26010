// One HTTP exchange with the stand-in hub for the engine's Hub tests: the answer's status,
// headers (lowercase names, repeated ones joined with ", " as io::HeaderMap wants) and body.
// Redirects are not followed: the tests parse what the Hub itself answered.
#pragma once

#include <string>
#include <vector>

#include "io/http_headers.hpp"

namespace tf::test {

struct HubAnswer {
  long status = 0;
  io::HeaderMap headers;
  std::string body;
};

// method: GET, HEAD or POST (with `body`). Only 127.0.0.0/8 URLs are allowed.
HubAnswer hub_request(const std::string& method, const std::string& url,
                      const std::vector<std::string>& headers = {}, const std::string& body = "");

}  // namespace tf::test

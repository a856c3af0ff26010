// Boolean query parameters as clients send them: "true"/"false" (httpx, fetch), "True", "1".
#pragma once

#include <string_view>

#include "tools/hub/http/request.hpp"

namespace tf::hub::protocol {

// The value of `name`, `fallback` when absent; throws HubError 400 for a value that is not a
// boolean.
bool query_flag(const http::Request& request, std::string_view name, bool fallback);

// Parses a boolean text; throws HubError 400 naming `what`.
bool parse_flag(std::string_view text, std::string_view what);

}  // namespace tf::hub::protocol

// Percent-encoding of URL paths and query strings (RFC 3986).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tf::hub::http {

// Decodes %XX escapes (and '+' as a space when `plus_is_space`, for query strings); nullopt
// when an escape is malformed. The result may contain any byte, NUL included: callers check.
std::optional<std::string> percent_decode(std::string_view text, bool plus_is_space = false);

// Encodes every byte except unreserved characters (A-Z a-z 0-9 - . _ ~) and those in `keep`.
std::string percent_encode(std::string_view text, std::string_view keep = "");

}  // namespace tf::hub::http

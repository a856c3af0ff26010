// HTTP dates (IMF-fixdate, RFC 9110 section 5.6.7) for Last-Modified and If-Range.
#pragma once

#include <ctime>
#include <optional>
#include <string>
#include <string_view>

namespace tf::hub::http {

std::string format_http_date(std::time_t time);
// Parses IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT"); nullopt for anything else, including
// the obsolete formats, which then simply never match.
std::optional<std::time_t> parse_http_date(std::string_view text);

}  // namespace tf::hub::http

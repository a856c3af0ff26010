// Commit dates. The manifest and the Hub's JSON use ISO 8601 in UTC ("2024-01-01T00:00:00.000Z");
// git commit objects use Unix seconds. Both directions are exact to the second.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace tf::hub::store {

// Parses "YYYY-MM-DDTHH:MM:SS[.fff]Z"; nullopt for anything else.
std::optional<int64_t> parse_iso_time(std::string_view text);

// Formats Unix seconds as "YYYY-MM-DDTHH:MM:SS.000Z".
std::string format_iso_time(int64_t unix_seconds);

}  // namespace tf::hub::store

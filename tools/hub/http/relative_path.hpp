// Paths taken from URLs (files of a repo, files under --serve-dir) must name something inside
// a known root and nothing else. Everything that could climb out or confuse a lookup is
// refused here, after percent-decoding: "..", ".", empty segments (hence absolute paths),
// backslashes, NUL and other control bytes.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace tf::hub::http {

// Decodes a still-encoded relative path and checks it; nullopt when it is not a plain
// relative path.
std::optional<std::string> decode_relative_path(std::string_view raw);

// The same check on an already decoded path.
bool is_plain_relative_path(std::string_view path);

}  // namespace tf::hub::http

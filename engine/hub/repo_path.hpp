// Paths inside a repository, as a server lists them. They become file names on the user's disk,
// so anything that could leave the destination folder is refused before anything is written.
#pragma once

#include <string_view>

namespace tf::engine::hub {

// A safe relative path: non-empty; '/'-separated segments, none empty, "." or ".."; no leading
// '/'; no backslash, NUL or other control character (C0, DEL, C1); at most 4096 bytes, segments
// at most 255; valid UTF-8; no segment that Windows reads as a drive (a character then ':', as
// huggingface_hub's _validate_relative_filename refuses on every platform).
bool is_safe_repo_path(std::string_view path);

// Throws tf::Error(protocol) naming the path (escaped for printing) when it is not safe.
void check_repo_path(std::string_view path);

}  // namespace tf::engine::hub

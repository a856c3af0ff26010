// What counts as a valid repo id, file path and ref name. The store refuses anything else at
// ingest, so that every name the server later matches against is well formed.
#pragma once

#include <string_view>

namespace tf::hub::store {

// "org/name": two segments of [A-Za-z0-9._-], neither starting with '.' or '-', at most 96
// characters each. The org may not be one of the words the Hub's own URLs use at that place
// (api, datasets, spaces, files, cdn, _admin).
bool is_valid_repo_id(std::string_view id);

// A relative path inside a repo: '/'-separated, no empty, "." or ".." segment, no backslash,
// no NUL or other control character, at most 4096 bytes.
bool is_valid_repo_file_path(std::string_view path);

// A branch or tag name: [A-Za-z0-9._/-], no "..", no empty segment, not "HEAD", not a 40-hex
// commit id (which would make revisions ambiguous).
bool is_valid_ref_name(std::string_view name);

}  // namespace tf::hub::store

// Which files of a repo to fetch: --include / --exclude globs, matched like huggingface_hub's
// filter_repo_objects (fnmatch without special meaning for '/'; a pattern ending in '/' matches
// everything below that folder).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace tf::engine::hub {

struct FileFilter {
  std::vector<std::string> include;  // empty: everything
  std::vector<std::string> exclude;

  bool matches(std::string_view path) const;
};

// fnmatch semantics as in Python's fnmatch.fnmatchcase: *, ?, [seq], [!seq].
bool glob_match(std::string_view pattern, std::string_view text);

}  // namespace tf::engine::hub

// Parsers of the Hub API's answers (reference hub-protocol.md, E1-E4). Everything here is
// untrusted input: sizes, hashes and paths are checked, and malformed JSON is a clear
// tf::Error(protocol), never a crash.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "io/http_headers.hpp"

namespace tf::engine::hub {

// The largest file size accepted from the Hub (1 PiB): no real file comes near it, and a bigger
// value is a hostile or broken answer.
inline constexpr uint64_t kMaxRepoFileSize = uint64_t{1} << 50;

// E1: the commit a revision points to (40 hex), and the access flags.
struct RepoInfo {
  std::string commit;
  bool is_private = false;
  bool gated = false;  // "gated": false, "auto" or "manual"
};
RepoInfo parse_repo_info(std::string_view json);

// A file of a tree listing or paths-info answer.
struct RepoFile {
  std::string path;                        // checked with check_repo_path
  uint64_t size = 0;                       // at most 2^50
  std::string git_oid;                     // 40 hex, lowercase
  std::optional<std::string> lfs_sha256;   // 64 hex, lowercase, for LFS and Xet files
  std::optional<std::string> xet_hash;     // 64 hex, lowercase, for Xet-backed files
  std::optional<std::string> last_commit;  // 40 hex, when the answer was expanded

  // The cache's blob name and the verification key: the SHA-256 for LFS/Xet files, the git
  // blob SHA-1 otherwise (what huggingface_hub calls the etag).
  const std::string& etag() const { return lfs_sha256 ? *lfs_sha256 : git_oid; }
  bool is_lfs() const { return lfs_sha256.has_value(); }
};

struct TreePage {
  std::vector<RepoFile> files;
  std::vector<std::string> directories;  // checked paths
};
// E2: one page of a tree listing (a JSON array of file and directory entries). Entries of
// other types are ignored; a file entry without a valid path, size or oid is an error.
TreePage parse_tree_page(std::string_view json);

// E3: the entries of a paths-info answer (same entry format; directories are skipped).
std::vector<RepoFile> parse_paths_info(std::string_view json);

// The URL of `Link: <URL>; rel="next"` (absolute http(s) URL), if any. Tolerates several links,
// parameters in any order and quoted or unquoted rel values; nullopt when there is no next link.
// A next link whose URL is not an absolute http(s) URL is a tf::Error(protocol): ending the
// listing there would silently drop the rest of the repository.
std::optional<std::string> next_page_url(std::string_view link_header);

// E4 metadata from a HEAD or probe of /resolve/ (not following redirects): the commit, the etag
// (X-Linked-Etag, else ETag, normalised), the size (X-Linked-Size, else the Content-Range total,
// else Content-Length when the answer is not a redirect and not compressed), the redirect target,
// the Xet hash and links when present (X-Xet-Refresh-Route stands in for a missing xet-auth link,
// as in huggingface_hub). A missing commit, etag or size, an etag that cannot be a file name, or
// a status outside 200-399 is a tf::Error(protocol): map error statuses with hub_error first.
struct ResolvedFile {
  std::string commit;  // 40 hex, lowercase
  std::string etag;    // 1-255 of [A-Za-z0-9._~+=-], not starting with '.': a safe blob name
  uint64_t size = 0;   // at most kMaxRepoFileSize
  std::optional<std::string> location;  // absolute http(s), resolved against the request URL
  // Link URLs are resolved against the request URL too and must be http(s).
  std::optional<std::string> xet_hash;                // 64 hex, lowercase
  std::optional<std::string> xet_auth_url;            // Link rel="xet-auth"
  std::optional<std::string> xet_reconstruction_url;  // Link rel="xet-reconstruction-info"
};
ResolvedFile parse_resolve_head(long status, const io::HeaderMap& headers,
                                std::string_view request_url);

// The `Link` header's entries as (url, rel) pairs, in order (shared by next_page_url and the
// Xet links). A rel listing several types ("next last") gives one pair per type; rel types are
// lowercased. Never throws: what does not parse is skipped.
std::vector<std::pair<std::string, std::string>> parse_link_header(std::string_view value);

}  // namespace tf::engine::hub

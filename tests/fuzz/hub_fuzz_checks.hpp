// Checks shared by the engine/hub fuzz targets: what the parsers promise about their output.
// A broken promise aborts, so libFuzzer reports the input.
#pragma once

#include <cstdlib>
#include <string_view>

#include "engine/hub/hex_id.hpp"
#include "engine/hub/hub_api.hpp"
#include "engine/hub/repo_path.hpp"
#include "io/error.hpp"

namespace tf::fuzz {

inline void require(bool condition) {
  if (!condition) std::abort();
}

inline bool is_lower_hex(std::string_view text, size_t length) {
  return engine::hub::lowercase_hex_id(text, length) == std::string(text);
}

// Nothing in an error message may drive the terminal.
inline void require_printable(std::string_view message) {
  for (const char c : message) {
    require(static_cast<unsigned char>(c) >= 0x20 && c != 0x7f);
  }
}

inline void require_valid(const engine::hub::RepoFile& file) {
  require(engine::hub::is_safe_repo_path(file.path));
  require(file.size <= engine::hub::kMaxRepoFileSize);
  require(is_lower_hex(file.git_oid, engine::hub::kCommitHexLength));
  if (file.lfs_sha256) require(is_lower_hex(*file.lfs_sha256, engine::hub::kSha256HexLength));
  if (file.xet_hash) require(is_lower_hex(*file.xet_hash, engine::hub::kSha256HexLength));
  if (file.last_commit) require(is_lower_hex(*file.last_commit, engine::hub::kCommitHexLength));
}

// Runs a parser that may only fail with tf::Error(protocol) and a printable message.
template <typename Parse>
void expect_protocol_errors_only(Parse parse) {
  try {
    parse();
  } catch (const Error& e) {
    require(e.kind() == ErrorKind::protocol);
    require_printable(e.what());
  }
}

}  // namespace tf::fuzz

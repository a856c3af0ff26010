// Commit ids, git object ids and SHA-256 hashes: fixed-length hexadecimal, as the Hub sends them
// and as they name folders and files in the cache.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tf::engine::hub {

inline constexpr size_t kCommitHexLength = 40;  // git commit and blob ids (SHA-1)
inline constexpr size_t kSha256HexLength = 64;  // LFS oids and Xet hashes

// `length` hex digits of any case, lowercased; nullopt for anything else.
std::optional<std::string> lowercase_hex_id(std::string_view text, size_t length);

// A full commit hash as huggingface_hub recognises one (REGEX_COMMIT_HASH: 40 lowercase hex):
// a revision that is one needs no ref and names its snapshot folder directly.
bool is_commit_hash(std::string_view text);

}  // namespace tf::engine::hub

// UTF-8 decoding for the checks that must see characters, not bytes: repo paths (valid UTF-8,
// no control characters), printable messages, and globs (Python's fnmatch works on code points).
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace tf::engine::hub {

// Decodes the character at `pos` and advances `pos` past it. Invalid sequences (overlong forms,
// surrogates, values above U+10FFFF, truncated or stray bytes) give nullopt and advance by one
// byte, so a caller can always make progress.
std::optional<char32_t> decode_utf8(std::string_view text, size_t& pos);

bool is_valid_utf8(std::string_view text);

// C0 controls, DEL and C1 controls: never part of a file name we write or a line we print.
bool is_control_character(char32_t c);

// The code points of `text`, invalid bytes mapped to U+DC80..U+DCFF (Python's surrogateescape),
// so that every byte sequence has a distinct decoding.
std::u32string to_code_points(std::string_view text);

}  // namespace tf::engine::hub

// Text from a server or a user, made safe to put in an error message: a hostile file name or
// error body must not move the cursor, recolour the terminal or reorder the line it is shown in.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace tf::engine::hub {

// `text` with control characters (C0, DEL, C1), bidirectional controls, backslashes and bytes
// that are not UTF-8 escaped (\n, \t, \x1b, \u{202e}, \\), cut to about `max_bytes` with "…".
std::string printable(std::string_view text, size_t max_bytes = 300);

}  // namespace tf::engine::hub

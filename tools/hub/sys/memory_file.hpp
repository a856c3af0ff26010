// An anonymous file in memory (memfd): a place for a child process's input and output that
// needs no folder, no clean-up and no pipe pumping, and that the server can send with
// sendfile like any other file.
#pragma once

#include <string>
#include <string_view>

#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::sys {

// A new, empty memory file (close-on-exec); throws tf::Error(io) if the kernel refuses.
UniqueFd memory_file(const char* name);

// A memory file holding `bytes`, positioned at its start.
UniqueFd memory_file_with(const char* name, std::string_view bytes);

// Up to `limit` bytes from the start of `fd` (for error messages and headers).
std::string read_prefix(int fd, size_t limit);

}  // namespace tf::hub::sys

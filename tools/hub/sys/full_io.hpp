// read/write/pread that handle short transfers and EINTR, throwing tf::Error with the path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace tf::hub::sys {

// Writes all of `bytes`; throws tf::Error (io or disk_full) naming `what`.
void write_all(int fd, const void* bytes, size_t size, std::string_view what);

// Reads up to `size` bytes at `offset`, stopping early only at end of file; returns the count.
// Throws tf::Error naming `what`.
size_t pread_full(int fd, void* buffer, size_t size, uint64_t offset, std::string_view what);

// Reads up to `size` bytes from the current position, stopping early only at end of file.
size_t read_full(int fd, void* buffer, size_t size, std::string_view what);

}  // namespace tf::hub::sys

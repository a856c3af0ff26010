// Human byte sizes on the command line: "8M", "8MiB", "1.5G", "4096". Units are binary
// (K = 1024) as in aria2c and curl, because chunk sizes are meant to align with pages.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace tf::engine {

// Parses a size; throws tf::Error(invalid_argument) naming the text when it is not one.
uint64_t parse_byte_size(std::string_view text);

// Formats bytes for people: "1.50 GiB", "512 B".
std::string format_bytes(double bytes);

}  // namespace tf::engine

// Sizes on tf-hub's command line: "4096", "4K", "10M", "2G", "1T" (binary units: K = 1024;
// "KiB" and "KB" are accepted as the same).
#pragma once

#include <cstdint>
#include <string_view>

namespace tf::hub::cli {

// Throws tf::Error(invalid_argument) naming the text when it is not a size.
uint64_t parse_byte_size(std::string_view text);

}  // namespace tf::hub::cli

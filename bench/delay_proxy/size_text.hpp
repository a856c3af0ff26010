// Sizes on the command line: "256K", "50M", "1G" (binary multiples), or plain bytes.
#pragma once

#include <cstdint>
#include <string_view>

namespace tf::bench {

// Throws std::invalid_argument for anything else.
uint64_t parse_size(std::string_view text);

}  // namespace tf::bench

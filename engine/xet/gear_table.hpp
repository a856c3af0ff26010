// The 256 random 64-bit values of the gear rolling hash that drives Xet's content-defined
// chunking. They must be exactly these: other values cut chunks elsewhere, which breaks
// deduplication and every hash.
#pragma once

#include <array>
#include <cstdint>

namespace tf::xet {

extern const std::array<uint64_t, 256> gear_table;

}  // namespace tf::xet

// BG4 byte grouping: byte i of the input goes to group i % 4 and the four groups are stored one
// after the other. Columns of 4-byte values (float32 weights) then sit together, which LZ4
// compresses much better. Group k holds n / 4 + (k < n % 4) bytes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

namespace tf::io {

// Size of group `group` (0..3) for an input of `total` bytes.
constexpr size_t bg4_group_size(size_t total, size_t group) {
  return total / 4 + (group < total % 4 ? 1 : 0);
}

// Groups `input` into `output`; both must have the same size (not checked beyond an assert).
void bg4_split(std::span<const uint8_t> input, std::span<uint8_t> output);
// Inverse of bg4_split: `grouped` back to the original order in `output` (same size).
void bg4_join(std::span<const uint8_t> grouped, std::span<uint8_t> output);

std::vector<uint8_t> bg4_split(std::span<const uint8_t> input);
std::vector<uint8_t> bg4_join(std::span<const uint8_t> grouped);

}  // namespace tf::io

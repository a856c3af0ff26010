// Test data for the xorb tests: chunks of varied sizes and compressibility.
#pragma once

#include <cstdint>
#include <vector>

#include "support/test_support.hpp"

namespace tf::test {

// `count` chunks; sizes cycle through small, odd and maximal ones; every third chunk is text-like
// (compressible), every third float-like (suits BG4), the rest random.
inline std::vector<std::vector<uint8_t>> varied_chunks(size_t count, uint64_t seed) {
  static constexpr size_t sizes[] = {1, 3, 4, 5, 1000, 8191, 65537, 131072, 77777, 12};
  std::vector<std::vector<uint8_t>> chunks;
  for (size_t i = 0; i < count; ++i) {
    auto chunk = random_bytes(sizes[i % std::size(sizes)], seed * 1000 + i);
    if (i % 3 == 0) {
      for (size_t j = 0; j < chunk.size(); ++j)
        chunk[j] = static_cast<uint8_t>("xet chunk "[j % 10]);
    } else if (i % 3 == 1) {
      for (size_t j = 3; j < chunk.size(); j += 4)
        chunk[j] = 0x3f;
    }
    chunks.push_back(std::move(chunk));
  }
  return chunks;
}

}  // namespace tf::test

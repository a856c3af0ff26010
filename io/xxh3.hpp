// XXH3-64: the per-chunk checksum of the resume journal. Fast enough (tens of GB/s) that
// re-checking every journaled chunk on resume costs far less than fetching it again.
#pragma once

#include <cstdint>
#include <span>

#define XXH_INLINE_ALL
#include <xxhash.h>

namespace tf::io {

inline uint64_t xxh3_64(std::span<const uint8_t> bytes) {
  return XXH3_64bits(bytes.data(), bytes.size());
}

// Incremental XXH3-64 for chunks read in pieces.
class Xxh3 {
 public:
  Xxh3() { XXH3_64bits_reset(&state_); }
  void update(std::span<const uint8_t> bytes) {
    XXH3_64bits_update(&state_, bytes.data(), bytes.size());
  }
  uint64_t digest() const { return XXH3_64bits_digest(&state_); }
  void reset() { XXH3_64bits_reset(&state_); }

 private:
  XXH3_state_t state_{};
};

}  // namespace tf::io

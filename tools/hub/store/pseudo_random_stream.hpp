// Deterministic pseudo-random bytes for generated repos: the same (seed, path) always gives the
// same content, different paths give unrelated content, and it is produced at several GB/s so
// that multi-GB repos generate at disk speed. Not zeros: compression and dedup cannot cheat.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

namespace tf::hub::store {

class PseudoRandomStream {
 public:
  PseudoRandomStream(uint64_t seed, std::string_view path);

  // Fills `out` with the next bytes of the stream.
  void fill(std::span<uint8_t> out);

 private:
  uint64_t next();  // xoshiro256**

  std::array<uint64_t, 4> state_{};
  // Bytes of the last word that `fill` has not used yet (when sizes are not multiples of 8).
  uint64_t pending_ = 0;
  int pending_bytes_ = 0;
};

}  // namespace tf::hub::store

// BLAKE3 hashing (plain and keyed) over the reference C implementation. Xet hashes every chunk,
// every Merkle node and every file with keyed BLAKE3, so this is on the hot path.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "blake3.h"

namespace tf::io {

using Blake3Digest = std::array<uint8_t, BLAKE3_OUT_LEN>;
using Blake3Key = std::array<uint8_t, BLAKE3_KEY_LEN>;

// Incremental BLAKE3. A plain value: copying it forks the hash state, which lets a caller hash a
// common prefix once. It owns no resources (the C state is a plain struct), so no destructor.
class Blake3Hasher {
 public:
  // Plain (unkeyed) BLAKE3.
  Blake3Hasher();
  // Keyed BLAKE3 (the "keyed_hash" mode of the BLAKE3 paper).
  explicit Blake3Hasher(const Blake3Key& key);

  void update(std::span<const uint8_t> bytes);
  // The 32-byte digest of everything fed so far. Does not change the state: more bytes may follow.
  Blake3Digest digest() const;
  // Back to the empty input, keeping the key.
  void reset();

 private:
  blake3_hasher state_;
};

Blake3Digest blake3(std::span<const uint8_t> bytes);
Blake3Digest blake3_keyed(const Blake3Key& key, std::span<const uint8_t> bytes);

}  // namespace tf::io

#include "io/blake3_hasher.hpp"

namespace tf::io {

Blake3Hasher::Blake3Hasher() : state_{} {
  blake3_hasher_init(&state_);
}

Blake3Hasher::Blake3Hasher(const Blake3Key& key) : state_{} {
  blake3_hasher_init_keyed(&state_, key.data());
}

void Blake3Hasher::update(std::span<const uint8_t> bytes) {
  blake3_hasher_update(&state_, bytes.data(), bytes.size());
}

Blake3Digest Blake3Hasher::digest() const {
  Blake3Digest out{};
  blake3_hasher_finalize(&state_, out.data(), out.size());
  return out;
}

void Blake3Hasher::reset() {
  blake3_hasher_reset(&state_);
}

Blake3Digest blake3(std::span<const uint8_t> bytes) {
  Blake3Hasher hasher;
  hasher.update(bytes);
  return hasher.digest();
}

Blake3Digest blake3_keyed(const Blake3Key& key, std::span<const uint8_t> bytes) {
  Blake3Hasher hasher(key);
  hasher.update(bytes);
  return hasher.digest();
}

}  // namespace tf::io

#include "tools/hub/store/pseudo_random_stream.hpp"

#include <cstring>

namespace tf::hub::store {

namespace {

uint64_t splitmix64(uint64_t& x) {
  uint64_t z = (x += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

uint64_t fnv1a(std::string_view text) {
  uint64_t hash = 0xCBF29CE484222325ULL;
  for (const char c : text) {
    hash ^= static_cast<unsigned char>(c);
    hash *= 0x100000001B3ULL;
  }
  return hash;
}

uint64_t rotl(uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

PseudoRandomStream::PseudoRandomStream(uint64_t seed, std::string_view path) {
  uint64_t mix = seed ^ fnv1a(path);
  for (auto& word : state_)
    word = splitmix64(mix);
}

uint64_t PseudoRandomStream::next() {
  const uint64_t result = rotl(state_[1] * 5, 7) * 9;
  const uint64_t t = state_[1] << 17;
  state_[2] ^= state_[0];
  state_[3] ^= state_[1];
  state_[1] ^= state_[2];
  state_[0] ^= state_[3];
  state_[2] ^= t;
  state_[3] = rotl(state_[3], 45);
  return result;
}

void PseudoRandomStream::fill(std::span<uint8_t> out) {
  size_t pos = 0;
  while (pos < out.size() && pending_bytes_ > 0) {
    out[pos++] = static_cast<uint8_t>(pending_);
    pending_ >>= 8;
    --pending_bytes_;
  }
  // Whole words; memcpy keeps it free of alignment assumptions and compiles to a plain store.
  while (pos + 8 <= out.size()) {
    const uint64_t word = next();
    std::memcpy(out.data() + pos, &word, 8);
    pos += 8;
  }
  if (pos < out.size()) {
    pending_ = next();
    pending_bytes_ = 8;
    while (pos < out.size()) {
      out[pos++] = static_cast<uint8_t>(pending_);
      pending_ >>= 8;
      --pending_bytes_;
    }
  }
}

}  // namespace tf::hub::store

#include "io/sha256.hpp"

#include <algorithm>

namespace tf::io {

Sha256Digest Sha256::finish() {
  const auto bytes = digest_.finish();
  Sha256Digest out{};
  std::copy(bytes.begin(), bytes.end(), out.begin());
  return out;
}

Sha256Digest Sha256::of(std::span<const uint8_t> bytes) {
  Sha256 sha;
  sha.update(bytes);
  return sha.finish();
}

}  // namespace tf::io

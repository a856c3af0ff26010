// SHA-256, the Hub's etag for LFS and Xet files: a convenience over MessageDigest.
#pragma once

#include <array>
#include <cstdint>
#include <span>

#include "io/message_digest.hpp"

namespace tf::io {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256() : digest_(DigestAlgorithm::sha256) {}
  void update(std::span<const uint8_t> bytes) { digest_.update(bytes); }
  Sha256Digest finish();
  static Sha256Digest of(std::span<const uint8_t> bytes);

 private:
  MessageDigest digest_;
};

}  // namespace tf::io

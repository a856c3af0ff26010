// SHA-256 (OpenSSL EVP). The Hub names LFS and Xet blobs by the SHA-256 of their content.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

namespace tf::io {

using Sha256Digest = std::array<uint8_t, 32>;

// Incremental SHA-256. Owns an OpenSSL context: movable, not copyable.
class Sha256Hasher {
 public:
  Sha256Hasher();
  ~Sha256Hasher();
  Sha256Hasher(Sha256Hasher&&) noexcept;
  Sha256Hasher& operator=(Sha256Hasher&&) noexcept;
  Sha256Hasher(const Sha256Hasher&) = delete;
  Sha256Hasher& operator=(const Sha256Hasher&) = delete;

  void update(std::span<const uint8_t> bytes);
  // The digest of everything fed so far; the hasher then starts over from the empty input.
  Sha256Digest finish();

 private:
  struct ContextDeleter {
    void operator()(void* context) const;
  };
  std::unique_ptr<void, ContextDeleter> context_;  // an EVP_MD_CTX*
};

Sha256Digest sha256(std::span<const uint8_t> bytes);

// Lowercase hex of the bytes in order ("e3b0c442…").
std::string to_hex(std::span<const uint8_t> bytes);

}  // namespace tf::io

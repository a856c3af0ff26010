// Streaming SHA-256 and SHA-1 (OpenSSL EVP), the two hashes the Hub protocol names objects by:
// SHA-256 for LFS objects and ETags of the CDN, SHA-1 for git blob, tree and commit ids.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct evp_md_ctx_st;

namespace tf::hub::sys {

enum class DigestAlgorithm { sha1, sha256 };

class Digest {
 public:
  explicit Digest(DigestAlgorithm algorithm);
  Digest(Digest&&) noexcept = default;
  Digest& operator=(Digest&&) noexcept = default;
  ~Digest() = default;

  void update(std::span<const uint8_t> bytes);
  void update(std::string_view text);
  // The raw digest; the object cannot be updated afterwards.
  std::vector<uint8_t> finish();
  // The digest as lowercase hex.
  std::string finish_hex();

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* context) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> context_;
};

std::string to_hex(std::span<const uint8_t> bytes);
// The inverse of to_hex; an empty vector when `hex` is not an even-length lowercase hex string.
std::vector<uint8_t> from_hex(std::string_view hex);

std::string sha256_hex(std::string_view bytes);
std::string sha1_hex(std::string_view bytes);

// True when `text` is exactly `length` lowercase hex digits.
bool is_lower_hex(std::string_view text, size_t length);

}  // namespace tf::hub::sys

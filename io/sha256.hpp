// Incremental SHA-256 (OpenSSL, which uses the CPU's SHA extensions when present). The Hub's
// etag for LFS and Xet files is the SHA-256 of the content.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>

struct evp_md_ctx_st;

namespace tf::io {

using Sha256Digest = std::array<uint8_t, 32>;

class Sha256 {
 public:
  Sha256();
  Sha256(Sha256&&) noexcept = default;
  Sha256& operator=(Sha256&&) noexcept = default;
  // A copy of the state so far: hash further data tentatively, keep it only if it is good.
  Sha256 clone() const;
  void update(std::span<const uint8_t> bytes);
  Sha256Digest finish();  // the object can be reused afterwards
  static Sha256Digest of(std::span<const uint8_t> bytes);

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> ctx_;
};

// Lowercase hex of any digest.
std::string to_hex(std::span<const uint8_t> digest);

}  // namespace tf::io

// Incremental cryptographic digests through OpenSSL (which uses the CPU's SHA extensions when
// present): SHA-256, the Hub's content hash for LFS and Xet files, and SHA-1, for git blob ids.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

struct evp_md_ctx_st;

namespace tf::io {

enum class DigestAlgorithm { sha256, sha1 };

class MessageDigest {
 public:
  explicit MessageDigest(DigestAlgorithm algorithm);
  MessageDigest(MessageDigest&&) noexcept = default;
  MessageDigest& operator=(MessageDigest&&) noexcept = default;

  // A copy of the state so far: hash further data tentatively, keep it only if it is good.
  MessageDigest clone() const;
  void update(std::span<const uint8_t> bytes);
  // The digest; the object starts over afterwards.
  std::vector<uint8_t> finish();
  DigestAlgorithm algorithm() const { return algorithm_; }

 private:
  struct ContextDeleter {
    void operator()(evp_md_ctx_st* ctx) const;
  };
  DigestAlgorithm algorithm_;
  std::unique_ptr<evp_md_ctx_st, ContextDeleter> ctx_;
};

// Lowercase hex of any digest.
std::string to_hex(std::span<const uint8_t> digest);

}  // namespace tf::io

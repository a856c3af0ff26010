// The hash that names a file's content on the Hub, and how to compute it as bytes arrive:
// SHA-256 of the content for LFS and Xet files, the git blob id (SHA-1 of "blob <size>\0" and
// the content) for regular files.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "io/message_digest.hpp"

namespace tf::io {

enum class ContentHashKind { sha256, git_blob_sha1 };

std::string_view to_string(ContentHashKind kind);

struct ContentHash {
  ContentHashKind kind = ContentHashKind::sha256;
  std::string hex;  // lowercase
  bool operator==(const ContentHash&) const = default;
};

class ContentHasher {
 public:
  // `size` is the content's size, part of the git blob header.
  ContentHasher(ContentHashKind kind, uint64_t size);
  ContentHasher clone() const;
  void update(std::span<const uint8_t> bytes) { digest_.update(bytes); }
  ContentHash finish();
  ContentHashKind kind() const { return kind_; }

 private:
  ContentHasher(ContentHashKind kind, MessageDigest digest)
      : kind_(kind), digest_(std::move(digest)) {}
  ContentHashKind kind_;
  MessageDigest digest_;
};

// One call over a whole buffer.
ContentHash content_hash(ContentHashKind kind, std::span<const uint8_t> bytes);

}  // namespace tf::io

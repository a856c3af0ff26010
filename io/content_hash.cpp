#include "io/content_hash.hpp"

namespace tf::io {

std::string_view to_string(ContentHashKind kind) {
  return kind == ContentHashKind::sha256 ? "sha256" : "git-sha1";
}

ContentHasher::ContentHasher(ContentHashKind kind, uint64_t size)
    : kind_(kind),
      digest_(kind == ContentHashKind::sha256 ? DigestAlgorithm::sha256 : DigestAlgorithm::sha1) {
  if (kind == ContentHashKind::git_blob_sha1) {
    const std::string header = "blob " + std::to_string(size) + '\0';
    digest_.update({reinterpret_cast<const uint8_t*>(header.data()), header.size()});
  }
}

ContentHasher ContentHasher::clone() const {
  return ContentHasher(kind_, digest_.clone());
}

ContentHash ContentHasher::finish() {
  return {kind_, to_hex(digest_.finish())};
}

ContentHash content_hash(ContentHashKind kind, std::span<const uint8_t> bytes) {
  ContentHasher hasher(kind, bytes.size());
  hasher.update(bytes);
  return hasher.finish();
}

}  // namespace tf::io

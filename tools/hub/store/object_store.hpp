// Content-addressed objects: every file content of every repo lives once, as objects/<sha256>.
// Objects are written under a temporary name while they are hashed and renamed into place
// when complete, so a reader never sees a partial object.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace tf::hub::store {

// Produces the bytes to store on demand: fills the buffer and returns how many bytes it wrote,
// 0 at the end.
using ByteSource = std::function<size_t(std::span<uint8_t> buffer)>;

struct StoredObject {
  std::string sha256;
  std::string git_blob_oid;  // empty unless asked for
  uint64_t size = 0;
};

class ObjectStore {
 public:
  explicit ObjectStore(std::filesystem::path directory);

  const std::filesystem::path& directory() const { return directory_; }
  std::filesystem::path path_of(std::string_view sha256) const;
  bool contains(std::string_view sha256) const;

  // Stores exactly `size` bytes from `source`, hashing them once on the way in. The git blob
  // id of the content is computed too when `with_git_blob_oid` (regular git files need it;
  // LFS files are named by the hash of their pointer instead). Throws tf::Error when the source
  // gives a different number of bytes or the disk fails.
  StoredObject store(const ByteSource& source, uint64_t size, bool with_git_blob_oid) const;

  // Stores the content of a local file.
  StoredObject store_file(const std::filesystem::path& file, bool with_git_blob_oid) const;

 private:
  std::filesystem::path directory_;
};

}  // namespace tf::hub::store

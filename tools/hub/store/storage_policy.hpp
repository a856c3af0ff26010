// Which files of a new commit git stores as LFS pointers, as the Hub's default .gitattributes
// decides it: by extension (*.safetensors, *.bin, *.gguf, ...) or by size.
#pragma once

#include <cstdint>
#include <string_view>

#include "tools/hub/store/manifest.hpp"

namespace tf::hub::store {

struct StoragePolicy {
  static constexpr uint64_t kDefaultLfsThreshold = uint64_t{10} << 20;

  uint64_t lfs_threshold = kDefaultLfsThreshold;  // files of at least this size are LFS
  bool xet = false;                               // LFS files become Xet files

  FileKind kind_for(std::string_view path, uint64_t size) const;
};

// True when the file name matches one of the Hub's default LFS patterns.
bool matches_default_lfs_pattern(std::string_view path);

}  // namespace tf::hub::store

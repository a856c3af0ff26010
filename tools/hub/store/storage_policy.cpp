#include "tools/hub/store/storage_policy.hpp"

#include <fnmatch.h>

#include <array>
#include <string>

namespace tf::hub::store {

bool matches_default_lfs_pattern(std::string_view path) {
  // The patterns of the .gitattributes the Hub writes into every new repo, plus *.gguf.
  static constexpr std::array<const char*, 35> kPatterns{
      "*.7z",   "*.arrow",  "*.bin", "*.bz2",         "*.ckpt",     "*.ftz",     "*.gz",
      "*.h5",   "*.joblib", "*.lfs", "*.mlmodel",     "*.model",    "*.msgpack", "*.npy",
      "*.npz",  "*.onnx",   "*.ot",  "*.parquet",     "*.pb",       "*.pickle",  "*.pkl",
      "*.pt",   "*.pth",    "*.rar", "*.safetensors", "*.tar.*",    "*.tflite",  "*.tgz",
      "*.wasm", "*.xz",     "*.zip", "*.zst",         "*tfevents*", "*.gguf",    "*.tar"};
  const auto slash = path.rfind('/');
  const std::string name(slash == std::string_view::npos ? path : path.substr(slash + 1));
  for (const char* pattern : kPatterns) {
    if (::fnmatch(pattern, name.c_str(), 0) == 0) return true;
  }
  return false;
}

FileKind StoragePolicy::kind_for(std::string_view path, uint64_t size) const {
  if (size < lfs_threshold && !matches_default_lfs_pattern(path)) return FileKind::regular;
  return xet ? FileKind::xet : FileKind::lfs;
}

}  // namespace tf::hub::store

// Generated repos for tests and benchmarks: files of given sizes filled with deterministic
// pseudo-random bytes (see pseudo_random_stream.hpp), plus the small files every model repo
// has (config.json, README.md).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "tools/hub/store/generated_content.hpp"
#include "tools/hub/store/manifest.hpp"
#include "tools/hub/store/object_store.hpp"
#include "tools/hub/store/storage_policy.hpp"

namespace tf::hub::store {

struct GeneratedFile {
  std::string path;
  uint64_t size = 0;
  uint64_t seed = 0;  // with the path, determines the content
  ContentStyle style = ContentStyle::random;
  std::optional<FileEdit> edit;
};

// `count` files of `size` bytes named <directory>/part-00000.dat, ...
struct FileShape {
  uint64_t count = 0;
  uint64_t size = 0;
  std::string directory = "data";
};

struct GenerationPlan {
  std::string repo_id;  // named in README.md
  uint64_t seed = 0;
  std::vector<GeneratedFile> files;
  bool with_config_files = true;  // adds config.json and README.md unless listed in `files`

  void add_shape(const FileShape& shape);  // files get the plan's seed
};

// Writes every file of the plan into the object store (in parallel) and returns the entries.
std::vector<FileEntry> generate_files(const ObjectStore& objects, const GenerationPlan& plan,
                                      const StoragePolicy& policy);

}  // namespace tf::hub::store

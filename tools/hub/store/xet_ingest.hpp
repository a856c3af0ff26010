// Puts the Xet files of a new commit into the hub's Xet storage: each content is chunked and
// deduplicated against every chunk stored so far (all files, revisions and repos of the data
// folder), new chunks are packed into xorbs, and the file's terms are recorded. A content
// ingested before is not chunked again.
#pragma once

#include <filesystem>
#include <vector>

#include "tools/hub/store/manifest.hpp"
#include "tools/hub/store/object_store.hpp"

namespace tf::hub::store {

struct XetIngestStats {
  uint64_t files = 0;           // contents chunked now
  uint64_t bytes = 0;           // their bytes
  uint64_t new_xorb_bytes = 0;  // serialized bytes of the xorbs they added
  uint64_t chunks = 0;
  uint64_t deduplicated_chunks = 0;
};

// Sets xet_hash on every Xet entry of `entries`, whose content must be in `objects`. Holds the
// Xet storage's lock while it works, so concurrent tf-hub processes do not race on xorbs.
XetIngestStats ingest_xet_files(const std::filesystem::path& data_root, const ObjectStore& objects,
                                std::vector<FileEntry>& entries);

}  // namespace tf::hub::store

// Turning a local folder into repo files: every regular file under it (symlinks followed,
// .git skipped) is hashed once and copied into the object store.
#pragma once

#include <filesystem>
#include <vector>

#include "tools/hub/store/manifest.hpp"
#include "tools/hub/store/object_store.hpp"
#include "tools/hub/store/storage_policy.hpp"

namespace tf::hub::store {

// Throws tf::Error when the folder cannot be read or a file name is not a valid repo path.
std::vector<FileEntry> ingest_folder(const ObjectStore& objects,
                                     const std::filesystem::path& folder,
                                     const StoragePolicy& policy);

}  // namespace tf::hub::store

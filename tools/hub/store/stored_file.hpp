// A repo file entry for content that is now in the object store.
#pragma once

#include <string>

#include "tools/hub/store/manifest.hpp"
#include "tools/hub/store/object_store.hpp"

namespace tf::hub::store {

// For a regular file the git oid is the blob id of the content (which `object` must carry);
// for an LFS or Xet file it is the blob id of the LFS pointer text.
FileEntry stored_file_entry(std::string path, FileKind kind, const StoredObject& object);

}  // namespace tf::hub::store

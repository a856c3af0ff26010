#include "tools/hub/store/stored_file.hpp"

#include "io/error.hpp"
#include "tools/hub/store/git_objects.hpp"

namespace tf::hub::store {

FileEntry stored_file_entry(std::string path, FileKind kind, const StoredObject& object) {
  FileEntry entry;
  entry.path = std::move(path);
  entry.size = object.size;
  entry.sha256 = object.sha256;
  entry.kind = kind;
  if (kind == FileKind::regular) {
    if (object.git_blob_oid.empty()) {
      throw Error(ErrorKind::internal,
                  "regular file '" + entry.path + "' stored without a blob id");
    }
    entry.git_oid = object.git_blob_oid;
  } else {
    entry.git_oid = git_blob_oid(lfs_pointer_text(object.sha256, object.size));
  }
  return entry;
}

}  // namespace tf::hub::store

// The live store behind a running server: the current catalog, shared by request threads, and
// the changes the admin API makes while serving (a new commit that replaces one file, a reload
// after another tf-hub process changed the manifest). A change builds a new catalog and swaps
// it in; requests in flight keep the catalog they started with.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "tools/hub/store/catalog.hpp"
#include "tools/hub/store/data_dir.hpp"
#include "tools/hub/store/object_store.hpp"

namespace tf::hub::store {

struct ReplaceFileRequest {
  RepoType type = RepoType::model;
  std::string repo_id;
  std::string branch = "main";
  std::string path;  // replaced if it exists, added otherwise
  std::optional<std::string> title;
};

class RepoStore {
 public:
  // Loads the manifest and builds the catalog; throws tf::Error if the manifest is invalid.
  explicit RepoStore(DataDir data);

  std::shared_ptr<const Catalog> catalog() const;
  ObjectStore objects() const { return data_.objects(); }
  const DataDir& data() const { return data_; }

  // Reads the manifest again (after add-folder or generate ran against the same folder).
  void reload();

  // Commits new content for one file on top of the branch: the file keeps its storage kind
  // (a new path follows the default policy). Returns the new commit. Throws tf::Error:
  // not_found for an unknown repo or branch, invalid_argument for a bad path.
  Commit replace_file(const ReplaceFileRequest& request, const ByteSource& content, uint64_t size);

 private:
  DataDir data_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Catalog> catalog_;
};

}  // namespace tf::hub::store

// The objects folder of a git repository, written the way git writes loose objects:
// objects/<2 hex>/<38 hex>, each the zlib stream of "<type> <size>\0<body>". The hub already
// knows every object id (store/git_objects.hpp); writing checks that the bytes hash to it, so
// a mismatch between the hub's ids and what git would compute is caught here, not in a client.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <string_view>

#include "tools/hub/store/object_store.hpp"

namespace tf::hub::store {

class LooseObjects {
 public:
  // `objects_dir` is the repository's objects/ folder; it is created if missing.
  explicit LooseObjects(std::filesystem::path objects_dir);

  bool contains(std::string_view oid) const;

  // Writes the object unless it exists. `body` gives exactly `size` bytes. Throws
  // tf::Error(internal) when the bytes do not hash to `oid`, and tf::Error(io) when the disk
  // fails; a partial object is never left under its final name.
  void write(std::string_view type, std::string_view oid, uint64_t size, const ByteSource& body);
  void write(std::string_view type, std::string_view oid, std::string_view body);

 private:
  std::filesystem::path path_of(std::string_view oid) const;

  std::filesystem::path directory_;
};

}  // namespace tf::hub::store

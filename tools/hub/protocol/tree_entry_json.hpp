// The JSON of one file or directory, as the tree listing (E2) and paths-info (E3) return it:
//   {"type":"file","oid":<git oid>,"size":N,"path":"a/b.bin",
//    "lfs":{"oid":<sha256>,"size":N,"pointerSize":N}}           (lfs only for LFS/Xet files)
//   {"type":"directory","oid":<git tree oid>,"size":0,"path":"a"}
// With expand, also "lastCommit":{"id","title","date"} and "securityFileStatus".
#pragma once

#include <nlohmann/json_fwd.hpp>

#include "tools/hub/store/commit_tree.hpp"

namespace tf::hub::protocol {

nlohmann::json tree_entry_json(const store::TreeNode& node, bool expand);

}  // namespace tf::hub::protocol

// The file tree of one commit: every file and directory, each with its git oid and the last
// commit that changed it. Nodes are kept in depth-first order, so a directory's descendants
// are contiguous and tree listings are slices of one vector.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "tools/hub/store/manifest.hpp"

namespace tf::hub::store {

struct TreeNode {
  std::string path;
  bool is_directory = false;
  const FileEntry* file = nullptr;  // set for files
  std::string oid;                  // git blob id for files, git tree id for directories
  const Commit* last_commit = nullptr;
};

class CommitTree {
 public:
  // `commit` must outlive the tree. `parent_tree` is the tree of the commit's parent (or null):
  // a node whose oid did not change keeps the parent's last commit.
  CommitTree(const Commit& commit, const CommitTree* parent_tree);

  // The git tree id of the root for these files (sorted by path). Throws tf::Error when a path
  // is both a file and a directory.
  static std::string root_oid_of(const std::vector<FileEntry>& files);

  const std::string& root_oid() const { return root_oid_; }
  const std::vector<TreeNode>& nodes() const { return nodes_; }

  // The node at `path`, or null.
  const TreeNode* find(std::string_view path) const;

  // The nodes under `directory` ("" for the root): its children, or all its descendants when
  // `recursive`, in depth-first order. Empty when `directory` is not a directory.
  std::vector<const TreeNode*> list(std::string_view directory, bool recursive) const;

 private:
  std::string root_oid_;
  std::vector<TreeNode> nodes_;
};

// The depth-first order of paths: components compared one by one, so "a/b" sorts right after
// "a" and before "a-b".
bool depth_first_less(std::string_view a, std::string_view b);

}  // namespace tf::hub::store

// Git object ids, computed the way git computes them, so that the oids the stand-in hub reports
// (tree listings, ETags of regular files, commit shas) are what the real Hub would report for
// the same content.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace tf::hub::store {

// "<type> <size>\0": the prefix git hashes (and stores) before an object's body.
std::string git_object_header(std::string_view type, uint64_t size);

// "blob <size>\0": the prefix git hashes before a blob's content.
std::string git_blob_header(uint64_t size);

// sha1("blob <size>\0" + content), hex.
std::string git_blob_oid(std::string_view content);

// The Git LFS pointer file that git stores in place of an LFS object.
std::string lfs_pointer_text(std::string_view sha256_hex, uint64_t size);

// One entry of a git tree: a file (mode 100644) or a sub-tree (mode 40000).
struct GitTreeItem {
  std::string name;
  bool is_tree = false;
  std::string oid;  // 40 hex
};

// The body of the tree object with these items (sorted here in git's order), and its oid.
std::string git_tree_body(std::vector<GitTreeItem> items);
std::string git_tree_oid(std::vector<GitTreeItem> items);

// The fields of a commit object that the hub keeps; author and committer are fixed.
struct GitCommitFields {
  std::string tree_oid;
  std::string parent_oid;  // empty for a root commit
  int64_t unix_time = 0;
  std::string title;
};

// The body of the commit object, and its oid.
std::string git_commit_body(const GitCommitFields& fields);
std::string git_commit_oid(const GitCommitFields& fields);

}  // namespace tf::hub::store

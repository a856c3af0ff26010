#include "tools/hub/store/commit_tree.hpp"

#include <algorithm>
#include <map>

#include "io/error.hpp"
#include "tools/hub/store/git_objects.hpp"

namespace tf::hub::store {

namespace {

std::string_view parent_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? std::string_view() : path.substr(0, slash);
}

std::string_view name_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

size_t depth_of(std::string_view path) {
  return static_cast<size_t>(std::count(path.begin(), path.end(), '/'));
}

// Directory path -> its items; computes every directory's tree id bottom-up.
struct TreeIds {
  std::map<std::string, std::vector<GitTreeItem>> items;  // "" is the root
  std::map<std::string, std::string> directory_oids;
  std::string root_oid;
};

TreeIds compute_tree_ids(const std::vector<FileEntry>& files) {
  TreeIds ids;
  ids.items[""];
  for (const auto& file : files) {
    std::string_view dir = parent_of(file.path);
    ids.items[std::string(dir)].push_back({std::string(name_of(file.path)), false, file.git_oid});
    while (!dir.empty()) {
      ids.items[std::string(dir)];
      dir = parent_of(dir);
    }
  }
  for (const auto& file : files) {
    if (ids.items.count(file.path) != 0) {
      throw Error(ErrorKind::invalid_argument,
                  "'" + file.path + "' is both a file and a directory");
    }
  }
  std::vector<std::string> directories;
  for (const auto& [dir, unused] : ids.items) {
    if (!dir.empty()) directories.push_back(dir);
  }
  // Deepest first, so that every sub-tree id is known before its parent is hashed.
  std::stable_sort(
      directories.begin(), directories.end(),
      [](const std::string& a, const std::string& b) { return depth_of(a) > depth_of(b); });
  for (const auto& dir : directories) {
    const std::string oid = git_tree_oid(ids.items[dir]);
    ids.directory_oids[dir] = oid;
    ids.items[std::string(parent_of(dir))].push_back({std::string(name_of(dir)), true, oid});
  }
  ids.root_oid = git_tree_oid(ids.items[""]);
  return ids;
}

}  // namespace

bool depth_first_less(std::string_view a, std::string_view b) {
  const size_t common = std::min(a.size(), b.size());
  for (size_t i = 0; i < common; ++i) {
    if (a[i] == b[i]) continue;
    if (a[i] == '/') return true;
    if (b[i] == '/') return false;
    return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[i]);
  }
  return a.size() < b.size();
}

std::string CommitTree::root_oid_of(const std::vector<FileEntry>& files) {
  return compute_tree_ids(files).root_oid;
}

CommitTree::CommitTree(const Commit& commit, const CommitTree* parent_tree) {
  TreeIds ids = compute_tree_ids(commit.files);
  root_oid_ = ids.root_oid;
  nodes_.reserve(commit.files.size() + ids.directory_oids.size());
  for (const auto& file : commit.files) {
    nodes_.push_back({file.path, false, &file, file.git_oid, &commit});
  }
  for (auto& [dir, oid] : ids.directory_oids) {
    nodes_.push_back({dir, true, nullptr, std::move(oid), &commit});
  }
  std::sort(nodes_.begin(), nodes_.end(),
            [](const TreeNode& a, const TreeNode& b) { return depth_first_less(a.path, b.path); });
  if (parent_tree == nullptr) return;
  for (auto& node : nodes_) {
    const TreeNode* before = parent_tree->find(node.path);
    if (before && before->is_directory == node.is_directory && before->oid == node.oid) {
      node.last_commit = before->last_commit;
    }
  }
}

const TreeNode* CommitTree::find(std::string_view path) const {
  const auto it = std::lower_bound(
      nodes_.begin(), nodes_.end(), path,
      [](const TreeNode& node, std::string_view p) { return depth_first_less(node.path, p); });
  if (it == nodes_.end() || it->path != path) return nullptr;
  return &*it;
}

std::vector<const TreeNode*> CommitTree::list(std::string_view directory, bool recursive) const {
  std::vector<const TreeNode*> out;
  size_t begin = 0;
  std::string prefix;
  if (!directory.empty()) {
    const TreeNode* dir = find(directory);
    if (dir == nullptr || !dir->is_directory) return out;
    begin = static_cast<size_t>(dir - nodes_.data()) + 1;
    prefix = std::string(directory) + "/";
  }
  const size_t child_depth = directory.empty() ? 0 : depth_of(directory) + 1;
  for (size_t i = begin; i < nodes_.size() && nodes_[i].path.starts_with(prefix); ++i) {
    if (recursive || depth_of(nodes_[i].path) == child_depth) out.push_back(&nodes_[i]);
  }
  return out;
}

}  // namespace tf::hub::store

#include "tools/hub/store/git_mirror.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <vector>

#include "io/error.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/store/iso_time.hpp"
#include "tools/hub/store/loose_objects.hpp"
#include "tools/hub/sys/full_io.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::store {

namespace {

constexpr std::string_view kConfig =
    "[core]\n"
    "\trepositoryformatversion = 0\n"
    "\tfilemode = true\n"
    "\tbare = true\n"
    "[http]\n"
    "\treceivepack = false\n"
    "[uploadpack]\n"
    "\tallowAnySHA1InWant = true\n";

// Replaces `path` with `text` atomically (a temporary file renamed over it).
void write_file_atomically(const std::filesystem::path& path, std::string_view text) {
  const std::string temp = path.string() + ".tmp";
  {
    sys::UniqueFd fd(::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
    if (!fd.valid()) throw system_error(errno, "create", temp);
    sys::write_all(fd.get(), text.data(), text.size(), temp);
  }
  if (::rename(temp.c_str(), path.c_str()) != 0)
    throw system_error(errno, "rename to", path.string());
}

// What the refs of a repo point to, as one string: equal strings mean nothing to export.
std::string refs_fingerprint(const Repo& repo) {
  std::string text = std::to_string(repo.commits.size()) + "\n";
  for (const auto& [name, sha] : repo.branches)
    text += "b " + name + " " + sha + "\n";
  for (const auto& [name, sha] : repo.tags)
    text += "t " + name + " " + sha + "\n";
  return text;
}

std::string_view name_of(std::string_view path) {
  const auto slash = path.rfind('/');
  return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

// The git tree object of one directory of a commit ("" for the root).
std::string tree_body(const CommitTree& tree, std::string_view directory) {
  std::vector<GitTreeItem> items;
  for (const TreeNode* node : tree.list(directory, false)) {
    items.push_back({std::string(name_of(node->path)), node->is_directory, node->oid});
  }
  return git_tree_body(std::move(items));
}

}  // namespace

GitMirror::GitMirror(std::filesystem::path root, ObjectStore objects)
    : root_(std::move(root)), objects_(std::move(objects)) {}

std::filesystem::path GitMirror::relative_path(const Repo& repo) {
  return std::filesystem::path(std::string(api_plural(repo.type))) / (repo.id + ".git");
}

std::filesystem::path GitMirror::update(const RepoIndex& index) {
  const Repo& repo = index.repo();
  const auto repo_dir = root_ / relative_path(repo);
  const std::string fingerprint = refs_fingerprint(repo);
  const std::lock_guard lock(mutex_);
  if (const auto it = exported_refs_.find(repo_dir);
      it != exported_refs_.end() && it->second == fingerprint) {
    return repo_dir;
  }
  std::filesystem::create_directories(repo_dir / "refs" / "heads");
  std::filesystem::create_directories(repo_dir / "refs" / "tags");
  std::filesystem::create_directories(repo_dir / "objects" / "pack");
  write_file_atomically(repo_dir / "config", kConfig);
  for (const auto& commit : repo.commits)
    write_commit(repo_dir, index, commit);
  write_refs(repo_dir, repo);
  exported_refs_[repo_dir] = fingerprint;
  return repo_dir;
}

void GitMirror::write_commit(const std::filesystem::path& repo_dir, const RepoIndex& index,
                             const Commit& commit) const {
  LooseObjects objects(repo_dir / "objects");
  // A commit is written after everything it refers to: if it exists, so does its tree.
  if (objects.contains(commit.sha)) return;
  const CommitTree& tree = index.tree(commit);
  for (const TreeNode& node : tree.nodes()) {
    if (node.is_directory) {
      objects.write("tree", node.oid, tree_body(tree, node.path));
    } else if (node.file->is_lfs_pointer()) {
      objects.write("blob", node.oid, lfs_pointer_text(node.file->sha256, node.file->size));
    } else if (!objects.contains(node.oid)) {
      const auto path = objects_.path_of(node.file->sha256);
      sys::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
      if (!fd.valid()) throw system_error(errno, "open", path.string());
      const std::string what = path.string();
      const ByteSource source = [&](std::span<uint8_t> buffer) {
        return sys::read_full(fd.get(), buffer.data(), buffer.size(), what);
      };
      objects.write("blob", node.oid, node.file->size, source);
    }
  }
  objects.write("tree", tree.root_oid(), tree_body(tree, ""));
  const GitCommitFields fields{tree.root_oid(), commit.parent,
                               parse_iso_time(commit.date).value_or(0), commit.title};
  objects.write("commit", commit.sha, git_commit_body(fields));
}

void GitMirror::write_refs(const std::filesystem::path& repo_dir, const Repo& repo) {
  // One packed-refs file, replaced atomically: a reader sees the old refs or the new ones,
  // and names like "a" and "a/b" do not clash as folders would.
  std::map<std::string, std::string> refs;
  for (const auto& [name, sha] : repo.branches)
    refs["refs/heads/" + name] = sha;
  for (const auto& [name, sha] : repo.tags)
    refs["refs/tags/" + name] = sha;
  std::string packed = "# pack-refs with: peeled fully-peeled sorted \n";
  for (const auto& [name, sha] : refs)
    packed += sha + " " + name + "\n";
  write_file_atomically(repo_dir / "packed-refs", packed);
  std::string head = "main";
  if (!repo.branches.empty() && repo.branches.count("main") == 0) {
    head = repo.branches.begin()->first;
  }
  write_file_atomically(repo_dir / "HEAD", "ref: refs/heads/" + head + "\n");
}

}  // namespace tf::hub::store

#include "tools/hub/store/git_objects.hpp"

#include <algorithm>

#include "tools/hub/sys/digest.hpp"

namespace tf::hub::store {

namespace {

std::string hash_object(std::string_view type, std::string_view body) {
  sys::Digest digest(sys::DigestAlgorithm::sha1);
  digest.update(git_object_header(type, body.size()));
  digest.update(body);
  return digest.finish_hex();
}

// Git sorts tree entries by name, comparing a sub-tree's name as if it ended with '/'.
std::string sort_key(const GitTreeItem& item) {
  return item.is_tree ? item.name + "/" : item.name;
}

}  // namespace

std::string git_object_header(std::string_view type, uint64_t size) {
  return std::string(type) + " " + std::to_string(size) + std::string(1, '\0');
}

std::string git_blob_header(uint64_t size) {
  return git_object_header("blob", size);
}

std::string git_blob_oid(std::string_view content) {
  return hash_object("blob", content);
}

std::string lfs_pointer_text(std::string_view sha256_hex, uint64_t size) {
  return "version https://git-lfs.github.com/spec/v1\noid sha256:" + std::string(sha256_hex) +
         "\nsize " + std::to_string(size) + "\n";
}

std::string git_tree_body(std::vector<GitTreeItem> items) {
  std::sort(items.begin(), items.end(),
            [](const GitTreeItem& a, const GitTreeItem& b) { return sort_key(a) < sort_key(b); });
  std::string body;
  for (const auto& item : items) {
    body += item.is_tree ? "40000 " : "100644 ";
    body += item.name;
    body += '\0';
    const auto raw = sys::from_hex(item.oid);
    body.append(raw.begin(), raw.end());
  }
  return body;
}

std::string git_tree_oid(std::vector<GitTreeItem> items) {
  return hash_object("tree", git_tree_body(std::move(items)));
}

std::string git_commit_body(const GitCommitFields& fields) {
  const std::string signature =
      "tf-hub <tf-hub@127.0.0.1> " + std::to_string(fields.unix_time) + " +0000\n";
  std::string body = "tree " + fields.tree_oid + "\n";
  if (!fields.parent_oid.empty()) body += "parent " + fields.parent_oid + "\n";
  body += "author " + signature;
  body += "committer " + signature;
  body += "\n" + fields.title + "\n";
  return body;
}

std::string git_commit_oid(const GitCommitFields& fields) {
  return hash_object("commit", git_commit_body(fields));
}

}  // namespace tf::hub::store

#include "tools/hub/store/catalog.hpp"

#include "io/error.hpp"
#include "tools/hub/store/git_objects.hpp"
#include "tools/hub/store/iso_time.hpp"
#include "tools/hub/sys/digest.hpp"

namespace tf::hub::store {

RepoIndex::RepoIndex(const Repo& repo) : repo_(&repo) {
  for (const auto& commit : repo.commits) {
    const CommitTree* parent_tree = nullptr;
    if (!commit.parent.empty()) parent_tree = &trees_.at(commit.parent);
    CommitTree tree(commit, parent_tree);
    const std::string expected = git_commit_oid(
        {tree.root_oid(), commit.parent, parse_iso_time(commit.date).value_or(0), commit.title});
    if (expected != commit.sha) {
      throw Error(ErrorKind::invalid_argument, "manifest: commit " + commit.sha + " of " + repo.id +
                                                   " does not match its content");
    }
    trees_.emplace(commit.sha, std::move(tree));
  }
}

const Commit* RepoIndex::resolve(std::string_view revision) const {
  if (revision == "HEAD") return default_head();
  if (const auto it = repo_->branches.find(std::string(revision)); it != repo_->branches.end()) {
    return repo_->find_commit(it->second);
  }
  if (const auto it = repo_->tags.find(std::string(revision)); it != repo_->tags.end()) {
    return repo_->find_commit(it->second);
  }
  if (sys::is_lower_hex(revision, 40)) return repo_->find_commit(revision);
  return nullptr;
}

const Commit* RepoIndex::default_head() const {
  if (const auto it = repo_->branches.find("main"); it != repo_->branches.end()) {
    return repo_->find_commit(it->second);
  }
  if (repo_->branches.empty()) return nullptr;
  return repo_->find_commit(repo_->branches.begin()->second);
}

const CommitTree& RepoIndex::tree(const Commit& commit) const {
  const auto it = trees_.find(commit.sha);
  if (it == trees_.end()) {
    throw Error(ErrorKind::internal, "no tree for commit " + commit.sha + " of " + repo_->id);
  }
  return it->second;
}

Catalog::Catalog(Manifest manifest) : manifest_(std::move(manifest)) {
  indexes_.reserve(manifest_.repos.size());
  for (const auto& repo : manifest_.repos)
    indexes_.push_back(std::make_unique<RepoIndex>(repo));
}

const RepoIndex* Catalog::find(RepoType type, std::string_view id) const {
  for (size_t i = 0; i < manifest_.repos.size(); ++i) {
    if (manifest_.repos[i].type == type && manifest_.repos[i].id == id) return indexes_[i].get();
  }
  return nullptr;
}

}  // namespace tf::hub::store

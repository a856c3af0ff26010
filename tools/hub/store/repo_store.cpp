#include "tools/hub/store/repo_store.hpp"

#include <algorithm>

#include "io/error.hpp"
#include "tools/hub/store/commit_writer.hpp"
#include "tools/hub/store/names.hpp"
#include "tools/hub/store/storage_policy.hpp"
#include "tools/hub/store/stored_file.hpp"
#include "tools/hub/store/xet_ingest.hpp"

namespace tf::hub::store {

RepoStore::RepoStore(DataDir data)
    : data_(std::move(data)), catalog_(std::make_shared<const Catalog>(data_.load_manifest())) {}

std::shared_ptr<const Catalog> RepoStore::catalog() const {
  const std::lock_guard lock(mutex_);
  return catalog_;
}

void RepoStore::reload() {
  const std::lock_guard lock(mutex_);
  const auto data_lock = data_.lock();
  catalog_ = std::make_shared<const Catalog>(data_.load_manifest());
}

Commit RepoStore::replace_file(const ReplaceFileRequest& request, const ByteSource& content,
                               uint64_t size) {
  if (!is_valid_repo_file_path(request.path)) {
    throw Error(ErrorKind::invalid_argument, "invalid file path '" + request.path + "'");
  }
  const std::lock_guard lock(mutex_);
  const auto data_lock = data_.lock();
  Manifest manifest = data_.load_manifest();
  const Repo* repo = manifest.find(request.type, request.repo_id);
  if (repo == nullptr) {
    throw Error(ErrorKind::not_found,
                "no " + std::string(to_string(request.type)) + " repo " + request.repo_id);
  }
  const auto head = repo->branches.find(request.branch);
  if (head == repo->branches.end()) {
    throw Error(ErrorKind::not_found, "no branch " + request.branch + " in " + request.repo_id);
  }
  std::vector<FileEntry> files = repo->find_commit(head->second)->files;
  const auto existing = std::find_if(files.begin(), files.end(),
                                     [&](const FileEntry& f) { return f.path == request.path; });
  const FileKind kind =
      existing != files.end() ? existing->kind : StoragePolicy{}.kind_for(request.path, size);
  const auto stored = data_.objects().store(content, size, kind == FileKind::regular);
  std::vector<FileEntry> replaced{stored_file_entry(request.path, kind, stored)};
  ingest_xet_files(data_.root(), data_.objects(), replaced);
  FileEntry entry = std::move(replaced.front());
  if (existing != files.end()) {
    *existing = std::move(entry);
  } else {
    files.push_back(std::move(entry));
  }
  CommitRequest commit_request;
  commit_request.repo.type = request.type;
  commit_request.repo.id = request.repo_id;
  commit_request.branch = request.branch;
  commit_request.title = request.title.value_or("Replace " + request.path);
  commit_request.files = std::move(files);
  Commit commit = add_commit(manifest, std::move(commit_request));
  data_.save_manifest(manifest);
  catalog_ = std::make_shared<const Catalog>(std::move(manifest));
  return commit;
}

}  // namespace tf::hub::store

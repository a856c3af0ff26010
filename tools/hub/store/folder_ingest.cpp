#include "tools/hub/store/folder_ingest.hpp"

#include <string>

#include "io/error.hpp"
#include "tools/hub/store/names.hpp"
#include "tools/hub/store/parallel_for.hpp"
#include "tools/hub/store/stored_file.hpp"

namespace tf::hub::store {

namespace {

struct SourceFile {
  std::filesystem::path location;
  std::string repo_path;
  uint64_t size = 0;
};

std::vector<SourceFile> list_source_files(const std::filesystem::path& folder) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (!fs::is_directory(folder, ec)) {
    throw Error(ErrorKind::invalid_argument, "not a folder: " + folder.string());
  }
  std::vector<SourceFile> files;
  fs::recursive_directory_iterator it(folder, fs::directory_options::follow_directory_symlink, ec);
  if (ec) throw system_error(ec.value(), "list", folder.string());
  for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (ec) throw system_error(ec.value(), "list", folder.string());
    if (it->path().filename() == ".git") {
      it.disable_recursion_pending();
      continue;
    }
    if (!it->is_regular_file(ec)) continue;
    SourceFile file;
    file.location = it->path();
    file.repo_path = it->path().lexically_relative(folder).generic_string();
    if (!is_valid_repo_file_path(file.repo_path)) {
      throw Error(ErrorKind::invalid_argument,
                  "cannot add '" + file.repo_path + "': not a valid path in a repo");
    }
    file.size = it->file_size(ec);
    if (ec) throw system_error(ec.value(), "stat", file.location.string());
    files.push_back(std::move(file));
  }
  return files;
}

}  // namespace

std::vector<FileEntry> ingest_folder(const ObjectStore& objects,
                                     const std::filesystem::path& folder,
                                     const StoragePolicy& policy) {
  const auto sources = list_source_files(folder);
  std::vector<FileEntry> entries(sources.size());
  parallel_for(sources.size(), default_worker_count(), [&](size_t i) {
    const auto& source = sources[i];
    const FileKind kind = policy.kind_for(source.repo_path, source.size);
    const auto stored = objects.store_file(source.location, kind == FileKind::regular);
    entries[i] = stored_file_entry(source.repo_path, kind, stored);
  });
  return entries;
}

}  // namespace tf::hub::store

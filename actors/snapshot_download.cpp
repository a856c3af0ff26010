#include "actors/snapshot_download.hpp"

#include <unistd.h>

#include <algorithm>
#include <map>

#include "engine/hub/cache_layout.hpp"
#include "engine/hub/hub_client.hpp"
#include "engine/hub/hub_urls.hpp"
#include "engine/hub/local_dir.hpp"
#include "engine/hub/printable.hpp"
#include "engine/hub/repo_path.hpp"
#include "engine/hub/xet_token.hpp"
#include "engine/xet/chunk_store.hpp"
#include "io/error.hpp"
#include "io/file_handle.hpp"

namespace tf::actors {

namespace {

namespace fs = std::filesystem;
using namespace engine::hub;

// Files up to this size are one plain GET each (no probe, no ranges): they pipeline on reused
// connections, which is what a repo of many small files needs.
constexpr uint64_t kSingleRequestLimit = 8ull << 20;

bool is_commit_hash(std::string_view text) {
  return text.size() == 40 && text.find_first_not_of("0123456789abcdef") == std::string::npos;
}

// Names this process's partial folders: unique per host and process, so that two machines on
// one shared cache never write into the same partial file.
std::string process_tag() {
  char host[256] = {};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = '\0';
  std::string tag;
  for (const char* c = host; *c && tag.size() < 64; ++c) {
    const bool safe = std::isalnum(static_cast<unsigned char>(*c)) || *c == '-' || *c == '_';
    tag.push_back(safe ? *c : '_');
  }
  return (tag.empty() ? std::string("host") : tag) + "-" + std::to_string(getpid());
}

io::ContentHash expected_hash(const RepoFile& file) {
  return file.is_lfs() ? io::ContentHash{io::ContentHashKind::sha256, *file.lfs_sha256}
                       : io::ContentHash{io::ContentHashKind::git_blob_sha1, file.git_oid};
}

// Takes over a partial folder a previous run left for this blob (after a crash or Ctrl-C) by
// renaming it to ours: rename is atomic, so of two processes adopting the same folder only
// one succeeds. Returns our folder, created if nothing could be adopted.
fs::path adopt_partial_folder(const CacheLayout& cache, const std::string& etag,
                              const std::string& tag) {
  const fs::path ours = cache.partial_folder(etag, tag);
  if (fs::exists(ours)) return ours;
  for (const auto& old : cache.partial_folders(etag)) {
    std::error_code error;
    fs::rename(old, ours, error);
    if (!error) return ours;
  }
  fs::create_directories(ours);
  return ours;
}

// An advisory lock file, held while the handle lives. Busy when another process holds it.
std::optional<io::FileHandle> try_lock(const fs::path& path) {
  fs::create_directories(path.parent_path());
  auto handle = io::FileHandle::open_read_write(path);
  if (!handle.try_lock_exclusive()) return std::nullopt;
  return handle;
}

std::string remove_quietly(const fs::path& folder) {
  std::error_code error;
  fs::remove_all(folder, error);
  return error ? error.message() : "";
}

engine::DownloadOptions base_options(const SnapshotRequest& request) {
  engine::DownloadOptions o;
  o.connections = request.connections;
  o.tuner.maximum = request.max_connections;
  o.stall_timeout = request.stall_timeout;
  o.retry.max_attempts = request.max_retries;
  return o;
}

std::vector<std::string> data_headers(const HubClient& client, const std::string& url) {
  std::vector<std::string> headers;
  for (auto& h : client.headers_for(url))
    if (h.rfind("Accept:", 0) != 0) headers.push_back(std::move(h));
  return headers;
}

// Locks held by this run, by lock file; released when the file is done or the run ends.
using LockTable = std::map<fs::path, io::FileHandle>;

// What the Xet files of one pull share: the CAS read token and the chunk store. Absent when
// Xet is off (--no-xet, HF_HUB_DISABLE_XET).
struct XetContext {
  std::shared_ptr<XetTokenCache> tokens;
  std::shared_ptr<const xet::ChunkStore> chunk_store;
};

// A Xet-backed file (the listing gave its Xet hash) goes the Xet way when Xet is on. Empty files
// need no CAS call at all.
void use_xet(BatchFile& job, const RepoFile& file, const std::optional<XetContext>& xet) {
  if (!xet || !file.xet_hash || file.size == 0) return;
  job.options.xet = engine::XetSource{*file.xet_hash, xet->tokens, xet->chunk_store};
}

// One download per blob: paths with the same content share it, and all get linked.
std::vector<BatchFile> cache_jobs(const HubClient& client, const SnapshotRequest& request,
                                  const CacheLayout& cache, const SnapshotPlan& plan,
                                  const std::shared_ptr<LockTable>& locks,
                                  const std::optional<XetContext>& xet) {
  std::map<std::string, std::vector<const RepoFile*>> by_etag;
  for (const auto& planned : plan.files)
    if (planned.state == FileState::missing) by_etag[planned.file.etag()].push_back(&planned.file);

  const std::string tag = process_tag();
  std::vector<BatchFile> jobs;
  for (const auto& [etag, files] : by_etag) {
    const RepoFile& first = *files.front();
    BatchFile job;
    job.label = first.path;
    job.size = first.size;
    job.options = base_options(request);
    job.options.url = resolve_url(client.config().endpoint, request.repo, plan.commit, first.path);
    job.options.headers = data_headers(client, job.options.url);
    job.options.output = cache.blob(etag);
    job.options.resume_identity = etag;
    job.options.expected_hash = expected_hash(first);
    job.options.expected_size = first.size;
    job.options.single_request = first.size <= kSingleRequestLimit;
    use_xet(job, first, xet);

    const fs::path lock_path = cache.lock(etag);
    job.before = [&cache, etag = etag, tag, lock_path, locks](engine::DownloadOptions& o) {
      auto lock = try_lock(lock_path);
      if (!lock) return BatchStart::busy;
      if (fs::exists(cache.blob(etag))) return BatchStart::done_already;  // another process did
      const fs::path folder = adopt_partial_folder(cache, etag, tag);
      o.partial = folder / "data";
      o.journal = folder / "journal";
      locks->insert_or_assign(lock_path, std::move(*lock));
      return BatchStart::download;
    };
    std::vector<RepoFile> copies;
    for (const RepoFile* f : files)
      copies.push_back(*f);
    job.after = [&cache, commit = plan.commit, copies, etag = etag, tag, lock_path,
                 locks](const engine::DownloadReport&) {
      for (const auto& file : copies)
        link_snapshot_file(cache, commit, file);
      remove_quietly(cache.partial_folder(etag, tag));
      locks->erase(lock_path);
    };
    jobs.push_back(std::move(job));
  }
  return jobs;
}

std::vector<BatchFile> local_dir_jobs(const HubClient& client, const SnapshotRequest& request,
                                      const LocalDir& local, const SnapshotPlan& plan,
                                      const std::shared_ptr<LockTable>& locks,
                                      const std::optional<XetContext>& xet) {
  std::vector<BatchFile> jobs;
  for (const auto& planned : plan.files) {
    if (planned.state != FileState::missing) continue;
    const RepoFile& file = planned.file;
    BatchFile job;
    job.label = file.path;
    job.size = file.size;
    job.options = base_options(request);
    job.options.url = resolve_url(client.config().endpoint, request.repo, plan.commit, file.path);
    job.options.headers = data_headers(client, job.options.url);
    job.options.output = local.file(file.path);
    job.options.resume_identity = file.etag();
    job.options.expected_hash = expected_hash(file);
    job.options.expected_size = file.size;
    job.options.single_request = file.size <= kSingleRequestLimit;
    use_xet(job, file, xet);
    const fs::path folder = local.partial_folder(file.path);
    job.options.partial = folder / "data";
    job.options.journal = folder / "journal";

    const fs::path lock_path = local.metadata_file(file.path).string() + ".lock";
    job.before = [lock_path, folder, locks](engine::DownloadOptions& o) {
      auto lock = try_lock(lock_path);
      if (!lock) return BatchStart::busy;
      fs::create_directories(folder);
      fs::create_directories(o.output.parent_path());
      locks->insert_or_assign(lock_path, std::move(*lock));
      return BatchStart::download;
    };
    job.after = [&local, commit = plan.commit, path = file.path, etag = file.etag(), folder,
                 lock_path, locks](const engine::DownloadReport&) {
      local.write_metadata(path, commit, etag);
      remove_quietly(folder);
      locks->erase(lock_path);
    };
    jobs.push_back(std::move(job));
  }
  return jobs;
}

// The listing to pull: the requested paths (paths-info), else the commit's tree (from the tree
// cache when an earlier run saved it: a complete snapshot needs no listing request).
std::vector<RepoFile> commit_files(HubClient& client, const SnapshotRequest& request,
                                   const std::optional<CacheLayout>& cache,
                                   const std::optional<LocalDir>& local,
                                   const std::string& commit) {
  if (!request.paths.empty()) {
    std::vector<RepoFile> found = client.paths_info(request.repo, commit, request.paths);
    for (const auto& path : request.paths) {
      const bool listed = std::any_of(found.begin(), found.end(),
                                      [&](const RepoFile& f) { return f.path == path; });
      if (listed) continue;
      if (cache && !request.dry_run) mark_no_exist(*cache, commit, path);
      throw Error(ErrorKind::not_found, "'" + printable(path) + "' is not a file of " +
                                            request.repo.id + " at revision " + request.revision);
    }
    return found;
  }
  const fs::path tree_file = cache ? cache->tree_cache(commit) : local->tree_cache(commit);
  if (auto cached = read_tree_cache_file(tree_file)) return std::move(*cached);
  std::vector<RepoFile> listing = client.list_files(request.repo, commit);
  if (!request.dry_run) write_tree_cache_file(tree_file, listing);
  return listing;
}

void check_paths(const std::vector<std::string>& paths) {
  for (const auto& path : paths) {
    if (!is_safe_repo_path(path)) {
      throw Error(ErrorKind::invalid_argument,
                  "not a file path inside a repo: '" + printable(path) + "'");
    }
  }
}

// Offline: refs/ names the commit, the tree cache (or the snapshot folder) the files.
SnapshotResult resolve_offline(const HubConfig& config, const SnapshotRequest& request,
                               const std::string& why) {
  SnapshotResult result;
  result.offline = true;
  if (request.local_dir) {
    throw Error(ErrorKind::not_found, why + "; --local-dir needs the Hub to check its files");
  }
  const CacheLayout cache(config.hub_cache, request.repo);
  std::string commit = request.revision;
  if (!is_commit_hash(commit)) {
    const auto ref = read_ref(cache, request.revision);
    if (!ref) {
      throw Error(ErrorKind::not_found, why + ", and the cache has no ref '" +
                                            printable(request.revision) + "' for " +
                                            request.repo.id + " (pull it once online)");
    }
    commit = *ref;
  }
  result.folder = cache.snapshot_folder(commit);
  if (!fs::is_directory(result.folder)) {
    throw Error(ErrorKind::not_found, why + ", and no snapshot of " + request.repo.id + " at " +
                                          commit + " is in the cache " + config.hub_cache.string());
  }
  std::vector<RepoFile> files;
  if (auto listing = read_tree_cache(cache, commit)) files = std::move(*listing);
  if (!request.paths.empty()) {
    std::vector<RepoFile> wanted;
    for (const auto& path : request.paths) {
      const auto it = std::find_if(files.begin(), files.end(),
                                   [&](const RepoFile& f) { return f.path == path; });
      if (it == files.end() && !fs::exists(cache.snapshot_file(commit, path))) {
        throw Error(ErrorKind::not_found, why + ", and '" + printable(path) +
                                              "' is not in the cached snapshot " +
                                              result.folder.string());
      }
      if (it != files.end()) wanted.push_back(*it);
    }
    files = std::move(wanted);
  }
  result.plan = plan_in_cache(cache, commit, select_files(std::move(files), request.filter));
  std::vector<std::string> missing;
  for (const auto& f : result.plan.files)
    if (f.state != FileState::present) missing.push_back(printable(f.file.path, 100));
  if (!missing.empty()) {
    throw Error(ErrorKind::not_found, why + ", and " + std::to_string(missing.size()) +
                                          " file(s) of the snapshot are not in the cache, e.g. '" +
                                          missing.front() + "'");
  }
  return result;
}

[[noreturn]] void throw_batch_failure(const BatchReport& report) {
  const FileOutcome* first = nullptr;
  std::string message;
  for (const auto& file : report.files) {
    if (file.report) continue;
    if (!first) first = &file;
    if (message.size() < 2000) message += "\n  " + printable(file.label, 200) + ": " + file.error;
  }
  throw Error(first->error_kind, std::to_string(report.failed()) + " of " +
                                     std::to_string(report.files.size()) +
                                     " file(s) failed (a rerun resumes them):" + message);
}

}  // namespace

SnapshotResult download_snapshot(Downloader& downloader, const HubConfig& config,
                                 const SnapshotRequest& request,
                                 std::shared_ptr<BatchProgress> progress, NoticeSink notice) {
  check_paths(request.paths);
  if (config.offline) return resolve_offline(config, request, "offline mode (HF_HUB_OFFLINE)");

  HubClient client(config, downloader.transport());
  RepoInfo info;
  try {
    info = client.repo_info(request.repo, request.revision);
  } catch (const Error& e) {
    if (e.kind() != ErrorKind::network || request.local_dir || request.dry_run) throw;
    // As huggingface_hub: when the Hub cannot be reached, a complete cached snapshot will do.
    try {
      SnapshotResult cached = resolve_offline(config, request, "the Hub is unreachable");
      if (notice) notice("the Hub is unreachable; using the cached snapshot");
      return cached;
    } catch (const Error&) {
      throw e;  // nothing usable cached: the network error is the one to report
    }
  }

  std::optional<CacheLayout> cache;
  std::optional<LocalDir> local;
  if (request.local_dir) {
    local.emplace(*request.local_dir);
    if (!request.dry_run) local->ensure_cache_folder();
  } else {
    cache.emplace(config.hub_cache, request.repo);
    if (!request.dry_run) {
      ensure_cachedir_tag(config.hub_cache);
      write_ref(*cache, request.revision, info.commit);
    }
  }

  std::vector<RepoFile> files =
      select_files(commit_files(client, request, cache, local, info.commit), request.filter);
  SnapshotResult result;
  result.plan = cache ? plan_in_cache(*cache, info.commit, std::move(files))
                      : plan_in_local_dir(*local, info.commit, std::move(files));
  result.folder = cache ? cache->snapshot_folder(info.commit) : local->root();
  if (request.dry_run) return result;

  if (cache) {
    fs::create_directories(result.folder);
    for (const auto& planned : result.plan.files) {
      if (planned.state != FileState::blob_cached) continue;
      link_snapshot_file(*cache, info.commit, planned.file);
      ++result.files_linked;
    }
  }
  auto locks = std::make_shared<LockTable>();
  std::optional<XetContext> xet;
  if (!config.disable_xet) {
    // One token for every Xet file of the pull, fetched when the first one needs it.
    auto tokens =
        std::make_shared<XetTokenCache>([&client, repo = request.repo, commit = info.commit] {
          return client.xet_read_token(repo, commit);
        });
    xet = XetContext{std::move(tokens),
                     std::make_shared<const xet::ChunkStore>(config.xet_cache / "chunk-cache",
                                                             config.xet_chunk_cache_bytes)};
  }
  std::vector<BatchFile> jobs =
      cache ? cache_jobs(client, request, *cache, result.plan, locks, xet)
            : local_dir_jobs(client, request, *local, result.plan, locks, xet);
  if (!jobs.empty()) {
    result.batch = downloader.download_batch(std::move(jobs), progress, notice);
    if (result.batch->failed() > 0) throw_batch_failure(*result.batch);
  }
  return result;
}

}  // namespace tf::actors

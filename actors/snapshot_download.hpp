// Pulls a Hub repo at one revision into the huggingface_hub cache (or a local folder), as
// `hf download` does: resolve the revision to a commit, list the files, fetch what is missing
// as one batch under the connection budget, verify each file against its Hub hash, and link the
// snapshot. Offline (HF_HUB_OFFLINE), it answers from refs/, the tree cache and the snapshot
// folder alone.
//
// Two processes may pull into one cache at once. A blob is written under a per-process partial
// folder, moved to blobs/<etag> only after its hash matched (atomic rename), and guarded by
// .locks/<repo>/<etag>.lock; where locks do nothing (some NFS or Lustre mounts) the racing
// writer wastes work but cannot leave a wrong blob, because nothing unverified is ever renamed
// to a blob's name.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "actors/batch_download.hpp"
#include "actors/downloader.hpp"
#include "engine/hub/file_filter.hpp"
#include "engine/hub/hub_config.hpp"
#include "engine/hub/repo_id.hpp"
#include "engine/hub/snapshot_plan.hpp"

namespace tf::actors {

struct SnapshotRequest {
  engine::hub::RepoId repo;
  std::string revision = "main";
  std::vector<std::string> paths;  // FILES...: only these (each must exist)
  engine::hub::FileFilter filter;  // --include / --exclude
  std::optional<std::filesystem::path> local_dir;
  bool dry_run = false;
  std::optional<size_t> connections;  // fixed per file; adaptive when empty
  size_t max_connections = 64;
  std::chrono::seconds stall_timeout{30};
  int max_retries = 8;
};

struct SnapshotResult {
  std::filesystem::path folder;  // the snapshot folder, or the local folder
  engine::hub::SnapshotPlan plan;
  std::optional<BatchReport> batch;  // absent when nothing was fetched (or a dry run)
  bool offline = false;              // answered from the cache alone
  size_t files_linked = 0;           // files whose blob was already in the cache
};

// Throws tf::Error: not_found / auth / network for Hub errors, protocol for hostile answers,
// and the first failure's kind when files could not be fetched (the others are in the
// message; every partial download stays resumable).
SnapshotResult download_snapshot(Downloader& downloader, const engine::hub::HubConfig& config,
                                 const SnapshotRequest& request,
                                 std::shared_ptr<BatchProgress> progress = nullptr,
                                 NoticeSink notice = nullptr);

}  // namespace tf::actors

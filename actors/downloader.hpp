// The entry point for running downloads: owns the actor system, the HTTP transport (the
// process-wide connection budget) and the buffer pool, and runs one download at a time to
// completion. The CLI and the integration tests use this; nothing above it knows about CAF.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "actors/batch_download.hpp"
#include "actors/progress.hpp"
#include "engine/download_options.hpp"
#include "io/http_transport.hpp"

namespace tf::actors {

struct DownloaderOptions {
  size_t max_connections = 64;     // the process-wide connection budget
  size_t block_size = 256 * 1024;  // pooled buffer size between network and disk
  size_t max_blocks = 96;          // 24 MiB of buffers at most, whatever the file size
  size_t scheduler_threads = 0;    // 0: one per core
};

using NoticeSink = std::function<void(const std::string&)>;

class Downloader {
 public:
  explicit Downloader(DownloaderOptions options = {});
  ~Downloader();
  Downloader(const Downloader&) = delete;
  Downloader& operator=(const Downloader&) = delete;

  // Downloads options.url to options.output; throws tf::Error when it cannot. `progress` is
  // updated while it runs (and its stop_requested flag stops it cleanly).
  engine::DownloadReport download(const engine::DownloadOptions& options,
                                  std::shared_ptr<ProgressCounters> progress = nullptr,
                                  NoticeSink notice = nullptr);

  // Downloads many files under the connection budget (see batch_download.hpp). Failures of
  // single files are in the report, not thrown.
  BatchReport download_batch(std::vector<BatchFile> files,
                             std::shared_ptr<BatchProgress> progress = nullptr,
                             NoticeSink notice = nullptr);

  size_t max_connections() const;
  // The process's HTTP transport, for metadata requests that should share its connections.
  io::HttpTransport& transport();

 private:
  struct Runtime;
  std::unique_ptr<Runtime> runtime_;
};

}  // namespace tf::actors

// Many files in one process, under one connection budget: a Hub snapshot. The batch supervisor
// starts a download Supervisor per file, largest first, while the budget has a free connection,
// so large files spread over many connections while small ones pipeline on the rest (the
// transport keeps every connection alive between requests). Each file keeps every guarantee of
// a single download: verified, resumable, committed atomically.
#pragma once

#include <atomic>
#include <caf/all.hpp>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "actors/connection_budget.hpp"
#include "actors/messages.hpp"
#include "actors/progress.hpp"
#include "engine/download_options.hpp"
#include "io/buffer_pool.hpp"
#include "io/http_transport.hpp"

namespace tf::actors {

// What a file's `before` hook decided.
enum class BatchStart {
  download,      // go ahead (the hook may have adjusted the options)
  done_already,  // nothing to fetch (e.g. another process just finished the same blob)
  busy,          // another process holds the file now: ask again a little later
};

struct BatchFile {
  engine::DownloadOptions options;
  std::string label;  // shown in progress and errors (the repo path)
  uint64_t size = 0;  // expected, for ordering and progress totals
  // On the batch actor's thread, before the download starts.
  std::function<BatchStart(engine::DownloadOptions&)> before;
  // On the batch actor's thread, after the file was committed (or found done already). A
  // tf::Error thrown here marks the file failed.
  std::function<void(const engine::DownloadReport&)> after;
};

struct FileOutcome {
  std::string label;
  std::optional<engine::DownloadReport> report;  // absent when it failed
  ErrorKind error_kind = ErrorKind::internal;
  std::string error;
};

struct BatchReport {
  std::vector<FileOutcome> files;  // in the order given
  uint64_t bytes_total = 0;
  uint64_t bytes_fetched = 0;
  uint64_t bytes_resumed = 0;
  uint64_t bytes_reused = 0;  // copied from the Xet chunk store instead of fetched
  size_t xet_files = 0;       // files fetched over Xet
  size_t xet_fallbacks = 0;   // Xet files that the plain path fetched after Xet failed
  uint64_t retries = 0;
  double seconds = 0;
  double mean_rate = 0;
  double peak_rate = 0;
  size_t connections_peak = 0;
  uint64_t connections_opened = 0;
  size_t failed() const;
};

// Live state of a batch for the progress display (written by the batch actor, read by the
// display thread).
class BatchProgress {
 public:
  struct FileInFlight {
    std::string label;
    uint64_t done = 0;
    uint64_t size = 0;
  };

  std::atomic<uint64_t> files_total{0};
  std::atomic<uint64_t> files_done{0};
  std::atomic<uint64_t> files_failed{0};
  std::atomic<uint64_t> bytes_total{0};
  std::atomic<uint64_t> bytes_done{0};
  std::atomic<uint64_t> bytes_fetched{0};
  std::atomic<uint64_t> connections{0};
  std::atomic<uint64_t> retries{0};
  std::atomic<bool> stop_requested{false};

  std::vector<FileInFlight> in_flight() const;
  void set_in_flight(std::vector<FileInFlight> files);

 private:
  mutable std::mutex mutex_;
  std::vector<FileInFlight> in_flight_;
};

struct BatchSetup {
  std::vector<BatchFile> files;
  std::shared_ptr<io::HttpTransport> transport;
  std::shared_ptr<io::BufferPool> pool;
  std::shared_ptr<ConnectionBudget> budget;
  std::shared_ptr<BatchProgress> progress;
  std::function<void(const std::string&)> notice;
};

struct batch_outcome {
  BatchReport report;
};

struct BatchState {
  using Clock = std::chrono::steady_clock;
  struct Active {
    size_t index = 0;
    caf::actor supervisor;
    std::shared_ptr<ProgressCounters> progress;
  };

  BatchSetup setup;
  caf::response_promise reply;
  std::vector<size_t> pending;  // indexes, next to start at the back
  std::map<caf::actor_addr, Active> active;
  std::vector<std::optional<FileOutcome>> outcomes;
  std::set<size_t> fell_back;   // files whose Xet download failed and went the plain way
  uint64_t bytes_finished = 0;  // bytes of files already over
  uint64_t fetched_finished = 0;
  Clock::time_point started;
  uint64_t connections_at_start = 0;
  std::vector<std::pair<Clock::time_point, uint64_t>> rate_samples;
  BatchReport report;
  bool done = false;
  static inline const char* name = "batch_supervisor";
};

caf::behavior batch_supervisor(caf::stateful_actor<BatchState>* self, BatchSetup setup);

}  // namespace tf::actors

CAF_ALLOW_UNSAFE_MESSAGE_TYPE(tf::actors::batch_outcome)

// The Supervisor of one download. It owns everything about the file while it is fetched: the
// probe of the object, the resume decision, the range plan, the journal, the range workers and
// their number, and the final verify-and-rename. Workers, writer and hasher report to it; it
// never touches the network or the disk's data path itself.
//
// Life of a download:
//   probe (Range: bytes=0-0) -> size, Range support, validator
//   -> prepare: reuse a partial file whose journal matches (re-checking each chunk), else start
//      fresh; preallocate
//   -> download: workers fetch items; written chunks are hashed and journaled
//   -> finish: SHA-256 (already computed alongside) checked, fsync, rename into place
// A failure or Ctrl-C stops the workers, lets the writer and hasher finish what they hold,
// brings the journal up to date and keeps the partial file for the next run.
#pragma once

#include <caf/all.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "actors/connection_budget.hpp"
#include "actors/messages.hpp"
#include "actors/progress.hpp"
#include "engine/connection_tuner.hpp"
#include "engine/download_options.hpp"
#include "engine/range_plan.hpp"
#include "engine/resume_journal.hpp"
#include "io/buffer_pool.hpp"
#include "io/file_handle.hpp"
#include "io/http_transport.hpp"

namespace tf::actors {

struct SupervisorSetup {
  engine::DownloadOptions options;
  std::shared_ptr<io::HttpTransport> transport;
  std::shared_ptr<io::BufferPool> pool;
  std::shared_ptr<ProgressCounters> progress;
  // Things worth telling the user as they happen (retries, resume, restarts).
  std::function<void(const std::string&)> notice;
  // Shared by every download of the process: each range worker holds one slot.
  std::shared_ptr<ConnectionBudget> budget;
};

struct SupervisorState {
  using Clock = std::chrono::steady_clock;

  enum class Stage { idle, probing, checking, downloading, stopping, finishing, done };
  enum class StopReason { none, finished, failed, cancelled, restart };

  struct Worker {
    caf::actor handle;
    std::optional<uint64_t> item;  // what it fetches now, if anything
  };
  struct Item {
    std::shared_ptr<RangeCursor> cursor;
    caf::actor_addr worker;
  };

  SupervisorSetup setup;
  caf::response_promise reply;
  Stage stage = Stage::idle;

  // Files.
  std::shared_ptr<io::FileHandle> partial;
  std::optional<engine::JournalWriter> journal;
  caf::actor writer;
  caf::actor hasher;

  // What the probe found.
  bool probe_waiting = false;  // no connection slot was free for the probe yet
  std::optional<probe_result> probe;
  std::string fetch_url;  // the URL after redirects
  std::vector<std::string> fetch_headers;

  // The plan and its pipeline.
  std::optional<engine::RangePlan> plan;
  std::optional<engine::ConnectionTuner> tuner;
  std::map<caf::actor_addr, Worker> workers;
  std::map<uint64_t, Item> items;
  std::shared_ptr<RangeCursor> probe_cursor;
  std::shared_ptr<ChunkDigester> probe_digester;
  bool single_stream = false;            // the server ignores Range: one connection, no resume
  std::map<uint64_t, uint64_t> claims;   // chunk -> xxh3 to re-check (journal or --verify)
  std::map<uint64_t, uint64_t> digests;  // chunk -> xxh3 of what is on disk now
  std::map<uint64_t, uint64_t> streamed_digests;  // computed in flight, chunk not yet complete
  size_t hashes_pending = 0;
  uint64_t stream_written = 0;  // single stream of unknown size: bytes so far
  bool verified = false;        // a --verify pass found every chunk intact
  int verify_passes = 0;

  // Stopping.
  StopReason stop_reason = StopReason::none;
  ErrorKind error_kind = ErrorKind::internal;
  std::string error_message;
  bool writer_drained = false;
  bool drain_requested = false;

  // Metrics.
  Clock::time_point started;
  uint64_t connections_at_start = 0;
  std::deque<std::pair<Clock::time_point, uint64_t>> rate_samples;
  engine::DownloadReport report;

  static inline const char* name = "download_supervisor";
};

caf::behavior download_supervisor(caf::stateful_actor<SupervisorState>* self,
                                  SupervisorSetup setup);

}  // namespace tf::actors

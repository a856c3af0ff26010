#include "actors/download_supervisor.hpp"

#include <strings.h>

#include <algorithm>
#include <filesystem>

#include "actors/chunk_hasher.hpp"
#include "actors/file_writer.hpp"
#include "actors/range_worker.hpp"
#include "engine/byte_size.hpp"
#include "io/url.hpp"

namespace tf::actors {

namespace {

using Self = caf::stateful_actor<SupervisorState>;
using Stage = SupervisorState::Stage;
using StopReason = SupervisorState::StopReason;
using Clock = SupervisorState::Clock;
using namespace std::chrono_literals;

constexpr uint64_t kProbeItem = 0;
constexpr auto kTick = 100ms;
// No single object on any server we talk to is a pebibyte; a server saying so is lying.
constexpr uint64_t kMaxObjectSize = uint64_t{1} << 50;
constexpr uint64_t kMaxItemSize = 64ull << 20;
constexpr uint64_t kMinSplitPiece = 512ull << 10;
constexpr int kMaxVerifyPasses = 3;

void tell(Self* self, const std::string& text) {
  if (self->state.setup.notice) self->state.setup.notice(text);
}

ProgressCounters& progress(Self* self) {
  return *self->state.setup.progress;
}

void begin_stop(Self* self, StopReason reason, ErrorKind kind = ErrorKind::internal,
                const std::string& message = {});
void maybe_finish(Self* self);

// ---------------------------------------------------------------- metrics

double current_rate(const SupervisorState& st) {
  if (st.rate_samples.size() < 2) return 0;
  const auto& [t0, b0] = st.rate_samples.front();
  const auto& [t1, b1] = st.rate_samples.back();
  const double seconds = std::chrono::duration<double>(t1 - t0).count();
  return seconds > 0 ? static_cast<double>(b1 - b0) / seconds : 0;
}

void sample_rate(Self* self) {
  auto& st = self->state;
  const auto now = Clock::now();
  st.rate_samples.emplace_back(now, st.report.bytes_fetched);
  while (st.rate_samples.size() > 2 && now - st.rate_samples.front().first > 1s) {
    st.rate_samples.pop_front();
  }
  if (now - st.rate_samples.front().first >= 900ms) {
    st.report.peak_rate = std::max(st.report.peak_rate, current_rate(st));
  }
}

size_t busy_workers(const SupervisorState& st) {
  return static_cast<size_t>(std::count_if(st.workers.begin(), st.workers.end(), [](const auto& w) {
    return w.second.item.has_value();
  }));
}

void publish_progress(Self* self) {
  auto& st = self->state;
  auto& p = progress(self);
  p.bytes_fetched = st.report.bytes_fetched;
  p.bytes_done = st.plan ? st.plan->bytes_written() : st.stream_written;
  p.connections = busy_workers(st);
  st.report.connections_peak = std::max(st.report.connections_peak, busy_workers(st));
}

// ---------------------------------------------------------------- workers

// A new range worker, if the process-wide budget has a connection slot for it.
std::optional<caf::actor> spawn_worker(Self* self) {
  auto& st = self->state;
  if (!st.setup.budget->try_acquire()) return std::nullopt;
  RangeWorkerConfig config{st.setup.transport,
                           st.setup.pool,
                           caf::actor_cast<caf::actor>(self),
                           st.writer,
                           st.setup.options.retry,
                           st.setup.options.stall_timeout,
                           st.setup.options.connect_timeout};
  auto worker = self->spawn<caf::monitored>(range_worker, std::move(config));
  st.workers[worker.address()] = SupervisorState::Worker{worker, std::nullopt};
  return worker;
}

// A worker is gone (stopped, retired or dead): its connection slot goes back to the budget.
void forget_worker(Self* self, const caf::actor_addr& worker) {
  if (self->state.workers.erase(worker) > 0) self->state.setup.budget->release();
}

// An item should take about a second on one connection: long enough that the request's round
// trip vanishes, short enough that the SHA-256 prefix (which waits for the lowest item) follows
// the download closely. Before any rate is known, one chunk.
uint64_t item_size(const SupervisorState& st) {
  const size_t busy = std::max<size_t>(1, busy_workers(st));
  const double per_connection = current_rate(st) / static_cast<double>(busy);
  const uint64_t chunk = st.plan->chunk_size();
  const uint64_t wanted = static_cast<uint64_t>(per_connection * 1.0);
  return std::clamp(wanted, chunk, std::max(chunk, kMaxItemSize));
}

// Below this, splitting an item costs more (a new request) than waiting for it.
uint64_t min_split_piece(const SupervisorState& st) {
  const size_t busy = std::max<size_t>(1, busy_workers(st));
  const double per_connection = current_rate(st) / static_cast<double>(busy);
  return std::max<uint64_t>(kMinSplitPiece, static_cast<uint64_t>(per_connection * 0.5));
}

// At the tail: cut the in-flight item with the most bytes left and take its far half.
std::optional<engine::WorkItem> steal_half(Self* self) {
  auto& st = self->state;
  for (const auto& [id, item] : st.items)
    st.plan->note_progress(id, item.cursor->received());
  const auto proposal = st.plan->propose_split(min_split_piece(st));
  if (!proposal) return std::nullopt;
  auto victim = st.items.find(proposal->victim);
  if (victim == st.items.end() || !victim->second.cursor->try_shrink(proposal->at)) {
    return std::nullopt;
  }
  return st.plan->split(*proposal);
}

bool give_work(Self* self, SupervisorState::Worker& worker) {
  auto& st = self->state;
  if (st.stage != Stage::downloading || st.single_stream || worker.item) return false;
  auto item = st.plan->assign(item_size(st));
  if (!item) item = steal_half(self);
  if (!item) return false;
  auto cursor = std::make_shared<RangeCursor>(item->range.begin, item->range.end);
  auto digester = std::make_shared<ChunkDigester>(st.plan->chunk_size(), st.plan->file_size());
  st.items[item->id] = SupervisorState::Item{cursor, worker.handle.address()};
  worker.item = item->id;
  self->send(worker.handle, fetch_range{item->id, cursor, digester, st.fetch_url, st.fetch_headers,
                                        st.probe->validator, st.plan->file_size(), false});
  return true;
}

bool work_available(Self* self) {
  auto& st = self->state;
  if (st.plan->bytes_unassigned() > 0) return true;
  for (const auto& [id, item] : st.items)
    st.plan->note_progress(id, item.cursor->received());
  return st.plan->propose_split(min_split_piece(st)).has_value();
}

// Matches the number of workers to the tuner's target and gives idle ones work.
void dispatch(Self* self) {
  auto& st = self->state;
  if (st.stage != Stage::downloading || st.single_stream || !st.plan) return;
  const size_t target = st.tuner->update(Clock::now(), st.report.bytes_fetched);
  for (auto& [addr, worker] : st.workers) {
    if (!worker.item) give_work(self, worker);
  }
  while (st.workers.size() < target && work_available(self)) {
    const auto handle = spawn_worker(self);
    if (!handle || !give_work(self, st.workers[handle->address()])) break;
  }
  // Retire idle workers beyond the target (the tuner stepped back): their slots are free for
  // this file's other workers and for other files.
  std::vector<caf::actor> idle;
  for (const auto& [addr, worker] : st.workers) {
    if (!worker.item) idle.push_back(worker.handle);
  }
  for (size_t i = 0; i < idle.size() && st.workers.size() > target; ++i) {
    self->send(idle[i], stop_atom_v);
    forget_worker(self, idle[i].address());
  }
}

// ---------------------------------------------------------------- probe and preparation

void start_probe(Self* self) {
  auto& st = self->state;
  st.stage = Stage::probing;
  progress(self).phase = static_cast<int>(Phase::probing);
  const auto worker = spawn_worker(self);
  st.probe_waiting = !worker;
  if (!worker) return;  // every connection is busy with other files: the tick tries again
  st.workers[worker->address()].item = kProbeItem;
  auto cursor = std::make_shared<RangeCursor>(0, UINT64_MAX);
  st.probe_cursor = cursor;
  // If the server ignores Range, this probe becomes the whole download (a single stream).
  auto digester = std::make_shared<ChunkDigester>(st.setup.options.chunk_size, UINT64_MAX);
  st.probe_digester = digester;
  self->send(*worker,
             fetch_range{kProbeItem, cursor, digester, st.setup.options.url,
                         st.setup.options.headers, "", 0, true, st.setup.options.single_request});
}

// Range requests go straight to where the probe was redirected (a CDN), without the
// Authorization header when that is another host: the token belongs to the first host.
void choose_fetch_target(SupervisorState& st) {
  const auto& options = st.setup.options;
  st.fetch_url = st.probe->effective_url.empty() ? options.url : st.probe->effective_url;
  st.fetch_headers.clear();
  const bool same_origin = io::same_origin(st.fetch_url, options.url);
  for (const auto& h : options.headers) {
    const bool authorization = h.size() >= 14 && strncasecmp(h.c_str(), "authorization:", 14) == 0;
    if (same_origin || !authorization) st.fetch_headers.push_back(h);
  }
}

void check_size(Self* self, uint64_t size) {
  auto& st = self->state;
  if (size > kMaxObjectSize) {
    throw Error(ErrorKind::protocol, "the server says " + io::loggable_url(st.setup.options.url) +
                                         " is " + std::to_string(size) +
                                         " bytes; refusing an absurd size");
  }
  const auto folder = std::filesystem::absolute(st.setup.options.output).parent_path();
  const uint64_t available = io::free_space(folder) + st.partial->size();
  if (size > available) {
    throw Error(ErrorKind::disk_full,
                "not enough space in " + folder.string() + ": the download needs " +
                    engine::format_bytes(static_cast<double>(size)) + ", " +
                    engine::format_bytes(static_cast<double>(available)) + " available");
  }
}

std::optional<io::ContentHashKind> expected_hash_kind(const engine::DownloadOptions& options) {
  if (!options.expected_hash) return std::nullopt;
  return options.expected_hash->kind;
}

// Large files get a thread each for their writer and hasher (no scheduling latency between the
// network and the disk); small ones share the scheduler, so a thousand files are not two
// thousand threads.
bool dedicated_threads(const engine::DownloadOptions& options) {
  constexpr uint64_t kSmallFile = 64ull << 20;
  return !options.expected_size || *options.expected_size >= kSmallFile;
}

void spawn_hasher(Self* self) {
  auto& st = self->state;
  if (st.hasher) self->send_exit(st.hasher, caf::exit_reason::user_shutdown);
  const auto me = caf::actor_cast<caf::actor>(self);
  const auto kind = expected_hash_kind(st.setup.options);
  st.hasher = dedicated_threads(st.setup.options)
                  ? self->spawn<caf::monitored + caf::detached>(chunk_hasher, st.partial, me,
                                                                st.plan->file_size(),
                                                                st.plan->chunk_size(), kind, false)
                  : self->spawn<caf::monitored>(chunk_hasher, st.partial, me, st.plan->file_size(),
                                                st.plan->chunk_size(), kind, false);
}

void hash_chunk_later(Self* self, uint64_t chunk, std::optional<uint64_t> expected) {
  auto& st = self->state;
  ++st.hashes_pending;
  self->send(st.hasher, hash_chunk{chunk, expected.has_value(), expected.value_or(0), false});
}

// A chunk whose XXH3 was computed as it streamed in: journal it now; the hasher only has to
// take it into the SHA-256.
void journal_streamed_chunk(Self* self, uint64_t chunk, uint64_t xxh3) {
  auto& st = self->state;
  st.digests[chunk] = xxh3;
  if (st.journal) st.journal->append({chunk, xxh3});
  ++st.hashes_pending;
  self->send(st.hasher, hash_chunk{chunk, false, xxh3, true});
}

// Re-checks chunks already on disk (from the journal, or a --verify pass): they stay out of
// the plan's unassigned bytes until the hasher says whether they are what was recorded.
void check_claimed_chunks(Self* self) {
  auto& st = self->state;
  for (const auto& [chunk, xxh3] : st.claims) {
    if (!st.plan->chunk_complete(chunk)) st.plan->hold_chunk(chunk);
    hash_chunk_later(self, chunk, xxh3);
  }
}

void prepare_ranged_download(Self* self) {
  auto& st = self->state;
  const auto& options = st.setup.options;
  const uint64_t size = st.probe->size;
  const auto journal_file = engine::journal_path(options);
  const auto previous = engine::read_journal(journal_file);
  const std::string& identity = engine::resume_identity(options);
  const engine::JournalHeader fresh{size, options.chunk_size, st.probe->validator, identity};
  const bool resumable = previous && previous->header.file_size == size &&
                         previous->header.validator == st.probe->validator &&
                         previous->header.source == identity && st.partial->size() == size;
  uint64_t chunk_size = options.chunk_size;
  if (resumable) {
    chunk_size = previous->header.chunk_size;
    st.journal = engine::JournalWriter::append_to(journal_file);
    for (const auto& record : previous->records)
      st.claims[record.chunk] = record.xxh3;
  } else {
    if (previous || st.partial->size() > 0) {
      tell(self, "the partial download does not match the object on the server; starting over");
    }
    st.partial->truncate(0);
    st.journal = engine::JournalWriter::create(journal_file, fresh);
  }
  st.partial->preallocate(size);
  st.plan.emplace(size, chunk_size);
  spawn_hasher(self);
  if (!st.claims.empty()) {
    tell(self, "resuming: re-checking " + std::to_string(st.claims.size()) +
                   " chunks from the previous run");
  }
  check_claimed_chunks(self);
}

void prepare_single_stream(Self* self) {
  auto& st = self->state;
  st.single_stream = true;
  if (!st.setup.options.single_request) {
    st.report.ranges_supported = false;
    tell(self, "the server does not support ranges: one connection, no resume across runs");
  }
  std::error_code ignored;
  std::filesystem::remove(engine::journal_path(st.setup.options), ignored);
  // No truncation here: the probe's response is the download and its first blocks may already
  // be on disk. The stream overwrites every byte of [0, size), and preallocate() sets the size
  // without touching what was written.
  if (st.probe->size_known) {
    st.partial->preallocate(st.probe->size);
    st.plan.emplace(st.probe->size, st.setup.options.chunk_size);
    spawn_hasher(self);
  }
}

// A listing said how big the file is: a server that sends another size is serving something
// else (or lying), and nothing of it is kept.
void check_expected_size(const SupervisorState& st, uint64_t size) {
  const auto& expected = st.setup.options.expected_size;
  if (expected && *expected != size) {
    throw Error(ErrorKind::protocol, io::loggable_url(st.setup.options.url) + " is " +
                                         std::to_string(size) + " bytes, but the listing says " +
                                         std::to_string(*expected));
  }
}

void on_probe_result(Self* self, probe_result& probe) {
  auto& st = self->state;
  if (st.stage != Stage::probing) return;
  st.probe = std::move(probe);
  choose_fetch_target(st);
  try {
    if (st.probe->size_known) {
      check_size(self, st.probe->size);
      check_expected_size(st, st.probe->size);
    }
    if (st.probe->ranges_supported) {
      prepare_ranged_download(self);
    } else {
      prepare_single_stream(self);
    }
  } catch (const Error& e) {
    begin_stop(self, StopReason::failed, e.kind(), e.what());
    return;
  }
  auto& p = progress(self);
  p.size_known = st.probe->size_known;
  p.total_size = st.probe->size;
  p.phase = static_cast<int>(Phase::downloading);
  st.stage = Stage::downloading;
  st.tuner.emplace(st.setup.options.tuner,
                   st.single_stream ? std::optional<size_t>(1) : st.setup.options.connections,
                   Clock::now());
  maybe_finish(self);
}

// ---------------------------------------------------------------- the data pipeline

void on_bytes_written(Self* self, const bytes_written& w) {
  auto& st = self->state;
  st.report.bytes_fetched += w.length;
  if (!st.plan) {
    st.stream_written += w.length;  // a single stream of unknown size
    return;
  }
  for (const auto& d : w.digests)
    st.streamed_digests[d.chunk] = d.xxh3;
  for (const size_t chunk : st.plan->record_written(w.offset, w.length)) {
    const auto streamed = st.streamed_digests.find(chunk);
    if (streamed != st.streamed_digests.end()) {
      journal_streamed_chunk(self, chunk, streamed->second);
      st.streamed_digests.erase(streamed);
    } else {
      hash_chunk_later(self, chunk, std::nullopt);
    }
  }
}

void on_chunk_hashed(Self* self, const chunk_hashed& h) {
  auto& st = self->state;
  --st.hashes_pending;
  const uint64_t chunk_bytes = st.plan->chunk_range(h.chunk).size();
  if (!h.check_against_journal) {
    if (st.digests.emplace(h.chunk, h.xxh3).second && st.journal) {
      st.journal->append({h.chunk, h.xxh3});  // not journaled when it streamed in
    }
  } else if (h.matches) {
    st.digests[h.chunk] = h.xxh3;
    if (!st.plan->chunk_complete(h.chunk)) {
      st.plan->mark_chunk_done(h.chunk);
      st.report.bytes_resumed += chunk_bytes;
    }
  } else {
    tell(self, "chunk " + std::to_string(h.chunk) + " (bytes " +
                   std::to_string(st.plan->chunk_range(h.chunk).begin) + "-" +
                   std::to_string(st.plan->chunk_range(h.chunk).end - 1) +
                   ") does not match its checksum; fetching it again");
    st.report.bytes_refetched += chunk_bytes;
    if (st.plan->chunk_complete(h.chunk)) {
      st.plan->forget_chunk(h.chunk);
    } else {
      st.plan->return_chunk(h.chunk);
    }
    st.verified = false;
  }
}

// ---------------------------------------------------------------- finishing

void start_verify_pass(Self* self) {
  auto& st = self->state;
  ++st.verify_passes;
  if (st.verify_passes > kMaxVerifyPasses) {
    begin_stop(self, StopReason::failed, ErrorKind::integrity,
               "chunks keep failing their checksum after being written; is the disk healthy?");
    return;
  }
  tell(self, "verifying every chunk against its checksum");
  st.verified = true;  // until a chunk fails
  st.claims = st.digests;
  spawn_hasher(self);  // a fresh SHA-256 over the bytes as they are now
  check_claimed_chunks(self);
}

void maybe_finish(Self* self) {
  auto& st = self->state;
  if (st.stage != Stage::downloading || !st.plan || !st.plan->complete() || st.hashes_pending > 0) {
    return;
  }
  if (st.setup.options.verify_before_commit && !st.verified) {
    start_verify_pass(self);
    return;
  }
  begin_stop(self, StopReason::finished);
}

void deliver(Self* self, download_outcome outcome) {
  auto& st = self->state;
  st.stage = Stage::done;
  progress(self).phase = static_cast<int>(Phase::done);
  publish_progress(self);
  st.reply.deliver(std::move(outcome));
  if (st.hasher) self->send_exit(st.hasher, caf::exit_reason::user_shutdown);
  if (st.writer) self->send_exit(st.writer, caf::exit_reason::user_shutdown);
  self->quit();
}

void deliver_error(Self* self, ErrorKind kind, const std::string& message) {
  download_outcome outcome;
  outcome.error_kind = kind;
  outcome.error_message = message;
  deliver(self, std::move(outcome));
}

void discard_partial(SupervisorState& st) {
  std::error_code ignored;
  st.partial.reset();
  std::filesystem::remove(engine::partial_path(st.setup.options), ignored);
  std::filesystem::remove(engine::journal_path(st.setup.options), ignored);
}

void commit(Self* self, const std::string& content_hash) {
  auto& st = self->state;
  const auto& options = st.setup.options;
  if (options.expected_hash) {
    const io::ContentHash got{options.expected_hash->kind, content_hash};
    st.report.content_hash = got;
    if (got != *options.expected_hash) {
      // The bytes are wrong and nothing tells us where: keep nothing.
      discard_partial(st);
      const std::string kind =
          options.expected_hash->kind == io::ContentHashKind::sha256 ? "SHA-256" : "git blob SHA-1";
      deliver_error(self, ErrorKind::integrity,
                    kind + " mismatch for " + io::loggable_url(options.url) + ": expected " +
                        options.expected_hash->hex + ", got " + content_hash +
                        "; the download was discarded");
      return;
    }
    st.report.hash_checked = true;
  }
  try {
    st.partial->sync();
    st.partial->close();
    io::durable_rename(engine::partial_path(options), options.output);
  } catch (const Error& e) {
    deliver_error(self, e.kind(), e.what());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove(engine::journal_path(options), ignored);
  engine::close_report(st.report, options, st.plan->file_size(),
                       std::chrono::duration<double>(Clock::now() - st.started).count(),
                       st.setup.transport->stats().connections_opened - st.connections_at_start);
  download_outcome outcome;
  outcome.report = st.report;
  deliver(self, std::move(outcome));
}

void finish_download(Self* self) {
  auto& st = self->state;
  st.stage = Stage::finishing;
  progress(self).phase = static_cast<int>(Phase::finishing);
  self->request(st.hasher, caf::infinite, digest_atom_v)
      .then([=](const std::string& sha256) { commit(self, sha256); },
            [=](const caf::error& e) {
              deliver_error(self, ErrorKind::internal, "hasher: " + self->system().render(e));
            });
}

// ---------------------------------------------------------------- restarts and stops

void restart_download(Self* self) {
  auto& st = self->state;
  ++st.report.restarts;
  if (st.report.restarts > static_cast<uint64_t>(st.setup.options.max_restarts)) {
    deliver_error(self, ErrorKind::protocol,
                  io::loggable_url(st.setup.options.url) + " changed " +
                      std::to_string(st.report.restarts) +
                      " times during the download; giving up (" + st.error_message + ")");
    return;
  }
  tell(self, "starting over: " + st.error_message);
  st.report.bytes_refetched += st.plan ? st.plan->bytes_written() : st.stream_written;
  if (st.hasher) self->send_exit(st.hasher, caf::exit_reason::user_shutdown);
  st.hasher = nullptr;
  st.plan.reset();
  st.items.clear();
  st.claims.clear();
  st.digests.clear();
  st.streamed_digests.clear();
  st.probe.reset();
  st.journal.reset();
  st.single_stream = false;
  st.stream_written = 0;
  st.stop_reason = StopReason::none;
  std::error_code ignored;
  std::filesystem::remove(engine::journal_path(st.setup.options), ignored);
  try {
    st.partial->truncate(0);
  } catch (const Error& e) {
    deliver_error(self, e.kind(), e.what());
    return;
  }
  start_probe(self);
}

void complete_stop(Self* self) {
  auto& st = self->state;
  switch (st.stop_reason) {
    case StopReason::finished:
      finish_download(self);
      return;
    case StopReason::restart:
      restart_download(self);
      return;
    case StopReason::failed:
    case StopReason::cancelled:
    case StopReason::none:
      deliver_error(self, st.error_kind, st.error_message);
      return;
  }
}

// Stopping waits for, in order: every worker (their transfers cancelled), the writer (every
// block it was sent is on disk), the hasher (every written chunk is in the journal).
void continue_stop(Self* self) {
  auto& st = self->state;
  if (st.stage != Stage::stopping || !st.workers.empty()) return;
  if (!st.writer_drained) {
    if (!st.drain_requested) {
      st.drain_requested = true;
      self->request(st.writer, caf::infinite, drain_atom_v).then([=](drain_atom) {
        self->state.writer_drained = true;
        continue_stop(self);
      });
    }
    return;
  }
  if (st.hashes_pending > 0) return;
  complete_stop(self);
}

void begin_stop(Self* self, StopReason reason, ErrorKind kind, const std::string& message) {
  auto& st = self->state;
  if (st.stage == Stage::stopping || st.stage == Stage::finishing || st.stage == Stage::done) {
    return;
  }
  st.stage = Stage::stopping;
  st.stop_reason = reason;
  st.error_kind = kind;
  st.error_message = message;
  st.writer_drained = false;
  st.drain_requested = false;
  for (auto& [addr, worker] : st.workers)
    self->send(worker.handle, stop_atom_v);
  continue_stop(self);
}

// ---------------------------------------------------------------- worker reports

SupervisorState::Worker* sender_worker(Self* self) {
  auto& st = self->state;
  const auto it = st.workers.find(caf::actor_cast<caf::actor_addr>(self->current_sender()));
  return it == st.workers.end() ? nullptr : &it->second;
}

void on_range_finished(Self* self, const range_finished& r) {
  auto& st = self->state;
  if (auto* worker = sender_worker(self)) worker->item.reset();
  if (r.item == kProbeItem) {
    if (st.single_stream && !st.plan) {
      // A stream of unknown length is over: now its size is known.
      try {
        check_expected_size(st, st.stream_written);
      } catch (const Error& e) {
        begin_stop(self, StopReason::failed, e.kind(), e.what());
        return;
      }
      st.plan.emplace(st.stream_written, st.setup.options.chunk_size);
      spawn_hasher(self);
      progress(self).total_size = st.stream_written;
      progress(self).size_known = true;
      for (const size_t chunk : st.plan->record_written(0, st.stream_written)) {
        hash_chunk_later(self, chunk, std::nullopt);
      }
    }
  } else if (auto it = st.items.find(r.item); it != st.items.end()) {
    st.plan->release(r.item, it->second.cursor->received());
    st.items.erase(it);
  }
  dispatch(self);
  maybe_finish(self);
}

void forget_item(Self* self, uint64_t item) {
  auto& st = self->state;
  if (auto* worker = sender_worker(self)) worker->item.reset();
  if (auto it = st.items.find(item); it != st.items.end()) {
    st.plan->release(item, it->second.cursor->received());
    st.items.erase(it);
  }
}

void on_tick(Self* self) {
  auto& st = self->state;
  if (st.stage == Stage::done) return;
  if (progress(self).stop_requested && st.stage != Stage::stopping &&
      st.stage != Stage::finishing) {
    begin_stop(self, StopReason::cancelled, ErrorKind::cancelled,
               "interrupted; the partial download is kept and the next run resumes it");
  }
  if (st.stage == Stage::probing && st.probe_waiting) start_probe(self);
  sample_rate(self);
  dispatch(self);
  publish_progress(self);
  self->delayed_send(self, kTick, tick_atom_v);
}

void on_down(Self* self, const caf::down_msg& down) {
  auto& st = self->state;
  const bool abnormal = down.reason && down.reason != caf::exit_reason::user_shutdown;
  if (st.workers.count(down.source) > 0) {
    forget_worker(self, down.source);
    if (abnormal) {
      begin_stop(self, StopReason::failed, ErrorKind::internal,
                 "a range worker failed: " + self->system().render(down.reason));
    }
    continue_stop(self);
    return;
  }
  const bool ours = (st.writer && down.source == st.writer.address()) ||
                    (st.hasher && down.source == st.hasher.address());
  if (ours && abnormal && st.stage != Stage::done) {
    deliver_error(self, ErrorKind::internal,
                  "a download actor failed: " + self->system().render(down.reason));
  }
}

void start(Self* self) {
  auto& st = self->state;
  const auto& options = st.setup.options;
  st.started = Clock::now();
  st.connections_at_start = st.setup.transport->stats().connections_opened;
  try {
    st.partial = std::make_shared<io::FileHandle>(
        io::FileHandle::open_read_write(engine::partial_path(options)));
    if (!st.partial->try_lock_exclusive()) {
      throw Error(ErrorKind::io,
                  "another turbofetch process is downloading to " + options.output.string());
    }
  } catch (const Error& e) {
    deliver_error(self, e.kind(), e.what());
    return;
  }
  const auto me = caf::actor_cast<caf::actor>(self);
  st.writer = dedicated_threads(options)
                  ? self->spawn<caf::monitored + caf::detached>(file_writer, st.partial, me)
                  : self->spawn<caf::monitored>(file_writer, st.partial, me);
  start_probe(self);
  self->send(self, tick_atom_v);
}

}  // namespace

caf::behavior download_supervisor(Self* self, SupervisorSetup setup) {
  self->state.setup = std::move(setup);
  self->set_down_handler([=](caf::down_msg& down) { on_down(self, down); });
  return {
      [=](run_atom) -> caf::result<download_outcome> {
        self->state.reply = self->make_response_promise();
        start(self);
        return self->state.reply;
      },
      [=](tick_atom) { on_tick(self); },
      [=](probe_result& probe) { on_probe_result(self, probe); },
      [=](const bytes_written& w) {
        try {
          on_bytes_written(self, w);
        } catch (const Error& e) {
          begin_stop(self, StopReason::failed, e.kind(), e.what());
        }
      },
      [=](const chunk_hashed& h) {
        try {
          on_chunk_hashed(self, h);
        } catch (const Error& e) {
          begin_stop(self, StopReason::failed, e.kind(), e.what());
        }
        dispatch(self);
        continue_stop(self);
        maybe_finish(self);
      },
      [=](const range_finished& r) { on_range_finished(self, r); },
      [=](const range_failed& f) {
        forget_item(self, f.item);
        begin_stop(self, StopReason::failed, f.kind, f.message);
      },
      [=](const range_restart& r) {
        forget_item(self, r.item);
        begin_stop(self, StopReason::restart, ErrorKind::protocol, r.reason);
      },
      [=](const retry_scheduled& r) {
        auto& st = self->state;
        ++st.report.retries;
        progress(self).retries = st.report.retries;
        tell(self, "retrying in " + std::to_string(r.delay_ms) + " ms: " + r.reason);
      },
      [=](const job_error& e) { begin_stop(self, StopReason::failed, e.kind, e.message); },
      [=](worker_stopped) {
        forget_worker(self, caf::actor_cast<caf::actor_addr>(self->current_sender()));
        continue_stop(self);
      },
  };
}

}  // namespace tf::actors

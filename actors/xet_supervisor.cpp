#include "actors/xet_supervisor.hpp"

#include <algorithm>
#include <filesystem>
#include <map>
#include <tuple>

#include "actors/chunk_copier.hpp"
#include "actors/chunk_hasher.hpp"
#include "actors/file_writer.hpp"
#include "actors/xorb_transfer.hpp"
#include "engine/hub/xet_token.hpp"
#include "engine/retry_policy.hpp"
#include "engine/xet/chunk_store.hpp"

namespace tf::actors {

namespace {

using Self = caf::stateful_actor<XetSupervisorState>;
using Stage = XetSupervisorState::Stage;
using UnitState = XetSupervisorState::UnitState;
using Clock = XetSupervisorState::Clock;
using namespace std::chrono_literals;

constexpr auto kTick = 100ms;

ProgressCounters& progress(Self* self) {
  return *self->state.setup.progress;
}

void tell(Self* self, const std::string& text) {
  if (self->state.setup.notice) self->state.setup.notice(text);
}

const engine::XetSource& source(Self* self) {
  return *self->state.setup.options.xet;
}

uint64_t file_size(Self* self) {
  return self->state.setup.options.expected_size.value_or(0);
}

std::string journal_identity(Self* self) {
  return "xet:" + source(self).file_hash;
}

void begin_stop(Self* self, ErrorKind kind, const std::string& message);
void maybe_finish(Self* self);
void request_plan(Self* self);
void continue_replan(Self* self);

// ---------------------------------------------------------------- end of the download

void deliver(Self* self, download_outcome outcome) {
  auto& st = self->state;
  st.stage = Stage::done;
  progress(self).phase = static_cast<int>(Phase::done);
  progress(self).connections = 0;
  // The writer, hasher and copier hold the partial file until their exit message arrives;
  // its lock must not outlive the answer, or the plain path that falls back on a failed Xet
  // download (in this process, at once) finds the file "in use by another process".
  if (st.partial && st.partial->is_open()) st.partial->unlock();
  st.reply.deliver(std::move(outcome));
  for (auto* child : {&st.hasher, &st.writer, &st.copier})
    if (*child) self->send_exit(*child, caf::exit_reason::user_shutdown);
  self->quit();
}

void deliver_error(Self* self, ErrorKind kind, const std::string& message) {
  download_outcome outcome;
  outcome.error_kind = kind;
  outcome.error_message = message;
  deliver(self, std::move(outcome));
}

void discard_partial(Self* self) {
  auto& st = self->state;
  std::error_code ignored;
  st.partial.reset();
  std::filesystem::remove(engine::partial_path(st.setup.options), ignored);
  std::filesystem::remove(engine::journal_path(st.setup.options), ignored);
}

// The decoded chunks of one fetched unit, kept for the next revision (a delta update then
// copies them instead of fetching them). Runs of chunks written whole become entries.
void keep_unit_chunks(const xet::ChunkStore& store, const io::FileHandle& partial,
                      const XetSupervisorState::Unit& unit) {
  const auto& layout = *unit.layout;
  const uint32_t first = unit.fetch.range.chunks.start;
  for (size_t i = 0; i < layout.lengths.size();) {
    if (layout.file_offsets[i] < 0) {
      ++i;
      continue;
    }
    size_t end = i;
    std::vector<uint32_t> lengths;
    std::vector<xet::FileSegment> segments;
    for (; end < layout.lengths.size() && layout.file_offsets[end] >= 0; ++end) {
      const auto offset = static_cast<uint64_t>(layout.file_offsets[end]);
      lengths.push_back(layout.lengths[end]);
      if (!segments.empty() && segments.back().offset + segments.back().length == offset) {
        segments.back().length += layout.lengths[end];
      } else {
        segments.push_back({offset, layout.lengths[end]});
      }
    }
    const xet::ChunkRange range{first + static_cast<uint32_t>(i),
                                first + static_cast<uint32_t>(end)};
    store.insert(unit.fetch.xorb, range, lengths, partial, segments);
    i = end;
  }
}

// The chunks of every unit fetched, by this plan or by earlier ones (before a re-plan).
void keep_fetched_chunks(Self* self) {
  auto& st = self->state;
  const auto& store = source(self).chunk_store;
  if (!store || !store->enabled()) return;
  for (const auto* units : {&st.past_units, &st.units})
    for (const auto& unit : *units)
      if (unit.layout) keep_unit_chunks(*store, *st.partial, unit);
}

void commit(Self* self, const std::string& sha256, const std::string& xet_hash) {
  auto& st = self->state;
  const auto& options = st.setup.options;
  std::string mismatch;
  if (xet_hash != source(self).file_hash) {
    mismatch = "Xet file hash mismatch: expected " + source(self).file_hash + ", got " + xet_hash;
  } else if (options.expected_hash && sha256 != options.expected_hash->hex) {
    mismatch = "SHA-256 mismatch: expected " + options.expected_hash->hex + ", got " + sha256;
  }
  if (!mismatch.empty()) {
    // Wrong bytes and nothing says where: keep nothing, so a rerun (or the plain path) starts
    // from clean ground.
    discard_partial(self);
    deliver_error(self, ErrorKind::integrity,
                  mismatch + " for " + options.output.filename().string() +
                      " (Xet); the download was discarded");
    return;
  }
  if (options.expected_hash) {
    st.report.content_hash = io::ContentHash{options.expected_hash->kind, sha256};
    st.report.hash_checked = true;
  }
  try {
    keep_fetched_chunks(self);
    st.partial->sync();
    st.partial->close();
    io::durable_rename(engine::partial_path(options), options.output);
  } catch (const Error& e) {
    deliver_error(self, e.kind(), e.what());
    return;
  }
  std::error_code ignored;
  std::filesystem::remove(engine::journal_path(options), ignored);
  st.report.via_xet = true;
  engine::close_report(st.report, options, file_size(self),
                       std::chrono::duration<double>(Clock::now() - st.started).count(),
                       st.setup.transport->stats().connections_opened - st.connections_at_start);
  download_outcome outcome;
  outcome.report = st.report;
  deliver(self, std::move(outcome));
}

void finish(Self* self) {
  auto& st = self->state;
  st.stage = Stage::finishing;
  progress(self).phase = static_cast<int>(Phase::finishing);
  auto hasher_failed = [=](const caf::error& e) {
    deliver_error(self, ErrorKind::internal, "hasher: " + self->system().render(e));
  };
  self->request(st.hasher, caf::infinite, digest_atom_v)
      .then(
          [=](const std::string& sha256) {
            self->request(self->state.hasher, caf::infinite, xet_digest_atom_v)
                .then([=](const std::string& xet_hash) { commit(self, sha256, xet_hash); },
                      hasher_failed);
          },
          hasher_failed);
}

// ---------------------------------------------------------------- stopping

// Waits for the transfers and copies in progress, then the writer, then the hasher, so the
// journal holds every chunk that is on disk.
void continue_stop(Self* self) {
  auto& st = self->state;
  if (st.stage != Stage::stopping || st.fetching > 0 || st.copying > 0) return;
  if (st.writer && !st.writer_drained) {
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
  deliver_error(self, st.error_kind, st.error_message);
}

void begin_stop(Self* self, ErrorKind kind, const std::string& message) {
  auto& st = self->state;
  if (st.stage == Stage::stopping || st.stage == Stage::finishing || st.stage == Stage::done) {
    return;
  }
  st.stage = Stage::stopping;
  st.error_kind = kind;
  st.error_message = message;
  for (const auto& unit : st.units)
    if (unit.state == UnitState::fetching) st.setup.transport->cancel(unit.transfer);
  continue_stop(self);
}

// ---------------------------------------------------------------- units

std::shared_ptr<const std::vector<bool>> complete_chunks(const XetSupervisorState& st) {
  auto bits = std::make_shared<std::vector<bool>>(st.coverage->chunk_count());
  for (size_t i = 0; i < bits->size(); ++i)
    (*bits)[i] = st.coverage->chunk_complete(i);
  return bits;
}

size_t parallel_limit(const XetSupervisorState& st) {
  const auto& o = st.setup.options;
  return std::max<size_t>(1, o.connections.value_or(o.tuner.maximum));
}

void start_fetch(Self* self, size_t index) {
  auto& st = self->state;
  auto& unit = st.units[index];
  unit.state = UnitState::fetching;
  ++st.fetching;
  st.report.connections_peak = std::max(st.report.connections_peak, st.fetching);
  progress(self).connections = st.fetching;
  io::HttpRequest request;
  request.url = unit.fetch.url;
  request.headers = xorb_request_headers(unit.fetch);
  request.stall_timeout = st.setup.options.stall_timeout;
  request.connect_timeout = st.setup.options.connect_timeout;
  auto handler = std::make_shared<XorbTransfer>(XorbTransferSetup{
      index, unit.fetch, complete_chunks(st), st.coverage->chunk_size(), st.writer,
      caf::actor_cast<caf::actor>(self), st.setup.pool, st.setup.progress});
  unit.transfer = st.setup.transport->start(std::move(request), std::move(handler));
}

void dispatch(Self* self) {
  auto& st = self->state;
  while (st.stage == Stage::downloading && !st.to_fetch.empty() &&
         st.fetching < parallel_limit(st) && st.setup.budget->try_acquire()) {
    const size_t index = st.to_fetch.front();
    st.to_fetch.pop_front();
    start_fetch(self, index);
  }
}

bool all_bytes_resumed(const XetSupervisorState& st, const xet::PlannedFetch& fetch) {
  return std::all_of(fetch.placements.begin(), fetch.placements.end(), [&](const auto& p) {
    return st.coverage->range_complete(p.file_offset, p.length);
  });
}

// Decides for every unit: done already (resumed), copied from the chunk store, or fetched.
void begin_units(Self* self) {
  auto& st = self->state;
  st.stage = Stage::downloading;
  progress(self).phase = static_cast<int>(Phase::downloading);
  const auto& store = source(self).chunk_store;
  const auto snapshot = complete_chunks(st);
  const auto me = caf::actor_cast<caf::actor>(self);
  for (size_t i = 0; i < st.units.size(); ++i) {
    auto& unit = st.units[i];
    if (all_bytes_resumed(st, unit.fetch)) {
      unit.state = UnitState::done;
      continue;
    }
    if (store) {
      if (auto entry = store->find(unit.fetch.xorb, unit.fetch.range.chunks)) {
        unit.state = UnitState::copying;
        ++st.copying;
        self->send(st.copier, copy_unit{i, unit.fetch, std::move(*entry), store, snapshot,
                                        st.coverage->chunk_size()});
        continue;
      }
    }
    st.to_fetch.push_back(i);
  }
  dispatch(self);
  maybe_finish(self);
}

void maybe_finish(Self* self) {
  auto& st = self->state;
  if (st.stage != Stage::downloading) return;
  const bool units_done = std::all_of(st.units.begin(), st.units.end(),
                                      [](const auto& u) { return u.state == UnitState::done; });
  if (units_done && st.coverage->complete() && st.hashes_pending == 0) finish(self);
}

void retry_later(Self* self, size_t index, const std::string& reason,
                 std::optional<std::chrono::seconds> retry_after) {
  auto& st = self->state;
  auto& unit = st.units[index];
  unit.state = UnitState::waiting;
  if (++unit.attempts > st.setup.options.retry.max_attempts) {
    begin_stop(self, ErrorKind::network,
               "xorb " + unit.fetch.xorb.hex() + ": " + reason + " (after " +
                   std::to_string(unit.attempts) + " attempts; a rerun resumes)");
    return;
  }
  ++st.report.retries;
  progress(self).retries = st.report.retries;
  const double jitter = std::uniform_real_distribution<double>(0, 1)(st.random);
  const auto delay =
      engine::retry_delay(st.setup.options.retry, unit.attempts, jitter, retry_after);
  tell(self, "retrying a xorb range in " + std::to_string(delay.count()) + " ms: " + reason);
  // The writer first takes every block of the failed attempt, so the retry knows which chunks
  // are complete and must not be written again.
  const auto unit_number = static_cast<uint64_t>(st.plan_base + index);
  self->request(st.writer, caf::infinite, drain_atom_v).then([=](drain_atom) {
    self->delayed_send(self, delay, retry_atom_v, unit_number);
  });
}

// ---------------------------------------------------------------- new signed URLs

// Replans that wrote no new byte since the one before; beyond this many the CDN refuses fresh
// URLs too, and the download stops instead of asking forever.
constexpr int kMaxReplansWithoutProgress = 3;

bool may_replan(const XetSupervisorState& st) {
  if (st.stage == Stage::replanning) return true;  // already under way
  const bool progressed = st.coverage->bytes_covered() > st.covered_at_replan;
  return progressed || st.replans_without_progress < kMaxReplansWithoutProgress;
}

// The signed xorb URLs were refused (expired): no new transfer starts; the ones in flight end
// (a refused one comes back as 403 too), then continue_replan asks the CAS again.
void begin_replan(Self* self) {
  auto& st = self->state;
  if (st.stage != Stage::downloading) return;
  st.stage = Stage::replanning;
  const uint64_t covered = st.coverage->bytes_covered();
  st.replans_without_progress =
      covered > st.covered_at_replan ? 0 : st.replans_without_progress + 1;
  st.covered_at_replan = covered;
  tell(self, "the CDN refused a signed xorb URL (HTTP 403, expired?); asking the CAS for new ones");
  continue_replan(self);
}

// Once nothing is in flight and the writer has recorded every block, the units of the old plan
// give way to a plan of the bytes still missing.
void continue_replan(Self* self) {
  auto& st = self->state;
  if (st.stage != Stage::replanning || st.fetching > 0 || st.copying > 0) return;
  if (st.replan_drain_requested) return;
  st.replan_drain_requested = true;
  self->request(st.writer, caf::infinite, drain_atom_v).then([=](drain_atom) {
    auto& state = self->state;
    state.replan_drain_requested = false;
    if (state.stage != Stage::replanning) return;  // stopped meanwhile
    ++state.report.retries;
    progress(self).retries = state.report.retries;
    state.plan_base += state.units.size();
    for (auto& unit : state.units)
      if (unit.layout) state.past_units.push_back(std::move(unit));
    state.units.clear();
    state.to_fetch.clear();
    request_plan(self);
  });
}

void on_xorb_done(Self* self, const xorb_done& d) {
  auto& st = self->state;
  auto& unit = st.units[d.unit];
  --st.fetching;
  st.setup.budget->release();
  progress(self).connections = st.fetching;
  st.report.bytes_fetched += d.body_bytes;
  using Outcome = io::TransferResult::Outcome;
  const auto outcome = static_cast<Outcome>(d.outcome);
  const bool ok = outcome == Outcome::completed && d.status == 206 && d.protocol_error.empty();
  if (ok) {
    unit.state = UnitState::done;
    unit.attempts = 0;
    unit.layout = d.layout;
  } else if (st.stage != Stage::downloading || outcome == Outcome::cancelled) {
    unit.state = UnitState::waiting;
  } else if (!d.protocol_error.empty()) {
    retry_later(self, d.unit, d.protocol_error, std::nullopt);
  } else if (outcome != Outcome::completed) {
    retry_later(self, d.unit, d.stalled ? "stalled" : d.error, std::nullopt);
  } else if (d.status == 429 || d.status >= 500) {
    std::optional<std::chrono::seconds> after;
    if (d.retry_after_seconds >= 0) after = std::chrono::seconds(d.retry_after_seconds);
    retry_later(self, d.unit, "HTTP " + std::to_string(d.status), after);
  } else if (d.status == 403 && may_replan(st)) {
    unit.state = UnitState::waiting;
    begin_replan(self);
  } else {
    // 404: the xorb is gone; 403 again and again: the CDN refuses fresh URLs too. Either way
    // Xet cannot finish this file: the batch falls back to the plain path.
    unit.state = UnitState::waiting;
    begin_stop(
        self, d.status == 403 ? ErrorKind::auth : ErrorKind::http_status,
        "the CDN answered HTTP " + std::to_string(d.status) + " for xorb " + unit.fetch.xorb.hex());
  }
  dispatch(self);
  continue_replan(self);
  continue_stop(self);
  maybe_finish(self);
}

void on_copy_done(Self* self, const copy_done& c) {
  auto& st = self->state;
  auto& unit = st.units[c.unit];
  --st.copying;
  if (c.ok) {
    unit.state = UnitState::done;
    st.report.bytes_reused += c.bytes;
  } else {
    tell(self, "a chunk store entry was unusable (" + c.error + "); fetching those chunks");
    unit.state = UnitState::waiting;
    if (st.stage == Stage::downloading) st.to_fetch.push_back(c.unit);
  }
  dispatch(self);
  continue_replan(self);
  continue_stop(self);
  maybe_finish(self);
}

// ---------------------------------------------------------------- written and hashed bytes

void on_bytes_written(Self* self, const bytes_written& w) {
  auto& st = self->state;
  for (const size_t chunk : st.coverage->record(w.offset, w.length)) {
    ++st.hashes_pending;
    self->send(st.hasher, hash_chunk{chunk, false, 0, false});
  }
  progress(self).bytes_done = st.coverage->bytes_covered();
}

void on_chunk_hashed(Self* self, const chunk_hashed& h) {
  auto& st = self->state;
  --st.hashes_pending;
  if (h.check_against_journal) {
    if (h.matches) {
      st.coverage->mark_chunk_done(h.chunk);
      const uint64_t begin = h.chunk * st.coverage->chunk_size();
      st.report.bytes_resumed +=
          std::min(file_size(self), begin + st.coverage->chunk_size()) - begin;
      progress(self).bytes_done = st.coverage->bytes_covered();
    }
    if (st.stage == Stage::checking && st.hashes_pending == 0) request_plan(self);
    return;
  }
  if (st.journal) st.journal->append({h.chunk, h.xxh3});
}

// ---------------------------------------------------------------- planning and preparing

bool dedicated_threads(uint64_t size) {
  return size >= (64ull << 20);
}

// Opens the journal: resumes it when it was written for this Xet file, else starts afresh.
void open_journal(Self* self) {
  auto& st = self->state;
  const auto& options = st.setup.options;
  const auto path = engine::journal_path(options);
  const uint64_t size = file_size(self);
  const auto previous = engine::read_journal(path);
  const bool resumable = previous && previous->header.file_size == size &&
                         previous->header.source == journal_identity(self) &&
                         st.partial->size() == size;
  if (resumable) {
    st.coverage.emplace(size, previous->header.chunk_size);
    st.journal = engine::JournalWriter::append_to(path);
    for (const auto& record : previous->records)
      if (record.chunk < st.coverage->chunk_count()) st.claims[record.chunk] = record.xxh3;
    return;
  }
  if (previous || st.partial->size() > 0)
    tell(self, "the partial download is for other bytes; starting over");
  st.partial->truncate(0);
  st.coverage.emplace(size, options.chunk_size);
  st.journal =
      engine::JournalWriter::create(path, {size, options.chunk_size, "", journal_identity(self)});
}

// The byte ranges of the file not yet in complete chunks, merged; at most kMaxPlanRanges
// (beyond that, one range from the first missing byte to the last).
constexpr size_t kMaxPlanRanges = 32;

std::vector<xet::ByteRange> missing_ranges(const engine::WriteCoverage& coverage) {
  std::vector<xet::ByteRange> ranges;
  const uint64_t chunk = coverage.chunk_size();
  for (size_t i = 0; i < coverage.chunk_count(); ++i) {
    if (coverage.chunk_complete(i)) continue;
    const uint64_t first = i * chunk;
    const uint64_t last = std::min(coverage.file_size(), first + chunk) - 1;
    if (!ranges.empty() && ranges.back().last + 1 == first) {
      ranges.back().last = last;
    } else {
      ranges.push_back({first, last});
    }
  }
  if (ranges.size() > kMaxPlanRanges) ranges = {{ranges.front().first, ranges.back().last}};
  return ranges;
}

void on_plan(Self* self, const xet_plan& plan) {
  auto& st = self->state;
  if (st.stage != Stage::planning) return;  // stopped while the CAS was asked
  if (!plan.plans) {
    deliver_error(self, plan.kind, "Xet: " + plan.error);
    return;
  }
  if (plan.api_version == 1) tell(self, "the CAS has no v2 reconstructions; using v1");
  for (const auto& part : *plan.plans)
    for (const auto& fetch : part.fetches)
      st.units.push_back({fetch, UnitState::waiting, 0, 0, nullptr});
  begin_units(self);
}

// The planner: the reconstruction of every missing range (token, then CAS). The requests
// block, so it runs on a thread of its own, answers one plan_atom and quits. Its inputs are
// spawn arguments, not captures: CAF 0.17 dereferences a null argument tuple when a function
// actor is spawned without arguments (UBSan reports it).
caf::behavior reconstruction_planner(caf::event_based_actor* thread,
                                     std::shared_ptr<io::HttpTransport> transport,
                                     engine::XetSource xet, std::vector<xet::ByteRange> ranges) {
  return {[=](plan_atom) -> xet_plan {
    thread->quit();
    try {
      auto plans = std::make_shared<std::vector<xet::ReassemblyPlan>>();
      int version = 2;
      for (const auto& range : ranges) {
        const auto fetched =
            xet::fetch_reconstruction(*transport, *xet.tokens, xet.file_hash, range);
        version = std::min(version, fetched.api_version);
        plans->push_back(xet::plan_reassembly(fetched.reconstruction, range));
      }
      return {std::move(plans), version, ErrorKind::internal, {}};
    } catch (const Error& e) {
      return {nullptr, 2, e.kind(), e.what()};
    }
  }};
}

void request_plan(Self* self) {
  auto& st = self->state;
  st.stage = Stage::planning;
  auto planner = self->spawn<caf::detached>(reconstruction_planner, st.setup.transport,
                                            source(self), missing_ranges(*st.coverage));
  self->request(planner, caf::infinite, plan_atom_v)
      .then([=](const xet_plan& plan) { on_plan(self, plan); },
            [=](const caf::error& e) {
              deliver_error(self, ErrorKind::internal, "Xet planner: " + self->system().render(e));
            });
}

// The partial file, its journal and the actors that write and hash it; then either re-checks
// the chunks the journal claims or plans the whole file.
void prepare(Self* self) {
  auto& st = self->state;
  const uint64_t size = file_size(self);
  open_journal(self);
  st.partial->preallocate(size);
  const auto me = caf::actor_cast<caf::actor>(self);
  const auto& options = st.setup.options;
  std::optional<io::ContentHashKind> kind;
  if (options.expected_hash) kind = options.expected_hash->kind;
  const uint64_t chunk = st.coverage->chunk_size();
  if (dedicated_threads(size)) {
    st.writer = self->spawn<caf::monitored + caf::detached>(file_writer, st.partial, me);
    st.hasher = self->spawn<caf::monitored + caf::detached>(chunk_hasher, st.partial, me, size,
                                                            chunk, kind, true);
  } else {
    st.writer = self->spawn<caf::monitored>(file_writer, st.partial, me);
    st.hasher = self->spawn<caf::monitored>(chunk_hasher, st.partial, me, size, chunk, kind, true);
  }
  st.copier = self->spawn<caf::monitored + caf::detached>(chunk_copier, st.partial, me);
  progress(self).total_size = size;
  progress(self).size_known = true;
  if (st.claims.empty()) {
    request_plan(self);
    return;
  }
  st.stage = Stage::checking;
  progress(self).phase = static_cast<int>(Phase::checking);
  tell(self, "resuming: re-checking " + std::to_string(st.claims.size()) +
                 " chunks from the previous run");
  for (const auto& [c, xxh3] : st.claims) {
    ++st.hashes_pending;
    self->send(st.hasher, hash_chunk{c, true, xxh3, false});
  }
}

void start(Self* self) {
  auto& st = self->state;
  const auto& options = st.setup.options;
  st.started = Clock::now();
  st.connections_at_start = st.setup.transport->stats().connections_opened;
  if (!options.xet || !options.xet->tokens || !options.expected_size ||
      *options.expected_size == 0) {
    deliver_error(self, ErrorKind::internal, "a Xet download needs a Xet source and a size");
    return;
  }
  try {
    st.partial = std::make_shared<io::FileHandle>(
        io::FileHandle::open_read_write(engine::partial_path(options)));
    if (!st.partial->try_lock_exclusive()) {
      throw Error(ErrorKind::io,
                  "another turbofetch process is downloading to " + options.output.string());
    }
    prepare(self);
  } catch (const Error& e) {
    deliver_error(self, e.kind(), e.what());
    return;
  }
  self->send(self, tick_atom_v);
}

void on_tick(Self* self) {
  auto& st = self->state;
  if (st.stage == Stage::done) return;
  if (progress(self).stop_requested) {
    begin_stop(self, ErrorKind::cancelled,
               "interrupted; the partial download is kept and the next run resumes it");
  }
  dispatch(self);  // slots other files gave back
  self->delayed_send(self, kTick, tick_atom_v);
}

void on_down(Self* self, const caf::down_msg& down) {
  auto& st = self->state;
  const bool abnormal = down.reason && down.reason != caf::exit_reason::user_shutdown;
  if (abnormal && st.stage != Stage::done) {
    deliver_error(self, ErrorKind::internal,
                  "a Xet download actor failed: " + self->system().render(down.reason));
  }
}

template <class F>
void guarded(Self* self, F&& f) {
  try {
    f();
  } catch (const Error& e) {
    begin_stop(self, e.kind(), e.what());
    continue_stop(self);
  }
}

}  // namespace

caf::behavior xet_supervisor(Self* self, SupervisorSetup setup) {
  self->state.setup = std::move(setup);
  self->set_down_handler([=](caf::down_msg& down) { on_down(self, down); });
  return {
      [=](run_atom) -> caf::result<download_outcome> {
        self->state.reply = self->make_response_promise();
        start(self);
        return self->state.reply;
      },
      [=](tick_atom) { on_tick(self); },
      [=](const xorb_done& d) { guarded(self, [&] { on_xorb_done(self, d); }); },
      [=](const copy_done& c) { guarded(self, [&] { on_copy_done(self, c); }); },
      [=](const bytes_written& w) {
        guarded(self, [&] { on_bytes_written(self, w); });
        maybe_finish(self);
      },
      [=](const chunk_hashed& h) {
        guarded(self, [&] { on_chunk_hashed(self, h); });
        continue_stop(self);
        maybe_finish(self);
      },
      [=](retry_atom, uint64_t unit_number) {
        auto& st = self->state;
        // A retry of a unit of an earlier plan is void: the new plan has its bytes.
        if (st.stage != Stage::downloading || unit_number < st.plan_base) return;
        const auto index = static_cast<size_t>(unit_number - st.plan_base);
        if (index >= st.units.size() || st.units[index].state != UnitState::waiting) return;
        st.to_fetch.push_front(index);
        dispatch(self);
      },
      [=](const job_error& e) {
        begin_stop(self, e.kind, e.message);
        continue_stop(self);
      },
  };
}

}  // namespace tf::actors

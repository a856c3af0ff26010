#include "actors/batch_download.hpp"

#include <algorithm>

#include "actors/download_supervisor.hpp"
#include "actors/xet_supervisor.hpp"

namespace tf::actors {

namespace {

using Self = caf::stateful_actor<BatchState>;
using Clock = BatchState::Clock;
using namespace std::chrono_literals;

constexpr auto kTick = 100ms;
constexpr auto kBusyRetry = 500ms;

FileOutcome failure(const BatchFile& file, ErrorKind kind, std::string message) {
  return FileOutcome{file.label, std::nullopt, kind, std::move(message)};
}

void record(Self* self, size_t index, FileOutcome outcome) {
  auto& st = self->state;
  auto& p = *st.setup.progress;
  const BatchFile& file = st.setup.files[index];
  st.bytes_finished += file.size;
  if (outcome.report) {
    st.fetched_finished += outcome.report->bytes_fetched;
    st.report.bytes_resumed += outcome.report->bytes_resumed;
    st.report.bytes_reused += outcome.report->bytes_reused;
    if (outcome.report->via_xet) ++st.report.xet_files;
    if (outcome.report->xet_fell_back) ++st.report.xet_fallbacks;
    st.report.retries += outcome.report->retries;
    ++p.files_done;
  } else {
    ++p.files_failed;
    if (outcome.error_kind != ErrorKind::cancelled && st.setup.notice) {
      st.setup.notice(file.label + ": " + outcome.error);
    }
  }
  st.outcomes[index] = std::move(outcome);
}

// Runs the file's `after` hook on a finished download and records the outcome.
void finish_file(Self* self, size_t index, engine::DownloadReport report) {
  const BatchFile& file = self->state.setup.files[index];
  try {
    if (file.after) file.after(report);
    record(self, index, FileOutcome{file.label, std::move(report), ErrorKind::internal, {}});
  } catch (const Error& e) {
    record(self, index, failure(file, e.kind(), e.what()));
  }
}

void fill(Self* self);
void maybe_deliver(Self* self);
void launch(Self* self, size_t index, engine::DownloadOptions options);

void start_file(Self* self, size_t index) {
  auto& st = self->state;
  BatchFile& file = st.setup.files[index];
  engine::DownloadOptions options = file.options;
  BatchStart decision = BatchStart::download;
  try {
    if (file.before) decision = file.before(options);
  } catch (const Error& e) {
    record(self, index, failure(file, e.kind(), e.what()));
    return;
  }
  if (decision == BatchStart::done_already) {
    engine::DownloadReport report;
    report.path = options.output;
    report.size = file.size;
    report.already_complete = true;
    finish_file(self, index, std::move(report));
    return;
  }
  if (decision == BatchStart::busy) {
    // Another process is on it; look again soon (its lock will be free, or the blob there).
    self->delayed_send(self, kBusyRetry, retry_atom_v, static_cast<uint64_t>(index));
    return;
  }
  launch(self, index, std::move(options));
}

// Runs the file's download: over Xet when the options say so, else the plain (range) path. A
// Xet download that fails for any reason but a stop is tried once more on the plain path (the
// Hub serves every Xet file as plain bytes too), as huggingface_hub falls back when hf_xet fails.
void launch(Self* self, size_t index, engine::DownloadOptions options) {
  auto& st = self->state;
  auto counters = std::make_shared<ProgressCounters>();
  const bool via_xet = options.xet.has_value();
  SupervisorSetup setup{options,  st.setup.transport, st.setup.pool,
                        counters, st.setup.notice,    st.setup.budget};
  auto supervisor = via_xet ? self->spawn(xet_supervisor, std::move(setup))
                            : self->spawn(download_supervisor, std::move(setup));
  st.active[supervisor.address()] = BatchState::Active{index, supervisor, counters};
  self->request(supervisor, caf::infinite, run_atom_v)
      .then(
          [=](download_outcome& outcome) mutable {
            auto& s = self->state;
            s.active.erase(supervisor.address());
            if (!outcome.report && via_xet && outcome.error_kind != ErrorKind::cancelled &&
                !s.setup.progress->stop_requested) {
              if (s.setup.notice) {
                s.setup.notice(s.setup.files[index].label + ": " + outcome.error_message +
                               "; falling back to the plain download");
              }
              s.fell_back.insert(index);
              options.xet.reset();
              launch(self, index, std::move(options));
              return;
            }
            if (outcome.report) {
              outcome.report->xet_fell_back = s.fell_back.count(index) > 0;
              finish_file(self, index, std::move(*outcome.report));
            } else {
              record(self, index,
                     failure(s.setup.files[index], outcome.error_kind, outcome.error_message));
            }
            fill(self);
            maybe_deliver(self);
          },
          [=](const caf::error& e) {
            self->state.active.erase(supervisor.address());
            record(self, index,
                   failure(self->state.setup.files[index], ErrorKind::internal,
                           self->system().render(e)));
            fill(self);
            maybe_deliver(self);
          });
}

// Starts files while a connection is free: each needs one for its first request.
void fill(Self* self) {
  auto& st = self->state;
  if (st.setup.progress->stop_requested) return;
  while (!st.pending.empty() && st.active.size() < st.setup.budget->total() &&
         st.setup.budget->available() > 0) {
    const size_t index = st.pending.back();
    st.pending.pop_back();
    start_file(self, index);
  }
}

void publish(Self* self) {
  auto& st = self->state;
  auto& p = *st.setup.progress;
  uint64_t done = st.bytes_finished;
  uint64_t fetched = st.fetched_finished;
  uint64_t retries = st.report.retries;
  std::vector<BatchProgress::FileInFlight> in_flight;
  for (const auto& [addr, a] : st.active) {
    const uint64_t file_done = a.progress->bytes_done;
    done += file_done;
    fetched += a.progress->bytes_fetched;
    retries += a.progress->retries;
    in_flight.push_back({st.setup.files[a.index].label, file_done, st.setup.files[a.index].size});
  }
  std::sort(in_flight.begin(), in_flight.end(),
            [](const auto& a, const auto& b) { return a.size > b.size; });
  p.bytes_done = done;
  p.bytes_fetched = fetched;
  // The budget's count, not the sum of per-file counters published at different moments.
  p.connections = st.setup.budget->total() - st.setup.budget->available();
  p.retries = retries;
  p.set_in_flight(std::move(in_flight));
  // Peak rate over one-second windows.
  const auto now = Clock::now();
  st.rate_samples.emplace_back(now, fetched);
  while (st.rate_samples.size() > 2 && now - st.rate_samples.front().first > 1s) {
    st.rate_samples.erase(st.rate_samples.begin());
  }
  const auto& [t0, b0] = st.rate_samples.front();
  const double seconds = std::chrono::duration<double>(now - t0).count();
  if (seconds >= 0.9) {
    st.report.peak_rate =
        std::max(st.report.peak_rate, static_cast<double>(fetched - b0) / seconds);
  }
}

void maybe_deliver(Self* self) {
  auto& st = self->state;
  if (st.done || !st.active.empty()) return;
  const bool stopping = st.setup.progress->stop_requested;
  if (!st.pending.empty() && !stopping) return;
  // Files never started (a stop) are reported as cancelled.
  for (const size_t index : st.pending) {
    record(self, index, failure(st.setup.files[index], ErrorKind::cancelled, "not started"));
  }
  st.pending.clear();
  // A file retried because it was busy may still be waiting for its retry.
  for (const auto& outcome : st.outcomes) {
    if (!outcome && !stopping) return;
  }
  publish(self);
  st.done = true;
  auto& r = st.report;
  for (size_t i = 0; i < st.outcomes.size(); ++i) {
    r.files.push_back(st.outcomes[i]
                          ? std::move(*st.outcomes[i])
                          : failure(st.setup.files[i], ErrorKind::cancelled, "not started"));
  }
  r.bytes_total = st.setup.progress->bytes_total;
  r.bytes_fetched = st.setup.progress->bytes_fetched;
  r.seconds = std::chrono::duration<double>(Clock::now() - st.started).count();
  r.mean_rate = r.seconds > 0 ? static_cast<double>(r.bytes_fetched) / r.seconds : 0;
  r.peak_rate = std::max(r.peak_rate, r.mean_rate);
  r.connections_peak = st.setup.budget->peak();
  r.connections_opened = st.setup.transport->stats().connections_opened - st.connections_at_start;
  st.reply.deliver(batch_outcome{std::move(r)});
  self->quit();
}

void on_tick(Self* self) {
  auto& st = self->state;
  if (st.done) return;
  if (st.setup.progress->stop_requested) {
    for (const auto& [addr, a] : st.active)
      a.progress->stop_requested = true;
  }
  fill(self);
  publish(self);
  maybe_deliver(self);
  if (!st.done) self->delayed_send(self, kTick, tick_atom_v);
}

void start(Self* self) {
  auto& st = self->state;
  st.started = Clock::now();
  st.connections_at_start = st.setup.transport->stats().connections_opened;
  st.setup.budget->reset_peak();
  st.outcomes.resize(st.setup.files.size());
  auto& p = *st.setup.progress;
  p.files_total = st.setup.files.size();
  uint64_t total = 0;
  for (size_t i = 0; i < st.setup.files.size(); ++i) {
    st.pending.push_back(i);
    total += st.setup.files[i].size;
  }
  p.bytes_total = total;
  // Largest first: they take longest, and small files fill the connections they leave.
  std::sort(st.pending.begin(), st.pending.end(),
            [&](size_t a, size_t b) { return st.setup.files[a].size < st.setup.files[b].size; });
  fill(self);
  maybe_deliver(self);
  if (!st.done) self->send(self, tick_atom_v);
}

}  // namespace

size_t BatchReport::failed() const {
  return static_cast<size_t>(
      std::count_if(files.begin(), files.end(), [](const FileOutcome& f) { return !f.report; }));
}

std::vector<BatchProgress::FileInFlight> BatchProgress::in_flight() const {
  std::lock_guard lock(mutex_);
  return in_flight_;
}

void BatchProgress::set_in_flight(std::vector<FileInFlight> files) {
  std::lock_guard lock(mutex_);
  in_flight_ = std::move(files);
}

caf::behavior batch_supervisor(Self* self, BatchSetup setup) {
  self->state.setup = std::move(setup);
  return {
      [=](run_atom) -> caf::result<batch_outcome> {
        self->state.reply = self->make_response_promise();
        start(self);
        return self->state.reply;
      },
      [=](tick_atom) { on_tick(self); },
      [=](retry_atom, uint64_t index) {
        if (self->state.setup.progress->stop_requested) {
          record(self, index,
                 failure(self->state.setup.files[index], ErrorKind::cancelled, "not started"));
          maybe_deliver(self);
          return;
        }
        start_file(self, static_cast<size_t>(index));
        maybe_deliver(self);
      },
  };
}

}  // namespace tf::actors

#include "actors/range_worker.hpp"

#include "actors/range_transfer.hpp"
#include "io/url.hpp"

namespace tf::actors {

namespace {

using Self = caf::stateful_actor<RangeWorkerState>;
using Outcome = io::TransferResult::Outcome;

ErrorKind kind_of_status(long status) {
  if (status == 404 || status == 410) return ErrorKind::not_found;
  if (status == 401 || status == 403) return ErrorKind::auth;
  return ErrorKind::http_status;
}

// Why a transfer did not finish its item, in words for the user.
std::string describe_failure(const transfer_done& d) {
  if (!d.protocol_error.empty()) return d.protocol_error;
  if (d.stalled) return "no data received (stalled connection)";
  if (d.outcome == static_cast<int>(Outcome::failed)) return d.error;
  if (d.status != 0 && (d.status < 200 || d.status >= 300)) {
    return "HTTP " + std::to_string(d.status);
  }
  return "the response ended before the range was complete";
}

void start_transfer(Self* self) {
  auto& st = self->state;
  const fetch_range& job = *st.job;
  io::HttpRequest request;
  request.url = job.url;
  request.headers = job.headers;
  for (auto& h : range_request_headers(job, job.cursor->received()))
    request.headers.push_back(h);
  request.stall_timeout = st.config.stall_timeout;
  request.connect_timeout = st.config.connect_timeout;
  auto handler = std::make_shared<RangeTransfer>(RangeTransferSetup{
      job.item, job.cursor, job.digester, job.probe, job.total, caf::actor_cast<caf::actor>(self),
      st.config.writer, st.config.supervisor, st.config.pool});
  st.transfer = st.config.transport->start(std::move(request), std::move(handler));
  st.transfer_active = true;
}

void fail(Self* self, ErrorKind kind, const std::string& why) {
  auto& st = self->state;
  const std::string message = "GET " + io::loggable_url(st.job->url) + ": " + why;
  self->send(st.config.supervisor, range_failed{st.job->item, kind, message});
  st.job.reset();
}

void schedule_retry(Self* self, const transfer_done& d) {
  auto& st = self->state;
  const uint64_t received = st.job->cursor->received();
  if (received > st.received_at_last_failure) st.attempts = 0;  // progress resets the budget
  st.received_at_last_failure = received;
  ++st.attempts;
  const std::string why = describe_failure(d);
  if (st.attempts > st.config.retry.max_attempts) {
    const ErrorKind kind = !d.protocol_error.empty() ? ErrorKind::protocol
                           : d.status >= 400         ? kind_of_status(d.status)
                                                     : ErrorKind::network;
    fail(self, kind, why + " (gave up after " + std::to_string(st.attempts) + " attempts)");
    return;
  }
  std::optional<std::chrono::seconds> retry_after;
  if (d.retry_after_seconds >= 0) retry_after = std::chrono::seconds(d.retry_after_seconds);
  const double jitter = std::uniform_real_distribution<double>(0, 1)(st.random);
  const auto delay = engine::retry_delay(st.config.retry, st.attempts, jitter, retry_after);
  self->send(st.config.supervisor,
             retry_scheduled{st.job->item, static_cast<uint64_t>(delay.count()), why});
  self->delayed_send(self, delay, retry_atom_v, st.job->item);
}

// Decides what an ended transfer means for the work item.
void on_transfer_done(Self* self, const transfer_done& d) {
  auto& st = self->state;
  const fetch_range& job = *st.job;
  const bool completed = d.outcome == static_cast<int>(Outcome::completed);
  const bool success_status =
      d.status == 206 || (job.probe && (d.status == 200 || d.status == 416));
  if (job.cursor->finished() || (job.probe && completed && success_status)) {
    self->send(st.config.supervisor, range_finished{job.item});
    st.job.reset();
    return;
  }
  if (d.range_ignored) {
    self->send(st.config.supervisor,
               range_restart{job.item,
                             "the server answered a range request with the whole "
                             "object (no Range support, or a new version)"});
    st.job.reset();
    return;
  }
  if (job.probe && d.status == 200) {
    // A single stream without Range support cannot continue where it broke.
    self->send(st.config.supervisor,
               range_restart{job.item,
                             "the connection broke and the server does not support "
                             "ranges: " +
                                 describe_failure(d)});
    st.job.reset();
    return;
  }
  if (completed && d.status >= 300 && d.protocol_error.empty()) {
    switch (engine::classify_status(d.status)) {
      case engine::FailureAction::restart:
        self->send(st.config.supervisor,
                   range_restart{job.item, "HTTP " + std::to_string(d.status) +
                                               ": the object changed on the server"});
        st.job.reset();
        return;
      case engine::FailureAction::fail:
        fail(self, kind_of_status(d.status), "HTTP " + std::to_string(d.status));
        return;
      case engine::FailureAction::retry:
        break;
    }
  }
  schedule_retry(self, d);
}

}  // namespace

caf::behavior range_worker(Self* self, RangeWorkerConfig config) {
  self->state.config = std::move(config);
  return {
      [=](fetch_range& job) {
        auto& st = self->state;
        st.received_at_last_failure = job.cursor->received();
        st.attempts = 0;
        st.job = std::move(job);
        start_transfer(self);
      },
      [=](transfer_done& d) {
        auto& st = self->state;
        st.transfer_active = false;
        if (st.stopping) {
          self->send(st.config.supervisor, worker_stopped{});
          self->quit();
          return;
        }
        if (st.job && st.job->item == d.item) on_transfer_done(self, d);
      },
      [=](retry_atom, uint64_t item) {
        auto& st = self->state;
        if (!st.stopping && st.job && st.job->item == item && !st.transfer_active) {
          start_transfer(self);
        }
      },
      [=](stop_atom) {
        auto& st = self->state;
        st.stopping = true;
        if (st.transfer_active) {
          st.config.transport->cancel(st.transfer);
        } else {
          self->send(st.config.supervisor, worker_stopped{});
          self->quit();
        }
      },
  };
}

}  // namespace tf::actors

#include "tools/hub/http/request_log.hpp"

#include <nlohmann/json.hpp>

#include "tools/hub/sys/digest.hpp"

namespace tf::hub::http {

namespace {

std::string_view to_string(RequestState state) {
  switch (state) {
    case RequestState::in_progress:
      return "in_progress";
    case RequestState::complete:
      return "complete";
    case RequestState::aborted:
      return "aborted";
  }
  return "in_progress";
}

template <class T>
nlohmann::json optional_json(const std::optional<T>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json();
}

}  // namespace

std::string redact_authorization(std::string_view value) {
  const auto space = value.find(' ');
  const auto scheme = space == std::string_view::npos ? std::string_view() : value.substr(0, space);
  const auto credentials = space == std::string_view::npos ? value : value.substr(space + 1);
  const std::string fingerprint = "sha256:" + sys::sha256_hex(credentials).substr(0, 12);
  return scheme.empty() ? fingerprint : std::string(scheme) + " " + fingerprint;
}

nlohmann::json to_json(const LoggedRequest& entry) {
  return {{"seq", entry.seq},
          {"listener", http::to_string(entry.listener)},
          {"method", entry.method},
          {"target", entry.target},
          {"host", optional_json(entry.host)},
          {"range", optional_json(entry.range)},
          {"if_range", optional_json(entry.if_range)},
          {"authorization", optional_json(entry.authorization)},
          {"status", entry.status},
          {"body_bytes", optional_json(entry.body_bytes)},
          {"state", to_string(entry.state)},
          {"fault_rule", optional_json(entry.fault_rule)}};
}

uint64_t RequestLog::begin(LoggedRequest entry) {
  const std::lock_guard lock(mutex_);
  entry.seq = next_seq_++;
  entry.state = RequestState::in_progress;
  entries_.push_back(std::move(entry));
  if (entries_.size() > capacity_) entries_.pop_front();
  ++in_progress_;
  return entries_.back().seq;
}

void RequestLog::finish(uint64_t seq, RequestState state, std::optional<uint64_t> body_bytes) {
  {
    const std::lock_guard lock(mutex_);
    if (in_progress_ > 0) --in_progress_;
    if (!entries_.empty() && seq >= entries_.front().seq) {
      const uint64_t index = seq - entries_.front().seq;
      if (index < entries_.size()) {
        entries_[index].state = state;
        entries_[index].body_bytes = body_bytes;
      }
    }
  }
  idle_.notify_all();
}

std::vector<LoggedRequest> RequestLog::snapshot() const {
  const std::lock_guard lock(mutex_);
  return {entries_.begin(), entries_.end()};
}

void RequestLog::clear() {
  const std::lock_guard lock(mutex_);
  entries_.clear();
}

bool RequestLog::wait_until_idle(std::chrono::milliseconds limit) const {
  std::unique_lock lock(mutex_);
  return idle_.wait_for(lock, limit, [this] { return in_progress_ == 0; });
}

}  // namespace tf::hub::http

// What the server saw and answered, for tests to assert on (GET /_admin/requests): one entry
// per request, created when the response starts and completed when it ends. Tokens are never
// stored: an Authorization value is kept as its scheme and a fingerprint.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "tools/hub/http/request.hpp"

namespace tf::hub::http {

enum class RequestState {
  in_progress,  // the response is being sent
  complete,     // the whole response was handed to the socket
  aborted,      // the connection ended first (client gone, or a fault cut it)
};

struct LoggedRequest {
  uint64_t seq = 0;
  Listener listener = Listener::hub;
  std::string method;
  std::string target;  // path and query as received
  std::optional<std::string> host;
  std::optional<std::string> range;
  std::optional<std::string> if_range;
  std::optional<std::string> authorization;  // redacted, see redact_authorization
  int status = 0;
  // Body bytes handed to the socket; unknown (nullopt) when a sendfile body was cut short.
  std::optional<uint64_t> body_bytes;
  RequestState state = RequestState::in_progress;
  std::optional<size_t> fault_rule;  // index of the fault rule applied, if any
};

// "Bearer hf_abc" -> "Bearer sha256:<first 12 hex digits of sha256("hf_abc")>": enough to tell
// which token was sent, useless to anyone reading logs.
std::string redact_authorization(std::string_view value);

nlohmann::json to_json(const LoggedRequest& entry);

class RequestLog {
 public:
  // Keeps the last `capacity` entries.
  explicit RequestLog(size_t capacity = 100'000) : capacity_(capacity) {}

  // Records a response that starts now; returns its sequence number.
  uint64_t begin(LoggedRequest entry);
  void finish(uint64_t seq, RequestState state, std::optional<uint64_t> body_bytes);

  std::vector<LoggedRequest> snapshot() const;
  void clear();
  // Waits until no response is in progress, at most `limit`; true when that happened.
  bool wait_until_idle(std::chrono::milliseconds limit) const;

 private:
  const size_t capacity_;
  mutable std::mutex mutex_;
  mutable std::condition_variable idle_;
  std::deque<LoggedRequest> entries_;  // consecutive sequence numbers
  uint64_t next_seq_ = 1;
  size_t in_progress_ = 0;
};

}  // namespace tf::hub::http

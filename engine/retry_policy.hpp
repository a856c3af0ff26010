// What to do when a request fails: retry after a delay (exponential backoff with jitter, or
// the server's Retry-After), start the object over, or give up with an error. Pure functions
// over the failure; the actors apply them.
#pragma once

#include <chrono>
#include <optional>
#include <string>

namespace tf::engine {

struct RetryPolicy {
  // Consecutive failures of one work item without a single new byte before the download
  // fails. Progress resets the count, so a long download over a flaky link still finishes.
  int max_attempts = 8;
  std::chrono::milliseconds base_delay{250};
  std::chrono::milliseconds max_delay{20'000};
  // A Retry-After longer than this is clamped: a server asking for an hour gets our cap.
  std::chrono::milliseconds max_retry_after{120'000};
};

enum class FailureAction {
  retry,    // transient: the same request again, from the last byte received
  restart,  // the object changed or ignores Range: start the file over, single version
  fail,     // permanent: report the error
};

// Classifies an HTTP status of a response to a range or probe request.
FailureAction classify_status(long status);

// The delay before attempt number `attempt` (1 for the first retry). `jitter` in [0, 1) comes
// from the caller's random source, so tests are deterministic.
std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt, double jitter,
                                      std::optional<std::chrono::seconds> retry_after);

}  // namespace tf::engine

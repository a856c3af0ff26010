#include "engine/retry_policy.hpp"

#include <algorithm>
#include <cmath>

namespace tf::engine {

FailureAction classify_status(long status) {
  switch (status) {
    case 408:  // request timeout
    case 425:  // too early
    case 429:  // too many requests
    case 500:
    case 502:
    case 503:
    case 504:
      return FailureAction::retry;
    case 412:  // If-Range / If-Match precondition: the object changed
    case 416:  // range not satisfiable: the object shrank
      return FailureAction::restart;
    default:
      return status >= 500 ? FailureAction::retry : FailureAction::fail;
  }
}

std::chrono::milliseconds retry_delay(const RetryPolicy& policy, int attempt, double jitter,
                                      std::optional<std::chrono::seconds> retry_after) {
  jitter = std::clamp(jitter, 0.0, 1.0);
  if (retry_after) {
    // Honour the server, plus up to 10% so that many clients do not return in lockstep.
    const auto asked = std::min<std::chrono::milliseconds>(*retry_after, policy.max_retry_after);
    return asked + std::chrono::milliseconds(
                       static_cast<int64_t>(static_cast<double>(asked.count()) * 0.1 * jitter));
  }
  const double exponential =
      static_cast<double>(policy.base_delay.count()) * std::pow(2.0, std::max(0, attempt - 1));
  const double capped = std::min(exponential, static_cast<double>(policy.max_delay.count()));
  // "Equal jitter": half fixed, half random.
  return std::chrono::milliseconds(static_cast<int64_t>(capped * (0.5 + 0.5 * jitter)));
}

}  // namespace tf::engine

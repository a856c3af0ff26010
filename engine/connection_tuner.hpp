// How many connections a download should use. Unless the user fixes the number, the tuner
// starts small and grows while the aggregate rate keeps rising by a clear margin: it
// quadruples when the last step paid almost linearly (the sign of a per-connection cap, like a
// CDN's limit_rate), doubles when it paid less. When a step stops paying, it steps back to the
// previous level and stays. A capped link therefore reaches the maximum within a couple of
// seconds, while a link that a few connections already fill keeps few.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace tf::engine {

struct TunerOptions {
  size_t initial = 8;
  size_t maximum = 64;
  // Each level is measured for `settle` (ignored: new connections ramp up) then `measure`.
  std::chrono::milliseconds settle{150};
  std::chrono::milliseconds measure{300};
  double min_gain = 0.15;    // a step must raise the rate by at least this fraction
  double linear_gain = 0.6;  // a doubling that raised the rate this much is near-linear
};

class ConnectionTuner {
 public:
  using Clock = std::chrono::steady_clock;

  // `fixed` pins the count (--connections N).
  ConnectionTuner(TunerOptions options, std::optional<size_t> fixed, Clock::time_point now);

  // Feeds the total bytes received so far; returns the number of connections to use now.
  size_t update(Clock::time_point now, uint64_t total_bytes);
  size_t target() const { return level_; }
  bool settled() const { return !growing_; }
  double best_rate() const { return best_rate_; }

 private:
  void start_level(size_t level, Clock::time_point now);

  TunerOptions options_;
  size_t level_;
  size_t previous_level_ = 0;
  bool growing_;
  double best_rate_ = 0;
  Clock::time_point level_start_;
  std::optional<uint64_t> measure_start_bytes_;
};

}  // namespace tf::engine

// How many connections a download should use. Unless the user fixes the number, the tuner
// starts small and doubles while the aggregate rate keeps rising by a clear margin; when a
// doubling stops paying, it steps back to the previous level and stays. A per-connection cap
// (a CDN's limit_rate) therefore drives it to the maximum, while a link that one or two
// connections already fill keeps few.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>

namespace tf::engine {

struct TunerOptions {
  size_t initial = 4;
  size_t maximum = 64;
  // Each level is measured for `settle` (ignored: new connections ramp up) then `measure`.
  std::chrono::milliseconds settle{300};
  std::chrono::milliseconds measure{700};
  double min_gain = 0.15;  // a doubling must raise the rate by at least this fraction
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

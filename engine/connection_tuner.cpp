#include "engine/connection_tuner.hpp"

#include <algorithm>

namespace tf::engine {

ConnectionTuner::ConnectionTuner(TunerOptions options, std::optional<size_t> fixed,
                                 Clock::time_point now)
    : options_(options),
      level_(fixed ? std::max<size_t>(1, *fixed)
                   : std::clamp<size_t>(options.initial, 1, options.maximum)),
      growing_(!fixed && level_ < options.maximum) {
  level_start_ = now;
}

void ConnectionTuner::start_level(size_t level, Clock::time_point now) {
  previous_level_ = level_;
  level_ = level;
  level_start_ = now;
  measure_start_bytes_.reset();
}

size_t ConnectionTuner::update(Clock::time_point now, uint64_t total_bytes) {
  if (!growing_) return level_;
  const auto elapsed = now - level_start_;
  if (elapsed < options_.settle) return level_;
  if (!measure_start_bytes_) {
    measure_start_bytes_ = total_bytes;
    return level_;
  }
  if (elapsed < options_.settle + options_.measure) return level_;

  const double seconds = std::chrono::duration<double>(elapsed - options_.settle).count();
  const double rate = static_cast<double>(total_bytes - *measure_start_bytes_) / seconds;
  if (rate >= best_rate_ * (1.0 + options_.min_gain)) {
    // The first level has nothing to compare with: double. After that, a near-linear gain
    // (rate grew with the connections) means each connection is capped: quadruple.
    const bool linear =
        best_rate_ > 0 && previous_level_ > 0 &&
        rate >= best_rate_ *
                    (1.0 + options_.linear_gain *
                               (static_cast<double>(level_) / static_cast<double>(previous_level_) -
                                1.0));
    best_rate_ = rate;
    if (level_ >= options_.maximum) {
      growing_ = false;
    } else {
      start_level(std::min(options_.maximum, level_ * (linear ? 4 : 2)), now);
    }
  } else {
    // The last doubling did not pay: go back to the level that earned best_rate.
    growing_ = false;
    if (previous_level_ != 0) level_ = previous_level_;
  }
  return level_;
}

}  // namespace tf::engine

#include "bench/delay_proxy/link.hpp"

#include <algorithm>

namespace tf::bench {

Link::Link(Nanoseconds one_way_delay, uint64_t bytes_per_second)
    : delay_(one_way_delay), rate_(bytes_per_second) {}

TimePoint Link::schedule(TimePoint now, uint64_t bytes) {
  if (rate_ == 0) return now + delay_;
  const TimePoint start = std::max(now, busy_until_);
  const auto serialisation = Nanoseconds(
      static_cast<int64_t>(static_cast<double>(bytes) * 1e9 / static_cast<double>(rate_)));
  busy_until_ = start + serialisation;
  return busy_until_ + delay_;
}

}  // namespace tf::bench

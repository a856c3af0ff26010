// The shared link one direction of traffic crosses: a one-way delay (half the round trip) and
// an optional bandwidth. Bytes are serialised onto the link in the order they arrive, from
// every connection alike (one FIFO bottleneck, like a router's queue), then spend the delay
// in flight. A rate of 0 means no bandwidth limit: only the delay.
#pragma once

#include <chrono>
#include <cstdint>

namespace tf::bench {

using Clock = std::chrono::steady_clock;
using TimePoint = Clock::time_point;
using Nanoseconds = std::chrono::nanoseconds;

class Link {
 public:
  Link(Nanoseconds one_way_delay, uint64_t bytes_per_second);

  // When `bytes` handed to the link at `now` arrive at the far end.
  TimePoint schedule(TimePoint now, uint64_t bytes);

  Nanoseconds one_way_delay() const { return delay_; }

 private:
  Nanoseconds delay_;
  uint64_t rate_;
  TimePoint busy_until_{};  // when the link has finished serialising what it was given
};

}  // namespace tf::bench

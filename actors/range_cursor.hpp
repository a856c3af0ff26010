// Where one work item's transfer stands: the next byte it will receive and the byte it must
// stop before. The transport thread advances `received` as bytes arrive; the Supervisor may
// pull `end` in to give the far half of the item to an idle connection. Both sides go through
// the mutex, so a split can never hand out a byte the transfer has already taken.
#pragma once

#include <cstdint>
#include <mutex>

namespace tf::actors {

class RangeCursor {
 public:
  RangeCursor(uint64_t begin, uint64_t end) : received_(begin), end_(end) {}

  // Takes up to `available` bytes for the transfer; returns how many it may keep.
  uint64_t take(uint64_t available) {
    std::lock_guard lock(mutex_);
    const uint64_t n = received_ < end_ ? std::min(available, end_ - received_) : 0;
    received_ += n;
    return n;
  }

  // Moves the end to `new_end` if the transfer has not received past it yet.
  bool try_shrink(uint64_t new_end) {
    std::lock_guard lock(mutex_);
    if (new_end < received_ || new_end >= end_) return false;
    end_ = new_end;
    return true;
  }

  uint64_t received() const {
    std::lock_guard lock(mutex_);
    return received_;
  }
  uint64_t end() const {
    std::lock_guard lock(mutex_);
    return end_;
  }
  bool finished() const {
    std::lock_guard lock(mutex_);
    return received_ >= end_;
  }

 private:
  mutable std::mutex mutex_;
  uint64_t received_;
  uint64_t end_;
};

}  // namespace tf::actors

// The process-wide connection budget: every range worker of every file holds one slot while it
// exists, so a snapshot of many files never opens more connections than the user allowed.
#pragma once

#include <atomic>
#include <cstddef>

namespace tf::actors {

class ConnectionBudget {
 public:
  explicit ConnectionBudget(size_t total) : total_(total == 0 ? 1 : total) {}

  bool try_acquire() {
    size_t used = in_use_.load();
    while (used < total_) {
      if (in_use_.compare_exchange_weak(used, used + 1)) {
        raise_peak(used + 1);
        return true;
      }
    }
    return false;
  }
  void release() { in_use_.fetch_sub(1); }
  size_t available() const { return total_ - in_use_.load(); }
  size_t total() const { return total_; }

  // The most slots held at once since the last reset: the true connection peak of a batch,
  // unlike a sum of per-file counters that are each published at a different moment.
  size_t peak() const { return peak_.load(); }
  void reset_peak() { peak_.store(in_use_.load()); }

 private:
  void raise_peak(size_t used) {
    size_t seen = peak_.load();
    while (seen < used && !peak_.compare_exchange_weak(seen, used)) {
    }
  }

  const size_t total_;
  std::atomic<size_t> in_use_{0};
  std::atomic<size_t> peak_{0};
};

}  // namespace tf::actors

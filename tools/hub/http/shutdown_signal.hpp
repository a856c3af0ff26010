// Tells request threads that the server is stopping. Fault injection sleeps (delays, stalls,
// rate limits) wait on it, so that SIGTERM ends the server promptly even mid-stall.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>

namespace tf::hub::http {

class ShutdownSignal {
 public:
  void trigger();
  bool triggered() const;
  // Sleeps for `duration`, or less if the signal is triggered; returns false in that case.
  bool sleep_for(std::chrono::steady_clock::duration duration) const;

 private:
  mutable std::mutex mutex_;
  mutable std::condition_variable changed_;
  bool triggered_ = false;
};

}  // namespace tf::hub::http

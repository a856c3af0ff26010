#include "tools/hub/http/shutdown_signal.hpp"

namespace tf::hub::http {

void ShutdownSignal::trigger() {
  {
    const std::lock_guard lock(mutex_);
    triggered_ = true;
  }
  changed_.notify_all();
}

bool ShutdownSignal::triggered() const {
  const std::lock_guard lock(mutex_);
  return triggered_;
}

bool ShutdownSignal::sleep_for(std::chrono::steady_clock::duration duration) const {
  std::unique_lock lock(mutex_);
  return !changed_.wait_for(lock, duration, [this] { return triggered_; });
}

}  // namespace tf::hub::http

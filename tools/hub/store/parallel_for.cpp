#include "tools/hub/store/parallel_for.hpp"

#include <algorithm>
#include <atomic>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace tf::hub::store {

void parallel_for(size_t count, size_t threads, const std::function<void(size_t)>& task) {
  std::atomic<size_t> next{0};
  std::atomic<bool> failed{false};
  std::mutex error_mutex;
  std::exception_ptr first_error;
  auto worker = [&] {
    while (!failed.load()) {
      const size_t i = next.fetch_add(1);
      if (i >= count) return;
      try {
        task(i);
      } catch (...) {
        const std::lock_guard lock(error_mutex);
        if (!first_error) first_error = std::current_exception();
        failed = true;
      }
    }
  };
  const size_t worker_count = std::clamp<size_t>(threads, 1, std::max<size_t>(count, 1));
  {
    std::vector<std::jthread> pool;
    for (size_t t = 1; t < worker_count; ++t)
      pool.emplace_back(worker);
    worker();
  }
  if (first_error) std::rethrow_exception(first_error);
}

size_t default_worker_count() {
  return std::max<size_t>(1, std::thread::hardware_concurrency());
}

}  // namespace tf::hub::store

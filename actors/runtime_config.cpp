#include "actors/runtime_config.hpp"

#include <thread>

namespace tf::actors {

RuntimeConfig::RuntimeConfig(size_t scheduler_threads) {
  if (scheduler_threads == 0) {
    scheduler_threads = std::max<size_t>(2, std::thread::hardware_concurrency());
  }
  set("scheduler.max-threads", scheduler_threads);
  set("logger.verbosity", caf::atom("quiet"));
}

}  // namespace tf::actors

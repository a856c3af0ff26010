// The CAF actor system configuration turbofetch runs with.
#pragma once

#include <caf/actor_system_config.hpp>

namespace tf::actors {

// Scheduler threads: the CPU-heavy work (SHA-256, pwrite) runs in actors, while the network
// runs on the transport's own thread, so one scheduler thread per core is enough.
class RuntimeConfig : public caf::actor_system_config {
 public:
  explicit RuntimeConfig(size_t scheduler_threads = 0);
};

}  // namespace tf::actors

// A range worker is one connection slot of a download: it runs one request at a time for the
// work item the Supervisor gives it, resumes a dropped transfer from the last byte received,
// backs off (or waits for Retry-After) between attempts, and reports how the item ended.
#pragma once

#include <caf/all.hpp>
#include <chrono>
#include <memory>
#include <optional>
#include <random>

#include "actors/messages.hpp"
#include "engine/retry_policy.hpp"
#include "io/buffer_pool.hpp"
#include "io/http_transport.hpp"

namespace tf::actors {

struct RangeWorkerConfig {
  std::shared_ptr<io::HttpTransport> transport;
  std::shared_ptr<io::BufferPool> pool;
  caf::actor supervisor;
  caf::actor writer;
  engine::RetryPolicy retry;
  std::chrono::seconds stall_timeout{30};
  std::chrono::seconds connect_timeout{15};
};

struct RangeWorkerState {
  RangeWorkerConfig config;
  std::optional<fetch_range> job;
  io::TransferId transfer = 0;
  bool transfer_active = false;
  bool stopping = false;
  int attempts = 0;  // consecutive failures without progress
  uint64_t received_at_last_failure = 0;
  std::mt19937_64 random{std::random_device{}()};
  static inline const char* name = "range_worker";
};

caf::behavior range_worker(caf::stateful_actor<RangeWorkerState>* self, RangeWorkerConfig config);

}  // namespace tf::actors

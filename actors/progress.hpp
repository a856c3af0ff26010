// Live counters of a running download, written by the Supervisor and read by whoever draws
// progress (the CLI's display thread). Atomics only: no locks between the two.
#pragma once

#include <atomic>
#include <cstdint>

namespace tf::actors {

enum class Phase : int { probing, checking, downloading, finishing, done };

struct ProgressCounters {
  std::atomic<int> phase{static_cast<int>(Phase::probing)};
  std::atomic<bool> size_known{false};
  std::atomic<uint64_t> total_size{0};
  std::atomic<uint64_t> bytes_done{0};     // in the file, verified resumed bytes included
  std::atomic<uint64_t> bytes_fetched{0};  // received this run
  std::atomic<uint64_t> connections{0};    // transfers in flight now
  std::atomic<uint64_t> retries{0};
  // Set from a signal handler (lock-free store) to ask for a clean stop: the journal is
  // brought up to date and the partial file kept.
  std::atomic<bool> stop_requested{false};
};

}  // namespace tf::actors

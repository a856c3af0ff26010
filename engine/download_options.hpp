// What a user asks of one download, and what it reports at the end. Plain values shared by the
// actors that run the download and the CLI that shows it.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "engine/connection_tuner.hpp"
#include "engine/retry_policy.hpp"

namespace tf::engine {

struct DownloadOptions {
  std::string url;
  std::filesystem::path output;
  std::vector<std::string> headers;   // extra request headers, e.g. Authorization for the hub
  std::optional<size_t> connections;  // fixed count; adaptive when empty
  TunerOptions tuner;
  uint64_t chunk_size = 8ull << 20;            // journal and hashing granularity
  std::optional<std::string> expected_sha256;  // lowercase hex
  // Re-read every chunk against the journal before the file is committed.
  bool verify_before_commit = false;
  std::chrono::seconds stall_timeout{30};
  std::chrono::seconds connect_timeout{15};
  RetryPolicy retry;
  int max_restarts = 3;  // times the object may change under us before we give up
};

struct DownloadReport {
  std::filesystem::path path;
  uint64_t size = 0;
  uint64_t bytes_fetched = 0;    // body bytes received this run
  uint64_t bytes_resumed = 0;    // bytes taken from a previous run after re-checking them
  uint64_t bytes_refetched = 0;  // bytes received more than once this run (retries, restarts)
  double seconds = 0;
  double mean_rate = 0;  // bytes/s over the whole run
  double peak_rate = 0;  // best one-second rate
  uint64_t retries = 0;
  uint64_t restarts = 0;
  size_t connections_peak = 0;      // most transfers in flight at once
  uint64_t connections_opened = 0;  // TCP connections opened (keep-alive reuse keeps it low)
  std::string sha256;               // of the final file
  bool sha256_checked = false;      // an expected SHA-256 was given and matched
  bool ranges_supported = true;
  bool already_complete = false;  // the destination was already there and verified
};

// Partial data and journal live beside the destination until it is complete.
inline std::filesystem::path partial_path(const std::filesystem::path& output) {
  return output.string() + ".tfpart";
}
inline std::filesystem::path journal_path(const std::filesystem::path& output) {
  return output.string() + ".tfpart.journal";
}

}  // namespace tf::engine

// What a user asks of one download, and what it reports at the end. Plain values shared by the
// actors that run the download and the CLI that shows it.
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "engine/connection_tuner.hpp"
#include "engine/retry_policy.hpp"
#include "io/content_hash.hpp"

namespace tf::engine::hub {
class XetTokenCache;
}
namespace tf::xet {
class ChunkStore;
}

namespace tf::engine {

// Where a Xet-backed file comes from: its Xet hash, the read token for the CAS (shared by the
// files of one pull), and the chunk store to copy known chunks from (and keep new ones in).
struct XetSource {
  std::string file_hash;
  std::shared_ptr<hub::XetTokenCache> tokens;
  std::shared_ptr<const xet::ChunkStore> chunk_store;  // may be null: no store
};

struct DownloadOptions {
  std::string url;
  std::filesystem::path output;
  // Where the partial data and its journal live until the file is complete; empty: beside the
  // output (output.tfpart and output.tfpart.journal).
  std::filesystem::path partial;
  std::filesystem::path journal;
  // What the journal must have been written for to be resumed (the URL by default; a hub blob
  // uses its etag, so a new commit with the same file resumes it).
  std::string resume_identity;
  std::vector<std::string> headers;   // extra request headers, e.g. Authorization for the hub
  std::optional<size_t> connections;  // fixed count; adaptive when empty
  TunerOptions tuner;
  uint64_t chunk_size = 8ull << 20;  // journal and hashing granularity
  // The content's hash when known (--sha256, or the hub's etag); a mismatch keeps nothing.
  std::optional<io::ContentHash> expected_hash;
  // The size a listing announced: a server that sends another size is an error.
  std::optional<uint64_t> expected_size;
  // One GET without Range and no probe: for small files whose size is known.
  bool single_request = false;
  // Re-read every chunk against the journal before the file is committed.
  bool verify_before_commit = false;
  std::chrono::seconds stall_timeout{30};
  std::chrono::seconds connect_timeout{15};
  RetryPolicy retry;
  int max_restarts = 3;  // times the object may change under us before we give up
  // Set for a Xet file: the bytes come from xorbs over the CAS protocol instead of `url`.
  std::optional<XetSource> xet;
};

struct DownloadReport {
  std::filesystem::path path;
  uint64_t size = 0;
  uint64_t bytes_fetched = 0;    // body bytes received this run
  uint64_t bytes_resumed = 0;    // bytes taken from a previous run after re-checking them
  uint64_t bytes_refetched = 0;  // bytes received more than once this run (retries, restarts)
  uint64_t bytes_reused = 0;     // bytes copied from local chunks (Xet chunk store)
  double seconds = 0;
  double mean_rate = 0;  // bytes/s over the whole run
  double peak_rate = 0;  // best one-second rate
  uint64_t retries = 0;
  uint64_t restarts = 0;
  size_t connections_peak = 0;      // most transfers in flight at once
  uint64_t connections_opened = 0;  // TCP connections opened (keep-alive reuse keeps it low)
  std::optional<io::ContentHash> content_hash;  // of the final file, when one was expected
  bool hash_checked = false;                    // the expected hash was computed and matched
  bool ranges_supported = true;
  bool already_complete = false;  // the destination was already there and verified
  bool via_xet = false;           // fetched over the Xet protocol
  bool xet_fell_back = false;     // Xet failed, and the plain (LFS) path fetched it
};

// The report's closing figures, once the file is in place: where, how big, how long, how fast.
inline void close_report(DownloadReport& r, const DownloadOptions& o, uint64_t size, double seconds,
                         uint64_t connections_opened) {
  r.path = o.output;
  r.size = size;
  r.seconds = seconds;
  r.mean_rate = seconds > 0 ? static_cast<double>(r.bytes_fetched) / seconds : 0;
  r.peak_rate = std::max(r.peak_rate, r.mean_rate);
  r.connections_opened = connections_opened;
}

// Partial data and journal live beside the destination until it is complete, unless the
// options say where.
inline std::filesystem::path partial_path(const DownloadOptions& o) {
  return o.partial.empty() ? std::filesystem::path(o.output.string() + ".tfpart") : o.partial;
}
inline std::filesystem::path journal_path(const DownloadOptions& o) {
  return o.journal.empty() ? std::filesystem::path(partial_path(o).string() + ".journal")
                           : o.journal;
}
inline const std::string& resume_identity(const DownloadOptions& o) {
  return o.resume_identity.empty() ? o.url : o.resume_identity;
}

}  // namespace tf::engine

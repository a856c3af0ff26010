// Shows a running download or batch: on a terminal, a status line redrawn at most ten times a
// second (bytes, percent, rate, ETA, connections; for a batch also files done / total and the
// files in flight, one line each); otherwise a plain line every few seconds, for logs. It runs
// on its own thread, which is also where Ctrl-C and SIGTERM arrive (they are blocked in every
// other thread), so stopping is a flag set in normal code, not in a signal handler.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "actors/batch_download.hpp"
#include "actors/progress.hpp"

namespace tf::cli {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it creates afterwards.
// Call first thing in main().
void block_interrupt_signals();

// What the display shows at one moment.
struct ProgressSnapshot {
  std::string label;  // the file name, or "files 3/40"
  uint64_t done = 0;
  uint64_t fetched = 0;  // received this run: the rate is computed from it
  uint64_t total = 0;
  bool total_known = false;
  uint64_t connections = 0;
  uint64_t retries = 0;
  std::vector<std::string> details;  // one line each, on a terminal only (files in flight)
  bool idle = false;                 // nothing started yet (or nothing to do): draw nothing
};

class ProgressDisplay {
 public:
  enum class Style { terminal, plain, quiet };

  // One download.
  ProgressDisplay(std::shared_ptr<actors::ProgressCounters> counters, Style style,
                  std::string label);
  // A batch (a snapshot): files done / total, and the largest files in flight.
  ProgressDisplay(std::shared_ptr<actors::BatchProgress> batch, Style style);
  ~ProgressDisplay();  // stops the thread and finishes the line
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // Prints a message on its own line without breaking the progress line (thread-safe).
  void notice(const std::string& text);
  bool interrupted() const { return interrupted_.load(); }

  static Style style_for_stderr(bool quiet);

 private:
  ProgressDisplay(std::function<ProgressSnapshot()> read, std::function<void()> request_stop,
                  Style style);
  void run();
  void draw(bool final);
  std::string status_line(const ProgressSnapshot& now);
  void clear_lines();

  std::function<ProgressSnapshot()> read_;
  std::function<void()> request_stop_;
  Style style_;
  size_t lines_drawn_ = 0;  // lines of the last terminal redraw
  std::mutex mutex_;        // guards stderr between notice() and draw()
  std::atomic<bool> stop_{false};
  std::atomic<bool> interrupted_{false};
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_plain_;
  uint64_t last_bytes_ = 0;
  std::chrono::steady_clock::time_point last_sample_;
  double rate_ = 0;  // smoothed bytes/s
  std::thread thread_;
};

}  // namespace tf::cli

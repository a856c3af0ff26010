// Shows a running download: on a terminal, one line redrawn at most ten times a second (bytes,
// percent, rate, ETA, connections); otherwise a plain line every few seconds, for logs. It runs
// on its own thread, which is also where Ctrl-C and SIGTERM arrive (they are blocked in every
// other thread), so stopping is a flag set in normal code, not in a signal handler.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "actors/progress.hpp"

namespace tf::cli {

// Blocks SIGINT and SIGTERM in the calling thread and every thread it creates afterwards.
// Call first thing in main().
void block_interrupt_signals();

class ProgressDisplay {
 public:
  enum class Style { terminal, plain, quiet };

  ProgressDisplay(std::shared_ptr<actors::ProgressCounters> counters, Style style,
                  std::string label);
  ~ProgressDisplay();  // stops the thread and finishes the line
  ProgressDisplay(const ProgressDisplay&) = delete;
  ProgressDisplay& operator=(const ProgressDisplay&) = delete;

  // Prints a message on its own line without breaking the progress line (thread-safe).
  void notice(const std::string& text);
  bool interrupted() const { return interrupted_.load(); }

  static Style style_for_stderr(bool quiet);

 private:
  void run();
  void draw(bool final);
  std::string status_line();

  std::shared_ptr<actors::ProgressCounters> counters_;
  Style style_;
  std::string label_;
  std::mutex mutex_;  // guards stderr between notice() and draw()
  std::atomic<bool> stop_{false};
  std::atomic<bool> interrupted_{false};
  bool line_open_ = false;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point last_plain_;
  uint64_t last_bytes_ = 0;
  std::chrono::steady_clock::time_point last_sample_;
  double rate_ = 0;  // smoothed bytes/s
  std::thread thread_;
};

}  // namespace tf::cli

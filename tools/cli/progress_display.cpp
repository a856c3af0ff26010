#include "progress_display.hpp"

#include <signal.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>

#include "engine/byte_size.hpp"

namespace tf::cli {

namespace {

using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

sigset_t interrupt_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

std::string format_duration(double seconds) {
  if (seconds < 0 || seconds > 1e7) return "--";
  const auto s = static_cast<long>(seconds + 0.5);
  char out[32];
  if (s >= 3600) {
    std::snprintf(out, sizeof out, "%ldh%02ldm", s / 3600, (s / 60) % 60);
  } else if (s >= 60) {
    std::snprintf(out, sizeof out, "%ldm%02lds", s / 60, s % 60);
  } else {
    std::snprintf(out, sizeof out, "%lds", s);
  }
  return out;
}

// Lines longer than the terminal wrap, and then the cursor-up count of a redraw is wrong: cut
// them to the width (by bytes; names are mostly ASCII, and a short line is harmless).
std::string fit_width(std::string line) {
  winsize size{};
  const size_t columns =
      ioctl(STDERR_FILENO, TIOCGWINSZ, &size) == 0 && size.ws_col > 0 ? size.ws_col : 80;
  if (line.size() >= columns) line.resize(columns - 1);
  return line;
}

}  // namespace

void block_interrupt_signals() {
  const sigset_t set = interrupt_signals();
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

ProgressDisplay::Style ProgressDisplay::style_for_stderr(bool quiet) {
  if (quiet) return Style::quiet;
  const char* term = std::getenv("TERM");
  const bool dumb = term != nullptr && std::string(term) == "dumb";
  return isatty(STDERR_FILENO) && !dumb ? Style::terminal : Style::plain;
}

ProgressDisplay::ProgressDisplay(std::shared_ptr<actors::ProgressCounters> counters, Style style,
                                 std::string label)
    : ProgressDisplay(
          [counters, label] {
            ProgressSnapshot now;
            now.label = label;
            now.done = counters->bytes_done;
            now.fetched = counters->bytes_fetched;
            now.total = counters->total_size;
            now.total_known = counters->size_known;
            now.connections = counters->connections;
            now.retries = counters->retries;
            return now;
          },
          [counters] { counters->stop_requested = true; }, style) {}

ProgressDisplay::ProgressDisplay(std::shared_ptr<actors::BatchProgress> batch, Style style)
    : ProgressDisplay(
          [batch] {
            constexpr size_t kShownFiles = 6;
            ProgressSnapshot now;
            now.idle = batch->files_total == 0;
            now.label = "files " + std::to_string(batch->files_done.load()) + "/" +
                        std::to_string(batch->files_total.load());
            if (const uint64_t failed = batch->files_failed) {
              now.label += " (" + std::to_string(failed) + " failed)";
            }
            now.done = batch->bytes_done;
            now.fetched = batch->bytes_fetched;
            now.total = batch->bytes_total;
            now.total_known = true;
            now.connections = batch->connections;
            now.retries = batch->retries;
            auto files = batch->in_flight();
            std::sort(files.begin(), files.end(),
                      [](const auto& a, const auto& b) { return a.size > b.size; });
            for (size_t i = 0; i < files.size() && i < kShownFiles; ++i) {
              const auto& f = files[i];
              const double percent =
                  f.size ? 100.0 * static_cast<double>(f.done) / static_cast<double>(f.size) : 100;
              char pct[16];
              std::snprintf(pct, sizeof pct, "%5.1f%%", percent);
              now.details.push_back("  " + std::string(pct) + " of " +
                                    engine::format_bytes(static_cast<double>(f.size)) + "  " +
                                    f.label);
            }
            if (files.size() > kShownFiles) {
              now.details.push_back("  ... and " + std::to_string(files.size() - kShownFiles) +
                                    " more in flight");
            }
            return now;
          },
          [batch] { batch->stop_requested = true; }, style) {}

ProgressDisplay::ProgressDisplay(std::function<ProgressSnapshot()> read,
                                 std::function<void()> request_stop, Style style)
    : read_(std::move(read)),
      request_stop_(std::move(request_stop)),
      style_(style),
      started_(Clock::now()),
      last_plain_(started_),
      last_sample_(started_),
      thread_([this] { run(); }) {}

ProgressDisplay::~ProgressDisplay() {
  stop_ = true;
  thread_.join();
  draw(true);
}

// Moves the cursor back to the start of the last redraw and clears it (caller holds mutex_).
void ProgressDisplay::clear_lines() {
  if (lines_drawn_ == 0) return;
  if (lines_drawn_ > 1) std::fprintf(stderr, "\033[%zuA", lines_drawn_ - 1);
  std::fputs("\r\033[J", stderr);
  lines_drawn_ = 0;
}

void ProgressDisplay::notice(const std::string& text) {
  if (style_ == Style::quiet) return;
  std::lock_guard lock(mutex_);
  clear_lines();
  std::fprintf(stderr, "turbofetch: %s\n", text.c_str());
}

void ProgressDisplay::run() {
  const sigset_t set = interrupt_signals();
  const timespec wait{0, 100'000'000};  // the redraw period: at most 10 per second
  while (!stop_) {
    siginfo_t info;
    const int sig = sigtimedwait(&set, &info, &wait);
    if (sig == SIGINT || sig == SIGTERM) {
      if (interrupted_.exchange(true)) std::_Exit(130);  // a second Ctrl-C: leave now
      request_stop_();
      notice("stopping: writing the journal so the next run resumes (Ctrl-C again to quit now)");
    }
    draw(false);
  }
}

std::string ProgressDisplay::status_line(const ProgressSnapshot& snapshot) {
  const auto now = Clock::now();
  const double dt = std::chrono::duration<double>(now - last_sample_).count();
  if (dt >= 0.5) {
    const double instant = static_cast<double>(snapshot.fetched - last_bytes_) / dt;
    rate_ = rate_ == 0 ? instant : 0.7 * rate_ + 0.3 * instant;
    last_bytes_ = snapshot.fetched;
    last_sample_ = now;
  }
  const uint64_t done = snapshot.done;
  const uint64_t total = snapshot.total;
  std::string line = snapshot.label + "  " + engine::format_bytes(static_cast<double>(done));
  if (snapshot.total_known) {
    const double percent =
        total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100;
    char pct[16];
    std::snprintf(pct, sizeof pct, "%5.1f%%", percent);
    line += " / " + engine::format_bytes(static_cast<double>(total)) + " " + pct;
  }
  line += "  " + engine::format_bytes(rate_) + "/s";
  if (snapshot.total_known && rate_ > 0 && total >= done) {
    line += "  ETA " + format_duration(static_cast<double>(total - done) / rate_);
  }
  line += "  conns " + std::to_string(snapshot.connections);
  if (snapshot.retries) line += "  retries " + std::to_string(snapshot.retries);
  return line;
}

void ProgressDisplay::draw(bool final) {
  if (style_ == Style::quiet) return;
  const ProgressSnapshot snapshot = read_();
  if (snapshot.idle) return;
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (style_ == Style::terminal) {
    clear_lines();
    std::string text = fit_width(status_line(snapshot));
    size_t lines = 1;
    if (!final) {
      for (const auto& detail : snapshot.details) {
        text += "\n" + fit_width(detail);
        ++lines;
      }
    }
    std::fputs(text.c_str(), stderr);
    lines_drawn_ = lines;
    if (final) {
      std::fputc('\n', stderr);
      lines_drawn_ = 0;
    }
  } else if (final || now - last_plain_ >= 2s) {
    std::fprintf(stderr, "%s\n", status_line(snapshot).c_str());
    last_plain_ = now;
  }
  std::fflush(stderr);
}

}  // namespace tf::cli

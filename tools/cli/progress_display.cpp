#include "progress_display.hpp"

#include <signal.h>
#include <unistd.h>

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
    : counters_(std::move(counters)),
      style_(style),
      label_(std::move(label)),
      started_(Clock::now()),
      last_plain_(started_),
      last_sample_(started_),
      thread_([this] { run(); }) {}

ProgressDisplay::~ProgressDisplay() {
  stop_ = true;
  thread_.join();
  draw(true);
}

void ProgressDisplay::notice(const std::string& text) {
  if (style_ == Style::quiet) return;
  std::lock_guard lock(mutex_);
  if (line_open_) std::fputs("\r\033[K", stderr);
  std::fprintf(stderr, "turbofetch: %s\n", text.c_str());
  line_open_ = false;
}

void ProgressDisplay::run() {
  const sigset_t set = interrupt_signals();
  const timespec wait{0, 100'000'000};  // the redraw period: at most 10 per second
  while (!stop_) {
    siginfo_t info;
    const int sig = sigtimedwait(&set, &info, &wait);
    if (sig == SIGINT || sig == SIGTERM) {
      if (interrupted_.exchange(true)) std::_Exit(130);  // a second Ctrl-C: leave now
      counters_->stop_requested = true;
      notice("stopping: writing the journal so the next run resumes (Ctrl-C again to quit now)");
    }
    draw(false);
  }
}

std::string ProgressDisplay::status_line() {
  const auto now = Clock::now();
  const uint64_t done = counters_->bytes_done;
  const uint64_t fetched = counters_->bytes_fetched;
  const double dt = std::chrono::duration<double>(now - last_sample_).count();
  if (dt >= 0.5) {
    const double instant = static_cast<double>(fetched - last_bytes_) / dt;
    rate_ = rate_ == 0 ? instant : 0.7 * rate_ + 0.3 * instant;
    last_bytes_ = fetched;
    last_sample_ = now;
  }
  const bool known = counters_->size_known;
  const uint64_t total = counters_->total_size;
  std::string line = label_ + "  " + engine::format_bytes(static_cast<double>(done));
  if (known) {
    const double percent =
        total ? 100.0 * static_cast<double>(done) / static_cast<double>(total) : 100;
    char pct[16];
    std::snprintf(pct, sizeof pct, "%5.1f%%", percent);
    line += " / " + engine::format_bytes(static_cast<double>(total)) + " " + pct;
  }
  line += "  " + engine::format_bytes(rate_) + "/s";
  if (known && rate_ > 0 && total >= done) {
    line += "  ETA " + format_duration(static_cast<double>(total - done) / rate_);
  }
  line += "  conns " + std::to_string(counters_->connections.load());
  if (const uint64_t retries = counters_->retries) line += "  retries " + std::to_string(retries);
  return line;
}

void ProgressDisplay::draw(bool final) {
  if (style_ == Style::quiet) return;
  std::lock_guard lock(mutex_);
  const auto now = Clock::now();
  if (style_ == Style::terminal) {
    std::fprintf(stderr, "\r\033[K%s", status_line().c_str());
    line_open_ = true;
    if (final) {
      std::fputc('\n', stderr);
      line_open_ = false;
    }
  } else if (final || now - last_plain_ >= 2s) {
    std::fprintf(stderr, "%s\n", status_line().c_str());
    last_plain_ = now;
  }
  std::fflush(stderr);
}

}  // namespace tf::cli

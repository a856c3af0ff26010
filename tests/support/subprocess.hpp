// A child process for tests: servers on 127.0.0.1 (nginx, the stand-in hub) and the turbofetch
// CLI itself, which tests interrupt with SIGINT or SIGKILL. The destructor kills and reaps the
// child, so a failing test never leaves a server behind.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace tf::test {

struct ProcessResult {
  int exit_code = -1;  // the exit status, or -1 when killed by a signal
  int signal = 0;      // the signal that ended it, or 0
  std::string out;     // everything written to stdout
  std::string err;     // everything written to stderr
};

class Subprocess {
 public:
  // Starts argv[0] (searched in PATH) with argv. env entries are added to (or override) the
  // current environment; an entry with an empty value removes the variable.
  Subprocess(std::vector<std::string> argv, std::map<std::string, std::string> env = {},
             std::optional<std::filesystem::path> cwd = std::nullopt);
  ~Subprocess();
  Subprocess(const Subprocess&) = delete;
  Subprocess& operator=(const Subprocess&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) const;
  bool running();

  // Waits for the end (bounded: kills with SIGKILL after `limit`) and collects the output.
  ProcessResult wait(std::chrono::milliseconds limit = std::chrono::minutes(5));

  // Output so far (drains the pipes without blocking).
  const std::string& out_so_far();
  const std::string& err_so_far();

 private:
  void drain(bool block_until_eof);

  pid_t pid_ = -1;
  int out_fd_ = -1;
  int err_fd_ = -1;
  bool reaped_ = false;
  int status_ = 0;
  std::string out_;
  std::string err_;
};

// Runs a command to completion (bounded) and returns its result.
ProcessResult run(std::vector<std::string> argv, std::map<std::string, std::string> env = {},
                  std::chrono::milliseconds limit = std::chrono::minutes(5));

// Polls `condition` every 20 ms until it holds or `limit` passes; returns whether it held.
template <class Condition>
bool wait_until(Condition condition, std::chrono::milliseconds limit) {
  const auto deadline = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < deadline) {
    if (condition()) return true;
    struct timespec ts {
      0, 20'000'000
    };
    nanosleep(&ts, nullptr);
  }
  return condition();
}

// A TCP port on 127.0.0.1 that was free a moment ago (bind to 0, read the port, close).
int free_loopback_port();

}  // namespace tf::test

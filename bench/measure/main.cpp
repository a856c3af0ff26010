// tf-bench-measure: runs one command and measures it the same way for every tool the
// benchmark compares: wall time on the monotonic clock, CPU time (user + system) and peak
// resident memory of the command and every descendant it waited for (wait4's rusage), with
// a time limit after which its whole process group is killed.
//
//   tf-bench-measure --out FILE [--timeout SECONDS] -- COMMAND [ARGS...]
//
// The command keeps stdin, stdout and stderr. FILE gets one JSON object:
//   {"wall_s","user_s","sys_s","max_rss_kib","exit_code","signal","timed_out"}
// max_rss_kib is the largest single process (ru_maxrss of the children), not a sum.
// Exits 0 when the measurement was written, whatever the command's own exit status.
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>
#include <nlohmann/json.hpp>

namespace {

using Clock = std::chrono::steady_clock;

double seconds(const timeval& t) {
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6;
}

// Waits for the pidfd to become readable (the child ended) until `deadline`; false on timeout.
bool wait_until(int pidfd, Clock::time_point deadline) {
  pollfd ready{pidfd, POLLIN, 0};
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    const int n = ::poll(&ready, 1, static_cast<int>(std::min<long long>(left, 60'000)));
    if (n > 0) return true;
    if (n < 0 && errno != EINTR) return false;
  }
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app("tf-bench-measure: wall time, CPU time and peak RSS of one command");
  std::string out;
  double timeout_s = 3600;
  std::vector<std::string> command;
  app.add_option("--out", out, "Where to write the JSON measurement")->required();
  app.add_option("--timeout", timeout_s, "Kill the command's process group after this long")
      ->capture_default_str()
      ->check(CLI::PositiveNumber);
  app.add_option("command", command, "The command and its arguments")->required();
  CLI11_PARSE(app, argc, argv);

  std::vector<char*> args;
  for (auto& arg : command)
    args.push_back(arg.data());
  args.push_back(nullptr);

  const auto start = Clock::now();
  const pid_t pid = ::fork();
  if (pid < 0) {
    std::cerr << "tf-bench-measure: fork: " << std::strerror(errno) << "\n";
    return 1;
  }
  if (pid == 0) {
    ::setpgid(0, 0);  // its own group, so a timeout kills what it started and nothing else
    ::execvp(args[0], args.data());
    std::cerr << "tf-bench-measure: cannot run " << args[0] << ": " << std::strerror(errno) << "\n";
    ::_exit(127);
  }
  ::setpgid(pid, pid);  // also here: no race with the child's own call
  const int pidfd = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
  const auto deadline =
      start + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(timeout_s));
  bool timed_out = false;
  if (pidfd >= 0 && !wait_until(pidfd, deadline)) {
    timed_out = true;
    ::kill(-pid, SIGKILL);
  }
  int status = 0;
  rusage usage{};
  while (::wait4(pid, &status, 0, &usage) < 0 && errno == EINTR) {
  }
  const auto end = Clock::now();
  // Anything the command left running in its group (a stray helper) goes with it.
  ::kill(-pid, SIGKILL);
  if (pidfd >= 0) ::close(pidfd);

  const nlohmann::json result = {
      {"wall_s", std::chrono::duration<double>(end - start).count()},
      {"user_s", seconds(usage.ru_utime)},
      {"sys_s", seconds(usage.ru_stime)},
      {"max_rss_kib", usage.ru_maxrss},
      {"exit_code", WIFEXITED(status) ? WEXITSTATUS(status) : -1},
      {"signal", WIFSIGNALED(status) ? WTERMSIG(status) : 0},
      {"timed_out", timed_out},
  };
  std::ofstream file(out, std::ios::trunc);
  file << result.dump() << "\n";
  if (!file) {
    std::cerr << "tf-bench-measure: cannot write " << out << "\n";
    return 1;
  }
  return 0;
}

#include "tools/hub/sys/child_process.hpp"

#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "io/error.hpp"
#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::sys {

namespace {

std::vector<char*> c_strings(const std::vector<std::string>& items) {
  std::vector<char*> out;
  out.reserve(items.size() + 1);
  for (const auto& item : items)
    out.push_back(const_cast<char*>(item.c_str()));
  out.push_back(nullptr);
  return out;
}

// posix_spawn's file actions, released however the spawn ends.
class FileActions {
 public:
  FileActions() { posix_spawn_file_actions_init(&actions_); }
  FileActions(const FileActions&) = delete;
  FileActions& operator=(const FileActions&) = delete;
  ~FileActions() { posix_spawn_file_actions_destroy(&actions_); }
  posix_spawn_file_actions_t* get() { return &actions_; }

 private:
  posix_spawn_file_actions_t actions_{};
};

ChildOutcome outcome_of(int status) {
  ChildOutcome outcome;
  if (WIFEXITED(status)) outcome.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) outcome.signal = WTERMSIG(status);
  return outcome;
}

int wait_for(pid_t pid) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  return status;
}

}  // namespace

std::string ChildOutcome::describe() const {
  if (timed_out) return "timed out after the limit";
  if (signal != 0) return "signal " + std::to_string(signal);
  return "exit " + std::to_string(exit_code);
}

ChildOutcome run_child(const std::vector<std::string>& argv,
                       const std::vector<std::string>& environment, ChildStreams streams,
                       std::chrono::milliseconds limit) {
  if (argv.empty()) throw Error(ErrorKind::internal, "run_child: no program");
  FileActions actions;
  posix_spawn_file_actions_adddup2(actions.get(), streams.in, STDIN_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), streams.out, STDOUT_FILENO);
  posix_spawn_file_actions_adddup2(actions.get(), streams.err, STDERR_FILENO);
  // Sockets of other connections must not live on in the child.
  posix_spawn_file_actions_addclosefrom_np(actions.get(), STDERR_FILENO + 1);
  auto args = c_strings(argv);
  auto env = c_strings(environment);
  pid_t pid = -1;
  const int spawned =
      ::posix_spawnp(&pid, argv.front().c_str(), actions.get(), nullptr, args.data(), env.data());
  if (spawned != 0) {
    throw Error(ErrorKind::internal,
                "cannot start " + argv.front() + ": " + std::string(std::strerror(spawned)));
  }
  // A pidfd becomes readable when the child ends: poll() gives the time limit. (Kernels
  // before 5.3 have no pidfd; there the wait is not limited.)
  // (glibc 2.36 declares pidfd_open without C linkage in C++: the system call directly.)
  const UniqueFd pidfd(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
  bool timed_out = false;
  if (pidfd.valid()) {
    pollfd ready{pidfd.get(), POLLIN, 0};
    int polled = 0;
    const auto deadline = std::chrono::steady_clock::now() + limit;
    do {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
          deadline - std::chrono::steady_clock::now());
      polled = ::poll(&ready, 1, static_cast<int>(std::max<int64_t>(left.count(), 0)));
    } while (polled < 0 && errno == EINTR);
    timed_out = polled == 0;
  }
  if (timed_out) ::kill(pid, SIGKILL);
  ChildOutcome outcome = outcome_of(wait_for(pid));
  outcome.timed_out = timed_out;
  return outcome;
}

}  // namespace tf::hub::sys

// Runs another program to completion, its standard streams on descriptors the caller owns
// (memory files, see memory_file.hpp), with a time limit: the hub serves git by running
// `git http-backend` once per request, as a web server runs a CGI program.
#pragma once

#include <chrono>
#include <string>
#include <vector>

namespace tf::hub::sys {

struct ChildStreams {
  int in = -1;   // becomes the child's stdin
  int out = -1;  // stdout
  int err = -1;  // stderr
};

struct ChildOutcome {
  int exit_code = -1;  // -1 when a signal ended it
  int signal = 0;
  bool timed_out = false;  // killed (SIGKILL) after the limit

  bool succeeded() const { return exit_code == 0; }
  std::string describe() const;  // "exit 1", "signal 9", "timed out after the limit"
};

// Starts argv[0] (searched in PATH) with exactly `environment` ("NAME=value" entries) and no
// other descriptor than the three streams, and waits for it; after `limit` it is killed.
// Throws tf::Error(internal) when it cannot be started.
ChildOutcome run_child(const std::vector<std::string>& argv,
                       const std::vector<std::string>& environment, ChildStreams streams,
                       std::chrono::milliseconds limit);

}  // namespace tf::hub::sys

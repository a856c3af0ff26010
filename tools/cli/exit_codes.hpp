// Process exit codes, one per error kind, so scripts can tell a network failure from a bad
// checksum. README.md documents this table.
#pragma once

#include "io/error.hpp"

namespace tf::cli {

enum ExitCode : int {
  kOk = 0,
  kInternal = 1,
  kUsage = 2,
  kNetwork = 3,
  kHttpStatus = 4,
  kNotFound = 5,
  kAuth = 6,
  kIntegrity = 7,
  kIo = 8,
  kDiskFull = 9,
  kProtocol = 10,
  kInterrupted = 130,
};

int exit_code_for(ErrorKind kind);

}  // namespace tf::cli

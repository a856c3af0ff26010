// Typed errors with context. Every failure turbofetch reports is a tf::Error: a kind that the
// CLI maps to an exit code, and a message that names what failed (URL, path, status, offset).
#pragma once

#include <stdexcept>
#include <string>
#include <string_view>

namespace tf {

enum class ErrorKind {
  invalid_argument,  // bad user input: URL, repo id, flag value
  network,           // connection refused, reset, timeout, DNS
  http_status,       // the server answered with an error status
  protocol,          // the server's answer is malformed or hostile
  io,                // local file system failure
  disk_full,         // ENOSPC / EDQUOT
  integrity,         // a hash did not match
  not_found,         // repo, revision or file does not exist
  auth,              // token missing, invalid, or repo gated/private
  cancelled,         // Ctrl-C or an explicit stop
  internal,          // a bug: an invariant of ours was broken
};

std::string_view to_string(ErrorKind kind);

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, const std::string& message) : std::runtime_error(message), kind_(kind) {}
  ErrorKind kind() const { return kind_; }

 private:
  ErrorKind kind_;
};

// Builds an io or disk_full Error from errno, naming the operation and the path.
Error system_error(int errno_value, std::string_view operation, std::string_view path);

}  // namespace tf

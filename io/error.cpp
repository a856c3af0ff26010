#include "io/error.hpp"

#include <cerrno>
#include <cstring>

namespace tf {

std::string_view to_string(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument:
      return "invalid argument";
    case ErrorKind::network:
      return "network error";
    case ErrorKind::http_status:
      return "HTTP error";
    case ErrorKind::protocol:
      return "protocol error";
    case ErrorKind::io:
      return "I/O error";
    case ErrorKind::disk_full:
      return "disk full";
    case ErrorKind::integrity:
      return "integrity error";
    case ErrorKind::not_found:
      return "not found";
    case ErrorKind::auth:
      return "authorization error";
    case ErrorKind::cancelled:
      return "cancelled";
    case ErrorKind::internal:
      return "internal error";
  }
  return "error";
}

Error system_error(int errno_value, std::string_view operation, std::string_view path) {
  const bool full = errno_value == ENOSPC || errno_value == EDQUOT;
  std::string message(operation);
  message += " ";
  message += path;
  message += ": ";
  message += std::strerror(errno_value);
  return Error(full ? ErrorKind::disk_full : ErrorKind::io, message);
}

}  // namespace tf

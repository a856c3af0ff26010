#include "exit_codes.hpp"

namespace tf::cli {

int exit_code_for(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::invalid_argument:
      return kUsage;
    case ErrorKind::network:
      return kNetwork;
    case ErrorKind::http_status:
      return kHttpStatus;
    case ErrorKind::not_found:
      return kNotFound;
    case ErrorKind::auth:
      return kAuth;
    case ErrorKind::integrity:
      return kIntegrity;
    case ErrorKind::io:
      return kIo;
    case ErrorKind::disk_full:
      return kDiskFull;
    case ErrorKind::protocol:
      return kProtocol;
    case ErrorKind::cancelled:
      return kInterrupted;
    case ErrorKind::internal:
      return kInternal;
  }
  return kInternal;
}

}  // namespace tf::cli

#include "tools/hub/sys/full_io.hpp"

#include <unistd.h>

#include <cerrno>

#include "io/error.hpp"

namespace tf::hub::sys {

void write_all(int fd, const void* bytes, size_t size, std::string_view what) {
  const auto* cursor = static_cast<const char*>(bytes);
  while (size > 0) {
    const ssize_t n = ::write(fd, cursor, size);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error(errno, "write", what);
    }
    cursor += n;
    size -= static_cast<size_t>(n);
  }
}

size_t pread_full(int fd, void* buffer, size_t size, uint64_t offset, std::string_view what) {
  auto* cursor = static_cast<char*>(buffer);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::pread(fd, cursor + done, size - done, static_cast<off_t>(offset + done));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error(errno, "read", what);
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

size_t read_full(int fd, void* buffer, size_t size, std::string_view what) {
  auto* cursor = static_cast<char*>(buffer);
  size_t done = 0;
  while (done < size) {
    const ssize_t n = ::read(fd, cursor + done, size - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error(errno, "read", what);
    }
    if (n == 0) break;
    done += static_cast<size_t>(n);
  }
  return done;
}

}  // namespace tf::hub::sys

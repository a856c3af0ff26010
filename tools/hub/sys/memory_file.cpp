#include "tools/hub/sys/memory_file.hpp"

#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>

#include "io/error.hpp"
#include "tools/hub/sys/full_io.hpp"

namespace tf::hub::sys {

UniqueFd memory_file(const char* name) {
  UniqueFd fd(::memfd_create(name, MFD_CLOEXEC));
  if (!fd.valid()) throw system_error(errno, "memfd_create", name);
  return fd;
}

UniqueFd memory_file_with(const char* name, std::string_view bytes) {
  UniqueFd fd = memory_file(name);
  write_all(fd.get(), bytes.data(), bytes.size(), name);
  if (::lseek(fd.get(), 0, SEEK_SET) != 0) throw system_error(errno, "lseek", name);
  return fd;
}

std::string read_prefix(int fd, size_t limit) {
  std::string text(limit, '\0');
  text.resize(pread_full(fd, text.data(), text.size(), 0, "memory file"));
  return text;
}

}  // namespace tf::hub::sys

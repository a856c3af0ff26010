#include "io/file_handle.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <utility>

#include "io/error.hpp"

namespace tf::io {

namespace {

FileHandle open_with(const std::filesystem::path& path, int flags, const char* what) {
  int fd = -1;
  do {
    fd = ::open(path.c_str(), flags | O_CLOEXEC, 0644);
  } while (fd < 0 && errno == EINTR);
  if (fd < 0) throw system_error(errno, what, path.string());
  return FileHandle(fd, path);
}

}  // namespace

FileHandle::~FileHandle() {
  if (fd_ >= 0) ::close(fd_);
}

FileHandle::FileHandle(FileHandle&& other) noexcept
    : fd_(std::exchange(other.fd_, -1)), path_(std::move(other.path_)) {}

FileHandle& FileHandle::operator=(FileHandle&& other) noexcept {
  if (this != &other) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = std::exchange(other.fd_, -1);
    path_ = std::move(other.path_);
  }
  return *this;
}

FileHandle FileHandle::open_read_write(const std::filesystem::path& path) {
  return open_with(path, O_RDWR | O_CREAT, "open");
}

FileHandle FileHandle::open_read_only(const std::filesystem::path& path) {
  return open_with(path, O_RDONLY, "open");
}

FileHandle FileHandle::open_append(const std::filesystem::path& path) {
  return open_with(path, O_RDWR | O_CREAT | O_APPEND, "open");
}

uint64_t FileHandle::size() const {
  struct stat st {};
  if (::fstat(fd_, &st) != 0) throw system_error(errno, "stat", path_.string());
  return static_cast<uint64_t>(st.st_size);
}

void FileHandle::preallocate(uint64_t size) const {
  if (size > 0 && ::fallocate(fd_, 0, 0, static_cast<off_t>(size)) != 0) {
    const int err = errno;
    // EOPNOTSUPP/ENOSYS: the file system cannot reserve space; a sparse file still works.
    if (err != EOPNOTSUPP && err != ENOSYS && err != EINVAL) {
      throw system_error(err, "reserve space for", path_.string());
    }
  }
  truncate(size);
}

void FileHandle::truncate(uint64_t size) const {
  if (::ftruncate(fd_, static_cast<off_t>(size)) != 0) {
    throw system_error(errno, "resize", path_.string());
  }
}

void FileHandle::write_at(std::span<const uint8_t> bytes, uint64_t offset) const {
  while (!bytes.empty()) {
    const ssize_t n = ::pwrite(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error(errno, "write", path_.string());
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
}

void FileHandle::read_at(std::span<uint8_t> bytes, uint64_t offset) const {
  while (!bytes.empty()) {
    const ssize_t n = ::pread(fd_, bytes.data(), bytes.size(), static_cast<off_t>(offset));
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error(errno, "read", path_.string());
    }
    if (n == 0) {
      throw Error(ErrorKind::io, "read " + path_.string() + ": unexpected end of file at byte " +
                                     std::to_string(offset));
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
    offset += static_cast<uint64_t>(n);
  }
}

void FileHandle::append(std::span<const uint8_t> bytes) const {
  while (!bytes.empty()) {
    const ssize_t n = ::write(fd_, bytes.data(), bytes.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      throw system_error(errno, "append to", path_.string());
    }
    bytes = bytes.subspan(static_cast<size_t>(n));
  }
}

void FileHandle::sync() const {
  if (::fsync(fd_) != 0) throw system_error(errno, "fsync", path_.string());
}

void FileHandle::close() {
  if (fd_ >= 0) {
    const int fd = std::exchange(fd_, -1);
    if (::close(fd) != 0 && errno != EINTR) throw system_error(errno, "close", path_.string());
  }
}

bool FileHandle::try_lock_exclusive() const {
  while (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    if (errno == EINTR) continue;
    if (errno == EWOULDBLOCK) return false;
    throw system_error(errno, "lock", path_.string());
  }
  return true;
}

void FileHandle::unlock() const noexcept {
  // LOCK_UN fails only for a bad descriptor, and then there is no lock to give up.
  while (::flock(fd_, LOCK_UN) != 0 && errno == EINTR) {
  }
}

void durable_rename(const std::filesystem::path& from, const std::filesystem::path& to) {
  if (std::rename(from.c_str(), to.c_str()) != 0) {
    throw system_error(errno, "rename " + from.string() + " to", to.string());
  }
  const auto folder = to.has_parent_path() ? to.parent_path() : std::filesystem::path(".");
  const int dir_fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir_fd >= 0) {
    ::fsync(dir_fd);  // best effort: some file systems (and /proc-like ones) refuse it
    ::close(dir_fd);
  }
}

uint64_t free_space(const std::filesystem::path& path) {
  struct statvfs st {};
  if (::statvfs(path.c_str(), &st) != 0) throw system_error(errno, "statvfs", path.string());
  return static_cast<uint64_t>(st.f_bavail) * st.f_frsize;
}

}  // namespace tf::io

// An owned file descriptor and the positioned I/O the data path needs. Every call retries on
// EINTR and short transfers, and reports failures as tf::Error naming the path.
#pragma once

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>

namespace tf::io {

class FileHandle {
 public:
  FileHandle() = default;
  FileHandle(int fd, std::filesystem::path path) : fd_(fd), path_(std::move(path)) {}
  ~FileHandle();
  FileHandle(FileHandle&& other) noexcept;
  FileHandle& operator=(FileHandle&& other) noexcept;
  FileHandle(const FileHandle&) = delete;
  FileHandle& operator=(const FileHandle&) = delete;

  // Opens (creating if needed) for reading and writing, without truncating.
  static FileHandle open_read_write(const std::filesystem::path& path);
  static FileHandle open_read_only(const std::filesystem::path& path);
  // Opens for appending (the resume journal): every write lands at the end, atomically.
  static FileHandle open_append(const std::filesystem::path& path);

  bool is_open() const { return fd_ >= 0; }
  int fd() const { return fd_; }
  const std::filesystem::path& path() const { return path_; }

  uint64_t size() const;
  // Makes the file exactly `size` bytes. Space is reserved with fallocate where the file
  // system supports it (so a full disk is reported now, not halfway through a download),
  // and the file stays sparse where it does not.
  void preallocate(uint64_t size) const;
  void truncate(uint64_t size) const;

  void write_at(std::span<const uint8_t> bytes, uint64_t offset) const;
  // Reads exactly bytes.size() bytes; fewer available is an error.
  void read_at(std::span<uint8_t> bytes, uint64_t offset) const;
  void append(std::span<const uint8_t> bytes) const;
  void sync() const;
  void close();
  // An advisory exclusive lock (flock) held until the handle closes; false if another process
  // holds it. Note: on some network file systems this silently succeeds; callers never rely
  // on it alone for correctness.
  bool try_lock_exclusive() const;
  // Gives the lock up while the handle stays open (for the actors still holding it).
  void unlock() const noexcept;

 private:
  int fd_ = -1;
  std::filesystem::path path_;
};

// Renames `from` to `to` atomically and makes the rename durable (fsync of the folder).
void durable_rename(const std::filesystem::path& from, const std::filesystem::path& to);

// Free bytes for an unprivileged writer on the file system that holds `path`.
uint64_t free_space(const std::filesystem::path& path);

}  // namespace tf::io

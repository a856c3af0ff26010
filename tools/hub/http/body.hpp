// A response body as a list of parts: bytes in memory (JSON, multipart headers) and slices of
// open files (objects, served files). A multi-GB object is never read into memory: the server
// sends file slices with sendfile, or streams them through a small buffer when faults apply.
#pragma once

#include <sys/stat.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "tools/hub/sys/unique_fd.hpp"

namespace tf::hub::http {

// A read-only file opened once for a response; shared by the parts that slice it.
class OpenFile {
 public:
  // Takes ownership of `fd`, which must be an open regular file.
  OpenFile(sys::UniqueFd fd, std::string name);

  // Opens a regular file; nullptr when it does not exist or is not a regular file.
  static std::shared_ptr<const OpenFile> open(const std::filesystem::path& path);

  int fd() const { return fd_.get(); }
  uint64_t size() const { return static_cast<uint64_t>(info_.st_size); }
  const struct stat& info() const { return info_; }
  const std::string& name() const { return name_; }  // for error messages

 private:
  sys::UniqueFd fd_;
  struct stat info_ {};
  std::string name_;
};

// `length` bytes of `file` starting at `offset`.
struct FileSlice {
  std::shared_ptr<const OpenFile> file;
  uint64_t offset = 0;
  uint64_t length = 0;
};

using BodyPart = std::variant<std::string, FileSlice>;

class Body {
 public:
  Body() = default;
  Body(std::string bytes) { append(std::move(bytes)); }  // NOLINT: a body is often just text

  void append(std::string bytes);
  void append(FileSlice slice);

  const std::vector<BodyPart>& parts() const { return parts_; }
  uint64_t size() const { return size_; }

 private:
  std::vector<BodyPart> parts_;
  uint64_t size_ = 0;
};

}  // namespace tf::hub::http

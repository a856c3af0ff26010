#include "tools/hub/http/body.hpp"

#include <fcntl.h>

#include <cerrno>

#include "io/error.hpp"

namespace tf::hub::http {

OpenFile::OpenFile(sys::UniqueFd fd, std::string name)
    : fd_(std::move(fd)), name_(std::move(name)) {
  if (::fstat(fd_.get(), &info_) != 0) throw system_error(errno, "stat", name_);
}

std::shared_ptr<const OpenFile> OpenFile::open(const std::filesystem::path& path) {
  sys::UniqueFd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC));
  if (!fd.valid()) return nullptr;
  auto file = std::make_shared<const OpenFile>(std::move(fd), path.string());
  if (!S_ISREG(file->info().st_mode)) return nullptr;
  return file;
}

void Body::append(std::string bytes) {
  if (bytes.empty()) return;
  size_ += bytes.size();
  parts_.emplace_back(std::move(bytes));
}

void Body::append(FileSlice slice) {
  if (slice.length == 0) return;
  size_ += slice.length;
  parts_.emplace_back(std::move(slice));
}

}  // namespace tf::hub::http

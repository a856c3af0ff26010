#include "tools/hub/http/served_folder.hpp"

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <random>

#include "io/error.hpp"
#include "tools/hub/sys/full_io.hpp"

namespace tf::hub::http {

namespace {

sys::UniqueFd open_beneath(int root, const std::string& relative, uint64_t flags) {
  open_how how{};
  how.flags = flags | O_CLOEXEC;
  how.resolve = RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS;
  return sys::UniqueFd(
      static_cast<int>(::syscall(SYS_openat2, root, relative.c_str(), &how, sizeof(how))));
}

std::string hex(uint64_t value) {
  std::array<char, 17> out{};
  std::snprintf(out.data(), out.size(), "%llx", static_cast<unsigned long long>(value));
  return out.data();
}

}  // namespace

ServedFolder::ServedFolder(const std::filesystem::path& root)
    : root_(::open(root.c_str(), O_PATH | O_DIRECTORY | O_CLOEXEC)) {
  if (!root_.valid()) throw system_error(errno, "open folder", root.string());
}

std::shared_ptr<const OpenFile> ServedFolder::open(const std::string& relative) const {
  sys::UniqueFd fd = open_beneath(root_.get(), relative, O_RDONLY | O_NONBLOCK);
  if (!fd.valid()) return nullptr;
  auto file = std::make_shared<const OpenFile>(std::move(fd), relative);
  if (!S_ISREG(file->info().st_mode)) return nullptr;
  return file;
}

Representation ServedFolder::representation_of(std::shared_ptr<const OpenFile> file) {
  const struct stat& info = file->info();
  const uint64_t mtime_ns = static_cast<uint64_t>(info.st_mtim.tv_sec) * 1'000'000'000ULL +
                            static_cast<uint64_t>(info.st_mtim.tv_nsec);
  Representation representation;
  representation.etag = "\"" + hex(static_cast<uint64_t>(info.st_ino)) + "-" +
                        hex(static_cast<uint64_t>(info.st_size)) + "-" + hex(mtime_ns) + "\"";
  representation.last_modified = info.st_mtim.tv_sec;
  representation.content = std::move(file);
  return representation;
}

void ServedFolder::replace(const std::string& relative, std::string_view content) const {
  const auto slash = relative.rfind('/');
  const std::string parent = slash == std::string::npos ? "." : relative.substr(0, slash);
  const std::string name = slash == std::string::npos ? relative : relative.substr(slash + 1);
  sys::UniqueFd dir = open_beneath(root_.get(), parent, O_PATH | O_DIRECTORY);
  if (!dir.valid()) throw system_error(errno, "open folder", parent);
  std::random_device random;
  const std::string temp = ".tf-hub-replace-" + hex((uint64_t{random()} << 32) | random());
  sys::UniqueFd out(
      ::openat(dir.get(), temp.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644));
  if (!out.valid()) throw system_error(errno, "create", temp);
  try {
    sys::write_all(out.get(), content.data(), content.size(), relative);
  } catch (...) {
    ::unlinkat(dir.get(), temp.c_str(), 0);
    throw;
  }
  out.reset();
  if (::renameat(dir.get(), temp.c_str(), dir.get(), name.c_str()) != 0) {
    const int error = errno;
    ::unlinkat(dir.get(), temp.c_str(), 0);
    throw system_error(error, "rename to", relative);
  }
}

}  // namespace tf::hub::http

#include "engine/hub/atomic_file.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <optional>
#include <random>
#include <span>

#include "io/error.hpp"
#include "io/file_handle.hpp"

namespace tf::engine::hub {

namespace {

std::string random_hex(size_t digits) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::random_device source;
  std::string out;
  while (out.size() < digits) {
    unsigned value = source();
    for (int i = 0; i < 8 && out.size() < digits; ++i, value >>= 4)
      out += kHex[value & 0xF];
  }
  return out;
}

void create_parent_folders(const std::filesystem::path& target) {
  if (!target.has_parent_path()) return;
  std::error_code error;
  std::filesystem::create_directories(target.parent_path(), error);
  if (error) throw system_error(error.value(), "create the folder", target.parent_path().string());
}

}  // namespace

std::filesystem::path temporary_sibling(const std::filesystem::path& target) {
  return target.parent_path() / (target.filename().string() + "." + random_hex(8) + ".tmp");
}

void write_file_atomically(const std::filesystem::path& target, std::string_view content) {
  create_parent_folders(target);
  const auto temporary = temporary_sibling(target);
  try {
    auto file = io::FileHandle::open_read_write(temporary);
    file.truncate(0);
    file.write_at(std::span(reinterpret_cast<const uint8_t*>(content.data()), content.size()), 0);
    file.sync();
    file.close();
    io::durable_rename(temporary, target);
  } catch (...) {
    std::error_code ignored;
    std::filesystem::remove(temporary, ignored);
    throw;
  }
}

std::optional<std::string> read_small_file(const std::filesystem::path& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0 && errno == ENOENT) return std::nullopt;
  if (fd < 0) throw system_error(errno, "open", path.string());
  const io::FileHandle file(fd, path);
  std::string content;
  std::array<char, 4096> buffer{};
  while (true) {
    const ssize_t n = ::read(file.fd(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw system_error(errno, "read", path.string());
    if (n == 0) return content;
    content.append(buffer.data(), static_cast<size_t>(n));
  }
}

}  // namespace tf::engine::hub

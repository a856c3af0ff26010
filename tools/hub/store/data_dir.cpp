#include "tools/hub/store/data_dir.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "io/error.hpp"
#include "tools/hub/sys/full_io.hpp"

namespace tf::hub::store {

DataDir::DataDir(std::filesystem::path root) : root_(std::move(root)) {
  std::error_code ec;
  std::filesystem::create_directories(root_ / "objects", ec);
  if (ec) throw system_error(ec.value(), "create", (root_ / "objects").string());
}

Manifest DataDir::load_manifest() const {
  const auto path = root_ / "manifest.json";
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return Manifest{};
    throw system_error(errno, "open", path.string());
  }
  std::stringstream text;
  text << in.rdbuf();
  const auto json = nlohmann::json::parse(text.str(), nullptr, false);
  if (json.is_discarded()) {
    throw Error(ErrorKind::invalid_argument, path.string() + " is not valid JSON");
  }
  return manifest_from_json(json);
}

void DataDir::save_manifest(const Manifest& manifest) const {
  const auto final_path = root_ / "manifest.json";
  const auto temp_path = root_ / "manifest.json.tmp";
  const std::string text = to_json(manifest).dump(1) + "\n";
  sys::UniqueFd fd(::open(temp_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644));
  if (!fd.valid()) throw system_error(errno, "create", temp_path.string());
  // No fsync: the data folder holds regenerable test data, and tests create many commits.
  // The rename alone keeps readers from ever seeing a half-written manifest.
  sys::write_all(fd.get(), text.data(), text.size(), temp_path.string());
  fd.reset();
  if (::rename(temp_path.c_str(), final_path.c_str()) != 0) {
    throw system_error(errno, "rename to", final_path.string());
  }
}

DataDir::Lock DataDir::lock() const {
  const auto path = root_ / "manifest.lock";
  sys::UniqueFd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644));
  if (!fd.valid()) throw system_error(errno, "open", path.string());
  while (::flock(fd.get(), LOCK_EX) != 0) {
    if (errno != EINTR) throw system_error(errno, "lock", path.string());
  }
  return Lock(std::move(fd));
}

}  // namespace tf::hub::store
